"""Exporting cards and answers, so nobody is locked in.

Two formats:

- `anki`: Anki's text import format (tab separated, with `#separator:tab`,
  `#html:false`, `#columns:` and `#tags column:` headers). Each card becomes
  a Basic note; its GUID column (`mlquiz:<deck>:<card>`) lets a second import
  update the notes instead of duplicating them, and lets `mlquiz deck import`
  give the cards their ids back.
- `csv`: comma separated with a header row, readable by spreadsheets and by
  `mlquiz deck import` (the columns are named the way its CSV reader expects).
  A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab
  or carriage return) as a formula, and deck text and typed answers are
  anyone's, so such a cell is written with a `'` in front (OWASP's rule for
  CSV injection; `formula_guard=False` turns it off). A cell that already
  starts with `'` before one of those gets one more, so `unguard_formula`
  (which the CSV importer applies) gives every cell back exactly.

What: every card of a deck (`all`), the cards whose latest answer was not
correct (`missed`, from the store), or every stored answer (`history`).
The functions here build text from values; the CLI (`mlquiz export`) reads
the decks and, through `GameService`, the store.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from mlquiz.core.cards import Card, Deck
from mlquiz.core.decks.export_formats import EXPORT_FORMATS
from mlquiz.core.errors import ExportError

GUID_PREFIX = "mlquiz:"


@dataclass(frozen=True)
class Export:
    text: str
    rows: int  # cards or attempts written
    what: str
    format: str


def card_guid(deck_id: str, card_id: str) -> str:
    """A GUID unique across decks: Anki matches notes on it."""
    return f"{GUID_PREFIX}{deck_id}:{card_id}"


def anki_tag(tag: str) -> str:
    """Anki tags are separated by spaces, so a tag may hold none."""
    return "_".join(tag.split())


# --------------------------------------------------------------------------
# Writing delimited text


def _anki_field(value: str, first: bool = False) -> str:
    """A field of Anki's reader: quoted when it holds a tab, quote or line break.

    A record that starts with "#" is a comment to Anki, so a first field
    beginning with "#" is quoted too.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if any(ch in value for ch in '\t\n"') or (first and value.startswith("#")):
        return '"' + value.replace('"', '""') + '"'
    return value


def anki_tsv(columns: Sequence[str], rows: Iterable[Sequence[str]], headers: dict[str, str]) -> str:
    """Anki text: the `#key:value` headers, `#columns:`, then one record a line."""
    lines = ["#separator:tab", "#html:false"]
    lines += [f"#{key}:{value}" for key, value in headers.items()]
    lines.append("#columns:" + "\t".join(columns))
    for row in rows:
        lines.append("\t".join(_anki_field(v, first=i == 0) for i, v in enumerate(row)))
    return "\n".join(lines) + "\n"


# A cell a spreadsheet would read as a formula (or a guarded one: see the docstring).
_FORMULA_LEAD = re.compile(r"'*[=+\-@\t\r]")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")


def guard_formula(cell: str) -> str:
    """`cell` with a `'` in front if a spreadsheet would run it as a formula."""
    return "'" + cell if _FORMULA_LEAD.match(cell) else cell


def unguard_formula(cell: str) -> str:
    """The cell `guard_formula` was given: one leading `'` off a guarded cell."""
    return cell[1:] if _GUARDED.match(cell) else cell


def csv_text(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], formula_guard: bool = True
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    # csv quotes a field holding "\n" but not a lone "\r", which would then
    # break the row: line ends are "\n" (as in the Anki file).
    cells = ([str(c).replace("\r\n", "\n").replace("\r", "\n") for c in row] for row in rows)
    if formula_guard:
        cells = ([guard_formula(cell) for cell in row] for row in cells)
    writer.writerows(cells)
    return buffer.getvalue()


# --------------------------------------------------------------------------
# Cards


def export_cards(
    entries: Sequence[tuple[Deck, Card]],
    fmt: str,
    what: str = "all",
    *,
    formula_guard: bool = True,
) -> Export:
    """(deck, card) pairs as Anki TSV or CSV: question, answer, tags, ids.

    Cards of one deck go into that Anki deck (`#deck:` header); cards of
    several decks carry their deck's title in a deck column.
    """
    _check_format(fmt)
    decks = {deck.id: deck for deck, _ in entries}
    if fmt == "anki":
        one_deck = len(decks) == 1
        rows = []
        for deck, card in entries:
            row = [
                card_guid(deck.id, card.id),
                card.question,
                card.answer,
                " ".join(anki_tag(t) for t in card.tags),
            ]
            if not one_deck:
                row.append(_anki_deck_name(deck))
            rows.append(row)
        headers = {"guid column": "1", "notetype": "Basic"}
        if one_deck:
            headers["deck"] = _anki_deck_name(next(iter(decks.values())))
        else:
            headers["deck column"] = "5"
        headers["tags column"] = "4"
        columns = ("GUID", "Front", "Back", "Tags") + (() if one_deck else ("Deck",))
        text = anki_tsv(columns, rows, headers)
    else:
        csv_rows = [
            (card.id, card.question, card.answer, ", ".join(card.tags), card.hint, deck.id)
            for deck, card in entries
        ]
        text = csv_text(
            ("id", "question", "answer", "tags", "hint", "deck"), csv_rows, formula_guard
        )
    return Export(text=text, rows=len(entries), what=what, format=fmt)


def _anki_deck_name(deck: Deck) -> str:
    # "::" makes a sub-deck in Anki, and the header ends at the line's end.
    return " ".join(deck.title.replace("::", ":").split()) or deck.id


def missed_cards(deck: Deck, missed: Iterable[Any]) -> list[Card]:
    """The deck's cards named by the store's missed list, in its order.

    `missed` holds objects with a `card_id` (the store's `MissedCard`); a card
    that has since left the deck is left out.
    """
    by_id = {card.id: card for card in deck.cards}
    return [by_id[m.card_id] for m in missed if m.card_id in by_id]


# --------------------------------------------------------------------------
# History

HISTORY_COLUMNS = (
    "answered_at",
    "deck",
    "card_id",
    "question",
    "reference_answer",
    "answer",
    "verdict",
    "override",
    "score",
    "found",
    "missed",
    "contradicted",
    "confusion",
    "hints_used",
    "skipped",
    "mode",
    "elapsed_s",
)


def export_history(
    attempts: Sequence[dict[str, Any]],
    decks: dict[str, Deck],
    fmt: str,
    *,
    formula_guard: bool = True,
) -> Export:
    """Every stored answer, oldest first, with the card's question and answer.

    `attempts` are the store's attempt dicts; `decks` maps deck ids to the
    decks still installed (an attempt on a card that is gone keeps its ids
    and answer, with an empty question).
    """
    _check_format(fmt)
    rows = []
    for a in attempts:
        deck = decks.get(a["deck_id"])
        card = _find_card(deck, a["card_id"])
        rows.append(
            {
                "answered_at": a.get("answered_at", ""),
                "deck": a["deck_id"],
                "card_id": a["card_id"],
                "question": card.question if card else "",
                "reference_answer": card.answer if card else "",
                "answer": a.get("answer", ""),
                "verdict": a.get("verdict", ""),
                "override": a.get("override") or "",
                "score": f"{float(a.get('score', 0.0)):.3f}",
                "found": "; ".join(a.get("found", ())),
                "missed": "; ".join(a.get("missed", ())),
                "contradicted": "; ".join(a.get("contradicted", ())),
                "confusion": a.get("confusion") or "",
                "hints_used": str(a.get("hints_used", 0)),
                "skipped": "yes" if a.get("skipped") else "",
                "mode": a.get("mode", ""),
                "elapsed_s": f"{float(a.get('elapsed', 0.0)):.1f}",
            }
        )
    if fmt == "csv":
        text = csv_text(
            HISTORY_COLUMNS, ([r[c] for c in HISTORY_COLUMNS] for r in rows), formula_guard
        )
    else:
        # One note per answer: the card on the front and back, what was typed
        # and how it was judged in the extra columns, the verdict as a tag.
        columns = ("Front", "Back", "Tags", "Your answer", "Verdict", "Answered at", "Deck")
        anki_rows = [
            (
                r["question"] or f"(card {r['card_id']} of {r['deck']}, no longer installed)",
                r["reference_answer"],
                f"mlquiz::{r['override'] or r['verdict']}",
                r["answer"],
                r["override"] or r["verdict"],
                r["answered_at"],
                r["deck"],
            )
            for r in rows
        ]
        text = anki_tsv(columns, anki_rows, {"notetype": "Basic", "tags column": "3"})
    return Export(text=text, rows=len(rows), what="history", format=fmt)


def _find_card(deck: Deck | None, card_id: str) -> Card | None:
    if deck is None:
        return None
    try:
        return deck.card(card_id)
    except KeyError:
        return None


def _check_format(fmt: str) -> None:
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (formats: {', '.join(EXPORT_FORMATS)})")
