"""How a list of bare terms is cut beyond commas (claims.py reads its items):
terms cut by semicolons alone, and terms joined by "and"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
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


def split_at_and(
    items: list[Item], ev: Evidence, considered: Callable[[Item], list[int]]
) -> list[Item]:
    """A list of bare terms with its items of bare terms cut at "and" too
    ("None, Staging, Canary and Production, Archived": "Canary" is an item
    of its own)."""
    words = ev.answer.words
    position_of = dict(zip(ev.answer.content, range(len(ev.answer.content)), strict=True))
    out: list[Item] = []
    for item in items:
        cuts = [k for k, t in enumerate(item.tokens) if k and words[t] in ("and", "&")]
        if not cuts:
            out.append(item)
            continue
        bounds = [0, *cuts, len(item.tokens)]
        parts = []
        for a, b in zip(bounds, bounds[1:], strict=False):
            # The item's own flags stay; what is read of its words is read again.
            part = replace(
                item,
                tokens=item.tokens[a:b],
                content=[position_of[t] for t in item.tokens[a:b] if t in position_of],
                considered=None,
            )
            parts.append(part)
        # Bare terms only, a word or two each: "train the model and deploy
        # it" is a clause of a story, not two items.
        if all(considered(p) and len(p.tokens) <= 2 for p in parts):
            out.extend(parts)
        else:
            out.append(item)
    return out
