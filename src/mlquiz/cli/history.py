"""The player's history from the command line: stats, backups, unsaved answers, export."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from mlquiz.core import locations
from mlquiz.core.decks.library import resolve_deck
from mlquiz.core.errors import (
    BackupError,
    DeckError,
    ExportError,
    StorageError,
    UnsavedFileError,
)
from mlquiz.core.format import minutes, plural


def cmd_stats(args: argparse.Namespace) -> int:
    """Per-deck totals from the database (keys documented in `Store.stats`)."""
    from mlquiz.service import GameService

    service = GameService()
    try:
        moved = service.open_store()
        stats = service.stats()
    except StorageError as exc:
        print(f"mlquiz: {exc}", file=sys.stderr)
        return 1
    finally:
        service.close()
    if moved is not None:
        print(_moved_aside_notice(moved), file=sys.stderr)
    if args.json:
        print(json.dumps(stats, indent=2, sort_keys=True))
        return 0
    print(_stats_text(stats), end="")
    return 0


def _stats_text(stats: dict[str, Any]) -> str:
    """The readable `mlquiz stats`: a few lines per deck, then the totals."""
    from datetime import datetime

    lines = []
    for deck_id, deck in stats["decks"].items():
        lines.append(
            f"{deck_id}: {plural(deck['attempts'], 'answer')} in "
            f"{plural(deck['sessions'], 'session')}, "
            f"{deck['correct']} correct, {deck['partial']} partial, {deck['incorrect']} "
            f"incorrect ({deck['accuracy']:.0%}); {plural(len(deck['missed']), 'card')} to review"
        )
        states = deck.get("states")
        if states:
            due = f"{deck['due_today']} due today"
            if deck.get("next_due"):
                when = datetime.fromisoformat(deck["next_due"]).astimezone()
                due += f", next at {when:%Y-%m-%d %H:%M}"
            lines.append(
                f"  cards: {states['new']} new, {states['learning']} learning, "
                f"{states['review']} in review, {states['mastered']} mastered; {due}"
            )
            spent = minutes(deck["seconds_total"])
            lines.append(f"  streak: {plural(deck['streak'], 'day')}; time spent: {spent}")
        missed = deck.get("missed_points") or []
        if missed:
            points = ", ".join(
                f"{p['label']} (card {p['card_id']}, {p['times']}x)" for p in missed[:5]
            )
            lines.append(f"  you keep missing: {points}")
    if "streak" in stats:
        lines.append(
            f"all decks: streak {plural(stats['streak'], 'day')}, "
            f"time spent {minutes(stats['seconds_total'])}"
        )
    return "".join(line + "\n" for line in lines)


def _moved_aside_notice(moved: Any) -> str:
    return (
        f"mlquiz: the answer database was damaged and has been moved to {moved}; "
        "a new one was started (`mlquiz restore` lists the backups)."
    )


# --------------------------------------------------------------------------
# mlquiz backup | restore [BACKUP]


def cmd_backup(args: argparse.Namespace) -> int:
    """Back the database up now (SQLite's backup API) and print the new file."""
    from mlquiz.core.clock import system_clock
    from mlquiz.core.store.backup import make_backup

    try:
        path = make_backup(locations.database_path(), now=system_clock())
    except BackupError as exc:
        print(f"mlquiz: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


def cmd_save_unsaved(args: argparse.Namespace) -> int:
    """Store the answers of mlquiz-unsaved files (written when the database refused them)."""
    from mlquiz.service import GameService

    service = GameService()
    status = 0
    try:
        try:
            moved = service.open_store()
        except StorageError as exc:
            print(f"mlquiz: {exc}", file=sys.stderr)
            return 1
        if moved is not None:
            print(_moved_aside_notice(moved), file=sys.stderr)
        for path in args.files:
            try:
                added, already = service.save_unsaved_file(path)
            except (UnsavedFileError, StorageError) as exc:
                print(f"mlquiz: {exc}", file=sys.stderr)
                status = 1
                continue
            print(
                f"{path}: {plural(added, 'answer')} saved to {service.database_path}"
                + (f", {already} already there" if already else "")
                + " (the file is kept; delete it when you like)"
            )
    finally:
        service.close()
    return status


def cmd_restore(args: argparse.Namespace) -> int:
    """List the backups, or put one back (after backing up the current database)."""
    from mlquiz.core.clock import system_clock
    from mlquiz.core.store.backup import (
        BEFORE_RESTORE_PREFIX,
        backup_dir,
        describe,
        find_backup,
        list_backups,
        restore_backup,
    )

    db_path = locations.database_path()
    if args.backup is None:
        backups = list_backups(db_path)
        before = list_backups(db_path, BEFORE_RESTORE_PREFIX)
        if not backups and not before:
            print(f"no backups yet in {db_path.parent / 'backups'} (make one: `mlquiz backup`)")
            return 0
        for title, paths in (
            (f"backups in {backup_dir(db_path)}, newest first:", backups),
            (f"the databases that restores replaced, in {backup_dir(db_path)}:", before),
        ):
            if not paths:
                continue
            print(title)
            for info in map(describe, paths):
                answers = "unreadable" if info.answers is None else plural(info.answers, "answer")
                print(
                    f"  {info.path.name}  {info.taken_at:%Y-%m-%d %H:%M} UTC  "
                    f"{answers}  {_size(info.size)}"
                )
        print("restore one with `mlquiz restore NAME` (`mlquiz restore latest`: the newest backup)")
        return 0
    try:
        backup = find_backup(db_path, args.backup)
        saved = restore_backup(db_path, backup, now=system_clock())
    except BackupError as exc:
        print(f"mlquiz: {exc}", file=sys.stderr)
        return 1
    print(f"restored {backup} into {db_path}")
    if saved is not None:
        print(f"the database it replaced was saved as {saved}")
    return 0


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


# --------------------------------------------------------------------------
# mlquiz deck import FILE | mlquiz export


def cmd_export(args: argparse.Namespace) -> int:
    """Write cards or answers as Anki TSV or CSV to -o FILE or standard output."""
    from mlquiz.service import GameService

    # The database is read through the service, as `mlquiz stats` does: one way
    # in (its checks, the daily backup, a damaged file moved aside and said so).
    service = GameService()
    try:
        export = _build_export(args, service)
    except (ExportError, DeckError, StorageError) as exc:
        print(f"mlquiz export: {exc}", file=sys.stderr)
        return 1
    finally:
        service.close()
    noun = "answer" if export.what == "history" else "card"
    summary = f"exported {export.rows} {noun}{'' if export.rows == 1 else 's'} ({export.what})"
    if args.output in (None, "-"):
        sys.stdout.write(export.text)
        print(summary, file=sys.stderr)
        return 0
    try:
        with open(args.output, "w", encoding="utf-8", newline="") as handle:
            handle.write(export.text)
    except OSError as exc:
        print(f"{args.output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{summary} as {export.format} to {args.output}")
    return 0


def _build_export(args: argparse.Namespace, service: Any) -> Any:
    from mlquiz.core.decks import export as exporters

    if args.what == "all":
        if not args.deck:
            known = ", ".join(d.id for d in service.decks()) or "none"
            raise ExportError(f"--what all needs --deck ID (decks: {known})")
        deck = resolve_deck(args.deck)
        return exporters.export_cards([(deck, c) for c in deck.cards], args.format, "all")
    database = service.database_path
    if not database.exists():  # reading must not create an empty database
        raise ExportError(f"no answers saved yet ({database} does not exist)")
    moved = service.open_store()
    if moved is not None:
        print(_moved_aside_notice(moved), file=sys.stderr)
    store = service.store
    stored = store.deck_ids()
    if args.deck:
        # Missed cards need the deck itself; the history of a deck gone since does not.
        deck_ids = [
            resolve_deck(args.deck).id if args.what == "missed" else _deck_id(args.deck, stored)
        ]
    else:
        deck_ids = stored
    decks = {d.id: d for d in service.decks() if d.id in deck_ids}
    if args.what == "missed":
        entries = [
            (decks[i], card)
            for i in deck_ids
            if i in decks
            for card in exporters.missed_cards(decks[i], store.missed(i))
        ]
        return exporters.export_cards(entries, args.format, "missed")
    attempts = [a for i in deck_ids for a in store.attempts(i)]
    attempts.sort(key=lambda a: (a.get("answered_at", ""), a.get("id", 0)))
    return exporters.export_history(attempts, decks, args.format)


def _deck_id(text: str, stored: list[str]) -> str:
    """A deck id for --deck: the stored id itself (its deck may be gone), or resolved."""
    return text if text in stored else resolve_deck(text).id
