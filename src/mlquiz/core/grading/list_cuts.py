"""How a list of bare terms is cut beyond commas (claims.py reads its items):
terms cut by semicolons alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlquiz.core.grading.claims import Item
    from mlquiz.core.grading.evidence import Evidence


def semicolon_runs(
    all_items: list[Item], ev: Evidence, considered: Callable[[Item], list[int]]
) -> dict[int, int]:
    """Each sentence's list: its own, except that three or more sentences of
    one bare term each, cut by semicolons alone ("None; Staging; Production;
    Frozen; Archived"), are one list, as the same terms cut by commas are.
    (Joining every semicolon was tried and dropped: learners end a list with
    "; from memory", "; per the docs", "; stages deprecated", which then
    read as the list's one wrong item; those follow a sentence of several
    items, which joins nothing.)"""
    tokens, text = ev.answer.tokens, ev.text
    by_sentence: dict[int, list[Item]] = {}
    for item in all_items:
        by_sentence.setdefault(item.sentence, []).append(item)
    lists = {s: s for s in by_sentence}
    sentences = sorted(by_sentence)
    run: list[int] = []

    def close() -> None:
        if len(run) >= 3:
            for s in run:
                lists[s] = run[0]

    for s in sentences:
        items = by_sentence[s]
        # A term of a word or two, every word of it a claim: "newer versions
        # use aliases", "possibly others" are remarks.
        bare = len(items) == 1 and 1 <= len(considered(items[0])) == len(items[0].tokens) <= 2
        joined = bool(run) and bare
        if joined:
            end = tokens[by_sentence[run[-1]][0].tokens[-1]].end
            between = text[end : tokens[items[0].tokens[0]].start]
            joined = ";" in between and not any(c in between for c in ".!?\n")
        if joined:
            run.append(s)
            continue
        close()
        run = [s] if bare else []
    close()
    return lists

