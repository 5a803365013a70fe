"""What an answer's words claim, for the evidence: which negator a key point
states as its own words, a mix-up's words that only name an API call, and a
claim held up as a likeness, or set aside by a contrast ("instead of X", "unlike X").

Each reads the answer's tokens around one match; none knows about cards.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlquiz.core.grading.answer import Answer
    from mlquiz.core.grading.patterns import Match

# How far before a point's words its stated negator may be ("did not repeat").
_STATED_REACH = 3
# How far before a claim's words a "like" makes it a likeness.
_LIKE_REACH = 3
# How far before a claim's words an "instead"/"rather"/"unlike" sets it aside.
_ASIDE_REACH = 9
_SETS_ASIDE = frozenset({"instead", "rather", "unlike"})
_CONTRAST = frozenset({"unlike", "instead", "rather", "versus", "opposed", "not", "no", "without"})


def negator_of(answer: Answer, match: Match) -> int:
    """The token of the nearest negator before the match, in its sentence (-1: none)."""
    tokens = answer.tokens
    first = answer.content[match.first]
    for k in range(first, -1, -1):
        if tokens[k].sentence != tokens[first].sentence:
            break
        if tokens[k].negator:
            return k
    return -1


def stated_negators(answer: Answer, found: list[list[Match]]) -> dict[int, int]:
    """The negators that a found point states as its own words ("not repeat" for
    "prevents duplicate effort"): the one right before the point's words, each
    with where the point's words end. Such a negator says that point; it denies
    nothing further on ("he did not repeat it and started from the best run"
    builds on a past run). What lies between it and the point's last word is
    still its own: in "nobody sees the others' runs, which prevents duplicate
    effort" the "nobody ... duplicate" of the point spans "sees the others'
    runs", which "nobody" denies."""
    content = answer.content
    ends: dict[int, int] = {}
    for ms in found:
        for m in ms:
            if not m.negation_stated:
                continue
            k = negator_of(answer, m)
            if 0 <= content[m.first] - k <= _STATED_REACH:
                ends[k] = min(ends.get(k, m.last), m.last)
    return ends


def inside_calls(answer: Answer, text: str, match: Match) -> bool:
    """Is every word of the match a piece of a snake_case call name
    ("mlflow.start_run / mlflow.log_metric is Tracking")? The call names an
    API, not the concept its words would name in prose: "run" and "metric"
    there claim no runs or metrics. A whole name is still read
    ("mlflow.autolog()" says autologging)."""
    for p in match.positions:
        tok = answer.tokens[answer.content[p]]
        if text[tok.start - 1 : tok.start] != "_" and text[tok.end : tok.end + 1] != "_":
            return False
    return True


def likened(answer: Answer, match: Match) -> bool:
    """Is the match the other side of a likeness ("like the Jobs page in Azure
    ML studio: your runs listed ...")? Another tool named to explain, not a claim."""
    tokens = answer.tokens
    first = answer.content[match.first]
    return any(
        tokens[i].word == "like"
        and tokens[i].clause == tokens[first].clause
        and not (i and tokens[i - 1].word in _SEEMING)
        for i in range(max(first - _LIKE_REACH, 0), first)
    )


# "looks like", "seems like", "I'd like": a hedge or a wish, no likeness; what
# follows is the claim itself ("looks like the Jobs UI is where runs show up").
_SEEMING = frozenset({"looks", "look", "seems", "seem", "sounds", "sound", "feels", "d", "would"})


# After a mix-up's word, what makes it a style, not the thing ("pandas-style
# DataFrame work except the DataFrames are Spark's").
_STYLE_RE = re.compile(r"(?:-|\s)(?:style|like|ish|esque)\b", re.IGNORECASE)
# Verbs that end what follows them ("had stopped fitting in memory").
_ENDED = frozenset({"stopped", "ceased", "quit"})


def styled(answer: Answer, text: str, match: Match) -> bool:
    """Is the match one word said as a style ("pandas-style", "SQL-like")? A
    likeness to the mixed-up thing, no claim that it is used."""
    if len(set(match.positions)) != 1:
        return False
    tok = answer.tokens[answer.content[match.first]]
    return bool(_STYLE_RE.match(text, tok.end))


def ended(answer: Answer, match: Match) -> bool:
    """Is a word of the match what a verb of ending stops ("if the data had
    stopped fitting")? The match then says the opposite of its words."""
    tokens = answer.tokens
    return any(
        tokens[answer.content[p] - 1].word in _ENDED
        for p in match.positions
        if answer.content[p] > 0
    )


# Words by which a story turns from its old way to the new ("we used to keep
# pickles on dbfs:/...", "before the registry ...", "after we moved ...").
_CHANGES = frozenset(
    "used before after now nowadays moved switched migrated until later instead but however".split()
)


def turned_to_new(answer: Answer, match: Match, firsts: list[int]) -> bool:
    """Are the key points the answer says (`firsts`: where each begins) all
    after the match (the old way's code), with the story turning between the
    match's sentence and the first of them? Without a turn, "we save every
    model to dbfs:/... and that gives us versioning, ..." credits the old way
    with the points: a claim, not the past of a story."""
    if not firsts or min(firsts) <= match.last:
        return False
    tokens = answer.tokens
    sentence = tokens[answer.content[match.first]].sentence
    return any(
        tokens[k].word in _CHANGES
        for k in range(answer.content[min(firsts)])
        if tokens[k].sentence >= sentence
    )


def aside(answer: Answer, match: Match, negators: bool = False) -> bool:
    """Is a claim's match set aside earlier in its clause: "instead of pulling
    everything onto the driver with toPandas" (past a negation's reach), or,
    for code, which no negation scan reads, "never use collect()"?"""
    tokens = answer.tokens
    first = answer.content[match.first]
    clause = tokens[first].clause
    for i in range(first - 1, max(first - _ASIDE_REACH, -1), -1):
        tok = tokens[i]
        if tok.clause != clause:
            break
        if tok.word in _SETS_ASIDE or (negators and i > first - 4 and tok.negator):
            return True
    return False


def contrasted(answer: Answer, match: Match, than: bool = True) -> bool:
    """Is the match introduced as a contrast ("unlike X", "instead of X"; a
    mix-up or a tool after "than": "way faster than pandas on my laptop", but
    not a false claim, which may be the comparison: "cheaper than ...")?"""
    tokens = answer.tokens
    first = answer.content[match.first]
    head = tokens[first]
    for i in range(first - 1, max(first - 5, -1), -1):
        if tokens[i].clause != head.clause:
            break
        if tokens[i].word in _CONTRAST or (than and tokens[i].word == "than"):
            return True
    return False
