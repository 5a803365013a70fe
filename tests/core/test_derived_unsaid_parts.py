"""Half answers the blend lifted to correct on imported cards (issue 19): a
part of what the question asks left unsaid. An answer that names some items
of the reference's list and leaves the others out, one that says the learner
does not know the rest, and one plain claim for a question that asks two
things are partial, and the feedback says which part is missing; the whole
answer, or a full answer opened by a hedge, stays correct. And formulas
swapped between the names a bulleted reference gives them are incorrect.
Each test imports a deck large enough for the deck-wide rules to apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlquiz.core.grading.grader import Grader
from mlquiz.core.grading.results import GradeResult
from tests.core.test_derived_under_grading import large_deck


def graded(tmp_path: Path, card: tuple[str, str], answers: list[str]) -> list[GradeResult]:
    deck = large_deck(tmp_path, card)
    grader = Grader(deck)
    assert grader.cross.knows_at_least(300)  # the deck-wide rules apply
    return [grader.grade(deck.cards[0], answer) for answer in answers]


STATISTICS = (
    "What statistics does Delta Lake collect by default?",
    "First 32 columns (by table order): min/max values, null counts, row counts per file. "
    "Used for data skipping and query optimization.",
)


def test_an_answer_naming_one_item_of_the_list_is_partial(tmp_path: Path) -> None:
    """ "min and max values of the columns" says the reference's own words for
    one of its three statistics: part of the list, and the feedback names an
    item that is not there. It was correct ("in other words than its key
    points"). The whole list, in the learner's order, is correct."""
    part, whole = graded(
        tmp_path,
        STATISTICS,
        [
            "min and max values of the columns",
            "for the first 32 columns: min/max, null counts and row counts per file",
        ],
    )
    assert part.verdict == "partial"
    assert "Part of the list: “null counts” is not there." in part.reasons
    assert whole.verdict == "correct"


def test_an_answer_naming_one_bullet_of_the_list_is_partial(tmp_path: Path) -> None:
    """A reference cut into bullets, one way each: "impute with the median"
    gives one of the two ways; both ways are correct."""
    card = (
        "How do you handle missing values in a dataset?",
        "- Imputation: Fill with mean/median/mode or predictive models.\n"
        "- Deletion: Remove rows/columns. This keeps data integrity for accurate predictions.",
    )
    part, whole = graded(
        tmp_path,
        card,
        [
            "impute with the median",
            "impute with the mean or median, or delete the rows or columns",
        ],
    )
    assert part.verdict == "partial"
    assert any(r.startswith("Part of the list: “Deletion") for r in part.reasons)
    assert whole.verdict == "correct"


def test_an_answer_that_says_it_does_not_know_the_rest_is_partial(tmp_path: Path) -> None:
    """ "... ; dynamic I'm not sure": the learner says the second half is not
    answered, and the verdict agrees. A hedge that opens a full answer ("I'm
    not 100% sure, but I think ...", "Not sure what you mean. ...") is no
    gap: correct."""
    card = (
        "What separates static deployment from dynamic deployment?",
        "In static deployment the model is trained offline once and then used unchanged for a "
        "while. In dynamic deployment the model is trained online, updated continuously as new "
        "data arrives.",
    )
    gap, hedged, opened = graded(
        tmp_path,
        card,
        [
            "static means the model is trained once offline and then used for a while; "
            "dynamic I'm not sure",
            "I'm not 100% sure, but I think static is trained offline once and used as is, and "
            "dynamic is trained online and keeps updating as new data comes in",
            "Not sure what you mean. Static is trained offline once and used as is, dynamic is "
            "trained online and keeps updating as new data comes in",
        ],
    )
    assert gap.verdict == "partial"
    assert "You said you do not know part of it: that part is not answered." in gap.reasons
    assert hedged.verdict == "correct"
    assert opened.verdict == "correct"


@pytest.mark.parametrize(
    ("card", "half", "whole"),
    [
        (
            (
                "What is clustering, and why is it used?",
                "Clustering groups similar data points together without labels. It is used to "
                "find structure in data, such as customer segments.",
            ),
            "group similar points",
            "groups similar points without labels, to find structure like customer segments",
        ),
        (
            (
                "Of the three service models, which one has the most customer responsibility "
                "and which has the least?",
                "Infrastructure as a Service (IaaS) has the most, and Software as a Service "
                "(SaaS) has the least.",
            ),
            "iaas is the most",
            "iaas puts the most on the customer and saas the least",
        ),
    ],
)
def test_one_claim_for_a_question_of_two_things_is_partial(
    tmp_path: Path, card: tuple[str, str], half: str, whole: str
) -> None:
    """A question that asks two things ("what is it, and why is it used?",
    "which the most and which the least?") answered by one plain claim is
    half answered; two claims joined are correct."""
    part, full = graded(tmp_path, card, [half, whole])
    assert part.verdict == "partial"
    assert "The question asks two things: this answers one of them." in part.reasons
    assert full.verdict == "correct"


def test_formulas_swapped_between_bulleted_names_are_incorrect(tmp_path: Path) -> None:
    """A reference that gives each formula as a bullet's label ("- Precision:
    TP / (TP + FP)") names them: precision's formula under recall's name and
    recall's under precision's is wrong, though every formula is the
    reference's (it was "Writes the reference's formula"). The formulas
    under their own names are correct."""
    card = (
        "What is the difference between precision, recall, and F1-score?",
        "- Precision: TP / (TP + FP) — the share of predicted positives that are right.\n"
        "- Recall: TP / (TP + FN) — the share of actual positives that are found.\n"
        "- F1-score: harmonic mean of precision and recall.",
    )
    swapped, right = graded(
        tmp_path,
        card,
        [
            "precision = TP/(TP+FN), recall = TP/(TP+FP), F1 = their harmonic mean",
            "precision = TP/(TP+FP), recall = TP/(TP+FN), F1 = their harmonic mean",
        ],
    )
    assert swapped.verdict == "incorrect"
    assert right.verdict == "correct"


SKIP_CONNECTIONS = (
    "What are skip connections in neural networks and why are they useful?",
    "Skip connections, introduced in ResNets, allow outputs from earlier layers to be added "
    "to later layers. They help alleviate the vanishing gradient problem, making it easier to "
    "train very deep networks by allowing gradients to flow directly through the skip paths.",
)


def test_one_sentence_that_says_both_things_stays_correct(tmp_path: Path) -> None:
    """A sentence of sixteen words says what skip connections are and why
    they help with no conjunction between: both things, correct (review13:
    fb19 marked ten such right answers partial). "They let gradients flow"
    is still one of them."""
    both, one = graded(
        tmp_path,
        SKIP_CONNECTIONS,
        [
            "Skip connections add earlier layers' outputs to later layers to let gradients "
            "flow through very deep networks.",
            "They let gradients flow.",
        ],
    )
    assert both.verdict == "correct"
    assert one.verdict == "partial"


GRU = (
    "What is the vanishing gradient problem in RNNs, and how do GRUs solve it?",
    "In RNNs, as gradients are backpropagated through time, they can become very small, "
    "leading to little or no learning. GRUs (Gated Recurrent Units) solve this using gating "
    "mechanisms (update and reset gates) to control the flow of information and preserve "
    "long-term dependencies.",
)


def test_what_the_network_cannot_remember_is_no_admitted_gap(tmp_path: Path) -> None:
    """ "the RNN can't remember long-term dependencies" says what the network
    cannot do, and "not sure you need ImageNet, but" hedges a side remark:
    neither is the learner saying they do not know a part. "I'm not sure
    how GRUs fix it" still is."""
    content, hedge, gap = graded(
        tmp_path,
        GRU,
        [
            "Gradients backpropagated through time shrink until little is learned, so the RNN "
            "can't remember long-term dependencies; GRUs fix it with update and reset gates "
            "that control information flow.",
            "Gradients backpropagated through time become very small so little is learned; "
            "GRUs use update and reset gates to control the flow of information, not sure you "
            "need both gates but that is how they preserve long-term dependencies.",
            "Gradients become very small during backpropagation through time; I'm not sure how "
            "GRUs fix it.",
        ],
    )
    assert content.verdict == "correct"
    assert hedge.verdict == "correct"
    assert gap.verdict == "partial"
    assert "You said you do not know part of it: that part is not answered." in gap.reasons


def test_a_definition_need_not_name_every_item_of_its_list(tmp_path: Path) -> None:
    """ "determined by number of parameters, depth, and flexibility" describes
    what model complexity is; a definition that names two of them is
    correct (fb19: "Part of the list: flexibility is not there")."""
    (answer,) = graded(
        tmp_path,
        (
            "What is model complexity?",
            "Model complexity refers to the model's capacity to fit various functions - "
            "determined by number of parameters, depth, and flexibility.",
        ),
        [
            "The model's capacity to fit various functions, "
            "set by its number of parameters and depth."
        ],
    )
    assert answer.verdict == "correct"


def test_a_short_claim_with_its_purpose_says_both_things(tmp_path: Path) -> None:
    """ "Capping gradient norms to stop exploding gradients" says what
    gradient clipping is and what it is for, in nine words: correct. A bare
    claim of what it does stays partial."""
    both, one = graded(
        tmp_path,
        (
            "What is gradient clipping and when is it used?",
            "Gradient clipping prevents the exploding gradient problem by capping the gradients "
            "to a maximum value during backpropagation. It is commonly used in training RNNs or "
            "deep networks where gradients can become too large and destabilize learning.",
        ),
        ["Capping gradient norms to stop exploding gradients in RNNs.", "capping the gradients"],
    )
    assert both.verdict == "correct"
    assert one.verdict != "correct"


DEPLOYMENT = (
    "What separates static deployment from dynamic deployment?",
    "In static deployment the model is trained offline once and then used unchanged for a "
    "while. In dynamic deployment the model is trained online, updated continuously as new "
    "data arrives.",
)
# A full right answer to DEPLOYMENT, in a learner's words.
DEPLOYMENT_FULL = (
    "static is trained offline once and used as is, dynamic is trained online and keeps "
    "updating as new data comes in"
)


def test_a_closing_doubt_of_the_whole_answer_is_no_admitted_gap(tmp_path: Path) -> None:
    """A full answer that ends "Not 100% sure." or that says "I always mix them
    up, but ..." and commits doubts what it said; it leaves no part unsaid, so
    it stays correct (it was partial: "You said you do not know part of it").
    A doubt that names the part ("dynamic I'm not sure") or that is not
    overruled ("... but not sure") is still a gap."""
    card, full = DEPLOYMENT, DEPLOYMENT_FULL
    closing, overruled, named, doubted = graded(
        tmp_path,
        card,
        [
            f"{full}? Not 100% sure.",
            f"I always mix the two up, but {full}",
            "static means the model is trained once offline and then used for a while; "
            "dynamic I'm not sure",
            "static is trained offline once and used as is, dynamic is different somehow, "
            "but not sure",
        ],
    )
    assert closing.verdict == "correct"
    assert overruled.verdict == "correct"
    gap = "You said you do not know part of it: that part is not answered."
    assert named.verdict == "partial" and gap in named.reasons
    assert doubted.verdict != "correct"


def test_a_doubt_overruled_by_a_contraction_is_no_admitted_gap(tmp_path: Path) -> None:
    """ "I always mix this up with X, but I'm pretty sure ...": the claim after
    "but" opens with a contraction, and the doubt was read as a part left out
    (partial), while "but this is ..." was not."""
    card, full = DEPLOYMENT, DEPLOYMENT_FULL
    (overruled,) = graded(
        tmp_path,
        card,
        [
            f"{full}. I always mix this up with batch vs online learning, but I'm pretty "
            "sure it's this"
        ],
    )
    assert overruled.verdict == "correct", overruled.reasons


def test_a_doubt_at_the_end_of_a_list_is_no_wrong_item(tmp_path: Path) -> None:
    """ "..., cost optimization and sustainability, not 100% sure": the doubt was
    read as a sixth item none of whose words the reference uses, "one wrong
    item", partial. A wrong item beside the doubt is still named."""
    card = (
        "What are the six pillars of the AWS Well-Architected Framework?",
        "Operational Excellence, Security, Reliability, Performance Efficiency, Cost "
        "Optimization, and Sustainability",
    )
    hedged, wrong = graded(
        tmp_path,
        card,
        [
            "operational excellence, security, reliability, performance efficiency, cost "
            "optimization and sustainability, not 100% sure",
            "operational excellence, security, reliability, performance efficiency, cost "
            "optimization and scalability, not 100% sure",
        ],
    )
    assert hedged.verdict == "correct", hedged.reasons
    assert wrong.verdict != "correct" and "scalability" in " ".join(wrong.reasons).lower()
