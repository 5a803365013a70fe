"""What the commands print: text safe for a terminal, and write errors as messages.

`cli.main` wraps standard output and error in `ShownStream` for every command:

- Deck titles, questions, labels, file names and error messages all pass
  through `terminal_text.shown`, so a deck's escape sequences (a screen
  clear, an OSC 52 clipboard write) are printed as visible symbols, never
  acted on. JSON output (`grade`, `stats --json`) is ASCII already and goes
  through unchanged; data meant for a file (`export` to standard output)
  goes out as it is unless standard output is a terminal (`write_data`).
- A write that fails (a full disk, `>/dev/full`, a reader that went away)
  raises `OutputError` instead of an OSError from somewhere deep in a
  command, and `main` turns it into one line on standard error.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any, TextIO

from mlquiz.core.terminal_text import shown


class OutputError(OSError):
    """Standard output or error could not be written; `error` is the OSError.

    An OSError itself, so code that already guards a print against a terminal
    that went away (`except OSError`) still does.
    """

    def __init__(self, stream: str, error: OSError, raw: Any = None) -> None:
        super().__init__(error.errno, f"cannot write to {stream}: {error.strerror or error}")
        self.stream = stream
        self.error = error
        self.raw = raw  # the stream that failed

    def __str__(self) -> str:
        return str(self.strerror)

    @property
    def reader_left(self) -> bool:
        """A closed pipe (`mlquiz ... | head`): nobody is reading; no error of ours."""
        return isinstance(self.error, BrokenPipeError) or self.error.errno == errno.EPIPE


class ShownStream:
    """A text stream whose writes are made safe for a terminal (see the module docstring)."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self._stream = stream
        self._name = name

    @property
    def wrapped(self) -> TextIO:
        return self._stream

    def write(self, text: str) -> int:
        return self._write(shown(text), len(text))

    def write_data(self, text: str) -> int:
        """Write `text` as it is, unless this is a terminal (then as `write` does)."""
        return self._write(shown(text) if self.isatty() else text, len(text))

    def _write(self, text: str, length: int) -> int:
        try:
            self._stream.write(text)
        except OSError as error:
            raise OutputError(self._name, error, self._stream) from None
        return length

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise OutputError(self._name, error, self._stream) from None

    def isatty(self) -> bool:
        try:
            return self._stream.isatty()
        except (AttributeError, ValueError):
            return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Closed:
    """A standard stream that was closed when mlquiz started (`>&-`): Python
    gives None, and every write fails as writing to a closed descriptor does."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def wrap_standard_streams() -> tuple[Any, Any]:
    """Put `ShownStream`s on sys.stdout and sys.stderr; returns the originals."""
    originals = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, ShownStream):
        out = sys.stdout if sys.stdout is not None else _Closed()
        sys.stdout = ShownStream(out, "standard output")  # type: ignore[arg-type]
    if not isinstance(sys.stderr, ShownStream):
        err = sys.stderr if sys.stderr is not None else _Closed()
        sys.stderr = ShownStream(err, "standard error")  # type: ignore[arg-type]
    return originals


def write_data(text: str) -> None:
    """Data for a file (an export) to standard output: as it is, unless a terminal."""
    out = sys.stdout
    if isinstance(out, ShownStream):
        out.write_data(text)
    else:
        out.write(text)


def output_failed(error: OutputError) -> int:
    """Say that the output could not be written (once, on standard error if it
    works); returns the exit status: 0 when the reader simply left, 1 otherwise.

    What is still buffered for the broken stream is sent to /dev/null, so
    Python's flush at exit does not fail again with a traceback.
    """
    if error.raw is not None and error.raw in (sys.__stdout__, sys.__stderr__):
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, error.raw.fileno())
            os.close(devnull)
        except (OSError, AttributeError, ValueError):
            pass
    if error.reader_left:
        return 0
    if error.stream == "standard output":
        err = sys.stderr.wrapped if isinstance(sys.stderr, ShownStream) else sys.stderr
        try:
            print(f"mlquiz: {error}", file=err)
            err.flush()
        except (OSError, AttributeError, ValueError):
            pass
    return 1
