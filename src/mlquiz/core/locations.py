"""Where mlquiz keeps things on disk.

Every path is computed when asked for, never at import, and nothing here
creates a directory: callers that write create what they need. Tests (and
people who want a portable setup) point the data and config directories
elsewhere with `MLQUIZ_DATA_DIR` and `MLQUIZ_CONFIG_DIR`.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "mlquiz"


def data_dir() -> Path:
    """The directory for saved answers, progress and user decks."""
    override = os.environ.get("MLQUIZ_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_NAME)


def config_dir() -> Path:
    """The directory for settings."""
    override = os.environ.get("MLQUIZ_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path(APP_NAME)


def user_decks_dir() -> Path:
    """Where a user's own decks are found (one TOML file per deck)."""
    return data_dir() / "decks"


def database_path() -> Path:
    """The SQLite file that holds every attempt and the review schedule."""
    return data_dir() / "mlquiz.sqlite3"


def builtin_content_dir() -> Path | None:
    """The folder of built-in decks, or None if it cannot be found.

    A wheel carries the decks as `mlquiz/content`. An editable install (or a
    run from a source checkout) has no such folder, so fall back to the
    repository's top-level `content/`.
    """
    try:
        packaged = resources.files("mlquiz") / "content"
        if packaged.is_dir():
            # Wheels install as plain files, so this is a real path.
            return Path(str(packaged))
    except (ModuleNotFoundError, OSError):
        pass
    # src/mlquiz/core/locations.py -> the repository root is three levels up.
    repo_content = Path(__file__).resolve().parents[3] / "content"
    if repo_content.is_dir():
        return repo_content
    return None
