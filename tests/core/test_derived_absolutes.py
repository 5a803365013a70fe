"""A rule of the learner's own added to a right answer on an imported card
(issue 19: right-plus-false answers were the largest share of the answers
graded correct while labeled partial or incorrect). Each test imports a
deck text large enough for the deck-wide rules to apply (the CSV of
`large_deck`) and grades what a learner would type."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.grading.grader import Grader
from tests.core.test_derived_under_grading import large_deck

ATHENA = (
    "Which service runs interactive SQL queries on data in object storage without servers?",
    "Amazon Athena",
)
SPOT = (
    "Which instances let you use spare compute capacity at a discount?",
    "Spot instances: spare compute capacity at a steep discount.",
)


def _grades(tmp_path: Path, card: tuple[str, str], answers: list[str]) -> list[tuple[str, str]]:
    deck = large_deck(tmp_path, card)
    grader = Grader(deck)
    assert grader.cross.knows_at_least(300)  # the deck-wide rules apply
    graded = [grader.grade(deck.cards[0], answer) for answer in answers]
    return [(str(g.verdict), " ".join(g.reasons)) for g in graded]


def test_an_invented_only_caps_a_right_answer_and_is_quoted(tmp_path: Path) -> None:
    """ "athena, but it only works on csv files stored in one region": the name is right, the
    "only" is the learner's own (it was graded correct, "Says the heart of
    the reference answer"). The feedback quotes the clause; the name alone
    stays correct."""
    (added, why), (plain, _) = _grades(
        tmp_path, ATHENA, ["athena, but it only works on csv files stored in one region", "athena"]
    )
    assert added == "partial"
    assert "“but it only works on csv files stored in one region”" in why
    assert "only" in why
    # The deck cannot know the claim is false, only that its reference does
    # not make it: the feedback says so, and calls nothing false.
    assert "the reference does not make" in why and "false" not in why.lower()
    assert plain == "correct"


def test_always_and_never_rules_of_the_learners_own_are_part_right(tmp_path: Path) -> None:
    """ "... it always ends up the cheapest ..." and "aws can never take it
    back": absolute rules in words the reference does not use (both were
    correct). The word quoted is the one typed ("never", not "can't")."""
    (always, why_always), (never, why_never) = _grades(
        tmp_path,
        SPOT,
        [
            "spot instances; they always end up being the cheapest way to run a "
            "production database",
            "spot instances, and once you get one aws can never take it back",
        ],
    )
    assert always == "partial"
    assert "“always”" in why_always
    assert never == "partial"
    assert "“never”" in why_never


def test_an_absolute_in_the_references_own_words_stays_correct(tmp_path: Path) -> None:
    """A clause whose words are the reference's is its idea, not a rule of
    the learner's own ("you always get it at a discount"); an example
    ("like ... only ...") and a story told in the first person are no rule
    either."""
    got = _grades(
        tmp_path,
        SPOT,
        [
            "spot instances: spare capacity at a discount, and you always get it at a discount",
            "spot instances, spare capacity cheap, like running only the nightly batch "
            "jobs on them",
            "spot instances, spare capacity at a discount; we only ever used them for "
            "our nightly batch jobs",
        ],
    )
    assert [verdict for verdict, _ in got] == ["correct", "correct", "correct"]
