"""The one sanitiser of text shown on a terminal (issue 14, F1)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mlquiz.core.terminal_text import (
    control_characters,
    shown,
    shown_line,
    without_controls,
)

CLEAR = "\x1b[2J\x1b[H"
OSC52 = "\x1b]52;c;aGFja2Vk\x07"


def test_shown_makes_escapes_visible_and_keeps_lines():
    text = f"Deck{CLEAR} title{OSC52}\nline\ttab"
    out = shown(text)
    assert "\x1b" not in out and "\x07" not in out
    assert out.startswith("Deck␛[2J␛[H title␛]52;c;aGFja2Vk␇\nline\ttab")
    assert len(out) == len(text)  # one character for one: spans into the text still hold


def test_shown_replaces_c1_del_and_bidi_overrides():
    text = "a\x9b31mb\x7fc\u202eevil\u2066d\u200fe"
    out = shown(text)
    assert out == "a\ufffd31mb\u2421c\ufffdevil\ufffdd\u200fe"  # RLM, a plain mark, stays


def test_shown_line_turns_tab_and_newline_into_spaces():
    assert shown_line("a\tb\nc\x1bd") == "a b c␛d"


def test_plain_text_is_returned_as_is():
    text = "Unity Catalog (UC) → ‘quotes’ 日本語 é"
    assert shown(text) is text and shown_line(text) is text and without_controls(text) is text


def test_without_controls_removes_whole_sequences_and_keeps_the_text():
    pasted = f"a run{OSC52} is \x1b[31mone\x1b[0m execution\r\nof code\x07\u202e!"
    assert without_controls(pasted) == "a run is one execution\nof code!"


def test_without_controls_drops_an_unterminated_osc_to_the_end():
    assert without_controls("ok\x1b]52;c;aGk=") == "ok"


def test_control_characters_names_each_kind_once():
    assert control_characters(f"x{CLEAR}\x07\x9b\u202e\x1b") == ["ESC", "BEL", "U+009B", "U+202E"]
    assert control_characters("tab\tand\nnewline") == []


@given(st.text())
def test_nothing_a_terminal_acts_on_survives(text):
    for out in (shown(text), shown_line(text), without_controls(text)):
        assert not any(ord(c) < 0x20 and c not in "\t\n" for c in out)
        assert not any(0x7F <= ord(c) <= 0x9F for c in out)
        assert not any(c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" for c in out)
    assert len(shown(text)) == len(text) == len(shown_line(text))
    assert "\n" not in shown_line(text) and "\t" not in shown_line(text)
