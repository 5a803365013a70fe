"""What the learner sees after answering a card."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from mlquiz.core.terminal_text import shown
from mlquiz.ui import format as fmt

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from mlquiz.core.answered import BecameLeech
    from mlquiz.core.cards import Card
    from mlquiz.core.grading.results import GradeResult
    from mlquiz.core.session import Attempt


# The panel's styles: every screen that shows it names this file in its CSS_PATH.
FEEDBACK_CSS = Path(__file__).with_name("feedback.tcss")


@dataclass(frozen=True)
class Feedback:
    """One graded answer: the stored attempt, its card and the grader's detail.

    `result` is the grader's `GradeResult` (key points with spans into its
    `text`, reasons); None for a skipped card.
    """

    attempt: Attempt
    card: Card
    result: GradeResult | None = None
    # Set when this answer made the card a leech (forgotten too often).
    leech: BecameLeech | None = None


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
        if feedback.leech is not None:
            yield Static(leech_line(feedback.leech), id="feedback-leech", markup=False)

        yield Static("Key points", classes="feedback-heading")
        with Vertical(id="feedback-points"):
            for row in _point_rows(attempt, card, result):
                yield Static(
                    fmt.point_line(*row), classes=f"feedback-point -{row[1]}", markup=False
                )

        if attempt.confusion:
            yield Static(shown(f"⚠ {attempt.confusion}"), id="feedback-confusion", markup=False)
        # The grader often gives the confusion as a reason too; say it once.
        reasons = tuple(
            reason
            for reason in (result.reasons if result is not None else ())
            if reason.strip() != (attempt.confusion or "").strip()
        )
        # A false claim or a wrong item is said on a line of its own.
        claim = result.false_claim if result is not None else None
        against = tuple(r for r in reasons if claim and claim in r)
        reasons = tuple(r for r in reasons if r not in against)
        if reasons:
            yield Static(shown(" ".join(reasons)), id="feedback-reasons", markup=False)
        for reason in against:
            yield Static(shown(f"✗ {reason}"), classes="feedback-false-claim", markup=False)
        # Notes on how the answer was read ("MLflow now prefers aliases ...").
        for note in result.notes if result is not None else ():
            yield Static(shown(f"ℹ {note}"), classes="feedback-note", markup=False)

        yield Static("Your answer", classes="feedback-heading")
        if attempt.skipped:
            yield Static("(skipped)", id="feedback-answer", classes="-empty")
        else:
            text = result.text if result is not None else attempt.answer
            points = result.points if result is not None else ()
            spans = [p.span for p in points if p.status == "found" and p.span]
            wrong = _false_claim_spans(text, result.false_claim if result is not None else None)
            yield Static(fmt.marked_answer(text, spans, wrong), id="feedback-answer")

        yield Static("Reference answer", classes="feedback-heading")
        yield Static(shown(card.answer), id="feedback-reference", markup=False)


def leech_line(leech: BecameLeech) -> str:
    what = (
        "it is suspended until you unsuspend it (a: all cards, s)"
        if leech.suspended
        else "it is tagged leech (stats lists it)"
    )
    return (
        f"⚠ Leech: you have forgotten this card {leech.lapses} times after learning it; "
        f"{what}. Rewording it, or splitting it in two, usually helps."
    )


def _verdict_line(attempt: Attempt) -> str:
    line = fmt.verdict_label(attempt.effective_verdict)
    if attempt.skipped:
        line += "  ·  skipped"
    # "score", so it does not read as a count of the key points listed below;
    # a percentage, as the session's score is first given (a card is one point).
    line += f"  ·  score {fmt.percent(attempt.effective_score)}"
    if attempt.hints_used:
        line += f" ({fmt.plural(attempt.hints_used, 'hint')} taken)"
    if attempt.override is not None and attempt.override != attempt.verdict:
        line += f"  ·  your call; the grader said {fmt.verdict_label(attempt.verdict)}"
    return line


def _false_claim_spans(text: str, words: str | None) -> list[tuple[int, int]]:
    """Where the words of a false claim or a wrong item stand in the answer."""
    if not words:
        return []
    start = text.find(words)
    return [(start, start + len(words))] if start >= 0 else []


def _point_rows(
    attempt: Attempt, card: Card, result: GradeResult | None
) -> list[tuple[str, str, bool, str, str]]:
    """(label, status as shown, required, words, via) for every key point of the
    card, in card order; words and via say what in the answer earned a found
    point, or what of a point said in part it says."""
    if result is not None and result.points:
        return [(p.label, p.shown, p.required, p.words, p.via) for p in result.points]
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
        rows.append((point.label, status, point.required, "", ""))
    return rows
