"""The `mlquiz` command.

`mlquiz` with no subcommand starts the game. Subcommands each have one
`_cmd_*` function taking the parsed arguments and returning an exit code; to
add one, write its function and register it in `_build_parser` with
`_add_command`.

The UI is imported only when the game starts, so the subcommands stay fast
and work without a terminal.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from mlquiz import __version__
from mlquiz.core import locations
from mlquiz.core.decks.library import find_decks, load_deck, resolve_deck
from mlquiz.core.errors import DeckError

Handler = Callable[[argparse.Namespace], int]


# --------------------------------------------------------------------------
# The game


def _cmd_play(args: argparse.Namespace) -> int:
    if args.where:
        print(locations.data_dir())
        return 0
    from mlquiz.web import under_web_driver

    # A browser tab of `mlquiz serve`: its input and output are pipes to the server.
    problem = "" if under_web_driver() else _not_a_terminal()
    if problem:
        # Textual would wait for keys that never come (or draw into a file).
        print(
            f"mlquiz: the game needs a terminal, but {problem} is not one; "
            "for answers from a pipe or a file use `mlquiz grade`",
            file=sys.stderr,
        )
        return 2
    from mlquiz.ui.app import run

    return run(deck=args.deck)


def _not_a_terminal() -> str:
    """Which of standard input and output is not a terminal ("" if both are)."""
    for name, stream in (("standard input", sys.stdin), ("standard output", sys.stdout)):
        try:
            if stream is None or not stream.isatty():
                return name
        except (AttributeError, ValueError):  # replaced or closed
            return name
    return ""


# --------------------------------------------------------------------------
# mlquiz deck list | check


def _cmd_deck_list(args: argparse.Namespace) -> int:
    errors: list[DeckError] = []
    decks = find_decks(errors)
    out = sys.stdout
    if not decks and not errors:
        print(f"no decks found (put your own in {locations.user_decks_dir()})", file=out)
        return 0
    if decks:
        id_width = max(len(d.id) for d in decks)
        for deck in decks:
            count = f"{len(deck.cards)} card" + ("" if len(deck.cards) == 1 else "s")
            print(
                f"{deck.id:<{id_width}}  {count:>9}  {deck.title}  [{deck.source}: {deck.path}]",
                file=out,
            )
    for error in errors:
        print(f"broken deck: {error.problems[0]}", file=out)
        extra = len(error.problems) - 1
        if extra:
            print(f"  (and {extra} more; run `mlquiz deck check {error.path}`)", file=out)
    return 0


def _lint(deck: Any) -> list[Any]:
    """Warnings from the grader's deck lint."""
    from mlquiz.core.grading.lint import lint_deck

    try:
        return list(lint_deck(deck))
    except Exception as exc:  # a lint bug must not hide the check's verdict
        return [_LintFailure(f"lint failed: {type(exc).__name__}: {exc}")]


class _LintFailure:
    card_id = ""
    label = ""

    def __init__(self, message: str) -> None:
        self.message = message


def _cmd_deck_check(args: argparse.Namespace) -> int:
    status = 0
    for path in args.paths:
        try:
            deck = load_deck(path, source=path)
        except DeckError as exc:
            print(str(exc), file=sys.stderr)
            status = 1
            continue
        warnings = _lint(deck)
        cards = _plural(len(deck.cards), "card")
        print(f"{path}: ok: deck '{deck.id}', {cards}, {_plural(len(warnings), 'warning')}")
        for warning in warnings:
            where = ""
            card_id = getattr(warning, "card_id", "")
            label = getattr(warning, "label", "")
            if card_id:
                where += f'card "{card_id}": '
            if label:
                where += f'point "{label}": '
            print(f"{path}: warning: {where}{getattr(warning, 'message', warning)}")
    return status


# --------------------------------------------------------------------------
# mlquiz grade


def _cmd_grade(args: argparse.Namespace) -> int:
    try:
        deck = resolve_deck(args.deck)
    except DeckError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    from mlquiz.core.grading.grader import Grader

    grader = Grader(deck)
    # The deck, the grader and their caches live until exit: keep the garbage
    # collector from scanning them again on every collection of the batch.
    gc.freeze()
    if args.file in (None, "-"):
        # Bytes that are not UTF-8 become U+FFFD instead of killing the batch.
        if hasattr(sys.stdin, "reconfigure"):
            sys.stdin.reconfigure(encoding="utf-8", errors="replace")
        return _grade_lines(grader, deck, sys.stdin, sys.stdout, sys.stderr)
    try:
        with open(args.file, encoding="utf-8", errors="replace") as handle:
            return _grade_lines(grader, deck, handle, sys.stdout, sys.stderr)
    except OSError as exc:
        print(f"{args.file}: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return 1


def _grade_lines(grader: Any, deck: Any, lines: Iterable[str], out: IO[str], err: IO[str]) -> int:
    card_ids = {card.id for card in deck.cards}
    status = 0
    buffer: list[str] = []
    write = buffer.append
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        request, problem = _parse_request(line, card_ids)
        if problem:
            status = 1
            print(f"line {number}: {problem}", file=err)
            continue
        card_id, answer = request
        try:
            result = grader.grade(card_id, answer)
        except Exception as exc:  # one answer the grader chokes on must not lose the rest
            status = 1
            print(f"line {number}: could not grade: {type(exc).__name__}: {exc}", file=err)
            continue
        record = {
            "card": card_id,
            "verdict": str(result.verdict),
            "score": round(float(result.score), 3),
            "found": list(result.found),
            "missed": list(result.missed),
            "contradicted": list(result.contradicted),
            "confusion": result.confusion,
        }
        # ASCII JSON: safe whatever stdout's encoding, and for lone surrogates.
        write(json.dumps(record))
        # Flush in batches: a write per answer costs more than the grading.
        if len(buffer) >= 512:
            out.write("\n".join(buffer) + "\n")
            buffer.clear()
    if buffer:
        out.write("\n".join(buffer) + "\n")
    out.flush()
    return status


def _parse_request(line: str, card_ids: set[str]) -> tuple[Any, str]:
    try:
        data = json.loads(line)
    except ValueError as exc:
        return None, f"not valid JSON ({exc})"
    if not isinstance(data, dict):
        return None, 'expected a JSON object like {"card": "1", "answer": "..."}'
    card_id = data.get("card")
    answer = data.get("answer")
    if not isinstance(card_id, str):
        return None, "'card' must be a string (a card id)"
    if not isinstance(answer, str):
        return None, "'answer' must be a string"
    if card_id not in card_ids:
        return None, f"unknown card id {card_id!r}"
    return (card_id, answer), ""


# --------------------------------------------------------------------------
# mlquiz stats [--json]


def _cmd_stats(args: argparse.Namespace) -> int:
    """Per-deck totals from the database (keys documented in `Store.stats`)."""
    from mlquiz.core.storage import StorageError
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
            f"{deck_id}: {_plural(deck['attempts'], 'answer')} in "
            f"{_plural(deck['sessions'], 'session')}, "
            f"{deck['correct']} correct, {deck['partial']} partial, {deck['incorrect']} "
            f"incorrect ({deck['accuracy']:.0%}); {_plural(len(deck['missed']), 'card')} to review"
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
            lines.append(
                f"  streak: {_days(deck['streak'])}; time spent: {_duration(deck['seconds_total'])}"
            )
        missed = deck.get("missed_points") or []
        if missed:
            points = ", ".join(
                f"{p['label']} (card {p['card_id']}, {p['times']}x)" for p in missed[:5]
            )
            lines.append(f"  you keep missing: {points}")
    if "streak" in stats:
        lines.append(
            f"all decks: streak {_days(stats['streak'])}, "
            f"time spent {_duration(stats['seconds_total'])}"
        )
    return "".join(line + "\n" for line in lines)


def _days(n: int) -> str:
    return f"{n} day" + ("" if n == 1 else "s")


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _moved_aside_notice(moved: Any) -> str:
    return (
        f"mlquiz: the answer database was damaged and has been moved to {moved}; "
        "a new one was started (`mlquiz restore` lists the backups)."
    )


# --------------------------------------------------------------------------
# mlquiz backup | restore [BACKUP]


def _cmd_backup(args: argparse.Namespace) -> int:
    """Back the database up now (SQLite's backup API) and print the new file."""
    from mlquiz.core.backup import BackupError, make_backup
    from mlquiz.core.clock import system_clock

    try:
        path = make_backup(locations.database_path(), now=system_clock())
    except BackupError as exc:
        print(f"mlquiz: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


def _cmd_save_unsaved(args: argparse.Namespace) -> int:
    """Store the answers of mlquiz-unsaved files (written when the database refused them)."""
    from mlquiz.core.storage import StorageError
    from mlquiz.core.unsaved import UnsavedFileError
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
                f"{path}: {_plural(added, 'answer')} saved to {service.database_path}"
                + (f", {already} already there" if already else "")
                + " (the file is kept; delete it when you like)"
            )
    finally:
        service.close()
    return status


def _cmd_restore(args: argparse.Namespace) -> int:
    """List the backups, or put one back (after backing up the current database)."""
    from mlquiz.core.backup import (
        BEFORE_RESTORE_PREFIX,
        BackupError,
        backup_dir,
        describe,
        find_backup,
        list_backups,
        restore_backup,
    )
    from mlquiz.core.clock import system_clock

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
                answers = "unreadable" if info.answers is None else _plural(info.answers, "answer")
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


def _cmd_deck_import(args: argparse.Namespace) -> int:
    """Import a deck from another tool into the user's decks folder (or -o FILE)."""
    from pathlib import Path

    from mlquiz.core.decks.importing.build import import_deck, user_deck_path, write_deck_file
    from mlquiz.core.errors import DeckImportError

    try:
        result = import_deck(
            args.file,
            args.format,
            deck_id=args.id,
            title=args.title,
            term_sep=args.term_sep,
            card_sep=args.card_sep,
        )
        for warning in result.warnings:
            print(warning, file=sys.stderr)
        target = Path(args.output) if args.output else user_deck_path(result.deck.id)
        if not args.output:
            # A second deck with the same id would be skipped by the deck list.
            for other in find_decks():
                if other.id == result.deck.id and Path(other.path).resolve() != target.resolve():
                    print(
                        f"{args.file}: deck id '{other.id}' is already used by {other.source} "
                        f"deck {other.path}; choose another with --id",
                        file=sys.stderr,
                    )
                    return 1
        write_deck_file(result.toml, target, force=args.force)
    except DeckImportError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug of ours: still a message, never a traceback
        print(
            f"{args.file}: import failed ({type(exc).__name__}: {exc}); "
            "this is a bug in mlquiz, please report it",
            file=sys.stderr,
        )
        return 1
    count = len(result.deck.cards)
    print(
        f"imported {count} card{'' if count == 1 else 's'} from {args.file} "
        f"({result.format} format) as deck '{result.deck.id}': {target}"
    )
    play = result.deck.id if not args.output else str(target)
    print(f"play it with: mlquiz --deck {play}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    """Write cards or answers as Anki TSV or CSV to -o FILE or standard output."""
    from mlquiz.core.decks.export import ExportError
    from mlquiz.core.storage import StorageError
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
            raise exporters.ExportError(f"--what all needs --deck ID (decks: {known})")
        deck = resolve_deck(args.deck)
        return exporters.export_cards([(deck, c) for c in deck.cards], args.format, "all")
    database = service.database_path
    if not database.exists():  # reading must not create an empty database
        raise exporters.ExportError(f"no answers saved yet ({database} does not exist)")
    moved = service.open_store()
    if moved is not None:
        print(_moved_aside_notice(moved), file=sys.stderr)
    store = service.store
    stored = store.deck_ids()
    if args.deck:
        deck = resolve_deck(args.deck) if args.what == "missed" else None
        deck_ids = [deck.id if deck else _deck_id(args.deck, stored)]
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


def _add_import_export(commands: Any, deck_commands: Any) -> None:
    from mlquiz.core.decks.export import EXPORT_FORMATS, EXPORT_WHAT
    from mlquiz.core.decks.importing.detect import FORMATS

    deck_import = _add_command(
        deck_commands,
        "import",
        _cmd_deck_import,
        "import a deck from Anki, Quizlet, CSV, Markdown or flashcard-site text; "
        "key points are derived from the answers",
    )
    deck_import.add_argument("file", metavar="FILE")
    deck_import.add_argument("--format", choices=("auto", *FORMATS), default="auto")
    deck_import.add_argument(
        "-o", "--output", metavar="OUT.toml", help="write here (default: your decks folder)"
    )
    deck_import.add_argument("--id", help="the deck's id (default: from its title)")
    deck_import.add_argument("--title", help="the deck's title (default: from the file)")
    deck_import.add_argument("--force", action="store_true", help="replace an existing file")
    deck_import.add_argument(
        "--term-sep", default="\\t", metavar="SEP", help="quizlet: between term and definition"
    )
    deck_import.add_argument(
        "--card-sep", default="\\n", metavar="SEP", help="quizlet: between cards"
    )
    export = _add_command(
        commands,
        "export",
        _cmd_export,
        "export a deck's cards, your missed cards or your answer history as Anki TSV or CSV",
    )
    export.add_argument("--what", choices=EXPORT_WHAT, default="missed")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="anki")
    export.add_argument("--deck", metavar="DECK", help="deck id or path (default: every deck)")
    export.add_argument("-o", "--output", metavar="FILE", help="default: standard output")


# --------------------------------------------------------------------------
# mlquiz serve (the browser game, in web.py)


def _cmd_serve(args: argparse.Namespace) -> int:
    from mlquiz.web import serve

    return serve(args.host, args.port, args.deck, args.allow_remote)


# --------------------------------------------------------------------------
# The parser


def _add_command(
    subparsers: Any, name: str, handler: Handler, help: str, **kwargs: Any
) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help=help, description=help, **kwargs)
    parser.set_defaults(handler=handler)
    return parser


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlquiz",
        description="A terminal quiz that grades typed answers by their key points. "
        "With no command, starts the game.",
    )
    parser.add_argument("--version", action="version", version=f"mlquiz {__version__}")
    parser.add_argument("--where", action="store_true", help="print the data directory and exit")
    parser.add_argument("--deck", metavar="DECK", help="start the game on this deck (id or path)")
    parser.set_defaults(handler=_cmd_play)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    deck = _add_command(commands, "deck", _cmd_deck_help, "list, check or import decks")
    deck_commands = deck.add_subparsers(title="commands", metavar="COMMAND")
    _add_command(deck_commands, "list", _cmd_deck_list, "list every deck found")
    check = _add_command(
        deck_commands, "check", _cmd_deck_check, "validate deck files (exit 1 if any is broken)"
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
    deck.set_defaults(deck_parser=deck)
    _add_import_export(commands, deck_commands)

    grade = _add_command(
        commands,
        "grade",
        _cmd_grade,
        'grade answers given as JSON lines {"card": ID, "answer": TEXT}; '
        "prints one JSON verdict per line",
    )
    grade.add_argument("--deck", required=True, metavar="DECK", help="deck id or path")
    grade.add_argument("file", nargs="?", metavar="FILE", help="JSON lines file (default stdin)")
    _add_command(commands, "stats", _cmd_stats, "show progress per deck").add_argument(
        "--json", action="store_true", help="print the numbers as JSON"
    )
    _add_command(commands, "backup", _cmd_backup, "back up the answer database now")
    _add_command(
        commands,
        "restore",
        _cmd_restore,
        "list the backups, or restore one (the current database is kept as "
        "backups/before-restore-<time>.sqlite3 first)",
    ).add_argument("backup", nargs="?", metavar="BACKUP", help="a backup's name, path or 'latest'")
    _add_command(
        commands,
        "save-unsaved",
        _cmd_save_unsaved,
        "store the answers of mlquiz-unsaved-*.json files, written when the database "
        "could not take them",
    ).add_argument("files", nargs="+", metavar="FILE")
    from mlquiz import web

    web.add_arguments(_add_command(commands, "serve", _cmd_serve, web.HELP))
    return parser


def _cmd_deck_help(args: argparse.Namespace) -> int:
    args.deck_parser.print_help(sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv:
        args = _build_parser().parse_args(argv)
    else:
        # Plain `mlquiz` starts the game: skip building every subcommand's
        # parser (and importing the import/export modules for their choices),
        # which would delay the menu by ~30 ms (see bench/startup.py).
        args = argparse.Namespace(handler=_cmd_play, where=False, deck=None)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # e.g. `mlquiz grade ... | head`: the reader left; not an error of ours.
        return 0


if __name__ == "__main__":
    sys.exit(main())


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
