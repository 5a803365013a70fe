"""What a derived card's question asks, read against its reference.

- The option of a choice question that the reference picks: "Before or after
  training?" answered "After initial training, ...": the question's word
  "after" is the answer, not a word the learner merely repeats from the
  question (`derived.DerivedIndex.question`).
- A reference made only of the question's words ("Machine Learning (ML)" for
  a cloze on machines that learn): all of them together are the answer.
- Whether the question asks yes or no, and whether an answer gives the
  reference's own reply to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mlquiz.core.grading.derive.clean import clean_text
from mlquiz.core.grading.derive.ideas import REPLY_NO, REPLY_YES
from mlquiz.core.grading.per_reader import per_reader
from mlquiz.core.grading.reader import Reader
from mlquiz.core.grading.results import PointResult
from mlquiz.core.verdicts import FOUND

if TYPE_CHECKING:
    from mlquiz.core.grading.compiled import CompiledCard

# A question that asks yes or no ("Are neural networks recent?"), in any of its sentences.
YES_NO_QUESTION = re.compile(
    r"(?:^|[.?!:]\s+)(?:is|are|was|were|do|does|did|can|could|should|would|will|has|have|"
    r"had|may|might|must|shall)(?:n't)?\b",
    re.IGNORECASE,
)


def answered_option(reader: Reader, question: str, answer: str) -> frozenset[str]:
    """The question's stems that say the reference's answer (see `DerivedIndex.question`)."""
    asked = reader.tokens(clean_text(question)[:1000])
    first = [t for t in reader.tokens(clean_text(answer)[:1000]) if t.sentence == 0 and not t.stop]
    said = {t.stem for t in first}
    options: set[str] = set()
    for i, token in enumerate(asked):
        if token.word != "or":
            continue
        before = [t for t in asked[:i] if not t.stop and t.clause == token.clause]
        after = [t for t in asked[i + 1 :] if not t.stop and t.clause == token.clause]
        if before and after:
            options.update((before[-1].stem, after[0].stem))
    picked = options & said
    return frozenset(picked) if len(picked) == 1 else frozenset()


@per_reader
def question_worded_reference(reader: Reader, question: str, answer: str) -> frozenset[str]:
    """The stems of a reference whose first sentence says nothing but words of
    the question ("The subset of AI that enables machines to learn from data
    is ___." - "Machine Learning (ML)."), else none. Those words earn an
    answer nothing one by one ("deep learning" is not it); all of them together
    are the answer."""
    asked = {t.stem for t in reader.tokens(clean_text(question)[:1000]) if not t.stop}
    first = reader.tokens(clean_text(answer)[:1000])
    said = frozenset(t.stem for t in first if t.sentence == 0 and not t.stop and not t.negator)
    return said if len(said) >= 2 and said <= asked else frozenset()


_REPLIES = frozenset({(REPLY_NO,), (REPLY_YES,)})


def reply_given(compiled: CompiledCard, points: Sequence[PointResult]) -> bool:
    """Does the answer give the reference's own yes or no, an essential point
    of the card ("Not at all! ..." for "Does X guarantee Y?")?"""
    return any(
        said.status == FOUND and cpoint.point.required and cpoint.point.phrases[:1] in _REPLIES
        for cpoint, said in zip(compiled.points, points, strict=True)
    )
