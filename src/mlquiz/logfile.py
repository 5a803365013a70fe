"""mlquiz's log: `mlquiz.log` in the data directory, what mlquiz noticed and mended.

The core logs, on the `mlquiz` logger, what it repairs without stopping play:
a damaged database moved aside, a cache entry of the wrong shape dropped, a
clock that jumped and the intervals clamped for it. A full-screen game has
no console to print them on, so they go to a file, made only when there is
something to write, kept small (256 KB, plus one older file). A log that
cannot be written (a read-only or missing folder) is silently skipped: it
must never be why something fails.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

LOG_NAME = "mlquiz.log"
MAX_BYTES = 256 * 1024


class _QuietFileHandler(logging.FileHandler):
    """A file handler that never complains: no traceback on the terminal for a
    log that cannot be opened (a read-only folder) or written (a full disk)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            super().emit(record)
        except OSError:  # opening the file (delayed to the first record) failed
            pass

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def start_log(data_dir: Path) -> None:
    """Send the `mlquiz` logger's INFO and above to `<data_dir>/mlquiz.log` (once)."""
    logger = logging.getLogger("mlquiz")
    path = data_dir / LOG_NAME
    for old in [h for h in logger.handlers if getattr(h, "_mlquiz_log", False)]:
        if Path(old.baseFilename) == path.absolute():  # type: ignore[attr-defined]
            return
        logger.removeHandler(old)
        old.close()
    try:
        # Kept small: a log over MAX_BYTES becomes mlquiz.log.1 (replacing the older one).
        if path.stat().st_size > MAX_BYTES:
            os.replace(path, path.with_name(LOG_NAME + ".1"))
    except OSError:
        pass
    try:
        handler = _QuietFileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s: %(message)s"))
    handler._mlquiz_log = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    # With a handler here, Python's last resort (printing to stderr) is not used.
    logger.setLevel(logging.INFO)
