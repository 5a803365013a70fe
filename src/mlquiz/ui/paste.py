"""A pasted answer arrives whole and clean, whatever escape sequences it holds.

A terminal sends a paste between `ESC [200~` and `ESC [201~` (bracketed
paste). Textual's input parser (`textual._xterm_parser.XTermParser`) keeps
the pasted characters for one Paste event, but an ESC inside the paste
starts an escape sequence it reads apart: those characters go out at once
as typed keys (ESC becomes "^"), and the rest of the paste follows later. A
pasted OSC 52 was stored reordered ("^]52;c;...execution, loggedone
together") and a raw ESC drawn.

`PasteSanitiser` sits in front of that parser: it holds what comes between
the two markers and passes it on, when the paste ends, with its escape
sequences and control characters taken out (`terminal_text.without_controls`,
the answer's own rule), so the parser sees a paste with no ESC inside.
Input outside a paste passes at once, unchanged (the Escape key is never
held back). `install()` makes the game's driver's parser filter so.
"""

from __future__ import annotations

import sys
from typing import Any

from mlquiz.core.terminal_text import without_controls

START = "\x1b[200~"
END = "\x1b[201~"


class PasteSanitiser:
    """Feed it the terminal's input as it comes; it returns what to parse."""

    def __init__(self) -> None:
        self._pasting = False
        self._held = ""  # the paste so far
        self._tail = ""  # the last characters passed on, to see a START split in two

    def __call__(self, data: str) -> str:
        out: list[str] = []
        while data:
            if self._pasting:
                self._held += data
                end = self._held.find(END)
                if end < 0:
                    return "".join(out)
                out.append(without_controls(self._held[:end]) + END)
                data = self._held[end + len(END) :]
                self._held, self._pasting, self._tail = "", False, END
                continue
            seen = self._tail + data
            start = seen.find(START)
            if start < 0:
                out.append(data)
                self._tail = seen[-(len(START) - 1) :]
                break
            # Pass on up to the end of START (some of it may have gone already).
            cut = start + len(START) - len(self._tail)
            out.append(data[:cut])
            data = data[cut:]
            self._pasting, self._tail = True, ""
        return "".join(out)


def install(driver_class: type) -> None:
    """Put a `PasteSanitiser` in front of the parser of the Textual driver the game
    uses (`driver_class`): the terminal's (Linux), or that of `mlquiz serve`'s tabs.
    A driver whose module does not name Textual's `XTermParser` (the headless one,
    or a Textual whose drivers changed) is left as it is (the answer is still
    stored minus its controls, and shown so). Nothing is imported here that the
    driver did not import already."""
    module = sys.modules.get(driver_class.__module__)
    if getattr(module, "XTermParser", None) is None:
        return
    from textual._xterm_parser import XTermParser

    if module.XTermParser is not XTermParser:  # type: ignore[union-attr]
        return  # a parser of its own, or installed already

    class SanitisedParser(XTermParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._mlquiz_paste = PasteSanitiser()

        def feed(self, data: str) -> Any:
            return super().feed(self._mlquiz_paste(data) if data else data)

    module.XTermParser = SanitisedParser  # type: ignore[union-attr]
