"""The deck format's keys, and the fast path for a card written exactly to it.

docs/deck-format.md describes the format. `well_formed_card` builds a card
whose every key and value is as the format says; anything else goes to the
validator (`validate.py`), which reports each problem with its line.
"""

from __future__ import annotations

import re
from typing import Any

from mlquiz.core.cards import Card, Confusion, KeyPoint

DECK_KEYS = ("id", "title", "description", "glossary", "derived", "cards")
CARD_KEYS = (
    "id",
    "question",
    "answer",
    "points",
    "hint",
    "tags",
    "ordered",
    "vague",
    "confusions",
    "derived",
)
POINT_KEYS = ("label", "phrases", "required", "need")
CONFUSION_KEYS = ("phrases", "message")

DECK_ID_RE = re.compile(r"^[A-Za-z0-9_-]+$")


_CARD_KEY_SET = frozenset(CARD_KEYS)
_POINT_KEY_SET = frozenset(POINT_KEYS)
_CONFUSION_KEY_SET = frozenset(CONFUSION_KEYS)


def _clean_text(value: Any) -> str | None:
    if type(value) is str:
        text = value.strip()
        if text:
            return text
    return None


def _clean_strings(value: Any, allow_empty: bool) -> tuple[str, ...] | None:
    if type(value) is not list or (not value and not allow_empty):
        return None
    out = []
    for item in value:
        cleaned = _clean_text(item)
        if cleaned is None:
            return None
        out.append(cleaned)
    return tuple(out)


def well_formed_card(item: dict[str, Any], card_id: str, derived: bool = False) -> Card | None:
    """The card, when every key and value is as the format says; else None.

    Nearly every card of a deck is well formed, and checking that with set
    and type tests is several times faster than the validator, which builds a
    message context for each key it looks at (a 10,000-card deck must load in
    under a second). Any doubt returns None, and the validator then reports.
    """
    if not _CARD_KEY_SET.issuperset(item):
        return None
    question = _clean_text(item.get("question"))
    answer = _clean_text(item.get("answer"))
    hint = _clean_text(item["hint"]) if "hint" in item else ""
    tags = _clean_strings(item.get("tags", []), allow_empty=True)
    vague = _clean_strings(item.get("vague", []), allow_empty=True)
    ordered = item.get("ordered", False)
    derived = item.get("derived", derived)
    raw_points = item.get("points")
    raw_confusions = item.get("confusions", [])
    if (
        question is None
        or answer is None
        or hint is None
        or tags is None
        or vague is None
        or type(ordered) is not bool
        or type(derived) is not bool
        or type(raw_points) is not list
        or not raw_points
        or type(raw_confusions) is not list
    ):
        return None
    points = []
    labels = set()
    for table in raw_points:
        if type(table) is not dict or not _POINT_KEY_SET.issuperset(table):
            return None
        label = _clean_text(table.get("label"))
        phrases = _clean_strings(table.get("phrases"), allow_empty=False)
        required = table.get("required", True)
        need = table.get("need", 1)
        if label is None or phrases is None or type(required) is not bool or label in labels:
            return None
        if type(need) is not int or not 1 <= need <= len(phrases):
            return None
        labels.add(label)
        points.append(KeyPoint(label=label, phrases=phrases, required=required, need=need))
    confusions = []
    for table in raw_confusions:
        if type(table) is not dict or not _CONFUSION_KEY_SET.issuperset(table):
            return None
        phrases = _clean_strings(table.get("phrases"), allow_empty=False)
        message = _clean_text(table.get("message"))
        if phrases is None or message is None:
            return None
        confusions.append(Confusion(phrases=phrases, message=message))
    return Card(
        id=card_id,
        question=question,
        answer=answer,
        points=tuple(points),
        confusions=tuple(confusions),
        vague=vague,
        hint=hint,
        tags=tags,
        ordered=ordered,
        derived=derived,
    )
