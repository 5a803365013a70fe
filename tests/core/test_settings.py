"""The settings file: defaults, broken files kept aside, atomic saves."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mlquiz.core import settings as settings_module
from mlquiz.core.settings import Settings, load_settings, save_settings

NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def test_missing_file_gives_defaults(tmp_path: Path):
    """No settings file: the defaults, and nothing was moved."""
    loaded, moved = load_settings(tmp_path / "settings.json")
    assert loaded == Settings() and moved is None


def test_default_path_is_in_the_config_dir(monkeypatch, tmp_path: Path):
    """Without a path, settings live in config_dir()/settings.json (MLQUIZ_CONFIG_DIR)."""
    monkeypatch.setenv("MLQUIZ_CONFIG_DIR", str(tmp_path / "cfg"))
    assert settings_module.default_path() == tmp_path / "cfg" / "settings.json"
    save_settings(Settings(theme="nord"))
    assert load_settings()[0].theme == "nord"


def test_save_then_load_round_trips(tmp_path: Path):
    """Every field saved comes back."""
    path = tmp_path / "deep" / "settings.json"
    wanted = Settings(
        theme="gruvbox", count=None, shuffle=False, tag="mlflow", timed_feedback="until-enter"
    )
    save_settings(wanted, path)
    assert load_settings(path)[0] == wanted


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b"\xff\xfe\x00garbage", b""])
def test_a_broken_file_is_moved_aside_and_defaults_used(tmp_path: Path, content: bytes):
    """A file that is not a JSON object is renamed settings.json.broken-<stamp>, kept as it was."""
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    loaded, moved = load_settings(path, now=NOW)
    assert loaded == Settings()
    assert moved == tmp_path / "settings.json.broken-20250106-090000"
    assert moved.read_bytes() == content
    assert not path.exists()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("count", 0),
        ("count", "ten"),
        ("shuffle", "yes"),
        ("timed_feedback", "never"),
        ("theme", ""),
        ("tag", 3),
    ],
)
def test_a_bad_value_falls_back_alone(tmp_path: Path, key, value):
    """One invalid value takes its default; the other values are kept."""
    path = tmp_path / "settings.json"
    data = {"theme": "nord", "count": 20, "shuffle": False, "timed_feedback": "until-enter"}
    data[key] = value
    path.write_text(json.dumps(data))
    loaded, moved = load_settings(path)
    assert moved is None
    assert getattr(loaded, key) == getattr(Settings(), key)
    kept = {k: v for k, v in data.items() if k != key}
    assert all(getattr(loaded, k) == v for k, v in kept.items())


def test_unknown_keys_survive_a_save(tmp_path: Path):
    """Keys from a newer mlquiz are written back unchanged."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "nord", "future_option": [1, 2]}))
    loaded, _ = load_settings(path)
    save_settings(loaded.with_changes(count=20), path)
    data = json.loads(path.read_text())
    assert data["future_option"] == [1, 2] and data["count"] == 20 and data["theme"] == "nord"


def test_save_is_atomic(tmp_path: Path, monkeypatch):
    """If writing fails half-way, the old file is intact and no temp file is left."""
    path = tmp_path / "settings.json"
    save_settings(Settings(theme="nord"), path)
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        save_settings(Settings(theme="dracula"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]
