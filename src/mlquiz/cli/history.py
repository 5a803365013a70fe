"""The player's history from the command line: stats, backups, unsaved answers, export."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from mlquiz.cli_output import write_data
from mlquiz.core import locations
from mlquiz.core.decks.library import resolve_deck
from mlquiz.core.errors import (
    BackupError,
    DeckError,
    ExportError,
    StorageError,
    UnsavedFileError,
)
from mlquiz.core.fileio import output_target, write_atomic
from mlquiz.core.format import minutes, percent, plural


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
    _tell_rescues(service)
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
            f"incorrect (accuracy {percent(deck['accuracy'])}); "
            f"{plural(len(deck['missed']), 'card')} to review"
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
            lines.append(f"  streak: {plural(deck['streak'], 'day')}; time answering: {spent}")
        older = deck.get("older_versions") or {}
        if older.get("answers"):
            verb = "was" if older["answers"] == 1 else "were"
            lines.append(
                f"  {plural(older['answers'], 'answer')} {verb} graded on an older version of "
                f"{plural(older['cards'], 'card')} you edited since (they keep their verdicts)"
            )
        missed = deck.get("missed_points") or []
        if missed:
            # "; ": a label may hold commas.
            points = "; ".join(
                f"{p['label']} (card {p['card_id']}, {p['times']}x)" for p in missed[:5]
            )
            lines.append(f"  you keep missing: {points}")
    if "streak" in stats:
        lines.append(
            f"all decks: streak {plural(stats['streak'], 'day')}, "
            f"time answering {minutes(stats['seconds_total'])}"
        )
    return "".join(line + "\n" for line in lines)


def _tell_rescues(service: Any) -> None:
    """Say that a database found damaged while the command ran was replaced."""
    for notice in service.rescue.take_notices():
        print(f"mlquiz: {notice}", file=sys.stderr)


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
        _tell_rescues(service)
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
    refusal = _open_games_refusal(db_path)
    if refusal:
        print(refusal, file=sys.stderr)
        return 1
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


def _open_games_refusal(db_path: Any) -> str:
    """Why a restore must wait, naming each game that has the database open ("" if none).

    The game on screen would keep showing the old answers and write new ones
    over the restored file (see core/store/games.py)."""
    from mlquiz.core.store.games import open_games

    games = open_games(db_path)
    if not games:
        return ""
    which = "; ".join(str(game) for game in games)
    return (
        f"mlquiz: not restoring: {plural(len(games), 'game')} of mlquiz "
        f"{'has' if len(games) == 1 else 'have'} {db_path} open: {which}. "
        "Quit it (ctrl+q) and run the restore again."
    )


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
        if args.what == "wordings":
            export = _export_wordings(args, service)
        else:
            args.format = args.format or "anki"
            if args.format == "json":
                raise ExportError("json is for --what wordings; cards and answers: anki or csv")
            export = _build_export(args, service)
    except (ExportError, DeckError, StorageError) as exc:
        print(f"mlquiz export: {exc}", file=sys.stderr)
        return 1
    finally:
        service.close()
        _tell_rescues(service)
    noun = {"history": "answer", "wordings": "wording"}.get(export.what, "card")
    summary = f"exported {export.rows} {noun}{'' if export.rows == 1 else 's'} ({export.what})"
    if args.output in (None, "-"):
        write_data(export.text)
        print(summary, file=sys.stderr)
        return 0
    try:
        # Only a regular file is replaced (never /dev/null, a FIFO...), whole or not at all.
        write_atomic(output_target(args.output), export.text.encode("utf-8"))
    except OSError as exc:
        print(f"{args.output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{summary} as {export.format} to {args.output}")
    return 0


def _export_wordings(args: argparse.Namespace, service: Any) -> Any:
    """The wordings taught (of --deck), as JSON or CSV (`core/wordings_file.py`)."""
    from mlquiz.core.decks.export import Export

    args.format = args.format or "json"
    if args.format == "anki":
        raise ExportError("wordings are exported as json or csv")
    database = service.database_path
    if not database.exists():  # reading must not create an empty database
        raise ExportError(f"no wordings taught yet ({database} does not exist)")
    deck_id = None
    if args.deck:
        taught = {w.deck_id for w in service.store.wordings()}
        try:
            deck_id = _deck_id(args.deck, sorted(taught))
        except DeckError:
            deck_id = args.deck  # neither taught nor installed: an empty export says so
    guard = not getattr(args, "no_formula_guard", False)
    text, count = service.teaching.export_text(args.format, deck_id, guard)
    return Export(text=text, rows=count, what="wordings", format=args.format)


def _build_export(args: argparse.Namespace, service: Any) -> Any:
    from mlquiz.core.decks import export as exporters

    guard = not getattr(args, "no_formula_guard", False)
    if args.what == "all":
        if not args.deck:
            known = ", ".join(d.id for d in service.decks()) or "none"
            raise ExportError(f"--what all needs --deck ID (decks: {known})")
        deck = resolve_deck(args.deck)
        return exporters.export_cards(
            [(deck, c) for c in deck.cards], args.format, "all", formula_guard=guard
        )
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
        return exporters.export_cards(entries, args.format, "missed", formula_guard=guard)
    attempts = [a for i in deck_ids for a in store.attempts(i)]
    attempts.sort(key=lambda a: (a.get("answered_at", ""), a.get("id", 0)))
    return exporters.export_history(attempts, decks, args.format, formula_guard=guard)


def _deck_id(text: str, stored: list[str]) -> str:
    """A deck id for --deck: the stored id itself (its deck may be gone), or resolved."""
    return text if text in stored else resolve_deck(text).id
