"""Leaving cleanly on SIGTERM, SIGHUP and SIGQUIT; taking the terminal back on SIGCONT.

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
import sys
from types import FrameType
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


def retake_terminal_on_continue(app: Any) -> None:
    """Make SIGCONT after a plain SIGSTOP take the terminal back the way Textual's own
    suspend does, instead of starting application mode a second time.

    Textual's Linux driver restarts application mode on every SIGCONT. After
    its own SIGTSTP (ctrl+z then `fg`) that is right. After a plain SIGSTOP
    (`kill -STOP`, a debugger) it never left application mode, so the restart
    started a second input and writer thread and saved the raw settings as the
    ones to restore: a later suspend or quit left the terminal raw, and the
    first input thread, never stopped, kept the process from exiting. Yet the
    terminal must be taken back: a shell whose job was stopped puts the terminal
    back in its own mode until `fg`. So after a plain SIGSTOP, SIGCONT runs an
    empty `app.suspend()`: application mode is left and entered again (threads
    stopped and started, the shell's settings saved, raw mode, a full redraw).

    Call from `on_mount`, once the driver has installed its handlers (the
    headless driver has none).
    """
    import signal

    tstp, cont = getattr(signal, "SIGTSTP", None), getattr(signal, "SIGCONT", None)
    if tstp is None or cont is None:
        return
    on_tstp, on_cont = signal.getsignal(tstp), signal.getsignal(cont)
    if not (callable(on_tstp) and callable(on_cont)):
        return
    loop = asyncio.get_running_loop()
    suspended = False

    def suspend(signum: int, frame: FrameType | None) -> None:
        nonlocal suspended
        suspended = True
        on_tstp(signum, frame)  # gives the terminal back, then stops the process

    def resume(signum: int, frame: FrameType | None) -> None:
        nonlocal suspended
        if suspended:
            suspended = False
            on_cont(signum, frame)  # Textual takes back what its suspend gave away
        else:
            loop.call_soon_threadsafe(retake)

    def retake() -> None:
        from textual.app import SuspendNotSupported

        # Closing the terminal window sends SIGHUP and SIGCONT together: there
        # is no terminal to take back then, and trying to (starting input and
        # raw mode on a hung-up tty) could keep the game from exiting on the
        # SIGHUP (tests/e2e/test_terminal.py saw it hang once in CI).
        if getattr(app, "_mlquiz_exiting", False) or not _terminal_alive():
            return
        try:
            with app.suspend():
                pass
        except SuspendNotSupported:
            pass

    try:
        signal.signal(tstp, suspend)
        signal.signal(cont, resume)
    except ValueError:  # not the main thread
        pass


def _terminal_alive() -> bool:
    """Whether standard input is still a terminal one can ask about (a hung-up
    one answers every request with EIO)."""
    import termios

    stdin = sys.__stdin__
    if stdin is None:
        return False
    try:
        termios.tcgetattr(stdin.fileno())
    except (OSError, ValueError, AttributeError, termios.error):
        return False
    return True
