"""Fixtures for the UI tests: a service over a small fixed deck, a frozen clock.

Every test gets its own data and config folders (tmp_path, on top of the
autouse `isolated_dirs` in tests/conftest.py) and the deck in
tests/data/ui-deck.toml (see tests/support/pilot.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mlquiz.core.clock import FixedClock
from mlquiz.service import GameService
from mlquiz.ui.app import QuizApp, prepare
from tests.support.pilot import START, ui_service


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def service(tmp_path: Path, clock: FixedClock) -> Iterator[GameService]:
    service = ui_service(tmp_path, clock)
    yield service
    service.close()


@pytest.fixture
def make_app(service: GameService) -> Callable[..., QuizApp]:
    """An app over `service`, in deck order unless told otherwise."""

    def make(**settings: object) -> QuizApp:
        startup = prepare(service)
        startup.settings = startup.settings.with_changes(**{"shuffle": False, **settings})
        return QuizApp(service, startup)

    return make
