"""The words key-point derivation reads: word lists, and one word of an answer.

A `Unit` is one word as written ("single-node", "batch/online"); its parts
are folded and stemmed as the grader folds and stems (`core/text.py`), so a
derived phrase says what the grader will read in an answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from mlquiz.core.grading.derive.general import everyday, generic
from mlquiz.core.grading.shorthand import BASE_GLOSSARY
from mlquiz.core.text import NEGATORS, STOPWORDS, drop_apostrophes
from mlquiz.core.text import fold as text_fold
from mlquiz.core.text import stem as stem_of

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*(?:[-/][^\W_]+(?:['’][^\W_]+)*)*")

# Everyday shorthand of technical English, written form -> the word it stands
# for. An entry goes into an imported deck's glossary only when the deck uses
# the full word. A field's own jargon ("k8s", "sklearn") belongs to its decks.
SHORTHAND = {
    "params": "parameters",
    "param": "parameter",
    "config": "configuration",
    "configs": "configurations",
    "env": "environment",
    "envs": "environments",
    "repo": "repository",
    "repos": "repositories",
    "prod": "production",
    "dev": "development",
    "eval": "evaluation",
    "info": "information",
    "perf": "performance",
    "stats": "statistics",
    "docs": "documentation",
    "impl": "implementation",
    "app": "application",
    "apps": "applications",
    "dir": "directory",
    "dirs": "directories",
    "mgmt": "management",
    "db": "database",
    "dbs": "databases",
    "reqs": "requirements",
    "auth": "authentication",
    "admin": "administrator",
}


def is_variable(letter: str, text: str) -> bool:
    """Does `text` use `letter` (one ASCII letter) as a variable: in a function
    ("log n"), in arithmetic ("2n", "n^2", "n/2") or defined ("where n is the
    number of ...")? A letter that names a thing ("the C language", "O(n)
    time", "event B", "where R is installed") is none, nor one of an
    abbreviation written with a slash ("P/E", "I/O", "A/B testing")."""
    if not (len(letter) == 1 and letter.isascii() and letter.isalpha()):
        return False
    text = _SLASHED_INITIALS.sub(" ", text)
    x = re.escape(letter)
    variable = (
        rf"\b(?:log|ln|sqrt|exp)\s*\(?\s*{x}\b|\d\s*{x}\b|\b{x}\s*[\^*/=]|[\^*/=]\s*{x}\b"
        rf"|\bwhere\s+{x}\s+(?:(?:is|are)\s+(?:the|a|an)|denotes|represents|stands\s+for)\b"
    )
    return re.search(variable, text, re.IGNORECASE) is not None


# Capital initials joined by slashes: an abbreviation, no division ("P/E", "I/O").
_SLASHED_INITIALS = re.compile(r"(?<![\w/])[A-Z](?:/[A-Z])+(?![\w/])")


@lru_cache(maxsize=500_000)  # an import reads every distinct word of a deck in each pass
def fold(word: str) -> str:
    """A word folded as grading folds it (`text.fold`), apostrophes dropped."""
    return drop_apostrophes(text_fold(word))


class Unit:
    """One word of a piece as written ("single-node", "batch/online").

    Everything derivation asks of a word is worked out once, when the word is
    first read (`unit` keeps one per word as written): an import asks these of
    every word of every piece, many times over.
    """

    __slots__ = (
        "text",
        "parts",
        "stems",
        "stop",
        "negator",
        "negative",
        "generic",
        "everyday",
        "content",
        "phrase_text",
        "frame",
    )

    text: str
    # Folded sub-words: "batch/online" -> ("batch", "online").
    parts: tuple[str, ...]
    stems: frozenset[str]
    stop: bool
    negator: bool
    # A word that negates by meaning ("unnecessary", "avoid") rather than form.
    negative: bool
    # So common in English it carries no idea of its own ("make", "first").
    generic: bool
    # Too common in English to say an idea alone ("columns", "time").
    everyday: bool
    # A content word: not a stop word, or a negator (`content_words`).
    content: bool
    # `phrase()`: "batch/online" are alternatives.
    phrase_text: str
    # Names a category or a relation, not an idea (`framing.frame_word`).
    frame: bool

    def __init__(self, text: str) -> None:
        self.text = text
        self.parts = parts = tuple(p for p in _SUB_WORD.split(fold(text)) if p)
        stems = [stem_of(p) for p in parts]
        self.stems = frozenset(stems)
        self.stop = all(p in STOPWORDS or p in STOP_SHORTHAND for p in parts)
        self.negator = any(p in NEGATORS or p in NEGATIVE_CONTRACTIONS for p in parts)
        self.negative = any(s in NEGATIVE_STEMS for s in stems)
        self.generic = bool(parts) and all(generic(p) for p in parts)
        self.everyday = bool(parts) and all(everyday(p) for p in parts)
        self.content = not self.stop or self.negator
        self.phrase_text = "|".join(a for a in text.split("/") if a)
        self.frame = bool(parts) and FRAME_WORDS.issuperset(parts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unit) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"Unit(text={self.text!r})"

    def phrase(self, question_stems: frozenset[str] = frozenset()) -> str:
        """The unit as a phrase word: "batch/online" are alternatives.

        No synonyms are added: which words a field takes for one another is
        that field's knowledge, kept in its own deck's glossary.
        """
        return self.phrase_text


_SUB_WORD = re.compile(r"[-/]")

# Words that name a category or a relation rather than an idea ("concept",
# "type", "refers"): see `framing.py`, which reads them through `Unit.frame`.
FRAME_WORDS = frozenset(
    """
    concept notion term type kind sort form category situation case scenario technique
    method approach
    process procedure refer refers referred referring denote denotes called
    known named termed occur occurs happen happens performed
    """.split()
)


# Single words the grader reads as stop words by its shorthand ("w" is "with",
# "u" is "you"): a phrase of them has no word an answer could say.
STOP_SHORTHAND = frozenset(
    short
    for short, meaning in BASE_GLOSSARY.items()
    if " " not in short and all(w in STOPWORDS for w in meaning.split())
)

# Words that say "no X" by their meaning.
NEGATIVE_STEMS = frozenset(
    stem_of(word)
    for word in """
        unnecessary unneeded avoid prevent reduce eliminate skip less fewer lack free
        minimize remove without instead
        """.split()
)

# Negative contractions as _fold leaves them (apostrophes dropped).
NEGATIVE_CONTRACTIONS = frozenset(
    """
    cannot cant wont dont doesnt didnt isnt arent wasnt werent couldnt wouldnt
    shouldnt havent hasnt hadnt mustnt neednt aint
    """.split()
)


@lru_cache(maxsize=200_000)
def read_units(text: str) -> tuple[Unit, ...]:
    # Cached: a deck's pieces are cut, counted and phrased many times over.
    return tuple(map(unit, _WORD.findall(text)))  # _WORD has no capturing group


@lru_cache(maxsize=200_000)
def unit(text: str) -> Unit:
    """The one `Unit` of a word as written: its properties are worked out once."""
    return Unit(text)


def content_words(units: tuple[Unit, ...] | list[Unit]) -> list[Unit]:
    return [u for u in units if u.content]


@lru_cache(maxsize=200_000)
def content_units(text: str) -> tuple[Unit, ...]:
    """`content_words(read_units(text))`, cached: a piece's words are counted
    and read many times while an answer is cut and phrased."""
    return tuple([u for u in read_units(text) if u.content])


def text_stems(text: str) -> set[str]:
    """The stems of the content words of a whole text (an answer), not cached:
    each answer is read once, and its words are."""
    stems: set[str] = set()
    for word in _WORD.findall(text):
        found = unit(word)
        if found.content:
            stems.update(found.stems)
    return stems


class PieceStems:
    """`text_stems` of many texts (a deck's answers), read piece by piece between
    spaces, each distinct piece ("model," "runs.") read once: a word never spans
    a space, so a text's words are its pieces' words, and a deck's answers repeat
    their pieces far more than they differ."""

    LIMIT = 200_000  # pieces kept; past it a new piece is read every time

    def __init__(self) -> None:
        self._stems: dict[str, tuple[str, ...]] = {}

    def text_stems(self, text: str) -> set[str]:
        stems: set[str] = set()
        known = self._stems.get
        for piece in text.split():
            found = known(piece)
            if found is None:
                found = self._read(piece)
            stems.update(found)
        return stems

    def _read(self, piece: str) -> tuple[str, ...]:
        found: list[str] = []
        for word in _WORD.findall(piece):
            read = unit(word)
            if read.content:
                found.extend(read.stems)
        stems = tuple(found)
        if len(self._stems) < self.LIMIT:
            self._stems[piece] = stems
        return stems


def has_content(text: str) -> bool:
    """Has `text` a content word? (`content_units(text)` not empty, without
    reading, or caching, all of a text read once.)"""
    # Word by word up to the first content word (most texts open with one).
    for match in _WORD.finditer(text):
        if unit(match.group()).content:
            return True
    return False


def text_units(text: str) -> Iterator[Unit]:
    """The units of `text` one by one, not cached (`read_units` is): for a
    text read once, and often not to its end."""
    # Match by match: most callers stop at the first word or two.
    return (unit(match.group()) for match in _WORD.finditer(text))


def says_only(text: str, words: frozenset[str]) -> bool | None:
    """Is every content word of `text` (its first part) one of `words`? None
    when it has none. Read up to the first word that is not: a sentence is
    asked this once, and most answer no at their first word."""
    said: bool | None = None
    for found in text_units(text):
        if found.content and found.parts:
            if found.parts[0] not in words:
                return False
            said = True
    return said


def one_of(words: list[str]) -> str:
    """A pattern matching any of `words`, grouped by first letter: tried
    before every space of every answer, it fails at most spaces on the letter."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    return (
        "(?:"
        + "|".join(
            re.escape(first) + "(?:" + "|".join(re.escape(rest) for rest in rests) + ")"
            for first, rests in by_first.items()
        )
        + ")"
    )


# Words that join the parts of a term made of common words ("first in first
# out", "one to many", "end to end", "all or nothing"). Not "of" ("the end of
# all K iterations", "in case of time series" are no terms).
_TERM_JOINERS = frozenset("in to or and".split())
# What stands before such a term: an article, or nothing (the clause's start).
# After a verb the words are a clause's own ("are hard to change after ...").
_TERM_OPENERS = frozenset("a an the".split())


def compound_terms(units: tuple[Unit, ...]) -> list[tuple[Unit, ...]]:
    """Terms written as common words before their noun ("a first in first out
    data structure", "a one to many relationship"): at a clause's start or
    after an article, two common content words at least, joined by "in",
    "to", "or" or "and", right before a word that is not common. Each word
    is too common to mean anything alone, yet together they define the noun.
    Each term's content words, the noun last."""
    found: list[tuple[Unit, ...]] = []
    run: list[Unit] = []  # common words and joiners, a joiner between each two
    opened = True  # at the clause's start, or just after an article
    for word in units:
        if word.negator:
            run, opened = [], False
        elif word.content and not word.generic:
            if run and _joined_term(run):  # (an empty run joins nothing)
                found.append((*(u for u in run if not u.stop), word))
            run, opened = [], False
        elif word.stop:
            joins = (
                bool(run)
                and not run[-1].stop
                and word.parts[:1] != ()
                and (word.parts[0] in _TERM_JOINERS)
            )
            run = [*run, word] if joins else []
            opened = joins or (word.parts[:1] != () and word.parts[0] in _TERM_OPENERS)
        elif run or opened:
            run.append(word)
    return found


def _joined_term(run: list[Unit]) -> bool:
    """Two common words at least, each two joined ("first in first out"), or
    one word joined within by hyphens ("first-in-first-out")."""
    if run and run[-1].stop:
        return False
    parts = [p for u in run for p in u.parts]
    content = [p for p in parts if p not in STOPWORDS]
    return len(content) >= 2 and any(p in _TERM_JOINERS for p in parts)
