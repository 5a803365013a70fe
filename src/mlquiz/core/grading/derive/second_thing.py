"""The second of two things a question asks about, and the sentence that answers it.

"What is bagging and how does it differ from boosting?" answered "Bagging
trains ... . Boosting trains ...": the answer's core (`ideas.core_size`) is
its first sentence, yet that answers only half the question; the sentence
that opens with the second thing's word is core too. This reads the
question, not the answer's pieces, so it stands apart from cutting the
answer into ideas (`ideas.py`), which only asks it for that sentence.
"""

from __future__ import annotations

import re

from mlquiz.core.grading.derive.lines import BULLET as _BULLET
from mlquiz.core.grading.derive.words import content_units

# The second of two things a question asks about, as the word that names it:
# "Y" of "What is X and how does it differ from Y?", "the difference
# between X and Y", "X vs Y", "What is X and Y?". An "and" before a question
# word or a verb ("What is X and why is it used?") asks no second thing.
_ARTICLE = r"(?:(?:the|a|an)\s+)?"
_SECOND_THING = (
    re.compile(
        r"\b(?:differ\w*|difference|different|compar\w*|contrast\w*|distinguish\w*)\b"
        rf".*?\b(?:from|with|to|and)\s+{_ARTICLE}([A-Za-z][\w\-]*)",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:vs\.?|versus)\s+{_ARTICLE}([A-Za-z][\w\-]*)", re.IGNORECASE),
    re.compile(rf"\band\s+{_ARTICLE}([A-Za-z][\w\-]*)", re.IGNORECASE),
)
_NOT_A_THING = frozenset(
    "why when how where which what who whose whom is are was were do does did can could "
    "should would will it its they them their this that these those in on of for".split()
)
# The words a sentence may open with before the term it is about ("The", a bullet).
_LEADING_ARTICLE = re.compile(r"^\s*(?:[-*+•]\s+)?(?:the|a|an)\s+", re.IGNORECASE)


def _second_thing(question: str) -> frozenset[str]:
    """The stems of the word that names the second thing the question asks
    about (see `_SECOND_THING`), or none."""
    for pattern in _SECOND_THING:
        words = [w for w in pattern.findall(question) if w.lower() not in _NOT_A_THING]
        if words:
            return frozenset(s for u in content_units(words[-1]) for s in u.stems)
    return frozenset()


def second_thing_defined(question: str, sentences: list[str], aside: int, core: int) -> set[int]:
    """The sentence past the core that answers the second thing the question
    asks about: "What is bagging and how does it differ from boosting?"
    answered "Bagging trains ... . Boosting trains ...": the core sentence
    alone answers half the question. Only a sentence that opens with the
    second thing's word, where no core sentence names it (the first one);
    elaboration that opens otherwise ("Typically k is 5 or 10", "Unlike
    GROUP BY ...") stays optional."""
    second = _second_thing(question)
    if not second:
        return set()
    if any(
        second & s for text in sentences[aside:core] for u in content_units(text) for s in [u.stems]
    ):
        return set()
    for number in range(core, len(sentences)):
        units = content_units(_LEADING_ARTICLE.sub("", _BULLET.sub("", sentences[number])))
        if units and units[0].stems & second:
            return {number}
    return set()
