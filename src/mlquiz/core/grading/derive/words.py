"""The words key-point derivation reads: word lists, and one word of an answer.

A `Unit` is one word as written ("single-node", "batch/online"); its parts
are folded and stemmed as the grader folds and stems (`core/text.py`), so a
derived phrase says what the grader will read in an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from mlquiz.core.text import NEGATORS, STOPWORDS, drop_apostrophes
from mlquiz.core.text import fold as text_fold
from mlquiz.core.text import stem as stem_of

# Words too vague to identify an idea on their own: they may sit inside a
# phrase but never form one alone, and the "core" of a piece leaves them out.
GENERIC = frozenset(
    """
    provide provides provided providing allow allows allowed allowing enable enables
    enabled enabling make makes made making help helps helped helping ensure ensures
    ensuring let lets easier easy important useful able various different multiple
    certain specific same other others each every all only well etc something
    someone anything everything thing things set sets part parts kind type types
    good better best often typically usually commonly generally basically mainly
    main key core whole entire new old given based related relevant instead
    during within across between among through throughout beyond toward towards
    upon until before after around against along inside outside without
    generate generates generated generating produce produces produced producing
    perform performs performed performing
    """.split()
)

# Everyday words: however rare in a deck, one of these alone never says an
# idea ("columns" is not "named columns"), nor even points the right way.
EVERYDAY = frozenset(
    """
    another actually already although always anybody anymore anything anywhere
    because becomes between changes changing columns column content control
    correct current default details example examples exactly general however
    history information instead machine machines message minimum maximum
    missing nothing numbers network normally overall perhaps picture possible
    present problem problems process processes program project quickly reasons
    records related request results running section several similar simple
    simply someone something sometimes somewhere special standard started
    support systems through together towards traffic usually various version
    versions whether working writing reading written
    time times data table tables file files name names value values server
    user users list lists place step steps system thing world person people
    """.split()
)
EVERYDAY_STEMS = frozenset(stem_of(w) for w in sorted(EVERYDAY))

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*(?:[-/][^\W_]+(?:['’][^\W_]+)*)*")

# Everyday shorthand, written form -> the word it stands for. An entry goes
# into an imported deck's glossary only when the deck uses the full word.
SHORTHAND = {
    "params": "parameters",
    "param": "parameter",
    "hyperparams": "hyperparameters",
    "hyperparam": "hyperparameter",
    "config": "configuration",
    "configs": "configurations",
    "env": "environment",
    "envs": "environments",
    "repo": "repository",
    "repos": "repositories",
    "prod": "production",
    "dev": "development",
    "eval": "evaluation",
    "evals": "evaluations",
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
    "preds": "predictions",
    "pred": "prediction",
    "feats": "features",
    "exp": "experiment",
    "exps": "experiments",
    "k8s": "kubernetes",
    "sklearn": "scikit learn",
    "scikit": "scikit learn",
    "xgb": "xgboost",
    "df": "dataframe",
    "dfs": "dataframes",
    "data frame": "dataframe",
    "data frames": "dataframes",
    "ml": "machine learning",
    "db": "database",
    "dbs": "databases",
    "mem": "memory",
    "ram": "memory",
    "ver": "version",
    "vers": "versions",
    "reqs": "requirements",
    "tb": "terabyte",
    "gb": "gigabyte",
    "nn": "neural network",
    "auth": "authentication",
    "admin": "administrator",
}


@lru_cache(maxsize=50_000)
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
        return all(p in STOPWORDS for p in self.parts)

    @cached_property
    def negator(self) -> bool:
        return any(p in NEGATORS or p in NEGATIVE_CONTRACTIONS for p in self.parts)

    @cached_property
    def negative(self) -> bool:
        """A word that negates by meaning ("unnecessary", "avoid") rather than form."""
        return any(stem_of(p) in NEGATIVE_STEMS for p in self.parts)

    @cached_property
    def generic(self) -> bool:
        return all(p in GENERIC for p in self.parts)

    def phrase(self, question_stems: frozenset[str] = frozenset()) -> str:
        """The unit as a phrase word: "batch/online" and synonyms are alternatives.

        A synonym that is a word of the question is left out: it would let an
        answer that only echoes the question earn the point.
        """
        words = [a for a in self.text.split("/") if a]
        if len(self.parts) == 1:
            for synonym in synonyms(self.parts[0]):
                if synonym not in words and stem_of(synonym) not in question_stems:
                    words.append(synonym)
        return "|".join(words)


# Words that say "no X" by their meaning.
NEGATIVE_STEMS = frozenset(
    stem_of(word)
    for word in """
        unnecessary unneeded avoid prevent reduce eliminate skip less fewer lack free
        minimize remove without instead
        """.split()
)

# Words learners use for one another, whatever the subject. Each group's
# words become alternatives of each other in derived phrases. Only broad,
# deck-independent equivalences belong here.
SYNONYM_GROUPS = (
    "metrics scores measurements",
    "artifacts files outputs",
    "parameters settings",
    "train fit",
    "training fitting",
    "predictions inferences",
    "predict infer",
    "plots charts graphs figures",
    "interface ui",
    "centralized central",
    "scalable scale scaling",
    "large big huge",
    "fast quick rapid",
    "efficiently efficient quickly",
    "automatically automatic",
    "manual manually",
    "custom bespoke",
    "history record",
    "duplicate duplication redundant",
    "consistency consistent uniform",
    "deploy release ship",
    "endpoints endpoint api",
    "dataset data",
    "test validate",
    "tests validation",
    "schedule scheduled schedulable",
    "package bundle",
    "dependencies requirements",
    "monitor watch",
    "folder directory",
    "previous earlier older prior",
    "restore revert",
    "relationship link connection",
    "trace track",
    "group grouping collection",
    "libraries frameworks",
    "simple easy",
    "reduce decrease lower",
    "improve increase",
    "separate split",
    "compare comparison",
    "reproduce reproducible replicate",
    "versions versioned",
    "reuse share",
    "approvals approval",
    "audit audits",
    "storage store",
    "team teammates colleagues",
    "mistakes errors",
    "cost costs price",
)
_SYNONYMS: dict[str, tuple[str, ...]] = {}
for _group in SYNONYM_GROUPS:
    _words = tuple(_group.split())
    for _word in _words:
        _SYNONYMS.setdefault(_word, tuple(w for w in _words if w != _word))
del _group, _words, _word


def synonyms(word: str) -> tuple[str, ...]:
    """Synonyms of the word as written (or its plural/singular), never by stem:
    "scores" are metrics, but "scoring" a batch is not measuring it."""
    for form in (word, word + "s", word[:-1] if word.endswith("s") else ""):
        if form in _SYNONYMS:
            return _SYNONYMS[form]
    return ()


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
    return tuple(Unit(m.group()) for m in _WORD.finditer(text))


def content_words(units: tuple[Unit, ...] | list[Unit]) -> list[Unit]:
    return [u for u in units if not u.stop or u.negator]
