"""The deck format's keys, and the fast path for a card written exactly to it.

docs/deck-format.md describes the format. `well_formed_card` builds a card
whose every key and value is as the format says; anything else goes to the
validator (`validate.py`), which reports each problem with its line.
"""

from __future__ import annotations

import re
from collections.abc import Container
from typing import Any, TypeVar

from mlquiz.core.cards import Analogy, Card, Confusion, FalseClaim, KeyPoint

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
    "false_claims",
    "also_true",
    "derived",
)
# A cloze card (see core/cloze.py) has its text instead of a question, an answer
# and key points.
CLOZE_KEYS = ("id", "cloze", "extra", "hint", "tags")
POINT_KEYS = ("label", "phrases", "required", "need", "code", "examples", "analogies")
CONFUSION_KEYS = ("phrases", "message")
ANALOGY_KEYS = ("tool", "phrases", "code", "credit", "note")
FALSE_CLAIM_KEYS = ("phrases", "correction", "code", "contradicts")
CREDITS = ("partial", "full")

_Made = TypeVar("_Made", Card, KeyPoint, Confusion)

DECK_ID_RE = re.compile(r"^[A-Za-z0-9_-]+\Z")  # \Z: "$" would allow a trailing newline


_CARD_KEY_SET = frozenset(CARD_KEYS)
_POINT_KEY_SET = frozenset(POINT_KEYS)
_CONFUSION_KEY_SET = frozenset(CONFUSION_KEYS)
_PLAIN_POINT_KEYS = frozenset(("label", "phrases", "required", "need"))
_ANALOGY_KEY_SET = frozenset(ANALOGY_KEYS)
_FALSE_CLAIM_KEY_SET = frozenset(FALSE_CLAIM_KEYS)


_CODE_LITERAL_RE = re.compile(r"[A-Za-z0-9]{2}")


def code_form_problem(form: str) -> str | None:
    """Why a code form cannot be used, or None: it must hold a literal of two
    letters or digits, or it would match almost any answer."""
    if not _CODE_LITERAL_RE.search(form.replace("*", " ").replace("#", " ")):
        return f"code form {form!r} needs at least two letters or digits in a row"
    return None


def _clean_code(value: Any) -> tuple[str, ...] | None:
    forms = _clean_strings(value, allow_empty=True)
    if forms is None or any(code_form_problem(f) for f in forms):
        return None
    return forms


def _clean_text(value: Any) -> str | None:
    if type(value) is str:
        text = value.strip()
        if text:
            return text
    return None


def _clean_strings(value: Any, allow_empty: bool) -> tuple[str, ...] | None:
    if type(value) is not list or (not value and not allow_empty):
        return None
    # Stripped in C: a TOML parser's strings are plain `str` (never a subclass),
    # and `str.strip` refuses anything else.
    try:
        out = tuple(map(str.strip, value))
    except TypeError:
        return None
    return out if all(out) else None


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
    # (An absent list is (), as `_clean_strings([])` gives it, without the call.)
    tags = _clean_strings(item["tags"], allow_empty=True) if "tags" in item else ()
    vague = _clean_strings(item["vague"], allow_empty=True) if "vague" in item else ()
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
        # (`_clean_text` and `_clean_strings` written out: their calls, three a
        # card's point, were a tenth of the check of a big deck.)
        label = table.get("label")
        raw_phrases = table.get("phrases")
        required = table.get("required", True)
        need = table.get("need", 1)
        if type(label) is not str or type(raw_phrases) is not list or not raw_phrases:
            return None
        label = label.strip()
        try:
            phrases = tuple(map(str.strip, raw_phrases))
        except TypeError:
            return None
        if not label or not all(phrases) or type(required) is not bool or label in labels:
            return None
        if type(need) is not int or not 1 <= need <= len(phrases):
            return None
        labels.add(label)
        if not _PLAIN_POINT_KEYS.issuperset(table):
            point = _point_evidence(table, label, phrases, required, need)
            if point is None:
                return None
            points.append(point)
        else:
            points.append(
                _made(
                    KeyPoint,
                    {
                        "label": label,
                        "phrases": phrases,
                        "required": required,
                        "need": need,
                        "code": (),
                        "examples": (),
                        "analogies": (),
                    },
                )
            )
    confusions = []
    for table in raw_confusions:
        if type(table) is not dict or not _CONFUSION_KEY_SET.issuperset(table):
            return None
        told = _clean_strings(table.get("phrases"), allow_empty=False)
        message = _clean_text(table.get("message"))
        if told is None or message is None:
            return None
        confusions.append(_made(Confusion, {"phrases": told, "message": message}))
    false_claims = []
    for table in item.get("false_claims", ()):
        claim = _false_claim(table, labels)
        if claim is None:
            return None
        false_claims.append(claim)
    also_true = _clean_strings(item["also_true"], allow_empty=True) if "also_true" in item else ()
    if also_true is None or type(item.get("false_claims", [])) is not list:
        return None
    return _made(
        Card,
        {
            "id": card_id,
            "question": question,
            "answer": answer,
            "points": tuple(points),
            "confusions": tuple(confusions),
            "vague": vague,
            "hint": hint,
            "tags": tags,
            "ordered": ordered,
            "false_claims": tuple(false_claims),
            "also_true": also_true,
            "derived": derived,
            "cloze": None,
        },
    )


def new_well_formed_card(item: Any, taken: Container[str], derived: bool) -> Card | None:
    """`well_formed_card` of a card table (not a cloze note's) whose id is a string
    not `taken`, else None: the usual table, made without the message context the
    validator builds for each key it looks at (~a tenth of the check of a big deck)."""
    if type(item) is dict and "cloze" not in item:
        card_id = item.get("id")
        if type(card_id) is str:
            card_id = card_id.strip()
            if card_id and card_id not in taken:
                return well_formed_card(item, card_id, derived)
    return None


_new = object.__new__


def _made(cls: type[_Made], fields: dict[str, Any]) -> _Made:
    """An instance of the frozen dataclass `cls` with `fields` (every one of its
    fields), made without its `__init__`, which sets each field through
    `object.__setattr__`: making a 100,000-card deck's cards and points that
    way was about a tenth of reading it. Equal to `cls(**fields)`; the tests
    check that every field is given (`test_deck_stream.py`)."""
    made = _new(cls)
    made.__dict__.update(fields)
    return made


def _point_evidence(
    table: dict[str, Any], label: str, phrases: tuple[str, ...], required: bool, need: int
) -> KeyPoint | None:
    """A key point with evidence beyond phrases (code, examples, analogies), or None."""
    code = _clean_code(table.get("code", []))
    examples = _clean_strings(table.get("examples", []), allow_empty=True)
    raw_analogies = table.get("analogies", [])
    if code is None or examples is None or type(raw_analogies) is not list:
        return None
    analogies = []
    for raw in raw_analogies:
        if type(raw) is not dict or not _ANALOGY_KEY_SET.issuperset(raw):
            return None
        tool = _clean_text(raw.get("tool"))
        a_phrases = _clean_strings(raw.get("phrases", []), allow_empty=True)
        a_code = _clean_code(raw.get("code", []))
        credit = raw.get("credit", "partial")
        note = _clean_text(raw["note"]) if "note" in raw else ""
        if (
            tool is None
            or a_phrases is None
            or a_code is None
            or not (a_phrases or a_code)
            or credit not in CREDITS
            or note is None
        ):
            return None
        analogies.append(Analogy(tool, a_phrases, a_code, credit, note))
    return KeyPoint(
        label=label,
        phrases=phrases,
        required=required,
        need=need,
        code=code,
        examples=examples,
        analogies=tuple(analogies),
    )


def _false_claim(table: Any, labels: set[str]) -> FalseClaim | None:
    if type(table) is not dict or not _FALSE_CLAIM_KEY_SET.issuperset(table):
        return None
    phrases = _clean_strings(table.get("phrases", []), allow_empty=True)
    code = _clean_code(table.get("code", []))
    correction = _clean_text(table.get("correction"))
    contradicts = _clean_text(table["contradicts"]) if "contradicts" in table else ""
    if (
        phrases is None
        or code is None
        or not (phrases or code)
        or correction is None
        or contradicts is None
        or (contradicts and contradicts not in labels)
    ):
        return None
    return FalseClaim(phrases=phrases, correction=correction, code=code, contradicts=contradicts)
