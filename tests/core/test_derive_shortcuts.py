"""Derivation's shortcuts read a text as the patterns they stand in for.

An import of 100,000 cards asks a few case-blind patterns of every answer and
every clause; derivation first looks, in C, for what a match must hold (the
lowercase letters of ASCII text, a semicolon, a dash) and runs the pattern
only then. Each shortcut must give what the pattern alone gives, for any text:
upper case, non-ASCII letters that case-blind matching folds ("ſ" is an "s",
"K" a "k"), line breaks and other spaces.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mlquiz.core.grading.derive import ideas, protect, words
from mlquiz.core.grading.derive.points import derive_deck_points

# Words and marks the patterns look for, in any case, and characters that fold.
_PIECES = [
    "e.g.",
    "E. G.,",
    "i.e.",
    "I.E.",
    "etc.",
    "ETC.",
    "vs.",
    "Approx.",
    "incl.",
    "esp.",
    "and so on",
    "OR SO FORTH",
    "and ſo on",
    "1. ",
    "2) ",
    " such as ",
    " SUCH AS ",
    " for example",
    " that ",
    " Which ",
    " ſo ",
    " -> ",
    " - ",
    " — ",
    ";",
    "\n",
    "\t",
    ". ",
    "! ",
    "? ",
    ",",
    "K",
    "·",
    "model",
    "Runs",
    "data",
    "x",
]
texts = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)


def _old_protect(text: str) -> str:
    """`protect` as it read before its shortcuts: every pattern asked."""
    if "·" in text or "•" in text:
        text = protect.dot_items(text)
    if protect._SO_ON.search(text):
        text = protect._SO_ON.sub("etc", text)
    if protect._NUMBER_MARK.search(text) and len(protect._INLINE_NUMBER.findall(text)) >= 2:
        text = protect._INLINE_NUMBER.sub("", text)
    if protect._ANY_SHORT_FORM.search(text):
        text = protect._EG.sub("eg", text)
        text = protect._IE.sub("ie", text)
        text = protect._ETC.sub("etc", text)
        text = protect._SHORT_FORMS.sub(r"\1", text)
    return text


@settings(max_examples=300, deadline=None)
@given(texts)
def test_protect_changes_what_its_patterns_change(text: str) -> None:
    assert protect.protect(text) == _old_protect(text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_openers_cut_where_the_case_blind_pattern_cuts(text: str) -> None:
    assert ideas._split_at_openers(text) == ideas._SPLIT_OPENERS.split(text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_sentences_cut_as_before(text: str) -> None:
    if ";" not in text and "\n" not in text:
        assert ideas._SENTENCE_END_ONLY.split(text) == ideas._SENTENCE_END.split(text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_a_deck_counts_the_stems_of_each_answer_piece_by_piece(text: str) -> None:
    pieces = words.PieceStems()
    assert pieces.text_stems(text) == words.text_stems(text)
    assert pieces.text_stems(text) == words.text_stems(text)  # from its cache


def test_case_blind_forms_are_read_in_any_case() -> None:
    # Upper-case short forms and a folded "ſ" are still found, as the patterns find them.
    assert protect.protect("Tools, E.G. MLflow ETC.") == "Tools, eg MLflow etc"
    assert protect.protect("Logs and ſo on.") == "Logs etc"
    assert ideas._split_at_openers("Models SUCH AS trees") == ["Models", "SUCH AS trees"]
    assert ideas._split_at_openers("Models ſuch as trees") == ["Models", "ſuch as trees"]


def test_an_example_opened_in_capitals_is_an_example() -> None:
    """ "SUCH AS" and "E.G." open an optional example as "such as" and "e.g." do."""
    question = "What is a tracking server?"
    lower = derive_deck_points([(question, "A server that logs runs, such as MLflow e.g. here.")])
    upper = derive_deck_points([(question, "A server that logs runs, SUCH AS MLflow E.G. here.")])
    said = [(p.phrases, p.required) for p in lower.cards[0].points]
    assert [(p.phrases, p.required) for p in upper.cards[0].points] == said
    assert (("MLflow",), False) in said
