"""Text from a deck or a player, made safe to show on a terminal.

A terminal reads some characters as commands rather than text: C0 controls
(ESC starts sequences that clear the screen, move the cursor, or, with OSC 52,
write the clipboard; BEL, backspace and carriage return move or sound), DEL,
the C1 controls (U+0080..U+009F; U+009B is a one-character CSI to some
terminals) and, to terminals that reorder text, the bidirectional overrides
and isolates (U+202A..U+202E, U+2066..U+2069: "Trojan Source" text that reads
differently from what it is). A deck or a typed answer is data, so before it
reaches a screen or a terminal it goes through one of these:

- `shown(text)`: every such character made visible, one character for one, so
  positions into the text (the marked words of an answer) still hold: a C0
  control becomes its Unicode "control picture" (ESC is "␛", so `\\x1b[2J`
  shows as "␛[2J"), DEL "␡", a C1 control or a bidi control "�". Tab and
  newline are kept.
- `shown_line(text)`: the same for one line (a title, a table cell, a CLI
  line): tab and newline become spaces as well.
- `without_controls(text)`: what is stored of a typed or pasted answer and
  of an imported field: escape sequences (CSI, OSC, DCS and the other
  two-character ones) removed whole, then every control character except
  tab and newline (a carriage return ends a line), DEL, C1 and the bidi
  controls; the rest as typed.
- `control_characters(text)`: the controls that `without_controls` would
  remove, for the deck validator's warnings.

Nothing here imports textual or rich: the core and the command line use it
as they are.
"""

from __future__ import annotations

import re

# The bidirectional embeddings, overrides and isolates (not the plain marks
# LRM/RLM, which reorder nothing).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_REPLACEMENT = "\ufffd"


def _table(keep_lines: bool) -> dict[int, str]:
    table = {code: chr(0x2400 + code) for code in range(0x20)}
    if keep_lines:
        del table[ord("\t")], table[ord("\n")]
    else:
        table[ord("\t")] = table[ord("\n")] = " "
    table[0x7F] = "\u2421"  # ␡
    table.update({code: _REPLACEMENT for code in range(0x80, 0xA0)})
    table.update({ord(ch): _REPLACEMENT for ch in BIDI_CONTROLS})
    return table


_SHOWN = _table(keep_lines=True)
_SHOWN_LINE = _table(keep_lines=False)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")


def shown(text: str) -> str:
    """`text` with every control made visible (see the module docstring); tab
    and newline kept. Same length as `text`."""
    # The search first: nearly all text has nothing to replace, and a search
    # costs a fraction of a translate.
    return text.translate(_SHOWN) if _UNSAFE.search(text) else text


def shown_line(text: str) -> str:
    """`shown` for one line: tab and newline become spaces too. Same length as `text`."""
    return text.translate(_SHOWN_LINE) if _UNSAFE_LINE.search(text) else text


# ESC followed by: CSI parameters and a final byte; OSC, DCS, SOS, PM or APC
# up to BEL or ST (or the end of the text); or one more character.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x90\x9d\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")


def without_controls(text: str) -> str:
    """`text` as stored: escape sequences and control characters removed, tab and
    newline kept (CRLF and a lone CR become a newline)."""
    if not _CONTROL.search(text):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


_NAMES = {0x1B: "ESC", 0x07: "BEL", 0x08: "BS", 0x0D: "CR", 0x00: "NUL", 0x7F: "DEL"}


def control_characters(text: str) -> list[str]:
    """The names of the distinct controls `without_controls` removes from `text`,
    in order of first appearance ("ESC", "U+009B", "U+202E" ...)."""
    seen: dict[str, None] = {}
    for match in _CONTROL.finditer(text):
        code = ord(match.group())
        seen.setdefault(_NAMES.get(code, f"U+{code:04X}"), None)
    return list(seen)
