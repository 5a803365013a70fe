"""What the menu says in words: the deck's summary line, why a review has nothing to
ask, and the decks that did not load. Plain functions of the service's
`MenuSummary`, apart from the screen (`menu.py`) so each reads on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlquiz.core.terminal_text import shown_line
from mlquiz.ui import format as fmt

if TYPE_CHECKING:
    from mlquiz.core.summaries import MenuSummary
    from mlquiz.service import GameService


def summary_line(summary: MenuSummary, service: GameService) -> str:
    """The deck's line on the menu: cards (those of the tag filter, said first when
    one is on: a quiz started now asks only those), missed, due, last session."""
    if summary.tag is not None:
        tag = shown_line(summary.tag)  # the deck's text
        parts = [f"tag {tag}: {summary.cards} of {summary.deck_cards} cards"]
    else:
        parts = [fmt.plural(summary.cards, "card")]
    parts.append(f"{summary.missed} missed" if summary.missed else "nothing missed")
    later_today = summary.due_today - summary.due_now
    if summary.due_now:
        # "now" as in the Review row, which counts the cards due now.
        parts.append(
            f"{summary.due_now} due now" + (f", {later_today} later today" if later_today else "")
        )
    elif later_today:
        parts.append(f"{later_today} due later today")
    elif summary.next_due is not None:
        parts.append(f"next due {fmt.due_in(summary.next_due, service.clock(), service.tz)}")
    if summary.due_tomorrow:
        parts.append(f"{summary.due_tomorrow} due tomorrow")
    if summary.new:
        parts.append(f"{summary.new} new today")
    waiting = summary.reviews_waiting
    if waiting:
        parts.append(f"{waiting} more due past today's review limit")
    held = [
        f"{count} {word}"
        for count, word in ((summary.suspended, "suspended"), (summary.buried, "buried"))
        if count
    ]
    if held:
        parts.append(" and ".join(held) + " (left out)")
    last = summary.last_session
    if last is None:
        parts.append("not played yet")
    else:
        when = fmt.ago(last.started_at, service.clock())
        # The two figures of the results screen, each with its name (README).
        parts.append(
            f"last session {when}: accuracy {fmt.percent(last.accuracy)}, "
            f"score {fmt.percent(last.percent)}".replace(" :", ":")
        )
    return " · ".join(parts)


def broken_decks_text(broken: list[str]) -> str:
    """Under the deck list: each deck that did not load, with its first problem
    (which may quote the file: its controls made visible)."""
    lines = [f"⚠ {fmt.plural(len(broken), 'deck')} not loaded:", *map(shown_line, broken)]
    lines.append("(more: mlquiz deck list)")
    return "\n".join(lines)


def nothing_to_review(summary: MenuSummary, service: GameService) -> str:
    """What r says when no card is due, missed or new: when the next one comes due, and
    what today's limits keep back."""
    kept = []
    if summary.reviews_waiting:
        kept.append(f"{summary.reviews_waiting} due past today's review limit")
    if summary.new_waiting:
        kept.append(f"{summary.new_waiting} new past today's new-card limit")
    limits = f" ({'; '.join(kept)}: d changes the limits)" if kept else ""
    if summary.next_due is None:
        return f"Nothing to review: no card of this deck is due or missed yet{limits}."
    when = fmt.due_in(summary.next_due, service.clock(), service.tz)
    return f"Nothing to review yet: nothing missed, and the next card is due {when}{limits}."


def reviewable(summary: MenuSummary) -> bool:
    """Whether a review has cards: those due now, then the missed ones, then new ones."""
    return bool(summary.due_now or summary.missed or summary.new)
