"""A deck written as a TOML file, in the layout of docs/deck-format.md.

The layout is described once, as plain values (`deck_value`, `card_value`),
and written by a library, so every string is quoted and escaped as TOML
wants (quotes, backslashes, control characters) and any text survives a
round trip through the loader (the property tests check it):

- a whole deck (an import) in `tomli-w`'s layout, whose time grows with the
  size of the deck (tomlkit's grows with the square of the number of tables:
  a 100,000-card import spent minutes there); `toml_layout` writes it byte
  for byte as tomli-w does, faster, and leaves any other value to tomli-w;
- one card's tables for the card editor (`card_table`, `point_table`, ...)
  by tomlkit, which edits a file in place and keeps its comments and layout.

Text with line breaks is written as a multi-line string, so an imported
answer reads as it was written (unless the deck holds a carriage return,
which a multi-line string would not keep: then every line break is escaped).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mlquiz.core.cards import Analogy, Card, Confusion, Deck, FalseClaim, KeyPoint
from mlquiz.core.decks import toml_layout

IMPORTED_NOTE = (
    "Key points were derived from each answer automatically: edit the labels,",
    "phrases and `required` flags to suit (see docs/deck-format.md), then",
    "run `mlquiz deck check` on this file.",
)


# -- the layout, as plain values -------------------------------------------------------


def deck_value(deck: Deck) -> dict[str, Any]:
    """The deck's keys, its glossary and its cards, in the order the file shows them.
    A deck whose every card was derived says so once, at the top."""
    value: dict[str, Any] = {"id": deck.id, "title": deck.title, "description": deck.description}
    plain = [card for card in deck.cards if card.cloze is None]
    derived = bool(plain) and all(card.derived for card in plain)
    if derived:
        value["derived"] = True
    if deck.glossary:
        value["glossary"] = dict(deck.glossary)
    cards: list[dict[str, Any]] = []
    notes_written: set[str] = set()
    for card in deck.cards:
        if card.cloze is None:
            cards.append(card_value(card, deck_derived=derived))
        elif card.cloze.note_id not in notes_written:
            # One table per cloze note: its cards are made again from the text.
            notes_written.add(card.cloze.note_id)
            cards.append(cloze_value(card))
    value["cards"] = cards
    return value


def card_value(card: Card, deck_derived: bool = False) -> dict[str, Any]:
    """One [[cards]] table: the card's keys, then its points, confusions and false
    claims; keys at their default are left out."""
    value: dict[str, Any] = {"id": card.id, "question": card.question, "answer": card.answer}
    if card.hint:
        value["hint"] = card.hint
    if card.tags:
        value["tags"] = list(card.tags)
    if card.ordered:
        value["ordered"] = True
    if card.derived and not deck_derived:
        value["derived"] = True
    if card.vague:
        value["vague"] = list(card.vague)
    if card.also_true:
        value["also_true"] = list(card.also_true)
    value["points"] = [point_value(point) for point in card.points]
    if card.confusions:
        value["confusions"] = [confusion_value(c) for c in card.confusions]
    if card.false_claims:
        value["false_claims"] = [false_claim_value(c) for c in card.false_claims]
    return value


def cloze_value(card: Card) -> dict[str, Any]:
    """A cloze note's [[cards]] table (see core/cloze.py): its id, text, extra."""
    assert card.cloze is not None
    value: dict[str, Any] = {"id": card.cloze.note_id, "cloze": card.cloze.text}
    if card.cloze.extra:
        value["extra"] = card.cloze.extra
    if card.hint:
        value["hint"] = card.hint
    if card.tags:
        value["tags"] = list(card.tags)
    return value


def point_value(point: KeyPoint) -> dict[str, Any]:
    value: dict[str, Any] = {"label": point.label, "phrases": list(point.phrases)}
    if not point.required:
        value["required"] = False
    if point.need != 1:
        value["need"] = point.need
    if point.code:
        value["code"] = list(point.code)
    if point.examples:
        value["examples"] = list(point.examples)
    if point.analogies:
        value["analogies"] = [_analogy_value(a) for a in point.analogies]
    return value


def _analogy_value(analogy: Analogy) -> dict[str, Any]:
    value: dict[str, Any] = {"tool": analogy.tool, "credit": analogy.credit}
    if analogy.phrases:
        value["phrases"] = list(analogy.phrases)
    if analogy.code:
        value["code"] = list(analogy.code)
    if analogy.note:
        value["note"] = analogy.note
    return value


def confusion_value(confusion: Confusion) -> dict[str, Any]:
    return {"phrases": list(confusion.phrases), "message": confusion.message}


def false_claim_value(claim: FalseClaim) -> dict[str, Any]:
    value: dict[str, Any] = {"correction": claim.correction}
    if claim.phrases:
        value["phrases"] = list(claim.phrases)
    if claim.code:
        value["code"] = list(claim.code)
    if claim.contradicts:
        value["contradicts"] = claim.contradicts
    return value


# -- a whole deck (tomli-w) -----------------------------------------------------------


def deck_to_toml(deck: Deck, header: str = "", note: Sequence[str] = IMPORTED_NOTE) -> str:
    """The deck as TOML: `header` and `note` as comments on top, then the deck's
    keys, its glossary, and one [[cards]] table per card with its points."""
    value = deck_value(deck)
    comments = ([header] if header else []) + list(note)
    top = "".join("# " + " ".join(line.splitlines()) + "\n" for line in comments)
    try:
        # tomli-w's layout, byte for byte, without its per-character escaping.
        body = toml_layout.dumps_unless_carriage_return(value)
    except toml_layout.NotPlain:
        import tomli_w

        body = tomli_w.dumps(value, multiline_strings=not _has_carriage_return(value))
    return top + ("\n" if top else "") + body


def _has_carriage_return(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, dict):
        return any(_has_carriage_return(k) or _has_carriage_return(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_carriage_return(v) for v in value)
    return False


# -- one card's tables, for editing a file in place (tomlkit) -------------------------


def card_table(card: Card) -> Any:
    """One [[cards]] table as tomlkit writes it (see `card_value`)."""
    return _tomlkit(card_value(card))


def point_table(point: KeyPoint) -> Any:
    return _tomlkit(point_value(point))


def confusion_table(confusion: Confusion) -> Any:
    return _tomlkit(confusion_value(confusion))


def text_item(value: str) -> Any:
    """A string as the deck files write it: multi-line when it has line breaks (and
    no carriage return, which a multi-line string would not keep)."""
    import tomlkit

    multiline = "\n" in value and "\r" not in value
    return tomlkit.string(value, multiline=multiline)


def _tomlkit(value: Any) -> Any:
    """Plain values as tomlkit items: tables, arrays of tables, text items."""
    import tomlkit

    if isinstance(value, dict):
        table = tomlkit.table()
        for key, item in value.items():
            table.add(key, _tomlkit(item))
        return table
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        tables = tomlkit.aot()
        for item in value:
            tables.append(_tomlkit(item))
        return tables
    if isinstance(value, str):
        return text_item(value)
    return value
