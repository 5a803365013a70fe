"""Code forms: API names, commands and URIs a key point can be said through.

Learners often answer with the call that does the thing (`mlflow.set_tag(...)`,
`models:/churn/1`, `%pip install`). A deck gives such forms per key point
(`code = [...]`, docs/deck-format.md) and they are matched on the answer as
typed, case aside, rather than word by word: the dots, underscores, slashes
and `@` are what make `models:/` a model URI and not the word "models".

In a form, `*` stands for a name (letters, digits, `_`, `.`, `-`, possibly
none), `#` for a number and a space for any run of spaces. A form that starts
(ends) with a letter or digit must start (end) a name in the answer, so
`fit(` does not match `profit(`; a name may be qualified (`client.set_tag`
matches `set_tag`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlquiz.core.grading.reader import Token

_NAME = r"[\w.\-]*"
_LITERAL_RE = re.compile(r"[^*#\s]+")


@dataclass(frozen=True)
class CodeForm:
    """One compiled form: its regex source, and a literal every match contains."""

    form: str
    source: str
    anchor: str  # lower-case literal text every match holds, for a quick test


def compile_form(form: str) -> CodeForm:
    parts: list[str] = []
    for ch in form:
        if ch == "*":
            parts.append(_NAME)
        elif ch == "#":
            parts.append(r"\d+")
        elif ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    if form[:1].isalnum() or form[:1] == "_":
        body = r"(?<![\w])" + body
    if form[-1:].isalnum() or form[-1:] == "_":
        body += r"(?![\w])"
    literals = _LITERAL_RE.findall(form.lower())
    anchor = max(literals, key=len) if literals else ""
    return CodeForm(form=form, source=body, anchor=anchor)


@lru_cache(maxsize=4096)
def _regex(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


# The values that switch off the argument a form ending in "=" names:
# `log_models=False` says the models are *not* logged, so it cannot say the
# point `log_models=` does. (Only the card's own keyword forms: `stage=None` is
# a stage, no switch, and `disable=False` switches nothing off.) Any case
# (`FALSE`), and the value may end the sentence or the list
# (`log_models=False.`, `False,`, `False)`); `0.5` is no 0.
_OFF_VALUE = r"\s*(?:false|none|0)(?!\w|\.\w)"
_OFF_VALUE_RE = re.compile(_OFF_VALUE, re.IGNORECASE)
_KEYWORD_NAME_RE = re.compile(r"(\w+)=$")
# A keyword argument and its value (`log_input_examples=True`).
_KEYWORD_ARG = r"\s*=\s*[\w.\-'\"]*"


def keyword_names(forms: Iterable[CodeForm]) -> frozenset[str]:
    """The argument names of the keyword forms among `forms` (`log_models=`)."""
    return frozenset(m[1] for f in forms if (m := _KEYWORD_NAME_RE.search(f.form)))


def find_form(form: CodeForm, text: str, lowered: str) -> list[tuple[int, int]]:
    """(start, end) of every place `text` says the form (`lowered` is text.lower());
    a keyword-argument form (`log_models=`) given a value that turns it off
    (`False`, `None`) is not said."""
    if form.anchor not in lowered:
        return []
    keyword = form.form.endswith("=")
    return [
        m.span()
        for m in _regex(form.source).finditer(text)
        if m.end() > m.start() and not (keyword and _OFF_VALUE_RE.match(text, m.end()))
    ]


# "instead of pickle.load(open('/dbfs/tmp/m.pkl'))": the whole expression after
# the contrast is set aside, however many words its brackets and slashes cut it into.
_SET_ASIDE_RE = re.compile(r"\b(?:instead of|rather than|unlike|not)\s+$", re.IGNORECASE)


def set_aside(text: str, start: int) -> bool:
    """Is the code at `start` inside an expression typed right after "instead of",
    "rather than", "unlike" or "not"?"""
    chunk = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    return bool(_SET_ASIDE_RE.search(text, 0, chunk))


def switched_off(text: str, tokens: Sequence[Token], groups: Iterable[frozenset[str]]) -> set[int]:
    """Indices of `tokens` (an answer's content tokens) inside one of the
    keyword arguments of `groups` (each the keyword names of one point) set to
    a value that turns it off (`log_models=False`), and inside the other
    keyword arguments of the same point in the same call: in
    `autolog(log_models=False, log_input_examples=True)` the input examples
    do not earn back the models the call switched off."""
    spans: list[tuple[int, int]] = []
    for names in groups:
        if not names:
            continue
        named = rf"(?<![\w.])(?:{'|'.join(sorted(map(re.escape, names)))})"
        off = [m.span() for m in re.finditer(named + rf"\s*={_OFF_VALUE}", text, re.IGNORECASE)]
        spans += off
        for start, end in {_call(text, start, end) for start, end in off}:
            for m in re.finditer(named + _KEYWORD_ARG, text[start:end], re.IGNORECASE):
                spans.append((start + m.start(), start + m.end()))
    if not spans:
        return set()
    return {
        i
        for i, tok in enumerate(tokens)
        if any(tok.start >= start and tok.end <= end for start, end in spans)
    }


def _call(text: str, start: int, end: int) -> tuple[int, int]:
    """The argument list around `text[start:end]`: inside its innermost
    brackets, or its line when it has none (`log_models=False,
    log_input_examples=True` typed bare)."""
    depth = 0
    for i in range(start - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            if depth == 0:
                close, depth = len(text), 0
                for j in range(end, len(text)):
                    if text[j] == "(":
                        depth += 1
                    elif text[j] == ")":
                        if depth == 0:
                            close = j
                            break
                        depth -= 1
                return i + 1, close
            depth -= 1
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end
