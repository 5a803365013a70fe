"""Shared fixtures for every test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point mlquiz's data and config directories at a fresh tmp folder.

    No test may read or write the real user's data; this also gives each
    test an empty user decks folder. Each test also runs in a folder of its
    own, since answers the database refuses are written to the current folder.
    """
    data = tmp_path / "mlquiz-data"
    config = tmp_path / "mlquiz-config"
    monkeypatch.setenv("MLQUIZ_DATA_DIR", str(data))
    monkeypatch.setenv("MLQUIZ_CONFIG_DIR", str(config))
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    return data
