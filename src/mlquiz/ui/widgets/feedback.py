"""What the learner sees after answering a card."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from mlquiz.ui import format as fmt

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from mlquiz.core.cards import Card
    from mlquiz.core.grading.results import GradeResult
    from mlquiz.core.session import Attempt


@dataclass(frozen=True)
class Feedback:
    """One graded answer: the stored attempt, its card and the grader's detail.

    `result` is the grader's `GradeResult` (key points with spans into its
    `text`, reasons); None for a skipped card.
    """

    attempt: Attempt
    card: Card
    result: GradeResult | None = None


class FeedbackPanel(VerticalScroll, can_focus=True):
    """The verdict, the key points found and missed, the answer marked, the reference.

    Focusable so that a long feedback scrolls with the arrow keys; the
    screen gives it focus while feedback is shown.
    """

    feedback: reactive[Feedback | None] = reactive(None, recompose=True)

    def compose(self) -> ComposeResult:
        feedback = self.feedback
        if feedback is None:
            return
        attempt, card, result = feedback.attempt, feedback.card, feedback.result
        verdict = attempt.effective_verdict
        banner = Static(
            _verdict_line(attempt), id="feedback-verdict", classes=f"-{verdict}", markup=False
        )
        yield banner

        yield Static("Key points", classes="feedback-heading")
        with Vertical(id="feedback-points"):
            for label, status, required in _point_rows(attempt, card, result):
                text = f"{fmt.POINT_SYMBOL[status]} {label}"
                if status == "contradicted":
                    text += "  (contradicted)"
                if not required:
                    text += "  (optional)"
                yield Static(text, classes=f"feedback-point -{status}", markup=False)

        if attempt.confusion:
            yield Static(f"⚠ {attempt.confusion}", id="feedback-confusion", markup=False)
        # The grader often gives the confusion as a reason too; say it once.
        reasons = tuple(
            reason
            for reason in (result.reasons if result is not None else ())
            if reason.strip() != (attempt.confusion or "").strip()
        )
        if reasons:
            yield Static(" ".join(reasons), id="feedback-reasons", markup=False)

        yield Static("Your answer", classes="feedback-heading")
        if attempt.skipped:
            yield Static("(skipped)", id="feedback-answer", classes="-empty")
        else:
            text = result.text if result is not None else attempt.answer
            points = result.points if result is not None else ()
            spans = [p.span for p in points if p.status == "found" and p.span]
            yield Static(fmt.marked_answer(text, spans), id="feedback-answer")

        yield Static("Reference answer", classes="feedback-heading")
        yield Static(card.answer, id="feedback-reference", markup=False)


def _verdict_line(attempt: Attempt) -> str:
    line = fmt.verdict_label(attempt.effective_verdict)
    if attempt.skipped:
        line += "  ·  skipped"
    # "score", so it does not read as a count of the key points listed below.
    line += f"  ·  score {fmt.points(attempt.effective_score)} of 1"
    if attempt.hints_used:
        line += f" ({fmt.plural(attempt.hints_used, 'hint')} taken)"
    if attempt.override is not None and attempt.override != attempt.verdict:
        line += f"  ·  your call; the grader said {fmt.verdict_label(attempt.verdict)}"
    return line


def _point_rows(
    attempt: Attempt, card: Card, result: GradeResult | None
) -> list[tuple[str, str, bool]]:
    """(label, status, required) for every key point of the card, in card order."""
    if result is not None and result.points:
        return [(p.label, p.status, p.required) for p in result.points]
    # A skip (or a grader without detail): read the statuses from the attempt.
    found, contradicted = set(attempt.found), set(attempt.contradicted)
    rows = []
    for point in card.points:
        status = (
            "found"
            if point.label in found
            else "contradicted"
            if point.label in contradicted
            else "missed"
        )
        rows.append((point.label, status, point.required))
    return rows
