"""A deck's vocabulary: every word it writes, the targets typo correction aims at
(`reader.py`), read in C where it can be (a 100,000-card deck has seven
million words)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from mlquiz.core.text import CONTRACTIONS, fold_word

if TYPE_CHECKING:
    from mlquiz.core.cards import Card, Deck
    from mlquiz.core.grading.reader import Glossary

# The words SCAN_RE finds, without its breaks (one character each, never part of a
# word): `content_stems` needs only the words.
_WORD_RE = re.compile(r"[^\W_]+(?:['’‘`][^\W_]+)*")
# Cards whose texts `deck_word_parts` splits at once.
_CARDS_AT_ONCE = 10_000


def deck_vocabulary(deck: Deck, glossary: Glossary) -> frozenset[str]:
    """Every word the deck uses: the targets typo correction may aim at."""
    return vocabulary_of_parts(deck_word_parts(deck), glossary)


def deck_word_parts(deck: Deck) -> frozenset[str]:
    """Every word the deck writes, folded (`fold_word`), before the glossary: what
    `vocabulary_of_parts` makes the deck's vocabulary of (the deck cache keeps it
    for a big deck, grading/deck_texts.py). Read some cards at a time: a 100,000-
    card deck's seven million words split at once held 200 MB."""
    raws: set[str] = set()
    cards = deck.cards
    for start in range(0, len(cards), _CARDS_AT_ONCE):
        texts: list[str] = []
        for card in cards[start : start + _CARDS_AT_ONCE]:
            _card_texts(card, texts)
        raws |= _raw_words(texts)
    return frozenset(part for raw in raws for part in fold_word(raw))


def vocabulary_of_parts(parts: Iterable[str], glossary: Glossary) -> frozenset[str]:
    """The vocabulary of a deck whose folded words are `parts` (`deck_vocabulary`)."""
    return _vocabulary_of_parts(parts, glossary, with_glossary=True)


def card_vocabulary(card: Card, glossary: Glossary) -> frozenset[str]:
    """The words of one card that `deck_vocabulary` holds (a part of it)."""
    texts: list[str] = []
    _card_texts(card, texts)
    return _vocabulary_of(texts, glossary, with_glossary=False)


def _card_texts(card: Card, texts: list[str]) -> None:
    add, more = texts.append, texts.extend
    add(card.question)
    add(card.answer)
    more(card.vague)
    more(card.also_true)
    for point in card.points:
        add(point.label)
        more(point.phrases)
        # A word the deck wrote only in an example or another tool's
        # phrase is still its word: "scored" must not become "stored".
        more(point.examples)
        for analogy in point.analogies:
            more(analogy.phrases)
    for confusion in card.confusions:
        more(confusion.phrases)
    for claim in card.false_claims:
        more(claim.phrases)


def _vocabulary_of(texts: list[str], glossary: Glossary, with_glossary: bool) -> frozenset[str]:
    parts = {part for raw in _raw_words(texts) for part in fold_word(raw)}
    return _vocabulary_of_parts(parts, glossary, with_glossary)


def _vocabulary_of_parts(
    parts: Iterable[str], glossary: Glossary, with_glossary: bool
) -> frozenset[str]:
    words: set[str] = set()
    for part in parts:
        words.update(glossary.get((part,), (part,)))
    if with_glossary:
        words.update(glossary_words(glossary))
    return frozenset(w for w in words if w and not w.isdigit())


def glossary_words(glossary: Glossary) -> set[str]:
    """The words of the glossary's keys and values (part of every deck's vocabulary)."""
    words: set[str] = set()
    for key, value in glossary.items():
        words.update(key)
        words.update(value)
    return words


# `SCAN_RE`'s words (`_WORD_RE`, above): a 100,000-card deck has seven million,
# of a few thousand kinds, so the kinds are found first (in C) and each is folded once.
# The same on ASCII text: letters and digits, with inner ' or `.
_ASCII_SPACES = bytes(c if chr(c).isalnum() or chr(c) in "'`" else 32 for c in range(128)) + bytes(
    [32] * 128
)


def _raw_words(texts: list[str]) -> set[str]:
    """The distinct words, as typed, of `texts` (as `scan` finds them)."""
    ascii_texts = [t for t in texts if t.isascii()]
    found: set[str] = set(_WORD_RE.findall("\n".join(t for t in texts if not t.isascii())))
    # Bytes made spaces but for letters, digits and apostrophes, split: the same
    # words, but where an apostrophe starts, ends or doubles in a piece.
    for piece in set("\n".join(ascii_texts).encode().translate(_ASCII_SPACES).split()):
        if b"'" in piece or b"`" in piece:
            found.update(_WORD_RE.findall(piece.decode()))
        else:
            found.add(piece.decode())
    return found


class LetterVocabulary:
    """A big deck's vocabulary one first letter at a time: the words of
    `deck_vocabulary` that start with a letter, found by searching the deck's text
    for the words that start with it (a typo's candidates all do), not by
    folding all seven million words of a 100,000-card deck."""

    def __init__(self, deck: Deck, glossary: Glossary) -> None:
        self._deck = deck
        self._glossary = glossary
        self._bytes: bytes | None = None
        self._first_bytes: bytes | None = None
        # Some of the deck's texts as `deck_search.ascii_words` has them, when another
        # part of the grader has them already.
        self.first_words: Callable[[], bytes] | None = None
        self._other: dict[str, set[str]] = {}  # words of texts outside ASCII, by letter
        self._letters: dict[str, frozenset[str]] = {}
        self._glossary_words: frozenset[str] | None = None

    def _first(self) -> bytes:
        """The words of the deck's questions and reference answers (ASCII ones), or
        of what `first_words` gives (the cross-card search's reference answers)."""
        if self._first_bytes is None and self.first_words is not None:
            self._first_bytes = self.first_words()
        if self._first_bytes is None:
            from mlquiz.core.grading.deck_search import ascii_words

            cards = self._deck.cards
            every = [*(c.question for c in cards), *(c.answer for c in cards)]
            texts = "\n".join(every)
            if not texts.isascii():
                texts = "\n".join(t for t in every if t.isascii())
            self._first_bytes = ascii_words(texts)
        return self._first_bytes

    def _read(self) -> bytes:
        if self._bytes is None:
            from mlquiz.core.grading.deck_search import ascii_words

            texts: list[str] = []
            for card in self._deck.cards:
                _card_texts(card, texts)
            joined = "\n".join(texts)
            unusual: list[str] = []
            if not joined.isascii():
                unusual = [t for t in texts if not t.isascii()]
                joined = "\n".join(t for t in texts if t.isascii())
            self._bytes = ascii_words(joined)
            # Words with an apostrophe inside, and every text outside ASCII: read whole.
            raws = set(_WORD_RE.findall("\n".join(unusual)))
            raws.update(w.decode() for w in _apostrophe_runs(self._bytes))
            for raw in raws:
                for part in fold_word(raw):
                    if part:
                        self._other.setdefault(part[0], set()).add(part)
        return self._bytes

    def has(self, word: str) -> bool:
        """Is `word` (a folded word) one of the deck's words? Looked up as typed (one
        C-level search) while its letter's words are not listed."""
        listed = self._letters.get(word[:1])
        if listed is not None:
            return word in listed
        if not word or word.isdigit():
            return False
        # Most words asked about are in some reference answer: found there first,
        # without reading every text of the deck.
        if self.in_first(word):
            return True
        typed = f" {word} ".encode()
        data = self._read()
        if self._glossary_words is None:
            self._glossary_words = frozenset(glossary_words(self._glossary))
        if word in self._other.get(word[0], ()) or word in self._glossary_words:
            return True
        if word.isascii() and word not in CONTRACTIONS and typed in data:
            return True  # typed as it is (a contraction typed whole stands for others)
        return any(
            word in parts and f" {typed} ".encode() in data for typed, parts in CONTRACTIONS.items()
        )

    def in_first(self, word: str) -> bool:
        """Is `word` typed as it is in the texts searched first (see `has`)? Then it
        is one of the deck's words."""
        return (
            word.isascii()
            and word.isalnum()
            and word not in CONTRACTIONS
            and f" {word} ".encode() in self._first()
        )

    def starting(self, letter: str) -> frozenset[str]:
        """The deck's words that start with `letter` (as `deck_vocabulary` has them)."""
        found = self._letters.get(letter)
        if found is None:
            data = self._read()
            words = set(self._other.get(letter, ()))
            if letter.isascii() and letter.isalnum():
                pattern = re.compile(rb" (" + re.escape(letter.encode()) + rb"[^ ]*)")
                typed = set(pattern.findall(data))
                # Contractions typed without their apostrophe stand for words of
                # other first letters ("aint": is, "cant": not).
                typed.update(
                    t.encode()
                    for t, parts in CONTRACTIONS.items()
                    if not t.startswith(letter)
                    and any(p.startswith(letter) for p in parts)
                    and f" {t} ".encode() in data
                )
                for piece in typed:
                    if b"'" in piece or b"`" in piece:
                        continue  # read with the apostrophe runs
                    for part in fold_word(piece.decode()):
                        if part.startswith(letter):
                            words.add(part)
            words.update(w for w in glossary_words(self._glossary) if w.startswith(letter))
            found = self._letters[letter] = frozenset(w for w in words if w and not w.isdigit())
        return found


def _apostrophe_runs(data: bytes) -> set[bytes]:
    """The runs of word characters with an apostrophe in them."""
    runs: set[bytes] = set()
    for mark in (b"'", b"`"):
        at = data.find(mark)
        while at >= 0:
            start = data.rfind(b" ", 0, at) + 1
            end = data.find(b" ", at)
            runs.add(data[start:end])
            at = data.find(mark, end)
    return runs
