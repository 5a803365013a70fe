"""Which of a big deck's texts use a stem, found by searching their words, not by an index.

The cross-card checks of a 100,000-card deck ask, for the few stems one
answer has, which cards' texts use them. Reading every card's stems to index
them all took seconds (Snowball is pure Python, seven million words); a
`TextField` instead joins one kind of text of every card (its question, its
reference answer, an essential point's phrases) into one lowercase ASCII
byte string, every character that is not a letter, a digit or an apostrophe
made a space, so a word is a run of non-spaces after a space, and finds the
words that may have a stem with one C-level regex search:

- a folded word starts with the first letters of its stem (`stem_needle`:
  Snowball only rewrites the last two letters, and never the first), so the
  words that may have the stem are those that start with them; each such
  word is read exactly as the full index reads it (the reader's own
  functions, cached per distinct word), and kept only if it has the stem;
- a word the glossary expands ("ml" for "machine learning") or a contraction
  ("wont": will, not) is searched by what is typed (`needles`);
- words with an apostrophe inside ("o'neill" reads "oneill") are few: all
  are read once, exactly;
- a text with a word that may start a multi-word glossary key ("w o") is not
  read word by word by the grader either: it is read whole, exactly, when a
  word of it is found; so is a text with a character outside ASCII (its
  folded form, searched as a string, finds the candidates).

The result is the very set of texts the full index finds (tests compare both
on generated decks), at the cost of one pass over a few megabytes per batch
of stems, kept per stem.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable
from itertools import accumulate

from mlquiz.core.text import CONTRACTIONS, drop_apostrophes, fold, fold_word, stem

# Lowercase ASCII letters and digits, and the apostrophes a word may hold inside;
# every other byte (non-ASCII ones included: their texts are searched apart) a space.
_WORD_BYTES = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122 or c in (39, 96)) else 32
    for c in range(128)
) + bytes([32] * 128)
_APOSTROPHES = (b"'", b"`")
_WORD_RE = re.compile(r"[^\W_]+(?:['’‘`][^\W_]+)*")

# A stem's last letters that Snowball may have rewritten ("die" from "dying",
# "happi" from "happy", "abl" from "ability"): its word starts with the rest.
# Checked on every word of wordfreq's English list (tests/core/test_deck_search.py).
_REWRITTEN = {"e": 2, "i": 1, "l": 1, "y": 1}

# The words a contraction typed without its apostrophe stands for that it does not
# start with ("wont": will; "dont": not): searched as the contraction.
_CONTRACTED: dict[str, set[str]] = {}
for _typed, _parts in CONTRACTIONS.items():
    for _part in _parts:
        if not _typed.startswith(_part):
            _CONTRACTED.setdefault(_part, set()).add(_typed)
# And typed with it, where the apostrophe is dropped ("shan’t" folds to "shant",
# "mightn't" to "mightnt"); a word with an ASCII apostrophe is read whole anyway.
for _part, _typed in (("will", "wont"), ("shall", "shant"), ("not", "nt")):
    _CONTRACTED.setdefault(_part, set()).add(_typed)


def stem_needle(word_stem: str) -> str:
    """What every folded word with this stem starts with."""
    cut = _REWRITTEN.get(word_stem[-1:], 0)
    needle = word_stem[: max(1, len(word_stem) - cut)]
    # A British spelling reads as the American word's stem (`text.american`):
    # "promiz" is also "promising", "analyz" "analysed", "behavior" "behaviour",
    # "center" "centre", so the needle stops before what the spellings differ in.
    z = needle.find("z", 1)
    if z > 0 and needle[z - 1] in "iy":
        return needle[:z]
    if len(needle) >= 5 and needle.endswith(("or", "er")):
        return needle[:-2]
    return needle


def needles(word_stem: str, glossary: dict[tuple[str, ...], tuple[str, ...]]) -> set[str]:
    """What a word that reads as `word_stem` starts with, as typed (lowercase): the
    stem's first letters, a contraction that stands for a word of it, the first word
    of a glossary key whose expansion has it."""
    out = {stem_needle(word_stem)}
    for part, typed in _CONTRACTED.items():
        if stem(part) == word_stem:
            out |= typed
    for key, value in glossary.items():
        if any(stem(w) == word_stem for w in value):
            out.add(key[0])
            out |= _CONTRACTED.get(key[0], set())
    return {n for n in out if n}


def ascii_words(text: str) -> bytes:
    """ASCII `text` as lowercase bytes, each character that is no letter, digit or
    apostrophe a space, between two spaces: a word is a run of non-spaces."""
    return b" " + text.encode().translate(_WORD_BYTES) + b" "


def _alternatives(words: list[bytes]) -> bytes:
    """A regex for any of `words`, their shared beginnings written once ("a(?:go|
    ll)"): tried after every space of the text, a plain list of 40 words is tried
    40 times there."""
    branches: dict[bytes, list[bytes]] = {}
    ends = False
    for word in sorted(set(words)):
        if word:
            branches.setdefault(word[:1], []).append(word[1:])
        else:
            ends = True
    alternatives = [re.escape(first) + _alternatives(rest) for first, rest in branches.items()]
    if not alternatives:
        return b""
    body = b"(?:" + b"|".join(alternatives) + b")"
    return body + b"?" if ends else body


class TextField:
    """One text per segment (a card's question, say), searchable for the words
    that start with given needles."""

    def __init__(self, texts: list[str]) -> None:
        self.size = len(texts)
        joined = "\n".join(texts)
        plain = texts
        self.unusual: list[int] = []
        if not joined.isascii():
            # Texts with other characters: their folded form (apostrophes dropped),
            # searched as a string for candidates, each then read exactly.
            self.unusual = [i for i, t in enumerate(texts) if not t.isascii()]
            plain = [t if t.isascii() else "" for t in texts]
            joined = "\n".join(plain)
        # Segment i's words are self._bytes[self._starts[i] : self._starts[i + 1] - 1].
        self._starts = array("q", accumulate(map((1).__add__, map(len, plain)), initial=1))
        self._bytes = ascii_words(joined)
        del joined
        folded = [drop_apostrophes(fold(texts[i])) for i in self.unusual]
        self._loose = "\n".join(folded)
        self._loose_starts = array("q", accumulate((len(t) + 1 for t in folded), initial=0))
        self._apostrophe_words: dict[str, list[int]] | None = None
        self._found: dict[str, dict[str, list[int]]] = {}

    def state(self) -> tuple[int, bytes, bytes, tuple[int, ...], str, bytes]:
        """The field as plain values (what the deck cache keeps, grading/deck_texts.py)."""
        return (
            self.size,
            self._starts.tobytes(),
            self._bytes,
            tuple(self.unusual),
            self._loose,
            self._loose_starts.tobytes(),
        )

    @classmethod
    def from_state(cls, value: object) -> TextField:
        """The field `state()` gave; ValueError or TypeError for values of another shape."""
        if type(value) is not tuple or len(value) != 6:
            raise ValueError("not a text field")
        size, starts, data, unusual, loose, loose_starts = value
        kinds = (int, bytes, bytes, tuple, str, bytes)
        if any(type(v) is not k for v, k in zip(value, kinds, strict=True)):
            raise TypeError("not a text field")
        if not all(type(i) is int and 0 <= i < size for i in unusual):
            raise ValueError("not a text field")
        field = cls.__new__(cls)
        field.size = size
        field._starts = array("q")
        field._starts.frombytes(starts)
        field._loose_starts = array("q")
        field._loose_starts.frombytes(loose_starts)
        if len(field._starts) != size + 1 or len(field._loose_starts) != len(unusual) + 1:
            raise ValueError("not a text field")
        field._bytes = data
        field.unusual = list(unusual)
        field._loose = loose
        field._apostrophe_words = None
        field._found = {}
        return field

    @property
    def words(self) -> bytes:
        """The texts written in ASCII as `ascii_words` has them."""
        return self._bytes

    def segment(self, position: int) -> int:
        """The segment whose words hold this position of the joined bytes."""
        return bisect_right(self._starts, position) - 1

    def words_starting(self, needle_set: Iterable[str]) -> dict[str, list[int]]:
        """Each word (lowercase, no apostrophe inside) that starts with one of the
        needles, with where it is (`segment` tells whose), once per time it is there."""
        found = self._found
        new = sorted({n for n in needle_set if n not in found}, key=len, reverse=True)
        if new:
            pattern = re.compile(rb" (" + _alternatives([n.encode() for n in new]) + rb"[^ ]*)")
            places: dict[bytes, list[int]] = {}
            for match in pattern.finditer(self._bytes):
                piece = match.group(1)
                at = places.get(piece)
                if at is None:
                    places[piece] = [match.start() + 1]
                else:
                    at.append(match.start() + 1)
            per_needle: dict[str, dict[str, list[int]]] = {n: {} for n in new}
            lengths = sorted({len(n) for n in new})
            for piece, at in places.items():
                if b"'" in piece or b"`" in piece:
                    continue  # read with the apostrophe words
                word = piece.decode()
                for size in lengths:
                    if size > len(word):
                        break
                    words = per_needle.get(word[:size])
                    if words is not None:
                        words[word] = at
            found.update(per_needle)
        out: dict[str, list[int]] = {}
        for n in needle_set:
            out.update(found[n])
        return out

    def words_with_apostrophes(self) -> dict[str, list[int]]:
        """Every word with an apostrophe inside (as `_WORD_RE` reads it, lowercase),
        and the other words of those runs, with where they are."""
        if self._apostrophe_words is None:
            words: dict[str, list[int]] = {}
            data = self._bytes
            seen: set[int] = set()
            for mark in _APOSTROPHES:
                at = data.find(mark)
                while at >= 0:
                    start = data.rfind(b" ", 0, at) + 1
                    end = data.find(b" ", at)
                    if start not in seen:
                        seen.add(start)
                        for word in _WORD_RE.findall(data[start:end].decode()):
                            words.setdefault(word, []).append(start)
                    at = data.find(mark, end)
            self._apostrophe_words = words
        return self._apostrophe_words

    def exact_words(self, typed: Iterable[str]) -> dict[str, list[int]]:
        """Each of these words (lowercase, no apostrophe) where it is a whole word,
        with where it is (a few words: one fast search each)."""
        out: dict[str, list[int]] = {}
        data = self._bytes
        for word in set(typed):
            whole = f" {word} ".encode()
            at = data.find(whole)
            while at >= 0:
                out.setdefault(word, []).append(at + 1)
                at = data.find(whole, at + len(whole) - 1)
        return out

    def unusual_with(self, needle_set: Iterable[str]) -> set[int]:
        """The segments outside ASCII whose folded text holds one of the needles."""
        if not self.unusual:
            return set()
        pattern = re.compile("|".join(re.escape(n) for n in set(needle_set)))
        return {
            self.unusual[bisect_right(self._loose_starts, m.start()) - 1]
            for m in pattern.finditer(self._loose)
        }


class StemSearch:
    """The segments of a `TextField` whose text reads as having a stem, exactly as
    `exact` reads a segment, found through `TextField`'s word search.

    `word_stems(word)`: a word's stems as the field's texts are read, or None when
    the word may start a multi-word glossary key (its text is then read whole);
    `special`: the words whose parts may start one (`Reader._multi_word_starts`)."""

    def __init__(
        self,
        field: TextField,
        word_stems: Callable[[str], Collection[str] | None],
        exact: Callable[[int], Collection[str]],
        glossary: dict[tuple[str, ...], tuple[str, ...]],
        special: Collection[str],
    ) -> None:
        self.field = field
        self._word_stems = word_stems
        self._exact = exact
        self._glossary = glossary
        self._special_parts = special
        self._special: set[int] | None = None
        self._stems: dict[str, Collection[str] | None] = {}
        self._postings: dict[str, list[int]] = {}

    def _stems_of(self, word: str) -> Collection[str] | None:
        if word not in self._stems:
            self._stems[word] = self._word_stems(word)
        return self._stems[word]

    def special_segments(self) -> set[int]:
        """Segments read whole: a word of them may start a multi-word glossary key."""
        if self._special is None:
            parts = set(self._special_parts)
            typed = set(parts)
            for part in parts:
                typed |= _CONTRACTED.get(part, set())
            special: set[int] = set()
            field = self.field
            words = [*field.exact_words(typed).items(), *field.words_with_apostrophes().items()]
            for word, places in words:
                if parts.intersection(fold_word(word)):
                    special.update(map(field.segment, places))
            self._special = special
        return self._special

    def postings(self, stems: Iterable[str]) -> dict[str, list[int]]:
        """For each stem, the segments that have it, in order (kept per stem)."""
        asked = set(stems)
        wanted = [s for s in asked if s not in self._postings]
        if wanted:
            self._search(wanted)
        return {s: self._postings[s] for s in asked}

    def _search(self, wanted: list[str]) -> None:
        field = self.field
        special = self.special_segments()
        wanted_set = set(wanted)
        found: dict[str, set[int]] = {s: set() for s in wanted}
        needle_set: set[str] = set()
        for s in wanted:
            needle_set |= needles(s, self._glossary)
        # Segments to read whole: special or outside ASCII ones a needle may be in.
        whole = field.unusual_with(needle_set)
        words = field.words_starting(needle_set)
        apostrophes = field.words_with_apostrophes()
        segment = field.segment
        for word, places in [*words.items(), *apostrophes.items()]:
            stems = self._stems_of(word)
            if stems is None:
                whole.update(map(segment, places))
                continue
            hits = wanted_set.intersection(stems)
            if not hits:
                continue
            for where in map(segment, places):
                if where in special:
                    whole.add(where)
                else:
                    for s in hits:
                        found[s].add(where)
        for where in whole:
            hits = wanted_set.intersection(self._exact(where))
            for s in hits:
                found[s].add(where)
        for s in wanted:
            self._postings[s] = sorted(found[s])
