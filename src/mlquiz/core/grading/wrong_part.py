"""Which words of a list's wrong item the feedback quotes (`judge.wrong_list_item`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlquiz.core.verdicts import FOUND

if TYPE_CHECKING:
    from mlquiz.core.grading.claims import Item
    from mlquiz.core.grading.evidence import Evidence


def wrong_part(ev: Evidence, item: Item) -> str:
    """The wrong item's words, from the first word after the last key point it
    says: "and" does not cut items, so "..., Model Registry and Hyperopt" or
    "..., environment and the serving endpoint URL" is one item, and quoting it
    whole would call the Registry or the environment wrong."""
    text = item.text(ev)
    earned = {p for s, m in ev.statuses if s == FOUND and m is not None for p in m.positions}
    said = [k for k, p in enumerate(item.content) if p in earned]
    if not said or said[-1] + 1 >= len(item.content):
        return text
    rest = item.content[said[-1] + 1 :]
    # A claim read over the key point's words ("registry and optuna") is
    # quoted from its own words on; one read over others, with the item whole.
    if not (ev.claims.false_claim_positions() & set(item.content) - earned).issubset(rest):
        return text
    tokens = ev.answer.tokens
    first = tokens[ev.answer.content[rest[0]]]
    return ev.text[first.start : tokens[item.tokens[-1]].end]
