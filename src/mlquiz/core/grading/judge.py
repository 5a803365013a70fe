"""The verdict: named steps over the evidence, in order; the first that decides wins.

Each step reads the `Evidence` and returns a `Decision` or None (no opinion).
The order is the grader's policy, evidence against an answer first:

1. no answer at all;
2. a known confusion of the card, claimed (not held up as a contrast);
3. a bare denial of the question's premise;
4. an essential point negated;
5. steps out of order on a sequence card;
6. every essential point said, but as unpunctuated keywords (a salad);
7. every essential point said: correct;
8. none of its own points, but every essential point of another card;
9. a list of terms that states nothing;
10. some points: partial, naming what is missing;
11. only a vague wording of the card: partial;
12. nothing: incorrect (saying why: the question repeated, or no point).

`score` turns a decision into the score: the share of the essential points
said, an optional point said adding half of one (one left out costs nothing),
bounded by the verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mlquiz.core.grading.evidence import Evidence
from mlquiz.core.grading.results import GradeResult, WordingUse
from mlquiz.core.verdicts import CONTRADICTED, FOUND, Verdict

if TYPE_CHECKING:
    from mlquiz.core.grading.wordings import Taught

OPTIONAL_WEIGHT = 0.5


@dataclass(frozen=True)
class Decision:
    """A verdict and why; `zero` scores it 0 whatever was found, `vague` is the
    partial of a vague wording (scored at least 0.25)."""

    verdict: Verdict
    reasons: tuple[str, ...]
    confusion: str | None = None
    zero: bool = False
    vague: bool = False


Step = Callable[[Evidence], Decision | None]


def no_answer(ev: Evidence) -> Decision | None:
    if not ev.answer.content:
        return Decision(Verdict.INCORRECT, ("No answer given.",), zero=True)
    return None


def known_confusion(ev: Evidence) -> Decision | None:
    confusion = ev.card_confusion()
    if confusion is not None:
        return Decision(Verdict.INCORRECT, (confusion,), confusion, zero=True)
    return None


def bare_denial(ev: Evidence) -> Decision | None:
    if ev.bare_denial():
        reason = "The answer denies what the question takes as true."
        return Decision(Verdict.INCORRECT, (reason,), zero=True)
    return None


def essential_point_negated(ev: Evidence) -> Decision | None:
    contradicted = [p.label for p in ev.required if p.status == CONTRADICTED]
    if contradicted:
        reason = "The answer negates: " + ", ".join(contradicted) + "."
        return Decision(Verdict.INCORRECT, (reason,), zero=True)
    return None


def steps_out_of_order(ev: Evidence) -> Decision | None:
    if ev.card.ordered and ev.out_of_order():
        return Decision(Verdict.INCORRECT, ("The steps are in the wrong order.",), zero=True)
    return None


_TERM_LIST = "A list of terms, not an answer: say how they relate."


def keyword_salad(ev: Evidence) -> Decision | None:
    # Nouns strung together with no punctuation at all: a salad that happens
    # to contain the right words states nothing.
    if ev.all_required and ev.is_term_list() and ev.unpunctuated() and not ev.compiled.is_list:
        return Decision(Verdict.INCORRECT, (_TERM_LIST,))
    return None


def every_essential_point(ev: Evidence) -> Decision | None:
    if ev.all_required:
        return Decision(Verdict.CORRECT, ("Every essential point is there.",))
    return None


def answers_another_card(ev: Evidence) -> Decision | None:
    other = None if ev.required_found else ev.other_card()
    if other is not None:
        confusion = f"That answers another question: “{other.question}”"
        return Decision(Verdict.INCORRECT, (confusion,), confusion, zero=True)
    return None


def term_list(ev: Evidence) -> Decision | None:
    if ev.is_term_list() and not ev.compiled.is_list:
        return Decision(Verdict.INCORRECT, (_TERM_LIST,))
    return None


def some_points(ev: Evidence) -> Decision | None:
    if ev.any_found:
        missing = [p.label for p in ev.required if p.status != FOUND]
        return Decision(Verdict.PARTIAL, ("Missing: " + ", ".join(missing) + ".",))
    return None


def vague_direction(ev: Evidence) -> Decision | None:
    if ev.says_vague():
        reason = "The right direction, but too vague to show the idea."
        return Decision(Verdict.PARTIAL, (reason,), vague=True)
    return None


def nothing_said(ev: Evidence) -> Decision:
    if ev.only_question_words():
        return Decision(Verdict.INCORRECT, ("The answer only repeats the question.",))
    return Decision(Verdict.INCORRECT, ("None of the key points is there.",))


STEPS: tuple[Step, ...] = (
    no_answer,
    known_confusion,
    bare_denial,
    essential_point_negated,
    steps_out_of_order,
    keyword_salad,
    every_essential_point,
    answers_another_card,
    term_list,
    some_points,
    vague_direction,
    nothing_said,
)


def judge(
    ev: Evidence, steps: tuple[Step, ...] = STEPS, taught: Taught | None = None
) -> GradeResult:
    """The grade of the answer: the first step's decision, scored.

    `taught` is a wording the player taught that the answer says
    (grading/wordings.py): evidence that counts before the steps run (an
    accepted wording's points), and a bound on what they decide (a rejected
    one's cap at partial).
    """
    if taught is not None:
        taught.credit(ev)
    for step in steps:
        decision = step(ev)
        if decision is not None:
            if taught is not None:
                return taught.decided(ev, decision, score)
            return score(ev, decision)
    raise AssertionError("the last step always decides")


def score(ev: Evidence, decision: Decision, wording: WordingUse | None = None) -> GradeResult:
    """`decision` as a grade, with its score (see the module docstring); `wording` is
    the player's taught wording that decided it, if one did."""
    points = ev.points
    total = sum(1 for p in points if p.required) or 1.0
    got = sum((1 if p.required else OPTIONAL_WEIGHT) for p in points if p.status == FOUND)
    value = got / total
    if decision.zero:
        value = 0.0
    elif decision.verdict == Verdict.CORRECT:
        # Every essential point is there: full marks. Optional points are
        # shown as found or not, but leaving one out costs nothing.
        value = 1.0
    elif decision.verdict == Verdict.PARTIAL:
        value = min(max(value, 0.25 if decision.vague else 0.1), 0.75)
    else:
        value = min(value, 0.2)
    return GradeResult(
        verdict=decision.verdict,
        score=round(value, 3),
        points=points,
        text=ev.text,
        confusion=decision.confusion,
        reasons=decision.reasons,
        wording=wording,
    )
