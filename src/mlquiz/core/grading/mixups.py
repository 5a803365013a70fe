"""A known mix-up of the card added to a whole answer, or told along the way.

"compare configs, plot the trends, rerun the good ones, and it also promotes
the best to Production": every point is there, then a mix-up is added to it,
a right answer with a false claim (partial, naming it). "Staging is where
customers are served, Production where it is tested" tells the mix-up along
the way, and "- params\n- metrics\n- hosts the model" adds it as one more
item of a list: incorrect (judge.py, `known_confusion`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlquiz.core.verdicts import FOUND

if TYPE_CHECKING:
    from mlquiz.core.grading.evidence import Evidence

# Words that open a claim added to a list rather than one more item of it.
_ADDING = frozenset({"plus", "also", "but", "however", "though", "although"})


def added_mixup(ev: Evidence) -> str | None:
    """The words of a mix-up added after every essential point was said in words
    of the card's own, in a later sentence, item or turn ("but", "plus", "and
    it ..."); None when the mix-up is told along the way or is one more item
    of a list."""
    match = ev.confusion_match
    if match is None or not ev.all_required or not ev.strong_evidence():
        return None
    if any(ev.points[i].required for i in ev.analogy_only):
        return None  # "Same as git revert: ... re-run the training job": the mix-up is the answer
    said = [m for s, m in ev.statuses if s == FOUND and m is not None]
    # The mix-up's own words: a word that also earned a point ("registry keep
    # only last 3 versions, older are deleted") is the answer's, not the mix-up's.
    earned = {p for m in said for p in m.positions}
    own = [p for p in match.positions if p not in earned]
    if not said or not own or max(m.first for m in said) >= own[0]:
        return None  # role swaps and mix-ups told along the way: incorrect
    last = max(p for p in earned if p < own[0])
    item = next((i for i in ev.claims.items if own[0] in i.content), None)
    # What the player is shown: the claim the mix-up is in ("it calls a real-time
    # endpoint for every row"), not the one word of it the card knows ("endpoint").
    words = item.text(ev) if item is not None else ev.words(match)
    if _later_prose_sentence(ev, last, own[0]):
        return words  # "... efficiently. The one catch is ..., Spark can't read those at scale."
    if item is not None and (item.statement or item.after_turn):
        return words  # "..., and it also promotes ...", "..., but it only keeps ..."
    if ev.claims.is_list():
        # In a list, a mix-up is one more wrong item ("...; custom PyTorch
        # loops"), unless "plus" adds it as a claim of its own.
        opening = ev.answer.tokens[item.tokens[0]].word if item is not None else ""
        return words if opening in _ADDING else None
    if ev.answer.tok(last).sentence != ev.answer.tok(own[0]).sentence:
        return words  # "...; the registry deletes the newer version"
    # In one sentence, only after a turn or "plus": "..., and each model keeps
    # its own copy" goes on with the answer, against it.
    tokens, content = ev.answer.tokens, ev.answer.content
    between = tokens[content[last] + 1 : content[own[0]]]
    return words if any(t.word in _ADDING for t in between) else None


# A line that opens with a bullet or a number: one more item of a list.
_ITEM_LINE_RE = re.compile(r"\n\s*(?:[-*•]|\d+[.)])")
# A full stop (or "!", "?") that ends a sentence of prose; a semicolon cuts items.
_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")


def _later_prose_sentence(ev: Evidence, last: int, first: int) -> bool:
    """Is the content word `first` in a sentence after the one of `last`, with no
    bulleted or numbered line between them, and a full stop? A mix-up there is a
    claim added to a whole answer ("... TB-scale stuff efficiently. The one catch
    is ..."), not one more item of a list ("- params\n- metrics\n- hosts the
    model", "...; logs params, metrics; groups several experiments")."""
    a, b = ev.answer.tok(last), ev.answer.tok(first)
    return (
        a.sentence != b.sentence
        and not _ITEM_LINE_RE.search(ev.text, a.end, b.start)
        and bool(_SENTENCE_END_RE.search(ev.text, a.end, b.start))
    )
