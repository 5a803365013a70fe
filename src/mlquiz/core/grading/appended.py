"""A claim appended to a right list on a built-in card ("Less duplicated code,
consistent features across models, one place to maintain - and it stops models
overfitting").

`Claims.added_claim` reads such a clause only when most of its words are
nowhere in the card; a built-in card knows many everyday words of its topic
("models", "stops"), so a clause may borrow them and still say something the
card never says. Here the list around it vouches for the answer: its other
items each say a key point, the appended clause says none, most of its words
are neither the reference's nor a point's, and one of them is unknown to the
whole card.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlquiz.core.grading.claim_words import STATING

if TYPE_CHECKING:
    from mlquiz.core.grading.claims import Claims, Item

# How an appended clause opens ("- and it ...", ", plus it ...").
_APPENDING = frozenset({"and", "plus", "also"})
# The items before it that each say a key point: a list, not one sentence.
_LISTED = 2


def appended_claim(claims: Claims) -> Item | None:
    """The last item of the answer's first sentence when it is a clause of its
    own ("and it ...") appended to a list whose items all say key points, that
    says none itself and in words the card does not account for; else None."""
    ev = claims.ev
    if _APPENDING.isdisjoint(ev.answer.words):
        return None  # most answers: not cut into items for this (a grade's hot path)
    tokens = ev.answer.tokens
    items = [i for i in claims.items if claims._considered(i) and not i.preamble]
    if len(items) <= _LISTED or items[-1].sentence != items[0].sentence:
        return None
    last, before = items[-1], items[:-1]
    if tokens[last.tokens[0]].word not in _APPENDING or not (last.statement or last.after_turn):
        return None
    if not any(tokens[t].word in STATING for t in last.tokens):
        return None  # a bare item, read by the list's own rule
    if any(i.sentence != last.sentence or not claims.says_point(i) for i in before):
        return None
    if claims.says_point(last) or claims.told(last.sentence) or not claims.unaccounted(last):
        return None
    known = ev.compiled.said_right
    unknown = [p for p in claims._considered(last) if ev.answer.tok(p).stem not in known]
    return last if unknown else None
