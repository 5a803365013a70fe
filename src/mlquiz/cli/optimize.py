"""`mlquiz optimize`: fit FSRS's parameters to your answers to a deck (or go back)."""

from __future__ import annotations

import argparse
import sys

from mlquiz.core.errors import StorageError


def cmd_optimize(args: argparse.Namespace) -> int:
    from mlquiz.core.optimize import NotEnoughReviews, OptimizerMissing
    from mlquiz.service import GameService

    service = GameService()
    try:
        if args.reset:
            cards = service.reset_parameters(args.deck)
            print(
                f"Deck {args.deck} schedules with FSRS's default parameters again; "
                f"{cards:,} cards rescheduled."
            )
            return 0
        fitted, cards = service.optimize(args.deck)
    except KeyError:
        known = ", ".join(deck.id for deck in service.decks())
        print(f"mlquiz optimize: no deck {args.deck!r} (decks: {known})", file=sys.stderr)
        return 1
    except (OptimizerMissing, NotEnoughReviews, StorageError, ValueError) as error:
        print(f"mlquiz optimize: {error}", file=sys.stderr)
        return 1
    finally:
        service.close()
    print(
        f"Fitted FSRS's {len(fitted.parameters)} parameters to {fitted.reviews:,} of your "
        f"answers to deck {args.deck}; {cards:,} cards rescheduled with them. "
        f"`mlquiz optimize --deck {args.deck} --reset` goes back to the defaults."
    )
    return 0
