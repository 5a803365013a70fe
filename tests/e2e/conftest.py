"""Tests of the real `mlquiz` process under a pseudo-terminal (Linux/macOS only)."""

from __future__ import annotations

import sys

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: long real-process runs; set MLQUIZ_SLOW_TESTS=1 to run them"
    )


if sys.platform == "win32":  # pragma: no cover - no pty
    collect_ignore_glob = ["test_*.py"]
