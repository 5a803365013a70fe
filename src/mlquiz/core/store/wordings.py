"""The `wordings` table: what the player taught the grader, per deck and card.

`WordingRows` is mixed into `database.Store`, which provides `_write` (one
short transaction) and `_read`; a write that meets a damaged file is done again
on the fresh one (`damage.again_if_replaced`). A wording is one row per (deck, card, kind,
text): teaching the same text again updates its points, and teaching it as
the other kind (accepted after rejected) replaces the old row in the same
transaction, so a card never holds the same text both ways. Two games
teaching at once each add their own row; neither overwrites the other.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from mlquiz.core.clock import iso
from mlquiz.core.store.damage import again_if_replaced
from mlquiz.core.wording import Wording, WordingKind


class WordingRows:
    """The wording methods of `Store`."""

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # the Store's

    def _read(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        raise NotImplementedError  # the Store's

    @again_if_replaced
    def add_wording(self, wording: Wording) -> tuple[Wording, bool]:
        """Store `wording` (its `text` already cleaned, see `wording.clean_text`);
        returns it as stored and whether it replaced the same text of the other kind.

        The same text again (same kind) keeps its first date and takes the new points.
        """
        with self._write() as conn:
            replaced = _add(conn, wording)
            row = conn.execute(
                "SELECT * FROM wordings WHERE deck_id = ? AND card_id = ? AND kind = ?"
                " AND text = ?",
                (wording.deck_id, wording.card_id, wording.kind, wording.text),
            ).fetchone()
        return _wording(row), replaced

    @again_if_replaced
    def add_wordings(self, wordings: Iterable[Wording]) -> tuple[int, int]:
        """Store many wordings in one transaction (an import); returns (added, already there).

        A wording already there (same deck, card, kind and text) is left as it is.
        """
        added = present = 0
        with self._write() as conn:
            for wording in wordings:
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO wordings"
                    " (deck_id, card_id, kind, text, points, taught_at, card_hash)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    _values(wording),
                )
                if cursor.rowcount:
                    added += 1
                else:
                    present += 1
        return added, present

    @again_if_replaced
    def remove_wordings(
        self, deck_id: str, card_id: str, text: str, kind: WordingKind | None = None
    ) -> int:
        """Remove the card's wordings with this exact text (of `kind`, or both); how many."""
        sql = "DELETE FROM wordings WHERE deck_id = ? AND card_id = ? AND text = ?"
        params: tuple[Any, ...] = (deck_id, card_id, text)
        if kind is not None:
            sql += " AND kind = ?"
            params += (str(kind),)
        with self._write() as conn:
            return conn.execute(sql, params).rowcount

    def wordings(self, deck_id: str | None = None, card_id: str | None = None) -> list[Wording]:
        """The taught wordings (of a deck, of one card), oldest first."""
        sql = "SELECT * FROM wordings"
        clauses, params = [], []
        if deck_id is not None:
            clauses.append("deck_id = ?")
            params.append(deck_id)
        if card_id is not None:
            clauses.append("card_id = ?")
            params.append(card_id)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        return [_wording(row) for row in self._read(sql + " ORDER BY id", tuple(params))]

    def card_versions(self, deck_id: str | None = None) -> Iterator[tuple[str, str, str, int]]:
        """(deck, card, card hash, answers) for every card version answered since the
        hashes were kept (answers stored before have none and are not counted)."""
        where, params = ("AND deck_id = ?", (deck_id,)) if deck_id is not None else ("", ())
        rows = self._read(
            "SELECT deck_id, card_id, card_hash, COUNT(*) FROM attempts"
            f" WHERE card_hash IS NOT NULL {where} GROUP BY deck_id, card_id, card_hash",
            params,
        )
        for row in rows:
            yield row[0], row[1], row[2], row[3]


def _add(conn: sqlite3.Connection, wording: Wording) -> bool:
    other = WordingKind.REJECTED if wording.kind == WordingKind.ACCEPTED else WordingKind.ACCEPTED
    replaced = conn.execute(
        "DELETE FROM wordings WHERE deck_id = ? AND card_id = ? AND kind = ? AND text = ?",
        (wording.deck_id, wording.card_id, str(other), wording.text),
    ).rowcount
    conn.execute(
        "INSERT INTO wordings (deck_id, card_id, kind, text, points, taught_at, card_hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (deck_id, card_id, kind, text) DO UPDATE SET points = excluded.points",
        _values(wording),
    )
    return bool(replaced)


def _values(wording: Wording) -> tuple[Any, ...]:
    return (
        wording.deck_id,
        wording.card_id,
        str(wording.kind),
        wording.text,
        json.dumps(list(wording.points), ensure_ascii=False),
        iso(wording.taught_at),
        wording.card_hash,
    )


def _wording(row: sqlite3.Row) -> Wording:
    try:
        points = tuple(str(p) for p in json.loads(row["points"]))
    except (ValueError, TypeError):  # written by hand: cover every essential point
        points = ()
    return Wording(
        deck_id=row["deck_id"],
        card_id=row["card_id"],
        kind=WordingKind(row["kind"]),
        text=row["text"],
        taught_at=datetime.fromisoformat(row["taught_at"]),
        points=points,
        card_hash=row["card_hash"],
        id=row["id"],
    )
