"""A deck's vocabulary: every word it writes, the targets typo correction aims at
(`reader.py`), read in C where it can be (a 100,000-card deck has seven
million words)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlquiz.core.text import fold_word

if TYPE_CHECKING:
    from mlquiz.core.cards import Card, Deck
    from mlquiz.core.grading.reader import Glossary

# The words SCAN_RE finds, without its breaks (one character each, never part of a
# word): `content_stems` needs only the words.
_WORD_RE = re.compile(r"[^\W_]+(?:['’‘`][^\W_]+)*")


def deck_vocabulary(deck: Deck, glossary: Glossary) -> frozenset[str]:
    """Every word the deck uses: the targets typo correction may aim at."""
    texts: list[str] = []
    for card in deck.cards:
        _card_texts(card, texts)
    return _vocabulary_of(texts, glossary, with_glossary=True)


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
    words: set[str] = set()
    for raw in _raw_words(texts):
        for part in fold_word(raw):
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
