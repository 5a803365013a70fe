"""The `mlquiz` command.

`mlquiz` with no subcommand starts the game. Subcommands each have one
`cmd_*` function taking the parsed arguments and returning an exit code, in
the module of their kind: `decks.py` (deck list, check, import), `grade.py`,
`history.py` (stats, backup, restore, save-unsaved, export), `wordings.py`
(wording add, list, remove, import; deck reset), `optimize.py`. To add one,
write its function and register it in `_build_parser` with `_add_command`.

The UI is imported only when the game starts, and a subcommand's module only
when that subcommand runs (`_lazy`: building the parser imported every one,
25-45 ms of each command's start), so plain `mlquiz` reaches the menu sooner,
`mlquiz --help` and each subcommand start sooner, and the subcommands work
without a terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from mlquiz import __version__
from mlquiz.core import locations

if TYPE_CHECKING:
    # Imported where a parser is built: plain `mlquiz` (the game) parses nothing.
    import argparse

Handler = Callable[["argparse.Namespace"], int]


def _lazy(module: str, name: str) -> Handler:
    """The handler `name` of `mlquiz.cli.<module>`, its module imported when it runs."""

    def handler(args: argparse.Namespace) -> int:
        from importlib import import_module

        command: Handler = getattr(import_module(f"mlquiz.cli.{module}"), name)
        return command(args)

    handler.__qualname__ = handler.__name__ = name
    return handler


# --------------------------------------------------------------------------
# The game


def _cmd_play(args: argparse.Namespace) -> int:
    if args.where:
        print(locations.data_dir())
        return 0
    from mlquiz.web import under_web_driver

    # A browser tab of `mlquiz serve`: its input and output are pipes to the server.
    web = under_web_driver()
    if not web and os.environ.get("TERM", "").strip().lower() == "dumb":
        # Textual would send colours and cursor moves a dumb terminal prints as junk
        # (an editor's shell buffer, a bare serial console): say so instead.
        print(
            "mlquiz: this terminal (TERM=dumb) cannot show the game, which needs cursor "
            "movement; run mlquiz in a terminal emulator, or use `mlquiz grade` for "
            "answers from a file",
            file=sys.stderr,
        )
        return 2
    problem = "" if web else _not_a_terminal()
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


def _add_import_export(commands: Any, deck_commands: Any) -> None:
    from mlquiz.core.decks.export_formats import EXPORT_FORMATS, EXPORT_WHAT
    from mlquiz.core.decks.importing.formats import FORMAT_HELP, FORMATS

    deck_import = _add_command(
        deck_commands,
        "import",
        _lazy("decks", "cmd_deck_import"),
        "import a deck from Anki (.apkg or text), Quizlet, CSV, Markdown, Mochi or "
        "flashcard-site text; key points are derived from the answers",
    )
    deck_import.add_argument("file", metavar="FILE")
    deck_import.add_argument(
        "--format",
        choices=("auto", *FORMATS),
        default="auto",
        help="auto (the default) tells the format from the file; "
        + "; ".join(f"{name}: {FORMAT_HELP[name]}" for name in FORMATS),
    )
    deck_import.add_argument(
        "-o", "--output", metavar="OUT.toml", help="write here (default: your decks folder)"
    )
    deck_import.add_argument("--id", help="the deck's id (default: from its title)")
    deck_import.add_argument("--title", help="the deck's title (default: from the file)")
    deck_import.add_argument("--force", action="store_true", help="replace an existing file")
    deck_import.add_argument(
        "--preview",
        action="store_true",
        help="show a few cards with their derived key points and how the reference "
        "and a terse version of it grade; write nothing",
    )
    deck_import.add_argument(
        "--term-sep", default="\\t", metavar="SEP", help="quizlet: between term and definition"
    )
    deck_import.add_argument(
        "--card-sep", default="\\n", metavar="SEP", help="quizlet: between cards"
    )
    _add_max_size(deck_import)
    export = _add_command(
        commands,
        "export",
        _lazy("history", "cmd_export"),
        "export a deck's cards, your missed cards or your answer history as Anki TSV or CSV, "
        "or the wordings you taught as JSON or CSV",
    )
    export.add_argument(
        "--what",
        choices=(*EXPORT_WHAT, "wordings"),
        default="missed",
        help="missed: the cards you missed last time (default); all: every card of "
        "--deck; history: every answer you gave; wordings: the wordings you taught",
    )
    export.add_argument(
        "--format",
        choices=(*EXPORT_FORMATS, "json"),
        help="anki: tab-separated notes Anki imports (File > Import) (the default); "
        "csv: a CSV file with a header row; wordings: json (the default) or csv",
    )
    export.add_argument("--deck", metavar="DECK", help="deck id or path (default: every deck)")
    export.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    export.add_argument(
        "--no-formula-guard",
        action="store_true",
        help="csv: write cells starting with = + - @ as they are (by default they get a ' "
        "in front, so a spreadsheet does not run them; mlquiz's import reads either)",
    )


def _add_wording_commands(commands: Any, deck_commands: Any) -> None:
    """Register `wording ...` and `deck reset` (wordings.py)."""
    add = _add_command
    reset = add(
        deck_commands,
        "reset",
        _lazy("wordings", "cmd_deck_reset"),
        "drop your edits to a built-in deck (they are kept in backups/decks/)",
    )
    reset.add_argument("id", metavar="ID")
    wording = add(
        commands,
        "wording",
        _cmd_wording_help,
        "wordings the grader accepts (or treats as wrong) for a card, taught by you",
    )
    sub = wording.add_subparsers(title="commands", metavar="COMMAND")
    wording.set_defaults(wording_parser=wording)
    adding = add(
        sub,
        "add",
        _lazy("wordings", "cmd_wording_add"),
        "accept a wording for a card from now on (--wrong: treat answers like it as wrong)",
    )
    adding.add_argument("--deck", required=True, metavar="DECK", help="deck id or path")
    adding.add_argument("--card", required=True, metavar="ID")
    adding.add_argument("--wrong", action="store_true", help="answers like it are partial at most")
    adding.add_argument(
        "--point",
        dest="points",
        action="append",
        metavar="LABEL",
        help="a key point it says (repeat; default: every essential point)",
    )
    adding.add_argument("text", metavar="TEXT")
    listing = add(
        sub,
        "list",
        _lazy("wordings", "cmd_wording_list"),
        "list the wordings you taught, orphans too",
    )
    listing.add_argument("--deck", metavar="DECK")
    listing.add_argument("--card", metavar="ID")
    removing = add(
        sub, "remove", _lazy("wordings", "cmd_wording_remove"), "forget a wording you taught"
    )
    removing.add_argument("--deck", required=True, metavar="DECK")
    removing.add_argument("--card", required=True, metavar="ID")
    removing.add_argument("text", metavar="TEXT")
    importing = add(
        sub,
        "import",
        _lazy("wordings", "cmd_wording_import"),
        "store the wordings of a file `mlquiz export` wrote",
    )
    importing.add_argument("file", metavar="FILE")


def _cmd_wording_help(args: argparse.Namespace) -> int:
    args.wording_parser.print_help(sys.stderr)
    return 2


# --------------------------------------------------------------------------
# The parser


def _add_max_size(parser: argparse.ArgumentParser) -> None:
    from mlquiz.core.fileio import DEFAULT_READ_LIMIT_MB, READ_LIMIT_ENV

    parser.add_argument(
        "--max-size",
        type=_megabytes,
        metavar="MB",
        help=f"read files up to MB megabytes (default {DEFAULT_READ_LIMIT_MB}, "
        f"or {READ_LIMIT_ENV})",
    )


def _megabytes(text: str) -> int:
    import argparse

    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"not a size in megabytes: {text!r}")
    return int(value * 1024 * 1024)


def _add_command(
    subparsers: Any, name: str, handler: Handler, help: str, **kwargs: Any
) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help=help, description=help, **kwargs)
    parser.set_defaults(handler=handler)
    return parser


def _build_parser() -> argparse.ArgumentParser:
    import argparse

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

    deck = _add_command(commands, "deck", _cmd_deck_help, "list, check, import or reset decks")
    deck_commands = deck.add_subparsers(title="commands", metavar="COMMAND")
    _add_command(deck_commands, "list", _lazy("decks", "cmd_deck_list"), "list every deck found")
    check = _add_command(
        deck_commands,
        "check",
        _lazy("decks", "cmd_deck_check"),
        "validate deck files (exit 1 if any is broken)",
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
    _add_max_size(check)
    deck.set_defaults(deck_parser=deck)
    _add_import_export(commands, deck_commands)
    _add_wording_commands(commands, deck_commands)

    grade = _add_command(
        commands,
        "grade",
        _lazy("grade", "cmd_grade"),
        'grade answers given as JSON lines {"card": ID, "answer": TEXT}; '
        "prints one JSON verdict per line",
    )
    grade.add_argument("--deck", required=True, metavar="DECK", help="deck id or path")
    grade.add_argument("file", nargs="?", metavar="FILE", help="JSON lines file (default stdin)")
    grade.add_argument(
        "--no-wordings",
        action="store_true",
        help="grade without the wordings you taught (`mlquiz wording list`)",
    )
    _add_command(
        commands, "stats", _lazy("history", "cmd_stats"), "show progress per deck"
    ).add_argument("--json", action="store_true", help="print the numbers as JSON")
    _add_command(
        commands, "backup", _lazy("history", "cmd_backup"), "back up the answer database now"
    )
    _add_command(
        commands,
        "restore",
        _lazy("history", "cmd_restore"),
        "list the backups, or restore one (the current database is kept as "
        "backups/before-restore-<time>.sqlite3 first)",
    ).add_argument("backup", nargs="?", metavar="BACKUP", help="a backup's name, path or 'latest'")
    _add_command(
        commands,
        "save-unsaved",
        _lazy("history", "cmd_save_unsaved"),
        "store the answers of mlquiz-unsaved-*.json files, written when the database "
        "could not take them",
    ).add_argument("files", nargs="+", metavar="FILE")
    optimize = _add_command(
        commands,
        "optimize",
        _lazy("optimize", "cmd_optimize"),
        "fit FSRS's parameters to your answers to a deck and reschedule it "
        "(needs `pip install 'mlquiz[optimizer]'`)",
    )
    optimize.add_argument("--deck", required=True, metavar="DECK", help="deck id")
    optimize.add_argument(
        "--reset", action="store_true", help="go back to FSRS's default parameters"
    )
    from mlquiz import web

    web.add_arguments(_add_command(commands, "serve", _cmd_serve, web.HELP))
    return parser


def _cmd_serve(args: argparse.Namespace) -> int:
    """mlquiz serve: the browser game (web.py)."""
    from mlquiz.web import serve

    return serve(args.host, args.port, args.deck, args.allow_remote)


def _cmd_deck_help(args: argparse.Namespace) -> int:
    args.deck_parser.print_help(sys.stderr)
    return 2


def _game_arguments(argv: list[str]) -> SimpleNamespace | None:
    """The game's arguments when `argv` is plain `mlquiz` or `mlquiz --deck DECK`, read
    as argparse would read them; None for anything else (a command, help, a typo).

    Starting the game skips building every subcommand's parser (and importing the
    import/export modules for their choices), which would delay the menu by ~30 ms,
    and argparse itself (~2 ms and 0.3 MiB with gettext; see bench/startup.py). The
    handler reads its arguments by name, as from argparse's Namespace.
    """
    deck = None
    if len(argv) == 2 and argv[0] == "--deck":
        deck = argv[1]
    elif len(argv) == 1 and argv[0].startswith("--deck="):
        deck = argv[0].removeprefix("--deck=")
    elif argv:
        return None
    if deck is not None and (not deck or deck.startswith("-")):
        return None  # argparse's own message ("expected one argument") or its reading
    return SimpleNamespace(handler=_cmd_play, where=False, deck=deck)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args: argparse.Namespace | SimpleNamespace | None = _game_arguments(argv)
    if args is None:
        args = _build_parser().parse_args(argv)
    from mlquiz.cli_output import OutputError, output_failed, wrap_standard_streams
    from mlquiz.logfile import start_log

    start_log(locations.data_dir())

    # Every line printed is made safe for a terminal, and a write that fails
    # (a full disk, a closed pipe) is one message, not a traceback.
    originals = wrap_standard_streams()
    try:
        status = args.handler(args)
        sys.stdout.flush()  # here, where a failure is caught, not at exit
        return status
    except KeyboardInterrupt:
        return 130
    except OutputError as error:
        # e.g. `mlquiz grade ... | head`: the reader left; not an error of ours.
        return output_failed(error)
    except BrokenPipeError:
        return 0
    finally:
        sys.stdout, sys.stderr = originals
