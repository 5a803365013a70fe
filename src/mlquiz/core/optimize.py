"""Fitting FSRS's parameters to the player's own answers (`mlquiz optimize`).

FSRS schedules with 21 parameters; its defaults were fitted to millions of
Anki reviews. py-fsrs's `Optimizer` fits them to one person's review log
instead, so intervals follow how that person actually forgets. It needs
PyTorch (the `fsrs[optimizer]` extra, which mlquiz offers as
`mlquiz[optimizer]`): hundreds of megabytes, so it is not installed with
the game, and this module imports it only when asked to fit.

The log handed over is the deck's review log: one `fsrs.ReviewLog` per
scheduled answer (rating, time, seconds taken). FSRS keeps its defaults
when fewer than 512 reviews fell on a later day than the card's previous
one (only those teach it how memory decays); this says so rather than
storing the defaults as if they were fitted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

INSTALL_HINT = "pip install 'mlquiz[optimizer]'"
# py-fsrs fits only from this many reviews on a later day (its mini-batch size).
MIN_REVIEWS = 512


class OptimizerMissing(RuntimeError):
    """The optimizer's libraries (PyTorch) are not installed."""


class NotEnoughReviews(ValueError):
    """Too few reviews to fit on: FSRS's defaults stay."""


@dataclass(frozen=True)
class Fitted:
    parameters: tuple[float, ...]
    reviews: int  # answers the parameters were fitted on


def default_optimizer() -> Callable[[list[Any]], Any]:
    """py-fsrs' Optimizer class; OptimizerMissing, saying how to install it, without torch."""
    from importlib.util import find_spec

    # py-fsrs defines a stand-in Optimizer that fails only when used: ask for torch first.
    if find_spec("torch") is None:
        raise OptimizerMissing(
            "fitting FSRS parameters needs PyTorch, which is not installed: "
            f"run `{INSTALL_HINT}` (several hundred MB) and try again"
        )
    from fsrs.optimizer import Optimizer

    return Optimizer


def review_logs(history: Iterable[tuple[str, int, datetime, float]]) -> list[Any]:
    """`fsrs.ReviewLog`s of (card id, rating, time, seconds) rows; card ids become the
    integers py-fsrs keys cards by (the first card seen is 1)."""
    from fsrs import Rating, ReviewLog

    numbers: dict[str, int] = {}
    logs = []
    for card_id, rating, reviewed_at, seconds in history:
        number = numbers.setdefault(card_id, len(numbers) + 1)
        logs.append(
            ReviewLog(
                card_id=number,
                rating=Rating(rating),
                review_datetime=reviewed_at,
                review_duration=round(seconds * 1000),
            )
        )
    return logs


def fit(
    history: Iterable[tuple[str, int, datetime, float]],
    optimizer: Callable[[list[Any]], Any] | None = None,
) -> Fitted:
    """FSRS parameters fitted to `history` (see `review_logs`) by `optimizer` (py-fsrs'
    by default). NotEnoughReviews when FSRS would keep its defaults."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from mlquiz.core.scheduling import valid_parameters

    logs = review_logs(history)
    factory = optimizer or default_optimizer()
    parameters = tuple(float(p) for p in factory(logs).compute_optimal_parameters())
    if parameters == tuple(DEFAULT_PARAMETERS):
        raise NotEnoughReviews(
            f"{len(logs):,} answers are too few to fit on: FSRS needs about {MIN_REVIEWS} "
            "reviews on a later day than the card's previous one; the defaults stay"
        )
    return Fitted(valid_parameters(parameters), len(logs))
