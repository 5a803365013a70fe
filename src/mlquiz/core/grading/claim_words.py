"""The words the claims reader (claims.py) looks for: statements, doubts,
counts and limits, and invented benefits. Plain tables, and the one test of
a benefit over them (claimed, or denied)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlquiz.core.text import stem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mlquiz.core.grading.reader import Token

# Words that make an item a statement ("it ...", "... can be ...").
STATING = frozenset("it they is are can will must has have does should would could may be".split())
DOUBTING = frozenset("maybe guess think sure unsure probably perhaps idk dunno".split())
# Words that say how sure the learner is, or fill ("already", "very", the "up"
# of "hooked up"): they claim nothing.
HEDGES = frozenset(
    """
    think guess maybe perhaps probably possibly sure unsure hmm hm um uh mostly
    basically actually honestly idk dunno imo pretty roughly something somehow
    whatever etc okay ok yeah yes right correct wrong exactly believe suppose
    remember recall true generally usually typically normally often simply
    already really very quite up anyway iirc afaik afaict imho
    """.split()
)
# After "only": a condition or a gate, not a limit.
GATES = frozenset({"after", "once", "when", "if", "until", "then"})
# After "I" (within three words), words that make it a hedge, not a story told
# in the first person: "I think", "I'm not sure", "I don't know", "I'd say".
HEDGING = frozenset(
    "think thought guess believe suppose reckon assume say sure know remember recall".split()
)
SPECIFIC_RE = re.compile(r"\bspecific(?:ally)?\b", re.IGNORECASE)
NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "first", "second"})
# Invented limits ("deleted after 30 days", "at most 100 runs"): a count, and
# the words that make it a limit.
COUNTS = frozenset("one two three four five six seven eight nine ten hundred thousand".split())
COUNT_STEMS = frozenset(stem(w) for w in COUNTS)
TIME_UNITS = frozenset(
    "second seconds minute minutes hour hours day days week weeks month months year years".split()
)
BEFORE_A_TIME = frozenset({"after", "last", "every", "than", "within", "past"})
BEFORE_A_LIMIT = frozenset(
    {("more", "than"), ("less", "than"), ("fewer", "than"), ("at", "most"), ("up", "to")}
    # "capped at two runs", "a cap of 5 versions"
    | {("capped", "at"), ("caps", "at"), ("cap", "of")}
)
# "maxes out at 100 runs", "tops out at 5": a limit in three words.
MAXES_OUT = frozenset({"max", "maxes", "maxed", "tops", "topped"})
LIMITS = frozenset({"max", "maximum", "limit", "limited", "most", "only"})
# Invented benefits ("it also makes training cheaper"): a comparative the
# reference does not make, in a sentence added to a right answer.
BENEFITS = frozenset("faster quicker cheaper slower smaller lighter safer accurate speeds".split())
# The reference's stems that make the same kind of claim ("efficiently", "latency").
BENEFIT_REFERENCE = frozenset(
    "fast faster quick quicker cheap cheaper speed effici effic accur latenc cost overhead".split()
)


def benefit_claimed(tokens: Sequence[Token], item: Sequence[int]) -> bool:
    """Do the item's tokens claim a benefit ("it also makes training cheaper"),
    not deny one ("it won't make inference faster, it's about governance")?"""
    for k, t in enumerate(item):
        if tokens[t].word in BENEFITS:
            return not any(tokens[u].negator for u in item[:k])
    return False
