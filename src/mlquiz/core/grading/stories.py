"""Asked why something helps, learners often tell the trouble it cured, in a
story of their own team ("on my team nobody could see each other's notebooks,
mlflow fixed that"; "we couldn't figure out why, nobody knew which snapshot it
trained on"). A denial inside such a story is the trouble, not a denial of the
card's point: it neither says the point nor denies it (evidence.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlquiz.core.grading.claim_words import HEDGING

if TYPE_CHECKING:
    from mlquiz.core.grading.answer import Answer

# Words of a story the learner tells of their own team ("we", "my team").
_STORY_TELLERS = frozenset({"i", "we", "my", "our", "us", "me", "im", "ive", "weve"})


def problem_told(answer: Answer, position: int) -> bool:
    """Is the answer's content word at `position` in a sentence the learner
    tells in the first person ("I think" and the like only hedge: no story)?"""
    sentence = answer.content_tokens[position].sentence
    tokens = answer.tokens
    return any(
        t.sentence == sentence
        and t.word in _STORY_TELLERS
        and HEDGING.isdisjoint(u.word for u in tokens[k + 1 : k + 3])
        for k, t in enumerate(tokens)
    )
