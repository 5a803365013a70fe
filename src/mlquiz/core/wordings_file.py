"""Taught wordings as a file the player keeps: JSON or CSV, out and back in.

`mlquiz export --what wordings` writes one; `mlquiz wording import` (and
`mlquiz deck import`, which recognises one) reads it back. Both formats hold
the same fields per wording: deck, card, kind (accepted / rejected), text,
points (the key-point labels an accepted wording covers; none means every
essential point), taught_at (UTC ISO-8601) and, for the reader's sake, the
card's question. A row that cannot be read is reported with its number and
the others are still read.

A CSV cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`...)
is written with a `'` in front unless `formula_guard` is off, and read back
without it, as `decks/export.py` does for cards and answers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from mlquiz.core.clock import as_utc, iso
from mlquiz.core.decks.export import guard_formula, unguard_formula
from mlquiz.core.wording import Wording, WordingError, WordingKind, clean_text

FORMAT_NAME = "mlquiz-wordings"
FORMATS = ("json", "csv")
COLUMNS = ("deck", "card", "kind", "text", "points", "taught_at", "question")
# Between the labels of the points column in a CSV (labels may hold commas).
POINT_SEPARATOR = "; "


@dataclass
class ReadWordings:
    """What a wordings file held: the wordings, and the rows that could not be read."""

    wordings: list[Wording] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def dumps(
    wordings: Iterable[Wording],
    fmt: str,
    question: Callable[[Wording], str],
    formula_guard: bool = True,
) -> str:
    """`wordings` as a JSON or CSV file's text; `question(w)` is its card's question ("")."""
    records = [
        {
            "deck": w.deck_id,
            "card": w.card_id,
            "kind": str(w.kind),
            "text": w.text,
            "points": list(w.points),
            "taught_at": iso(w.taught_at),
            "question": question(w),
        }
        for w in wordings
    ]
    if fmt == "json":
        document = {"format": FORMAT_NAME, "version": 1, "wordings": records}
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if fmt != "csv":
        raise ValueError(f"unknown wordings format {fmt!r} (formats: {', '.join(FORMATS)})")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in records:
        r["points"] = POINT_SEPARATOR.join(r["points"])
        cells = [str(r[c]) for c in COLUMNS]
        writer.writerow([guard_formula(c) for c in cells] if formula_guard else cells)
    return buffer.getvalue()


def looks_like_wordings(text: str) -> bool:
    """Whether `text` is a wordings file (so `deck import` can hand it on)."""
    head = text.lstrip("\ufeff").lstrip()
    if head.startswith("{"):
        return f'"{FORMAT_NAME}"' in head[:200]
    first = head.split("\n", 1)[0].strip().lower()
    return [c.strip() for c in first.split(",")][:4] == list(COLUMNS[:4])


def loads(text: str, now: datetime) -> ReadWordings:
    """The wordings of a JSON or CSV wordings file; `now` dates those with no date."""
    text = text.lstrip("\ufeff")
    if text.lstrip().startswith("{"):
        return _from_json(text, now)
    return _from_csv(text, now)


def _from_json(text: str, now: datetime) -> ReadWordings:
    out = ReadWordings()
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        out.problems.append(f"line {exc.lineno}: not valid JSON ({exc.msg})")
        return out
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        out.problems.append(f'not a wordings file (expected {{"format": "{FORMAT_NAME}", ...}})')
        return out
    records = document.get("wordings")
    if not isinstance(records, list):
        out.problems.append("'wordings' must be a list")
        return out
    for number, record in enumerate(records, start=1):
        _read_record(out, f"wording {number}", record, now)
    return out


def _from_csv(text: str, now: datetime) -> ReadWordings:
    out = ReadWordings()
    rows = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(rows, [])]
    missing = [c for c in COLUMNS[:4] if c not in header]
    if missing:
        columns = ", ".join(COLUMNS)
        out.problems.append(f"line 1: the header lacks {', '.join(missing)} (columns: {columns})")
        return out
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, map(unguard_formula, row), strict=False))
        labels = cells.get("points", "").split(POINT_SEPARATOR.strip())
        record: dict[str, object] = {**cells, "points": [p.strip() for p in labels if p.strip()]}
        _read_record(out, f"line {rows.line_num}", record, now)
    return out


def _read_record(out: ReadWordings, where: str, record: object, now: datetime) -> None:
    if not isinstance(record, dict):
        out.problems.append(f"{where}: expected an object with deck, card, kind and text")
        return
    fields = {}
    for name in ("deck", "card", "kind", "text"):
        value = record.get(name)
        if not isinstance(value, str) or not value.strip():
            out.problems.append(f"{where}: '{name}' is missing or empty")
            return
        fields[name] = value.strip() if name != "text" else value
    if fields["kind"] not in tuple(WordingKind):
        kind = fields["kind"]
        out.problems.append(f"{where}: kind {kind!r} is neither 'accepted' nor 'rejected'")
        return
    points = record.get("points") or []
    if not isinstance(points, list) or not all(isinstance(p, str) for p in points):
        out.problems.append(f"{where}: 'points' must be a list of key-point labels")
        return
    taught_at = now
    stamp = record.get("taught_at")
    if isinstance(stamp, str) and stamp.strip():
        try:
            taught_at = as_utc(datetime.fromisoformat(stamp.strip()))
        except ValueError:
            out.problems.append(f"{where}: taught_at {stamp!r} is not a date and time")
            return
    try:
        text = clean_text(fields["text"])
    except WordingError as error:
        out.problems.append(f"{where}: {error}")
        return
    out.wordings.append(
        Wording(
            deck_id=fields["deck"],
            card_id=fields["card"],
            kind=WordingKind(fields["kind"]),
            text=text,
            taught_at=taught_at,
            points=tuple(p.strip() for p in points if p.strip()),
        )
    )
