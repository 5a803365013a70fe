"""The reference's words an answer said, named in the feedback of a derived card.

A derived card's blend gives credit for the reference's words, not only for
the points its phrases tick (core/grading/derived.py), so "Partial" can come
with no point ticked; naming the words that earned it lets the player see why.
And the grade itself (`derived_result`): its score within its verdict's range.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from mlquiz.core.grading.blend import BLEND, Blend, follows_the_reference, says_in_substance
from mlquiz.core.grading.choice import reply_given
from mlquiz.core.grading.evidence import Evidence
from mlquiz.core.grading.point_words import words_said
from mlquiz.core.grading.results import (
    PARTIAL_CAP,
    SAID_IN_PART,
    GradeResult,
    PointResult,
    correct_score,
)
from mlquiz.core.verdicts import FOUND, MISSED, Verdict

if TYPE_CHECKING:
    from mlquiz.core.grading.compiled import CompiledCard
    from mlquiz.core.grading.derived import DerivedIndex, Term
    from mlquiz.core.grading.derived_measure import Measure

# A similarity from which the answer is "close to the reference wording".
CLOSE_WORDING = 0.8

# At most this many phrases are named; more are "…".
SHOWN = 6

# A deck of at least this many derived cards tells a word only one card uses
# from a word a few cards share.
OWN_WORD_DECK = 20


def says_own_word(index: DerivedIndex, compiled: CompiledCard, said: Iterable[Term]) -> bool:
    """Do the reference's words the answer `said` include one that no other
    card of a large deck uses ("nearest" for KNN, "denoising" for
    autoencoders), not an everyday word nor a number? It is on this card's
    topic: part of the answer, not nothing."""
    if len(index.cards) < OWN_WORD_DECK:
        return False
    doc_freq, everyday = index.doc_freq(), index.terms(compiled).everyday
    return any(
        min(doc_freq.get(s, 0) for s in term) == 1
        and term not in everyday
        and not any(s.isdigit() for s in term)
        for term in said
    )


def said_from_reference(ev: Evidence, stems: set[str]) -> str:
    """'From the reference you said: “gradient”, “step size”.': the answer's
    words whose stems are among `stems` (the question's aside), as typed and in
    the answer's order, neighbours in one clause joined; "" when there are none."""
    question = ev.compiled.question_stems
    tokens = ev.answer.tokens
    spans: list[tuple[int, int]] = []
    last = -2
    for i, tok in enumerate(tokens):
        if tok.stop or tok.negator or tok.stem not in stems or tok.stem in question:
            continue
        if spans and i == last + 1 and tok.clause == tokens[last].clause:
            spans[-1] = (spans[-1][0], tok.end)
        else:
            spans.append((tok.start, tok.end))
        last = i
    shown: list[str] = []
    for start, end in spans:
        words = " ".join(ev.text[start:end].split())
        if words and words.lower() not in {w.lower() for w in shown}:
            shown.append(words)
    if not shown:
        return ""
    named = ", ".join(f"“{w}”" for w in shown[:SHOWN]) + (", …" if len(shown) > SHOWN else "")
    return f"From the reference you said: {named}."


# Why a correct answer passed with an essential point not ticked, by what lifted it
# (`derived`), most telling first; each is followed by `NOT_IN_FULL`.
CLOSE_REASON = "Close to the reference wording"
KEY_WORDS_REASON = "Says enough of the reference answer's key words"
FOLLOWS_REASON = "Follows the reference answer's wording, in its order"
SUBSTANCE_REASON = "Says much of what sets the reference answer apart"
REPLY_REASON = "Gives the reference's own reply"
ENOUGH_REASON = "Says enough of the reference answer"
NOT_IN_FULL = ", though not every key point in full."
HEART_REASON = "Says the heart of the reference answer."


def derived_why(
    verdict: Verdict,
    ev: Evidence,
    index: DerivedIndex,
    measure: Measure,
    points: tuple[PointResult, ...],
    blend: Blend = BLEND,
) -> tuple[tuple[PointResult, ...], tuple[str, ...]]:
    """The checklist (`points` with their words said filled in, as
    `point_words` shows them) and why a derived card's answer got `verdict`
    (`derived`), from the same evidence: a correct answer with an essential
    point not ticked says what lifted it ("Close to the reference wording,
    though not every key point in full."); a partial one, the essential
    points of which it says nothing; any, the reference's words it said."""
    points = words_said(ev, index, points)
    return points, _reasons(verdict, ev, measure, points, blend)


def _reasons(
    verdict: Verdict,
    ev: Evidence,
    measure: Measure,
    points: tuple[PointResult, ...],
    blend: Blend,
) -> tuple[str, ...]:
    essential = [p for p in points if p.required and p.status != FOUND]
    # The blend gives credit for the reference's words, not only for ticked
    # points: name the ones the answer said, so the credit can be seen.
    said_stems = {s for t in (*measure.said, *measure.said_words) for s in t}
    said = said_from_reference(ev, said_stems)
    if verdict == Verdict.CORRECT:
        if not essential:
            reasons = [HEART_REASON]
            if measure.similarity >= CLOSE_WORDING:
                reasons.append(CLOSE_REASON + ".")
            return tuple(reasons)
        # The checklist shows a point not ticked: say why it is correct anyway.
        return (_lift(ev, measure, points, blend) + NOT_IN_FULL,) + ((said,) if said else ())
    if verdict == Verdict.PARTIAL:
        reasons = ["Part of the reference answer is there."]
        if said:
            reasons.append(said)
        missed = [p.label for p in essential if p.shown == MISSED]
        if missed:
            reasons.append("Missing: " + ", ".join(missed) + ".")
        return tuple(reasons)
    # A point shown said in part ("◐ ... ← only “modle”") is a word of the
    # reference the learner can see was read: "none is there" would deny it.
    if measure.said or any(p.shown in (FOUND, SAID_IN_PART) for p in points):
        return ("Too little of the reference answer is there.",) + ((said,) if said else ())
    return ("None of the reference answer's key words is there.",)


def _lift(ev: Evidence, measure: Measure, points: Sequence[PointResult], blend: Blend) -> str:
    """What made a derived card's answer correct though its checklist leaves an
    essential point unticked, as `derived` decides it."""
    if measure.similarity >= CLOSE_WORDING:
        return CLOSE_REASON
    if measure.blend >= blend.correct_at:
        return KEY_WORDS_REASON
    if follows_the_reference(measure.similarity, len(ev.text.split()), measure.precision):
        return FOLLOWS_REASON
    if says_in_substance(measure.words, measure.precision):
        return SUBSTANCE_REASON
    if reply_given(ev.compiled, points):
        return REPLY_REASON
    return ENOUGH_REASON


def derived_result(
    ev: Evidence,
    verdict: Verdict,
    value: float,
    points: tuple[PointResult, ...],
    reasons: tuple[str, ...],
    confusion: str | None = None,
) -> GradeResult:
    """A derived card's grade: `value` kept within its verdict's range."""
    if verdict == Verdict.INCORRECT:
        value = min(value, 0.2)
    elif verdict == Verdict.PARTIAL:
        value = min(max(value, 0.25), PARTIAL_CAP)
    else:  # not full marks with an essential point unticked
        value = min(value, correct_score(points))
    return GradeResult(
        verdict=verdict,
        score=round(value, 3),
        points=points,
        text=ev.text,
        confusion=confusion,
        reasons=reasons,
        notes=ev.notes(),
    )
