"""The words key-point derivation reads: word lists, and one word of an answer.

A `Unit` is one word as written ("single-node", "batch/online"); its parts
are folded and stemmed as the grader folds and stems (`core/text.py`), so a
derived phrase says what the grader will read in an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from mlquiz.core.grading.derive.general import everyday, generic
from mlquiz.core.grading.reader import BASE_GLOSSARY
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


@lru_cache(maxsize=500_000)  # an import reads every distinct word of a deck in each pass
def fold(word: str) -> str:
    """A word folded as grading folds it (`text.fold`), apostrophes dropped."""
    return drop_apostrophes(text_fold(word))


@dataclass(frozen=True)
class Unit:
    """One word of a piece as written ("single-node", "batch/online")."""

    text: str

    @cached_property
    def parts(self) -> tuple[str, ...]:
        """Folded sub-words: "batch/online" -> ("batch", "online")."""
        return tuple(p for p in re.split(r"[-/]", fold(self.text)) if p)

    @cached_property
    def stems(self) -> frozenset[str]:
        return frozenset(stem_of(p) for p in self.parts)

    @cached_property
    def stop(self) -> bool:
        return all(p in STOPWORDS or p in STOP_SHORTHAND for p in self.parts)

    @cached_property
    def negator(self) -> bool:
        return any(p in NEGATORS or p in NEGATIVE_CONTRACTIONS for p in self.parts)

    @cached_property
    def negative(self) -> bool:
        """A word that negates by meaning ("unnecessary", "avoid") rather than form."""
        return any(stem_of(p) in NEGATIVE_STEMS for p in self.parts)

    @cached_property
    def generic(self) -> bool:
        """So common in English it carries no idea of its own ("make", "first")."""
        return bool(self.parts) and all(generic(p) for p in self.parts)

    @cached_property
    def everyday(self) -> bool:
        """Too common in English to say an idea alone ("columns", "time")."""
        return bool(self.parts) and all(everyday(p) for p in self.parts)

    def phrase(self, question_stems: frozenset[str] = frozenset()) -> str:
        """The unit as a phrase word: "batch/online" are alternatives.

        No synonyms are added: which words a field takes for one another is
        that field's knowledge, kept in its own deck's glossary.
        """
        return self.phrase_text

    @cached_property
    def phrase_text(self) -> str:
        """`phrase()`, worked out once per word: derivation asks it for every phrase."""
        return "|".join(a for a in self.text.split("/") if a)


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
    return [u for u in units if not u.stop or u.negator]
