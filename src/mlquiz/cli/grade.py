"""`mlquiz grade`: answers in bulk, one JSON line in and one verdict out per answer."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Iterable
from typing import IO, Any

from mlquiz.cli_output import OutputError
from mlquiz.core.decks.library import resolve_deck
from mlquiz.core.errors import DeckError


def cmd_grade(args: argparse.Namespace) -> int:
    try:
        deck = resolve_deck(args.deck)
    except DeckError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    from mlquiz.core.grading.cache import cached_grader
    from mlquiz.core.locations import data_dir

    # The game's cache of compiled graders: building one costs ~90 ms for the
    # built-in deck and seconds for a big one; a deck unchanged since is loaded.
    grader = cached_grader(deck, data_dir() / "cache")
    if not getattr(args, "no_wordings", False):
        _use_wordings(grader, deck.id)
    # The deck, the grader and their caches live until exit: keep the garbage
    # collector from scanning them again on every collection of the batch.
    gc.freeze()
    if args.file in (None, "-"):
        # Bytes that are not UTF-8 become U+FFFD instead of killing the batch.
        if hasattr(sys.stdin, "reconfigure"):
            sys.stdin.reconfigure(encoding="utf-8", errors="replace")
        return _grade_lines(grader, deck, sys.stdin, sys.stdout, sys.stderr)
    try:
        handle = open(args.file, encoding="utf-8", errors="replace")
    except OSError as exc:
        print(f"{args.file}: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return 1
    with handle:
        try:
            return _grade_lines(grader, deck, handle, sys.stdout, sys.stderr)
        except OutputError:
            raise  # standard output failed: `main` says so
        except OSError as exc:  # the file, read line by line, failed half-way
            print(f"{args.file}: cannot read on: {exc.strerror or exc}", file=sys.stderr)
            return 1


def _use_wordings(grader: Any, deck_id: str) -> None:
    """The player's taught wordings of the deck, from the data directory's database
    (none when there is none: grading never makes one)."""
    from mlquiz.core import locations
    from mlquiz.core.errors import StorageError
    from mlquiz.core.teaching import stored_wordings

    try:
        wordings = stored_wordings(locations.database_path(), deck_id)
    except StorageError as exc:
        print(f"mlquiz grade: grading without your wordings: {exc}", file=sys.stderr)
        return
    if wordings:
        grader.use_wordings(wordings)


def _grade_lines(grader: Any, deck: Any, lines: Iterable[str], out: IO[str], err: IO[str]) -> int:
    """Grade each line; a line's failure, whatever it is, is that line's error.

    Verdicts are written in batches, and whatever ends the batch early (an
    interrupt, a file that cannot be read on, a full disk) first writes the
    verdicts already computed.
    """
    card_ids = {card.id for card in deck.cards}
    status = 0
    buffer: list[str] = []
    try:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                verdict = _grade_line(grader, line, card_ids)
            except Exception as exc:  # this line's error (a RecursionError too), not the batch's
                status = 1
                print(f"line {number}: {_line_error(exc)}", file=err)
                continue
            buffer.append(verdict)
            # Flush in batches: a write per answer costs more than the grading.
            if len(buffer) >= 512:
                out.write("\n".join(buffer) + "\n")
                buffer.clear()
    finally:
        if buffer:
            out.write("\n".join(buffer) + "\n")
        out.flush()
    return status


class _LineProblem(Exception):
    """What is wrong with one line of input (its message is shown as is)."""


def _grade_line(grader: Any, line: str, card_ids: set[str]) -> str:
    """The verdict of one input line as a JSON line; raises for a bad line."""
    request, problem = _parse_request(line, card_ids)
    if problem:
        raise _LineProblem(problem)
    card_id, answer = request
    try:
        result = grader.grade(card_id, answer)
    except Exception as exc:  # one answer the grader chokes on must not lose the rest
        raise _LineProblem(f"could not grade: {type(exc).__name__}: {exc}") from exc
    record = {
        "card": card_id,
        "verdict": str(result.verdict),
        "score": round(float(result.score), 3),
        "found": list(result.found),
        "missed": list(result.missed),
        "contradicted": list(result.contradicted),
        "confusion": result.confusion,
        # Why: without these a verdict can read as its own contradiction
        # ("incorrect", every point found, none contradicted, when the answer
        # adds a false claim or a wrong list item).
        "false_claim": result.false_claim,
        "reasons": list(result.reasons),
    }
    if result.wording is not None:  # only when a wording you taught decided it
        record["wording"] = _wording(result.wording)
    # ASCII JSON: safe whatever stdout's encoding, and for lone surrogates.
    return json.dumps(record)


def _line_error(exc: Exception) -> str:
    if isinstance(exc, _LineProblem):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "not valid JSON (nested too deeply)"
    return f"could not read: {type(exc).__name__}: {exc}"


def _parse_request(line: str, card_ids: set[str]) -> tuple[Any, str]:
    try:
        data = json.loads(line)
    except ValueError as exc:
        return None, f"not valid JSON ({exc})"
    except RecursionError:
        return None, "not valid JSON (nested too deeply)"
    if not isinstance(data, dict):
        return None, 'expected a JSON object like {"card": "1", "answer": "..."}'
    card_id = data.get("card")
    answer = data.get("answer")
    if isinstance(card_id, int) and not isinstance(card_id, bool):
        card_id = str(card_id)  # {"card": 7}: the built-in deck's ids are numbers
    if not isinstance(card_id, str):
        return None, "'card' must be a card id, a string or a whole number"
    if not isinstance(answer, str):
        return None, "'answer' must be a string"
    if card_id not in card_ids:
        return None, f"unknown card id {card_id!r}"
    return (card_id, answer), ""


def _wording(use: Any) -> dict[str, Any] | None:
    """The taught wording behind a verdict, as `mlquiz grade` reports it (or None)."""
    if use is None:
        return None
    return {"kind": str(use.kind), "id": use.id, "taught_at": use.taught_at.isoformat()}
