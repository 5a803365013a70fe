"""Which of the standard grading steps decide on a derived card (see `derived`).

A derived card's phrases are guesses at the wordings of each idea, so the
steps that only count phrases leave the verdict to the blend of whole-answer
signals; every other step is evidence about the answer and stands, but two.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlquiz.core.grading.choice import YES_NO_QUESTION
from mlquiz.core.grading.evidence import Evidence

if TYPE_CHECKING:
    from mlquiz.core.grading.derived import DerivedIndex

# The standard steps whose decision the blend may replace: they only count
# phrases (another card's answer is told by terms there, `derived._other_card`).
# Every other step is evidence about the answer and stands, but two:
_COUNTING_STEPS: frozenset[str] = frozenset(
    {
        "every_essential_point",
        "some_points",
        "vague_direction",
        "nothing_said",
        "term_list",
        "answers_another_card",
        # A wrong list item is one that says none of the card's points while
        # the others do; a derived card's phrases are guesses, so an item they
        # miss is no evidence that it is wrong (SAF's measure split: 5.5% of
        # the answers labeled correct were graded incorrect while this step
        # decided, 2.2% with the blend deciding instead).
        "wrong_list_item",
    }
)
# - a derived phrase negated in a long answer is weak evidence (a long answer
#   says many things, "no measures against loss of data" agrees with "loss of
#   data possible"): it decides only in an answer of at most this many words;
NEGATION_DECIDES_UP_TO = 20
# - a denial ("No, ...") is no evidence against a card whose reference denies,
#   nor on a question that asks yes or no ("Are neural networks recent?").


def decides(step: str, ev: Evidence, index: DerivedIndex) -> bool:
    """Does the standard step's decision stand on this derived card?"""
    if step in _COUNTING_STEPS:
        return False
    if step == "essential_point_negated":
        return len(ev.answer.content) <= NEGATION_DECIDES_UP_TO
    if step == "bare_denial":
        # "No, ..." answers a yes-or-no question: whether it is right is the
        # blend's to say (the reference need not open with its yes or no).
        return not index.denies(ev.compiled) and not YES_NO_QUESTION.search(ev.card.question)
    return True
