"""`mlquiz wording add | list | remove | import` and `mlquiz deck reset`: teaching the
grader from the command line (the game's "accept this wording" and card edits)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from mlquiz.core.errors import CardEditError, DeckError, StorageError
from mlquiz.core.format import plural
from mlquiz.core.wording import WordingError, WordingKind

if TYPE_CHECKING:
    from mlquiz.service import GameService


def _service() -> GameService:
    from mlquiz.service import GameService

    return GameService()


def _deck_id(service: GameService, text: str) -> str:
    """The deck id for --deck: an installed deck's id, a deck file's, or the text itself
    (the wordings of a deck no longer installed are still the player's)."""
    from mlquiz.core.decks.library import resolve_deck

    if text in {deck.id for deck in service.decks()}:
        return text
    try:
        deck = resolve_deck(text)
    except DeckError:
        return text
    service.add_deck(deck)
    return deck.id


def cmd_wording_add(args: argparse.Namespace) -> int:
    service = _service()
    kind = WordingKind.REJECTED if args.wrong else WordingKind.ACCEPTED
    try:
        lesson = service.teaching.teach(
            _deck_id(service, args.deck), args.card, args.text, kind, args.points
        )
    except (WordingError, StorageError) as exc:
        print(f"mlquiz wording add: {exc}", file=sys.stderr)
        return 1
    finally:
        service.close()
    wording = lesson.wording
    if kind == WordingKind.ACCEPTED and not lesson.takes_effect:
        print(
            f"saved for card {wording.card_id} of {wording.deck_id}, but not accepted: "
            f"answers like it are still graded {lesson.still_graded}: {lesson.why_still}"
        )
    elif kind == WordingKind.ACCEPTED:
        covers = ", ".join(wording.points) if wording.points else "every essential point"
        print(f"accepted for card {wording.card_id} of {wording.deck_id} (covers {covers})")
    else:
        print(f"treated as wrong for card {wording.card_id} of {wording.deck_id} (partial at most)")
    if lesson.replaced:
        other = "wrong" if kind == WordingKind.ACCEPTED else "accepted"
        print(f"it replaces the same wording you had marked {other}")
    for warning in lesson.warnings:
        print(f"note: {warning}", file=sys.stderr)
    return 0


def cmd_wording_list(args: argparse.Namespace) -> int:
    service = _service()
    try:
        deck_id = _deck_id(service, args.deck) if args.deck else None
        entries = service.teaching.entries(deck_id, args.card)
    except StorageError as exc:
        print(f"mlquiz wording list: {exc}", file=sys.stderr)
        return 1
    finally:
        service.close()
    if not entries:
        print("no wordings taught yet (in the game: r then a, or w then x, on the feedback)")
        return 0
    for entry in entries:
        w = entry.wording
        kind = "accepted" if w.kind == WordingKind.ACCEPTED else "wrong"
        points = f"  [covers: {', '.join(w.points)}]" if w.points else ""
        print(f"{w.deck_id} card {w.card_id}  {kind}  {w.taught_at:%Y-%m-%d}{points}")
        print(f"  {w.text}")
        if entry.ignored:
            print(f"  ({entry.ignored}; grading ignores it)")
    orphans = sum(1 for e in entries if e.ignored.startswith("orphaned"))
    summary = plural(len(entries), "wording")
    if orphans:
        summary += f", {orphans} orphaned"
    print(summary)
    return 0


def cmd_wording_remove(args: argparse.Namespace) -> int:
    service = _service()
    try:
        deck_id = _deck_id(service, args.deck)
        removed = service.teaching.forget(deck_id, args.card, args.text)
    except StorageError as exc:
        print(f"mlquiz wording remove: {exc}", file=sys.stderr)
        return 1
    finally:
        service.close()
    if not removed:
        print(
            f"mlquiz wording remove: card {args.card} of {deck_id} has no such wording "
            f"(`mlquiz wording list --deck {deck_id} --card {args.card}` shows them)",
            file=sys.stderr,
        )
        return 1
    print(f"removed {plural(removed, 'wording')} of card {args.card} of {deck_id}")
    return 0


def cmd_wording_import(args: argparse.Namespace) -> int:
    return import_wordings_file(args.file)


def import_wordings_file(path: str) -> int:
    """Store the wordings of a file `mlquiz export --what wordings` wrote (JSON or CSV)."""
    service = _service()
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


def cmd_deck_reset(args: argparse.Namespace) -> int:
    service = _service()
    try:
        moved = service.teaching.reset_deck(args.id)
    except CardEditError as exc:
        print(f"mlquiz deck reset: {exc}", file=sys.stderr)
        return 1
    finally:
        service.close()
    if moved is None:
        print(f"deck {args.id} has no edits of yours: it is as shipped")
        return 0
    print(f"deck {args.id} is as shipped again; your edits were moved to {moved}")
    return 0
