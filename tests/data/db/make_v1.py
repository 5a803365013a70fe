"""How `v1.sqlite3` was made: mlquiz's own schema-1 code (commit e6e325e).

Run from a checkout at schema 1 (`git stash; git checkout e6e325e`):
`python tests/data/db/make_v1.py`. It refuses to run against a newer schema,
because the point of the fixture is a database written by the previous
version, migrations and all. The history: two decks, 11 answers over three
days in four sessions, with a skip, hints, an override and an unended
session, so every v1 column holds something.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from mlquiz.core.session import Attempt
from mlquiz.core.store import database as storage
from mlquiz.core.store import schema

HERE = Path(__file__).resolve().parent
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)

# (session, deck, card, day, minute, verdict, score, missed, hints, skipped, override, elapsed)
HISTORY = [
    ("s1", "tiny", "1", 0, 0, "correct", 1.0, [], 0, False, None, 6.0),
    ("s1", "tiny", "2", 0, 1, "incorrect", 0.0, ["model versions", "aliases"], 0, False, None, 9.5),
    ("s1", "tiny", "1", 0, 2, "partial", 0.4, ["logged as a unit"], 1, False, None, 14.0),
    ("s2", "tiny", "2", 1, 0, "partial", 0.6, ["aliases"], 0, False, "correct", 11.0),
    (
        "s2",
        "tiny",
        "1",
        1,
        1,
        "incorrect",
        0.0,
        ["single execution", "logged as a unit"],
        0,
        True,
        None,
        3.0,
    ),
    ("s2", "tiny", "3", 1, 2, "correct", 0.85, [], 1, False, None, 20.0),
    ("s3", "other", "a", 1, 30, "correct", 1.0, [], 0, False, None, 4.0),
    ("s3", "other", "b", 1, 31, "partial", 0.5, ["batch scoring"], 0, False, None, 30.0),
    (
        "s3",
        "other",
        "b",
        1,
        32,
        "incorrect",
        0.2,
        ["batch scoring", "Delta table version"],
        2,
        False,
        "partial",
        25.0,
    ),
    ("s4", "tiny", "2", 2, 0, "correct", 1.0, [], 0, False, None, 7.0),
    ("s4", "tiny", "1", 2, 1, "incorrect", 0.1, ["single execution"], 0, False, None, 12.0),
]
ENDED = {"s1", "s2", "s3"}  # s4 was left without ending (the game was killed)


def main() -> None:
    if schema.schema_version() != 1:
        raise SystemExit(f"run this at schema 1, not {schema.schema_version()}")
    path = HERE / "v1.sqlite3"
    path.unlink(missing_ok=True)
    with storage.Store(path) as store:
        seqs: dict[str, int] = {}
        starts: dict[str, datetime] = {}
        for row in HISTORY:
            session, deck, card, day, minute, verdict, score, missed, hints, skipped, over, el = row
            at = T0 + timedelta(days=day, minutes=minute)
            if session not in starts:
                starts[session] = at - timedelta(seconds=el)
                store.start_session(
                    session,
                    deck,
                    "review" if session == "s4" else "quiz",
                    starts[session],
                    {"count": None},
                )
            seq = seqs.get(session, 0)
            seqs[session] = seq + 1
            store.record_attempt(
                Attempt(
                    session_id=session,
                    deck_id=deck,
                    card_id=card,
                    seq=seq,
                    answer="" if skipped else f"answer {session}/{seq}",
                    verdict=verdict,
                    score=score,
                    found=(),
                    missed=tuple(missed),
                    contradicted=(),
                    confusion=None,
                    hints_used=hints,
                    skipped=skipped,
                    answered_at=at,
                    elapsed=el,
                    mode="review" if session == "s4" else "quiz",
                    override=None,
                )
            )
            if over:
                store.set_override(session, seq, over)
        for session in ENDED:
            store.end_session(session, T0 + timedelta(days=3))
    # Fold the WAL into the file so the fixture is one self-contained file.
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
