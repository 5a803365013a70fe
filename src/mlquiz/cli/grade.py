"""`mlquiz grade`: answers in bulk, one JSON line in and one verdict out per answer."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Iterable
from typing import IO, Any

from mlquiz.core.decks.library import resolve_deck
from mlquiz.core.errors import DeckError


def cmd_grade(args: argparse.Namespace) -> int:
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
