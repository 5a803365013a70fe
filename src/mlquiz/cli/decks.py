"""`mlquiz deck list | check | import`: the decks on this machine, and new ones."""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import Any

from mlquiz.cli_output import OutputError
from mlquiz.core import locations
from mlquiz.core.decks.library import read_deck_file, scan_index
from mlquiz.core.decks.overlay import BUILTIN_EDITED, overlay_path
from mlquiz.core.errors import DeckError, DeckImportError, StorageError
from mlquiz.core.format import plural


def cmd_deck_list(args: argparse.Namespace) -> int:
    scan = scan_index()  # the deck index: no card is read
    decks, errors = scan.infos, scan.errors
    out = sys.stdout
    if not decks and not errors:
        print(f"no decks found (put your own in {locations.user_decks_dir()})", file=out)
        return 0
    if decks:
        id_width = max(len(d.id) for d in decks)
        for deck in decks:
            count = plural(deck.card_count, "card")
            where = f"{deck.source}: {deck.path}"
            if deck.source == BUILTIN_EDITED:
                where += f"; your edits: {overlay_path(deck.id)}"
            print(f"{deck.id:<{id_width}}  {count:>9}  {deck.title}  [{where}]", file=out)
    for error in errors:
        print(f"broken deck: {error.problems[0]}", file=out)
        extra = len(error.problems) - 1
        if extra:
            print(f"  (and {extra} more; run `mlquiz deck check {error.path}`)", file=out)
    return 0


def _lint(lint: Any) -> list[Any]:
    """Warnings from the grader's deck lint, once every card was added to it."""
    try:
        return list(lint.warnings())
    except Exception as exc:  # a lint bug must not hide the check's verdict
        return [_LintFailure(f"lint failed: {type(exc).__name__}: {exc}")]


class _LintFailure:
    card_id = ""
    label = ""

    def __init__(self, message: str) -> None:
        self.message = message


class _FailedLint:
    """Stands for a lint that raised while a card was added: the check goes on."""

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def add(self, card: Any) -> None:
        pass

    def warnings(self) -> list[Any]:
        exc = self.exc
        return [_LintFailure(f"lint failed: {type(exc).__name__}: {exc}")]


def cmd_deck_check(args: argparse.Namespace) -> int:
    import gc

    # Parsing and linting a big deck makes millions of objects and frees them
    # by reference counting, without cycles: the cyclic collector's passes over
    # them were a third of the parse of a 100,000-card deck, for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _check_decks(args)
    finally:
        if enabled:
            gc.enable()


def _check_decks(args: argparse.Namespace) -> int:
    from mlquiz.core.decks.stream import DeckStream, Unstreamable

    status = 0
    for path in args.paths:
        try:
            data = read_deck_file(path, getattr(args, "max_size", None))
            try:
                _check_deck(DeckStream(data, path, source=path), path)
            except Unstreamable:
                _check_deck(DeckStream(data, path, source=path, whole=True), path)
        except DeckError as exc:
            print(str(exc), file=sys.stderr)
            status = 1
        finally:
            data = b""  # a big deck's bytes are not kept while the next is read
    return status


def _check_deck(stream: Any, path: str) -> None:
    """Print what `deck check` says of a valid deck, read one card table at a time
    (`core/decks/stream.py`): its control characters and lint warnings; DeckError
    (before anything is printed) if the deck has a problem."""
    from mlquiz.core.decks.controls import head_control_warnings, table_control_warnings
    from mlquiz.core.grading.lint import DeckLint

    controls: list[Any] = []
    lint: Any = DeckLint(stream.head.glossary)
    cards = 0
    for table in stream.tables():
        cards += len(table.cards)
        if not table.clean:  # (a clean table's fields hold no control: none to look at)
            controls += table_control_warnings(
                table.cards[0], table.index, table.lines, path, table.text
            )
        for card in table.cards:
            try:
                lint.add(card)
            except Exception as exc:  # a lint bug must not hide the check's verdict
                lint = _FailedLint(exc)
    # Only now is the deck known valid: its own fields are all there.
    controls = head_control_warnings(stream.head, stream.head_lines, path) + controls
    controls.sort(key=lambda p: p.line or 0)
    warnings = _lint(lint)
    count = plural(len(warnings) + len(controls), "warning")
    lines = [f"{path}: ok: deck '{stream.head.id}', {plural(cards, 'card')}, {count}"]
    for problem in controls:
        where = f"{path}:{problem.line}" if problem.line else path
        lines.append(f"{where}: warning: {problem.problem}")
    for warning in warnings:
        where = ""
        card_id = getattr(warning, "card_id", "")
        label = getattr(warning, "label", "")
        if card_id:
            where += f'card "{card_id}": '
        if label:
            where += f'point "{label}": '
        lines.append(f"{path}: warning: {where}{getattr(warning, 'message', warning)}")
    # Written a few thousand lines at a time: a print per line (two writes, each
    # made safe for a terminal) was a tenth of the check of a big deck.
    for start in range(0, len(lines), _LINES_PER_WRITE):
        sys.stdout.write("\n".join(lines[start : start + _LINES_PER_WRITE]) + "\n")


_LINES_PER_WRITE = 4096


def cmd_deck_import(args: argparse.Namespace) -> int:
    """Import a deck from another tool into the user's decks folder (or -o FILE)."""
    from pathlib import Path

    from mlquiz.core.decks.importing.build import import_deck, user_deck_path, write_deck_file

    if _is_wordings_file(args.file):
        # A file `mlquiz export --what wordings` wrote: its wordings come back.
        print(f"{args.file} holds taught wordings, not a deck: importing them", file=sys.stderr)
        return _import_wordings(args.file)
    try:
        result = import_deck(
            args.file,
            args.format,
            deck_id=args.id,
            title=args.title,
            term_sep=args.term_sep,
            card_sep=args.card_sep,
            limit=getattr(args, "max_size", None),
        )
        _print_warnings(result.warnings)
        if args.preview:
            _print_preview(result)
            return 0
        target = Path(args.output) if args.output else user_deck_path(result.deck.id)
        if not args.output:
            data = locations.data_dir()
            if data.exists() and not data.is_dir():
                raise DeckImportError(
                    target,
                    None,
                    f"the data folder {data} is a file, not a folder "
                    "(is MLQUIZ_DATA_DIR set to a file?); give -o to write elsewhere",
                )
            # A second deck with the same id would be skipped by the deck list.
            for other in scan_index().infos:
                if other.id == result.deck.id and Path(other.path).resolve() != target.resolve():
                    print(
                        f"{args.file}: deck id '{other.id}' is already used by {other.source} "
                        f"deck {other.path}; choose another with --id",
                        file=sys.stderr,
                    )
                    return 1
        if not args.output and not args.force and target.exists():
            # Another file of the same name (or title) imported earlier: --force would
            # replace that deck, which is rarely what is meant.
            print(
                f"{args.file}: a deck '{result.deck.id}' is already in your decks folder "
                f"({target}); import this one as another deck with --title or --id, or "
                "replace it with --force",
                file=sys.stderr,
            )
            return 1
        write_deck_file(result.toml, target, force=args.force)
    except DeckImportError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OutputError:
        raise  # `--preview | head`: the reader left; main() says so, no bug of ours
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
    if result.summary is not None:
        print(result.summary)
        if result.summary.point_warnings:
            print(f"see the key-point warnings with: mlquiz deck check {shlex.quote(str(target))}")
    play = result.deck.id if not args.output else str(target)
    print(f"play it with: mlquiz --deck {play}")
    return 0


def _import_wordings(path: str) -> int:
    """As `mlquiz wording import PATH` (its module is not imported from here: the
    command modules never import each other)."""
    from mlquiz.core.wording import WordingError
    from mlquiz.service import GameService

    service = GameService()
    try:
        report = service.teaching.import_file(path)
    except (WordingError, StorageError) as exc:
        print(f"mlquiz: {exc}", file=sys.stderr)
        return 1
    finally:
        service.close()
    for problem in report.problems:
        print(problem, file=sys.stderr)
    for line in report.summary(path):
        print(line)
    return 1 if report.problems else 0


def _is_wordings_file(path: str) -> bool:
    import os
    import stat

    from mlquiz.core.wordings_file import looks_like_wordings

    try:
        # Only a regular file is sniffed: opening a FIFO would wait for a writer and
        # a device could be endless (the importer refuses both, saying why).
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, encoding="utf-8", errors="replace") as handle:
            return looks_like_wordings(handle.read(4096))
    except OSError:
        return False  # the importer says what is wrong with it


# A file with thousands of bad rows must not bury the summary.
MAX_WARNINGS_SHOWN = 20


def _print_warnings(warnings: list[str]) -> None:
    for warning in warnings[:MAX_WARNINGS_SHOWN]:
        print(warning, file=sys.stderr)
    if len(warnings) > MAX_WARNINGS_SHOWN:
        rest = len(warnings) - MAX_WARNINGS_SHOWN
        print(f"... and {plural(rest, 'more warning')}", file=sys.stderr)


def _print_preview(result: Any) -> None:
    """A few cards of the import as they would grade; nothing is written."""
    from mlquiz.core.decks.importing.preview import preview_deck

    deck = result.deck
    print(
        f"preview of {plural(len(deck.cards), 'card')} read as {result.format}: "
        f"deck '{deck.id}' ({deck.title}); nothing was written"
    )
    if result.summary is not None:
        print(result.summary)
    for item in preview_deck(deck):
        card = item.card
        print()
        print(f"card {card.id}: {_one_line(card.question)}")
        print(f"  answer: {_one_line(card.answer, 160)}")
        for point in item.points:
            kind = "essential" if point.required else "optional"
            if point.need > 1:
                kind += f", any {point.need} of {len(point.phrases)}"
            phrases = " / ".join(point.phrases[:3]) + (" / ..." if len(point.phrases) > 3 else "")
            print(f"  - {point.label} ({kind}): {phrases}")
        print(f"  the reference answer grades {item.reference.verdict}")
        terse = item.terse_grade
        why = f" ({terse.reasons[0]})" if terse.reasons else ""
        print(f"  “{item.terse}” grades {terse.verdict}{why}")
    print()
    print("import it without --preview to write the deck")


def _one_line(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
