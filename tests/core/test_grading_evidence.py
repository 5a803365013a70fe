"""Evidence beyond phrases, and the rules that judge a whole answer, one rule per test.

The deck (tests/data/evidence-deck.toml) is about git, not ML: these rules
must hold for any deck, imported ones included.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlquiz.core.decks.library import load_deck
from mlquiz.core.grading.grader import Grader
from mlquiz.core.grading.results import GradeResult

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(load_deck(DATA / "evidence-deck.toml"))


def point(result: GradeResult, label: str):
    return next(p for p in result.points if p.label == label)


# -- evidence beyond phrases -----------------------------------------------------


def test_a_code_form_earns_its_point_and_says_it_was_code(grader: Grader) -> None:
    """`git commit -m` is a code form of "records a snapshot": the point is
    found, its words are the command as typed, and it says "in code"."""
    result = grader.grade("commit", 'git add . && git commit -m "fix typo" (stages, then saves)')
    found = point(result, "records a snapshot")
    assert found.status == "found"
    assert found.words == "git commit" and found.via == "in code"


def test_a_code_form_matches_whole_names_only(grader: Grader) -> None:
    """A code form must start and end a name: `git branch` is not inside
    `git branches`, and `checkout -b` is found after a qualifier."""
    assert point(grader.grade("branch", "git branches"), "a pointer to a commit").status != "found"
    assert point(
        grader.grade("branch", "git checkout -b feature"), "a pointer to a commit"
    ).status == ("found")


def test_an_example_earns_its_point_and_says_it_was_by_example(grader: Grader) -> None:
    """An example pattern ("each time I finished my work it went in the log")
    earns the point and the feedback says "by example"."""
    result = grader.grade(
        "commit", "each time I saved my work it went into the history, with what I had staged"
    )
    assert point(result, "records a snapshot").via == "by example"
    assert result.verdict == "correct"


def test_a_full_credit_analogy_counts_as_the_point(grader: Grader) -> None:
    """Another tool's equivalent marked full credit earns the point outright."""
    result = grader.grade("commit", "same as hg commit: it takes what you added to the index")
    assert result.verdict == "correct"
    assert point(result, "records a snapshot").via == "by analogy with Mercurial"


def test_a_partial_credit_analogy_keeps_the_answer_partial_and_shows_its_note(
    grader: Grader,
) -> None:
    """An analogy marked partial credit earns the point but the answer is
    partial at most, and the analogy's note is shown."""
    result = grader.grade("commit", "like Google Docs version history, for the files you staged")
    assert result.verdict == "partial"
    assert point(result, "records a snapshot").status == "found"
    assert any("keystroke" in note for note in result.notes)


def test_an_analogy_with_the_point_in_plain_words_is_no_cap(grader: Grader) -> None:
    """Naming the other tool and also saying the point in words of its own:
    the plain words earn the point, and the analogy's note is still shown."""
    result = grader.grade(
        "commit",
        "like Google Docs version history: it records a snapshot of the changes you staged",
    )
    assert result.verdict == "correct"
    assert point(result, "records a snapshot").via == ""
    assert any("keystroke" in note for note in result.notes)


def test_an_analogy_held_up_as_a_contrast_earns_nothing(grader: Grader) -> None:
    """ "unlike Google Docs version history" sets the tool aside."""
    result = grader.grade("commit", "unlike google docs version history it is explicit")
    assert point(result, "records a snapshot").status != "found"


# -- false claims ----------------------------------------------------------------------


def test_a_right_answer_with_a_false_claim_is_partial_and_names_it(grader: Grader) -> None:
    """Every essential point plus one of the card's false claims: partial, and
    the feedback quotes the claim and gives the correction."""
    result = grader.grade(
        "commit", "it records a snapshot of the staged changes and pushes it to the remote"
    )
    assert result.verdict == "partial"
    assert result.false_claim and "push" in result.false_claim
    assert any("until you push it" in reason for reason in result.reasons)


def test_a_false_claim_that_contradicts_an_essential_point_is_incorrect(grader: Grader) -> None:
    """A false claim marked `contradicts` an essential point makes the answer incorrect."""
    result = grader.grade("commit", "it records a snapshot: a copy of every file in the folder")
    assert result.verdict == "incorrect"


def test_a_false_claim_next_to_weak_evidence_is_incorrect(grader: Grader) -> None:
    """With nothing else right but a word or two, the false claim decides: incorrect."""
    result = grader.grade("commit", "it uploads your changes to the github server")
    assert result.verdict == "incorrect"


def test_an_absolute_the_reference_does_not_make_caps_a_right_answer(grader: Grader) -> None:
    """A general rule, with no false claim written for it: "only", "always",
    "automatically" next to a right answer make it partial and are named."""
    result = grader.grade(
        "commit",
        "it records a snapshot of the staged changes; but it only works on the main branch",
    )
    assert result.verdict == "partial"
    assert any("only" in reason for reason in result.reasons)


def test_an_invented_limit_with_a_number_caps_a_right_answer(grader: Grader) -> None:
    """A limit the reference never states ("older than 90 days", "at most 50")
    is an invented limitation: partial, naming it. A number in a story the
    learner tells is no limit."""
    result = grader.grade(
        "commit",
        "it records a snapshot of the staged changes with a message, "
        "and commits older than 90 days are deleted",
    )
    assert result.verdict == "partial"
    assert "older than 90 days" in result.reasons[1]
    story = "we recorded a snapshot of the staged changes with a message after 3 days of work"
    assert grader.grade("commit", story).verdict == "correct"


def test_an_absolute_the_reference_makes_is_no_false_claim(grader: Grader) -> None:
    """ "not only" affirms, and "only" is fine where the reference says a limit."""
    result = grader.grade(
        "commit", "not only does it record a snapshot of the staged changes, it adds a message"
    )
    assert result.verdict == "correct"


# -- lists, off-topic answers, other cards ------------------------------------------------


def test_a_list_with_one_false_item_is_incorrect(grader: Grader) -> None:
    """A list of the card's points with one item that is a false claim is
    incorrect, whatever the other items say."""
    result = grader.grade(
        "commit", "records a snapshot, of the staged changes, with a message, uploads it to github"
    )
    assert result.verdict == "incorrect"


def test_a_list_of_points_with_one_extra_claim_is_incorrect(grader: Grader) -> None:
    """Every item of the list says a key point but one, which says nothing the card
    knows: an extra claim, so the list is wrong. The same clause in a story the
    learner tells ("we ...") is part of the story, not an item of a list."""
    extra = grader.grade(
        "commit",
        "records a snapshot, of the staged changes, with a message, and makes the "
        "repository faster to clone for everyone on the team",
    )
    assert extra.verdict == "incorrect"
    assert "faster to clone" in (extra.false_claim or "")
    story = grader.grade(
        "commit",
        "we recorded a snapshot, of the staged changes, with a message, and the whole "
        "team could then review exactly what had changed that day",
    )
    assert story.verdict == "correct"


def test_a_list_of_terms_with_one_unknown_term_is_incorrect(grader: Grader) -> None:
    """In a list of bare terms, a term the card has never heard of is a wrong item."""
    assert grader.grade("hosts", "GitHub, GitLab, Bitbucket, Dropbox").verdict == "incorrect"
    assert grader.grade("hosts", "GitHub, GitLab, Bitbucket").verdict == "correct"


def test_a_true_extra_the_card_lists_is_no_wrong_item(grader: Grader) -> None:
    """`also_true` phrases account for an item: no wrong item, no penalty."""
    result = grader.grade("commit", "records a snapshot, of the staged changes, with an author")
    assert result.verdict == "correct"


def test_an_off_topic_answer_with_one_key_word_is_incorrect(grader: Grader) -> None:
    """One key point said in passing by an answer about something else is
    incorrect, not partial."""
    result = grader.grade(
        "branch", "a separate laptop for the intern so nobody touches the production database"
    )
    assert result.verdict == "incorrect"


def test_another_cards_reference_is_not_correct(grader: Grader) -> None:
    """Cross-card discipline: the rebase card's reference answer, typed for the
    branch card, is not correct there (it fits the rebase card better)."""
    rebase = grader.deck.card("rebase").answer
    assert grader.grade("branch", rebase).verdict != "correct"
    assert grader.grade("rebase", rebase).verdict == "correct"


# -- the checklist, the verdict and the notes agree ------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "a pointer to a commit, without any separate lines of work",
        "a pointer to a commit rather than separate lines of work",
        "a pointer to a commit instead of separate lines of work",
    ],
)
def test_a_point_the_answer_negates_is_never_ticked(grader: Grader, answer: str) -> None:
    """ "without", "rather than" and "instead of" deny what follows: the point is
    not found, and the answer is not correct."""
    result = grader.grade("branch", answer)
    assert point(result, "parallel lines of work").status != "found"
    assert result.verdict != "correct"


def test_a_mix_up_note_needs_the_mixed_up_concept(grader: Grader) -> None:
    """The clone note appears only when the answer says a copy of the repository."""
    assert grader.grade("branch", "a full copy of the whole repository").confusion
    assert grader.grade("branch", "a pointer to a commit for parallel work").confusion is None


def test_a_question_offering_the_idea_is_no_denial(grader: Grader) -> None:
    """ "isn't it X?" offers X: the point is found, not contradicted."""
    result = grader.grade("branch", "isn't it just a pointer to a commit?")
    assert point(result, "a pointer to a commit").status == "found"


def test_hedges_do_not_change_a_right_answer(grader: Grader) -> None:
    """ "maybe... I think..." around the right content: graded on the content."""
    result = grader.grade(
        "branch", "maybe a pointer to a commit? I think so separate lines of work can develop"
    )
    assert result.verdict == "correct"


# -- order -------------------------------------------------------------------------------


def test_right_steps_in_a_wrong_order_are_partial_naming_the_step(grader: Grader) -> None:
    """On an ordered card, every step in a wrong order is partial, and the
    feedback names the step out of place."""
    result = grader.grade(
        "contribute", "commit the change, create a branch, push, open a pull request"
    )
    assert result.verdict == "partial"
    [reason] = [r for r in result.reasons if r.startswith("Out of order")]
    assert "commit the change" in reason or "create a branch" in reason
    assert (
        grader.grade(
            "contribute", "create a branch, commit the change, push, open a pull request"
        ).verdict
        == "correct"
    )


# -- noisy typing ---------------------------------------------------------------------------


def test_words_typed_without_their_vowels_read_as_the_deck_word(grader: Grader) -> None:
    """ "pntr", "stgd" are too short; "pointr" reads "pointer", "bitbckt" "bitbucket"."""
    assert grader.grade("hosts", "github gitlab bitbckt").verdict == "correct"
