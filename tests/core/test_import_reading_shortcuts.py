"""The shortcuts an import takes to read 100,000 cards read them as before:
a number's stem, the lint's word-by-word stems of a text, and its phrase
check answered word by word."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import snowballstemmer

from mlquiz.core.grading.derive.phrase_lint import DerivedCard, phrase_ok
from mlquiz.core.grading.patterns import phrase_slots
from mlquiz.core.grading.reader import Reader, build_glossary
from mlquiz.core.text import STOPWORDS, stem

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize("number", ["0", "7", "42", "2024", "007", "31415926535897932384626"])
def test_a_number_stems_as_snowball_stems_it(number: str) -> None:
    assert stem(number) == snowballstemmer.stemmer("english").stemWord(number) == number


def test_a_word_with_digits_still_goes_through_snowball() -> None:
    assert stem("running") == "run"
    assert stem("2nd") == snowballstemmer.stemmer("english").stemWord("2nd")


TEXTS = [
    "It doesn't matter w o the cache, b c it's realtime",  # multi-word glossary keys
    "Unity Catalog (UC) stores params and configs; UC governs it",
    "Can't, won't, shouldn't: the model's params aren't logged",
    "café naïve ﬁle ＡＢＣ — 2024 v2.1 k8s",
    "",
    "the a of and",  # stop words only
]


@pytest.mark.parametrize("glossary", [{}, {"uc": "unity catalog", "params": "parameters"}])
def test_lint_stems_word_by_word_are_the_stems_of_the_whole_text(glossary: dict) -> None:
    reader = Reader(build_glossary(glossary))
    stems_of = reader.content_stems
    texts = TEXTS + [
        line
        for path in sorted((DATA / "import").glob("*.md"))
        for line in path.read_text().split("\n")
    ]
    for text in texts * 2:  # the second time from the cache
        expected = {stem(w) for w in reader.text_words(text) if w not in STOPWORDS}
        assert stems_of(text) == expected, text


def slot_by_slot(reader, phrase, says_nothing, question_stems, ordered) -> bool:
    """The lint's phrase check as it was written: over every pattern's slots
    (`grading/lint.py`: no words, one slot of several words, one slot that
    says nothing, only the question's words)."""
    patterns = phrase_slots(reader, phrase)
    if not patterns:
        return False
    typed = phrase.split()
    if len(typed) - typed.count("...") >= 2 and any(len(slots) == 1 for slots in patterns):
        return False
    for slots in patterns:
        if not ordered and len(slots) == 1 and slots[0] <= says_nothing:
            return False
        if all(slot <= question_stems for slot in slots):
            return False
    return True


def test_the_phrase_check_word_by_word_is_the_check_over_every_pattern() -> None:
    """Phrases with alternatives, gaps, stop words and glossary words that
    become two (uc -> unity catalog), against questions that hold some of
    their words: the word-by-word answer is the pattern-by-pattern one."""
    reader = Reader(build_glossary({"uc": "unity catalog", "ml": "machine learning"}))
    words = ["uc", "unity", "catalog", "ml|machine", "learning", "the", "model|uc", "logs", "..."]
    phrases = [" ".join(combo) for n in (1, 2, 3) for combo in itertools.product(words, repeat=n)]
    questions = [set(), {"uniti", "catalog"}, {"machin", "learn", "model"}, {"log"}]
    says = [frozenset(STOPWORDS), frozenset(STOPWORDS | {"log", "model"})]
    checked = 0
    for phrase in phrases:
        for question in questions:
            for says_nothing in says:
                for ordered in (False, True):
                    card = DerivedCard((), ordered)
                    expected = slot_by_slot(
                        reader, phrase, says_nothing, frozenset(question), ordered
                    )
                    got = phrase_ok(reader, phrase, says_nothing, frozenset(question), card)
                    assert got == expected, (phrase, question, ordered)
                    checked += not expected
    assert checked > 100  # both answers occur
