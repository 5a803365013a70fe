"""Where mlquiz keeps things on disk.

Every path is computed when asked for, never at import, and nothing here
creates a directory: callers that write create what they need. Tests (and
people who want a portable setup) point the data and config directories
elsewhere with `MLQUIZ_DATA_DIR` and `MLQUIZ_CONFIG_DIR`.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "mlquiz"


def data_dir() -> Path:
    """The directory for saved answers, progress and user decks."""
    override = os.environ.get("MLQUIZ_DATA_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs  # here, not at the top: the override needs none of it

    return platformdirs.user_data_path(APP_NAME)


def config_dir() -> Path:
    """The directory for settings."""
    override = os.environ.get("MLQUIZ_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_config_path(APP_NAME)


def user_decks_dir() -> Path:
    """Where a user's own decks are found (one TOML file per deck)."""
    return data_dir() / "decks"


def deck_edits_dir() -> Path:
    """Where the player's edits to built-in decks are kept, one overlay file per deck
    (the packaged deck files are never written)."""
    return data_dir() / "edits"


def deck_backups_dir() -> Path:
    """Where a deck file (or an overlay) is copied before an edit replaces it."""
    return data_dir() / "backups" / "decks"


def database_path() -> Path:
    """The SQLite file that holds every attempt and the review schedule."""
    return data_dir() / "mlquiz.sqlite3"


def deck_cache_dir() -> Path:
    """The cache of parsed decks, a file per deck (see core/decks/cache.py); safe to delete."""
    return data_dir() / "cache" / "decks"


def deck_index_path() -> Path:
    """The deck index: what the menu shows of each deck (see core/decks/index.py); safe
    to delete."""
    return data_dir() / "cache" / "deck-index.marshal"


def builtin_content_dir() -> Path | None:
    """The folder of built-in decks, or None if it cannot be found.

    A wheel carries the decks as `mlquiz/content`, beside the package's
    modules (wheels install as plain files, so a path next to this file is
    what importlib.resources would find, without importing it and zipfile on
    the way to the menu). An editable install (or a run from a source
    checkout) has no such folder, so fall back to the repository's top-level
    `content/`.
    """
    # src/mlquiz/core/locations.py: the package is one level up, the repository three.
    parents = Path(__file__).resolve().parents
    for level in (1, 3):
        candidate = parents[level] / "content" if level < len(parents) else None
        if candidate is not None and candidate.is_dir():
            return candidate
    return None
