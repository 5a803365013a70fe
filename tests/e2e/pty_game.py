"""Run the real game (`python -m mlquiz`) under a pseudo-terminal and drive it.

`Game` starts the process on the slave side of a pty it owns (the pty is the
game's controlling terminal, so SIGHUP and window-size changes behave as in a
terminal emulator), reads everything the game draws on a background thread,
and offers what a test needs: keys in, plain text out (escape sequences
stripped), signals, the terminal's mode, the window size.
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

# CSI/OSC/other escape sequences, to turn the drawn bytes into plain text.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC ... BEL or ST
    r"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS/SOS/PM/APC ... ST
    r"|\x1b[@-Z\\-_]"  # two-byte sequences
    r"|[\x00-\x08\x0b-\x1f]"
)


def plain_text(raw: bytes) -> str:
    """What was drawn, as text: escape sequences and control characters taken out."""
    return _ESCAPES.sub("", raw.decode("utf-8", "replace"))


ENTER = b"\r"
CTRL_Q = b"\x11"  # Textual's quit key


def write_settings(config_dir: Path) -> None:
    """Every card in deck order, so a session never ends during a test."""
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "settings.json").write_text('{"count": null, "shuffle": false}')


def stored_cards(db: Path) -> dict[str, list[str]]:
    """Card ids stored per session, in answer order."""
    import sqlite3

    if not db.exists():
        return {}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT session_id, card_id FROM attempts ORDER BY session_id, seq")
        out: dict[str, list[str]] = {}
        for session, card in rows:
            out.setdefault(session, []).append(card)
    conn.close()
    return out


def integrity(db: Path) -> str:
    import sqlite3

    with sqlite3.connect(db) as conn:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    return result


def write_deck(path: Path, cards: int = 40) -> Path:
    """A deck whose reference answers carry a marker, refmark0001..., per card.

    The reference answer is shown only in the feedback after a verdict, so a
    marker on screen means "the verdict of this card was shown".
    """
    lines = ['id = "crash"', 'title = "Crash deck"', 'description = "For the pty tests."']
    for n in range(1, cards + 1):
        lines += [
            "",
            "[[cards]]",
            f'id = "{n}"',
            f'question = "Name the two parts of thing number {n}?"',
            f'answer = "Alpha and beta. refmark{n:04d}"',
            "",
            "[[cards.points]]",
            'label = "alpha"',
            'phrases = ["alpha"]',
            "",
            "[[cards.points]]",
            'label = "beta"',
            'phrases = ["beta"]',
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def shown_cards(text: str) -> list[str]:
    """Card ids whose feedback (reference answer) appeared in `text`, in order, once each."""
    seen: list[str] = []
    for match in re.finditer(r"refmark(\d{4})", text):
        card = str(int(match.group(1)))
        if card not in seen:
            seen.append(card)
    return seen


class Game:
    """`python -m mlquiz *args` under a pty of `size` (columns, rows).

    `entry` replaces `-m mlquiz` (for example `-c CODE` to change a constant
    before the game starts); `cwd` is the game's working folder, where it
    writes unsaved answers on quit (default: the folder holding `config_dir`,
    which is the test's own).
    """

    def __init__(
        self,
        data_dir: Path,
        config_dir: Path,
        *args: str,
        size: tuple[int, int] = (100, 32),
        env: dict[str, str] | None = None,
        entry: tuple[str, ...] = ("-m", "mlquiz"),
        cwd: Path | None = None,
    ) -> None:
        self.master, slave = os.openpty()
        self.slave = slave  # kept open: termios state can be read after the game exits
        self.initial_flags = self.termios_flags()
        self._initial_attrs = termios.tcgetattr(slave)
        self.resize(*size)
        full_env = {
            k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")
        }
        full_env.update(
            TERM="xterm-256color",
            COLORTERM="truecolor",
            MLQUIZ_DATA_DIR=str(data_dir),
            MLQUIZ_CONFIG_DIR=str(config_dir),
            PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
            PYTHONUNBUFFERED="1",
        )
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            [sys.executable, *entry, *args],
            cwd=cwd or config_dir.parent,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            start_new_session=True,
            preexec_fn=_take_terminal,
            close_fds=True,
        )
        self._raw = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # -- output ---------------------------------------------------------------------

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: every writer of the slave is gone
                return
            if not chunk:
                return
            with self._lock:
                self._raw += chunk

    @property
    def raw(self) -> bytes:
        with self._lock:
            return bytes(self._raw)

    @property
    def text(self) -> str:
        return plain_text(self.raw)

    def wait_for(self, pattern: str, timeout: float = 20.0, since: int = 0) -> re.Match:
        """Wait until `pattern` (a regex) appears in the plain text after offset `since`."""
        deadline = time.monotonic() + timeout
        compiled = re.compile(pattern)
        while True:
            match = compiled.search(self.text, since)
            if match:
                return match
            if self.proc.poll() is not None:
                time.sleep(0.2)  # let the reader catch the last bytes
                match = compiled.search(self.text, since)
                if match:
                    return match
                raise AssertionError(
                    f"game exited ({self.proc.returncode}) before {pattern!r}:\n{self.text[-2000:]}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"no {pattern!r} after {timeout} s:\n{self.text[-2000:]}")
            time.sleep(0.02)

    # -- input ----------------------------------------------------------------------

    def send(self, data: bytes | str) -> None:
        os.write(self.master, data.encode() if isinstance(data, str) else data)

    def resize(self, columns: int, rows: int) -> None:
        """Set the window size; the kernel sends SIGWINCH to the game."""
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    # -- the process ----------------------------------------------------------------

    def signal(self, signum: int) -> None:
        os.kill(self.proc.pid, signum)

    def kill(self) -> None:
        """kill -9, then collect what it drew before dying."""
        self.signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.drain()

    def wait(self, timeout: float = 20.0) -> int:
        code = self.proc.wait(timeout=timeout)
        self.drain()
        return code

    def drain(self) -> None:
        # The reader stops at EIO once the game is gone (the slave we hold is not a writer).
        self._reader.join(timeout=0.5)

    def state(self) -> str:
        """The process state letter as `ps` shows it: "T" while stopped, "S" or "R" running."""
        out = subprocess.run(
            ["ps", "-o", "state=", "-p", str(self.proc.pid)], capture_output=True, text=True
        )
        return out.stdout.strip()[:1]

    def termios_flags(self) -> tuple[bool, bool]:
        """(ECHO, ICANON) of the terminal right now."""
        lflag = termios.tcgetattr(self.slave)[3]
        return bool(lflag & termios.ECHO), bool(lflag & termios.ICANON)

    def shell_takes_the_terminal(self) -> None:
        """Put the terminal back in the mode it had before the game, as a shell does
        when its foreground job stops (and keeps until `fg`)."""
        termios.tcsetattr(self.slave, termios.TCSANOW, self._initial_attrs)

    def hang_up(self) -> None:
        """Close the terminal, as closing its window does: the kernel sends SIGHUP."""
        for fd in (self.slave, self.master):
            os.close(fd)
        self.slave = self.master = -1

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        for fd in (self.master, self.slave):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.master = self.slave = -1

    def __enter__(self) -> Game:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _take_terminal() -> None:
    # In the child, after setsid(): make the pty our controlling terminal, as a
    # terminal emulator does, so closing it sends SIGHUP.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
