"""The grader's mechanics, one rule per test, on a deck made for them.

The built-in deck's own tables of typed variants live in test_grading_deck.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlquiz.core.cards import Card, Deck, KeyPoint
from mlquiz.core.decks.library import load_deck
from mlquiz.core.grading.grader import Grader
from mlquiz.core.grading.results import GradeResult

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(load_deck(DATA / "grading-deck.toml"))


def grade(card: Card, answer: str) -> GradeResult:
    """`answer` graded against a card on its own (a deck of that one card)."""
    return Grader(Deck(id="one", title="", description="", cards=(card,))).grade(card, answer)


def verdict(grader: Grader, card: str, answer: str) -> str:
    return grader.grade(card, answer).verdict


@pytest.mark.parametrize(
    "answer",
    [
        "Batch scoring",
        "BATCH SCORING!!!",
        "batch-scoring.",
        "“batch” scoring",  # curly quotes
        "ｂａｔｃｈ ｓｃｏｒｉｎｇ",  # full-width letters (NFKC)
        "bätch scöring",  # accents
        "batch scorng",  # one typo in a 7-letter word
        "the batch predictions",  # an alternative wording
    ],
)
def test_case_typography_and_small_typos_do_not_matter(grader: Grader, answer: str) -> None:
    """Case, punctuation, curly quotes, full-width letters, accents and a typo are forgiven."""
    assert verdict(grader, "scoring", answer) == "correct"


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        ("scoring", "patch scoring"),  # batch is not patch
        ("serving", "offline serving"),  # online is not offline
        ("scoring", "bxtxh scoring"),  # two typos in a 5-letter word is too many
    ],
)
def test_a_typo_never_turns_one_real_term_into_another(
    grader: Grader, card: str, answer: str
) -> None:
    """Typo tolerance has a budget by length and keeps the first letter."""
    assert verdict(grader, card, answer) != "correct"


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ("it scales out", True),
        ("it scalse out", True),  # a typo of the deck's word
        ("the sales team uses it", False),  # an English word, not a typo of "scales"
    ],
)
def test_an_everyday_english_word_is_never_corrected_into_a_deck_word(
    answer: str, said: bool
) -> None:
    """Typo correction serves misspellings; a real word one letter from a deck word stays itself."""
    card = Card(
        id="c",
        question="Why use it?",
        answer="It scales.",
        points=(KeyPoint("scales", ("scales",)),),
    )
    assert (grade(card, answer).verdict == "correct") is said


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("tho", "though"),
        ("frm", "from"),
        ("wich", "which"),
        ("enuf", "enough"),
        ("youd", "you would"),
    ],
)
def test_chat_spellings_read_as_the_words_they_stand_for(typed: str, read: str) -> None:
    """Noisy typing ("it scales tho") reads as the words meant, on any deck."""
    from mlquiz.core.grading.reader import Reader, build_glossary

    words = [t.word for t in Reader(build_glossary({})).tokens(f"x {typed} y")]
    assert words == ["x", *read.split(), "y"]


def test_glossary_abbreviations_count_as_the_full_words(grader: Grader) -> None:
    """ "prod" is "production" because the deck's glossary says so."""
    result = grader.grade("stages", "none, staging, prod, archived")
    assert result.verdict == "correct"


@pytest.mark.parametrize(
    "answer",
    [
        "none, staging, production and archived",
        "archived, production, none, staging",
        "Production; Staging; Archived; None",
    ],
)
def test_list_answers_count_in_any_order(grader: Grader, answer: str) -> None:
    """A list card has no order: every item, in any order, is correct."""
    assert verdict(grader, "stages", answer) == "correct"


def test_a_list_with_items_missing_is_partial_and_names_them(grader: Grader) -> None:
    """Two of four stages: partial, and the missing ones are reported as missed."""
    result = grader.grade("stages", "staging and production")
    assert result.verdict == "partial"
    assert set(result.missed) == {"None", "Archived"}
    assert set(result.found) == {"Staging", "Production"}


def test_a_sequence_card_checks_the_order(grader: Grader) -> None:
    """On an ordered card, the right steps in the wrong order are partial, and
    the feedback names a step out of place."""
    assert verdict(grader, "flow", "register it, then staging, then production") == "correct"
    result = grader.grade("flow", "straight to production, then staging, then register")
    assert result.verdict == "partial"
    assert any("Out of order" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    "answer",
    [
        "it does not record parameters or metrics",
        "it doesn't log metrics",
        "it doesnt log metrics",  # the apostrophe dropped, as learners type
        "it never captures parameters",
    ],
)
def test_a_negation_before_a_key_point_contradicts_it(grader: Grader, answer: str) -> None:
    """A negator just before a matched point marks it contradicted, and the answer wrong."""
    result = grader.grade("autolog", answer)
    assert result.verdict == "incorrect"
    assert "records params and metrics" in result.contradicted


def test_a_phrase_that_states_the_negation_itself_is_not_contradicted(grader: Grader) -> None:
    """ "without manual calls" is the key point, not a negation of it."""
    result = grader.grade("autolog", "it logs parameters and metrics without manual calls")
    assert result.verdict == "correct"
    assert result.contradicted == []


def test_not_only_affirms(grader: Grader) -> None:
    """ "not only X but also Y" says X."""
    result = grader.grade("autolog", "not only logs metrics but also needs no manual calls")
    assert result.verdict == "correct"


def test_a_known_confusion_is_named(grader: Grader) -> None:
    """A wording listed as a confusion makes the answer incorrect with the card's message."""
    result = grader.grade("autolog", "it automatically records the cluster logs")
    assert result.verdict == "incorrect"
    assert result.confusion and "cluster logging" in result.confusion


def test_an_answer_to_another_card_is_a_confusion(grader: Grader) -> None:
    """Covering another card's essential points while missing one's own is a confusion."""
    result = grader.grade("tracking", "none, staging, production and archived")
    assert result.verdict == "incorrect"
    assert result.confusion and "What are the model stages" in result.confusion


@pytest.mark.parametrize(
    "answer",
    [
        "MLflow Tracking is used for tracking",
        "it is used for mlflow tracking",
    ],
)
def test_echoing_the_question_earns_nothing(grader: Grader, answer: str) -> None:
    """Words that only repeat the question are not an answer."""
    assert verdict(grader, "tracking", answer) == "incorrect"


def test_a_salad_of_terms_is_not_an_answer(grader: Grader) -> None:
    """Terms with no statement around them are incorrect even if one matches a point."""
    result = grader.grade("tracking", "mlflow tracking runs metrics experiments artifacts")
    assert result.verdict == "incorrect"


def test_vague_direction_is_partial(grader: Grader) -> None:
    """A wording the card lists as vague earns partial, never correct."""
    assert verdict(grader, "autolog", "it logs stuff automatically") == "partial"


@pytest.mark.parametrize("answer", ["", "   ", "\n\t", "?", "..."])
def test_empty_answers_are_incorrect(grader: Grader, answer: str) -> None:
    """Blank or punctuation-only answers are incorrect with score 0."""
    result = grader.grade("scoring", answer)
    assert result.verdict == "incorrect"
    assert result.score == 0


def test_a_huge_answer_is_graded_without_error(grader: Grader) -> None:
    """A 100,000-character answer gets a verdict (speed is measured in bench/)."""
    result = grader.grade("stages", "staging production " * 5_300)
    assert result.verdict in {"correct", "partial", "incorrect"}
    assert len(result.text) > 100_000


def test_spans_mark_the_words_that_matched(grader: Grader) -> None:
    """Each found point carries the span of the answer that said it."""
    result = grader.grade("tracking", "We log metrics so runs can be compared")
    spans = {p.label: p.span for p in result.points}
    start, end = spans["log params and metrics"]
    assert result.text[start:end] == "log metrics"


def test_nfc_and_nfd_forms_get_the_same_verdict(grader: Grader) -> None:
    """Composed and decomposed accents are the same text."""
    import unicodedata

    answer = "bätch scöring"
    nfc = grader.grade("scoring", unicodedata.normalize("NFC", answer))
    nfd = grader.grade("scoring", unicodedata.normalize("NFD", answer))
    assert (nfc.verdict, nfc.found) == (nfd.verdict, nfd.found)


def test_scores_rank_verdicts(grader: Grader) -> None:
    """Correct scores above partial, partial above incorrect."""
    correct = grader.grade("stages", "none staging production archived")
    partial = grader.grade("stages", "staging and production")
    wrong = grader.grade("stages", "blue and green")
    assert correct.score > partial.score > wrong.score


def test_a_card_graded_on_its_own_grades_as_in_its_deck(grader: Grader) -> None:
    """A card taken out of its deck (no glossary, no other cards) still grades its list."""
    card = grader.deck.card("stages")
    assert grade(card, "archived none staging production").verdict == "correct"


def test_a_confusion_named_as_a_contrast_is_not_claimed(grader: Grader) -> None:
    """ "unlike cluster logs, ..." sets the confused idea aside rather than claiming it."""
    result = grader.grade(
        "autolog", "unlike cluster logs, it records parameters and metrics without manual calls"
    )
    assert result.verdict == "correct"
    assert result.confusion is None


def test_dismissing_a_point_after_it_contradicts_it(grader: Grader) -> None:
    """ "comparing runs doesn't matter" negates the point it follows."""
    result = grader.grade("tracking", "you log metrics; comparing runs does not matter")
    assert "compare runs" in result.contradicted
    assert result.verdict == "incorrect"


def test_a_negation_does_not_reach_past_a_new_statement(grader: Grader) -> None:
    """ "it doesn't cost much and you can compare runs" still says compare runs."""
    result = grader.grade(
        "tracking", "it doesn't cost much and you can compare runs; it logs metrics"
    )
    assert result.verdict == "correct"


def test_unpunctuated_nouns_are_a_salad_even_when_they_hit_every_point(grader: Grader) -> None:
    """Words strung together with no punctuation state nothing; a terse list with commas does."""
    assert verdict(grader, "tracking", "metrics logged runs compare tracking mlflow") == "incorrect"
    assert verdict(grader, "tracking", "log metrics, compare runs") == "correct"


def test_leaving_out_an_optional_point_costs_nothing(grader: Grader) -> None:
    """All essential points: full marks, and an optional point left out is not a miss."""
    result = grader.grade("tracking", "log metrics, compare runs")
    assert result.verdict == "correct"
    assert result.score == 1.0
    assert result.missed == []
    assert [p.status for p in result.points if not p.required] == ["missed"]


def test_a_partial_score_is_the_share_of_essential_points_an_optional_one_adds_half():
    """One of two essential points is 0.5, whether or not the card has an optional
    point; saying the optional one too adds half a point (a partial stays <= 0.75)."""

    def card(optional: bool) -> Card:
        points = (KeyPoint("alpha", ("alpha",)), KeyPoint("beta", ("beta",)))
        if optional:
            points += (KeyPoint("gamma", ("gamma",), required=False),)
        return Card(id="c", question="What?", answer="alpha beta gamma", points=points)

    plain, with_optional = card(False), card(True)
    assert grade(plain, "alpha, I think.").score == 0.5
    assert grade(with_optional, "alpha, I think.").score == 0.5
    result = grade(with_optional, "alpha and gamma, I think.")
    assert result.verdict == "partial" and result.score == 0.75
    assert grade(with_optional, "alpha and beta.").score == 1.0
