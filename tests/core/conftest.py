"""Fixtures shared by the core tests."""

from __future__ import annotations

import pytest

from mlquiz.core.decks.library import resolve_deck
from mlquiz.core.grading.grader import Grader


@pytest.fixture(scope="module")
def grader() -> Grader:
    """The built-in deck's grader, one per test module (as each module made its own)."""
    return Grader(resolve_deck("databricks-mlflow"))
