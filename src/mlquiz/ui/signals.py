"""Leaving cleanly on SIGTERM, SIGHUP and SIGQUIT.

Textual does not handle these: by default Python dies on the spot, leaving the
terminal in raw mode with the alternate screen and mouse reporting on (the
shell shows no echo and ignores Enter). Closing the terminal window sends
SIGHUP; `kill`, logouts and service managers send SIGTERM; `kill -QUIT` (or
ctrl+backslash in a terminal whose keys make signals) sends SIGQUIT, which would also
dump core.

`exit_on_signals(app)` turns each into `app.exit()`, so the app shuts down the
normal way: screens are unmounted, the driver restores the terminal, and
`run()` closes the store. Nothing is lost either way, since every answer is
committed before its verdict is shown; this is about the terminal and a clean
exit status (128 + the signal number, as a shell reports a killed command).

Call it from the app's `on_mount` (the loop must be running).
"""

from __future__ import annotations

import asyncio
import signal
from typing import Any

SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


def exit_on_signals(app: Any) -> None:
    """Make SIGTERM, SIGHUP and SIGQUIT end `app` as if the user had quit."""
    loop = asyncio.get_running_loop()
    for signum in SIGNALS:
        try:
            loop.add_signal_handler(signum, _exit, app, signum)
        except (NotImplementedError, RuntimeError, ValueError):
            # Not the main thread (tests running the app elsewhere) or no
            # signal support (Windows): keep the default behaviour.
            pass


def _exit(app: Any, signum: int) -> None:
    # A second signal while shutting down must not restart the shutdown.
    if getattr(app, "_mlquiz_exiting", False):
        return
    app._mlquiz_exiting = True
    app.exit(return_code=128 + signum)
