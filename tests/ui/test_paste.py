"""A pasted answer with escape sequences in it arrives whole and clean (issue 14, F1).

Textual's parser read an ESC inside a bracketed paste as the start of a key
sequence: those characters were typed at once and the rest of the paste came
later, so a pasted OSC 52 was stored reordered and a raw ESC drawn.
`ui/paste.py` holds a paste until its end and passes it on without controls.
"""

from __future__ import annotations

import random

from mlquiz.ui.paste import END, START, PasteSanitiser

PASTED = "one \x1b]52;c;cGFzdGVk\x07execution, \x1b[31mlogged\x1b[0m together\u202e"


def run(chunks: list[str]) -> str:
    sanitise = PasteSanitiser()
    return "".join(sanitise(chunk) for chunk in chunks)


def test_f1_a_paste_with_escapes_reaches_the_parser_clean():
    data = "ab" + START + PASTED + END + "\x1b" + "c"
    assert run([data]) == "ab" + START + "one execution, logged together" + END + "\x1bc"


def test_f1_a_paste_split_anywhere_gives_the_same():
    data = "x" + START + PASTED + END + "y" + START + "second \x1b[2J" + END
    expected = run([data])
    rng = random.Random(14)
    for _ in range(300):
        cuts = sorted(rng.sample(range(1, len(data)), rng.randint(1, 12)))
        chunks = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
        assert run(chunks) == expected, chunks


def test_keys_outside_a_paste_are_never_held_back():
    sanitise = PasteSanitiser()
    assert sanitise("\x1b") == "\x1b"  # the Escape key goes at once
    assert sanitise("[A") == "[A"  # and what follows it
    assert sanitise("\x1b[20") == "\x1b[20"  # even what may be a paste starting
    assert sanitise("0~abc") == "0~"  # it was: the paste is held until it ends
    assert sanitise(END) == "abc" + END
