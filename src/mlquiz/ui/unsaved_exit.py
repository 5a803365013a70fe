"""On the way out of the game: the answers the database refused, stored once more
or written to a file whose path is said (`keep_unsaved`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlquiz.service import GameService


def export_folder() -> Path:
    """Where the answers the database refused are written (the service falls back to
    temp, then home)."""
    try:
        return Path.cwd()
    except OSError:  # the folder the game was started in was deleted
        import tempfile

        return Path(tempfile.gettempdir())


def keep_unsaved(service: GameService) -> None:
    """On the way out: store the answers the disk refused, or say where they are.

    The disk may have recovered (space freed), so the store is tried once more,
    and the copy the service kept as they came is removed if all got in. What
    is still unsaved is in that copy, `mlquiz-unsaved-<time>.json` (written
    once more here, or made now if it could not be written before), and its
    path is printed.
    """
    if not service.unsaved:
        return

    refused = len(service.unsaved)
    count = service.retry_unsaved()
    if not count:
        refused_answers = f"{refused} answer" + ("" if refused == 1 else "s")
        say(
            f"mlquiz: {refused_answers} the database refused earlier "
            f"{'is' if refused == 1 else 'are'} saved now"
        )
        return
    answers = f"{count} answer" + ("" if count == 1 else "s")
    try:
        path = service.export_unsaved(export_folder())
    except OSError as error:
        earlier = service.unsaved_file
        if earlier is not None and earlier.exists():
            say(
                f"mlquiz: {answers} could not be saved to {service.database_path}, nor "
                f"written to a file now ({error}); {earlier} has them as they were "
                "when it was last written"
            )
        else:
            say(f"mlquiz: {answers} could not be saved, nor written to a file: {error}")
        return
    say(
        f"mlquiz: {answers} could not be saved to {service.database_path}; written to {path} "
        f"(`mlquiz save-unsaved {path}` stores them once the database works)"
    )


def say(line: str) -> None:
    # After SIGHUP the terminal is gone and writing to it fails; the file is what matters.
    try:
        print(line, file=sys.stderr)
    except OSError:
        pass
