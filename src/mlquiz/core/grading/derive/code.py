"""A fenced code block as derivation reads it: the names it calls, not its lines.

A reference answer that is code ("Implement a Flink CEP pattern ...", a
```java block) read line by line gave one point per line: its punctuation
("?> suspiciousPattern = ..."), its literals ("5", "\"first\"") and each
repeated line again ("... (2)") (issue 19). What carries the idea of code,
in any language, is what it calls: `Pattern.begin(`, `.where(`,
`.followedBy(`, `COUNT(`, `mlflow.log_param(`; a learner who explains the
code in words names those. So `code_lines` turns a block into:

- the names called in it, a list line each ("- Pattern.begin"), each once,
  in order, qualified as written, type arguments left out: derivation makes
  one list point of them (`list_answers.py`: all of a short list, half of
  a long one);
- a block that calls nothing (a config, a table of values): its lines
  without string and number literals, each part between commas once, with
  no punctuation at either end, none left with no word, a sentence each;
- then its comments' words, a line each (the author's own prose: "-- Method
  1: Using window function"): after the code, whose names are the answer.

A block after prose of the answer is read line by line, as before: the
prose is the answer (see `code_lines`). The card keeps its answer as
published; only derivation reads this.
"""

from __future__ import annotations

import re

# A comment to the end of the line: `//`, and `#` or SQL's `--` after a space or
# at the start (not `a#b`, `i--`). Not inside a string: strings go first.
_COMMENT = re.compile(r"(?://|(?:^|(?<=\s))(?:#|--))\s?(.*)$")
_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`[^`\n]*`")
_NUMBER = re.compile(r"(?<![\w.])[-+]?\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?[a-zA-Z]?(?![\w.])")
# Type arguments right after a name or a dot: `SimpleCondition<Transaction>(`,
# `Pattern.<Transaction>begin(`, `List<Map<String, Integer>>`.
_GENERIC = re.compile(r"(?<=[\w.])<[\w\s,.?<>\[\]]*?>+")
# A name called: written against its parenthesis, as calls are in every
# language (`OVER (` in SQL is a keyword's clause, not a call).
_CALL = re.compile(r"((?:[A-Za-z_][\w$]*\s*\.\s*)*[A-Za-z_][\w$]*)\(")
_WORD = re.compile(r"[A-Za-z]")
_LEADING = re.compile(r"^[^\w(\[{]+")
_TRAILING = re.compile(r"[^\w)\]}]+$")
# What is left of a call whose arguments were literals: `log_param( , )`.
_EMPTY_CALL = re.compile(r"\(\s*(?:,\s*)*\)")


def code_lines(block: list[str], listed: bool = True) -> list[str]:
    """The lines derivation reads for the code lines `block` (see the module).

    `listed=False` (the block follows prose of the answer: "Use a context
    manager:") gives its lines as written: the prose is the answer's core
    and the code its illustration, whose statements each say a step ("with
    mlflow.start_run():", a call the question names); as list items the
    calls would only be what the prose announces.
    """
    if not listed:
        return [raw.strip() for raw in block]
    comments: list[str] = []
    code: list[str] = []
    for raw in block:
        line = _STRING.sub(" ", raw)
        comment = _COMMENT.search(line)
        if comment is not None:
            words = comment.group(1).strip()
            if _WORD.search(words):
                comments.append(words)
            line = line[: comment.start()]
        code.append(_GENERIC.sub("", line))
    calls: list[str] = []
    seen: set[str] = set()
    for line in code:
        for match in _CALL.finditer(line):
            name = re.sub(r"\s+", "", match.group(1))
            if name.lower() not in seen:
                seen.add(name.lower())
                calls.append(name)
    if calls:
        return [*[f"- {name}" for name in calls], "", *comments]
    kept: list[str] = []
    seen.clear()
    for line in code:
        line = _EMPTY_CALL.sub("", _NUMBER.sub(" ", line))
        # Each comma-separated part once: derivation cuts a line at its commas,
        # and `SELECT name, salary` repeated in three queries gave three points.
        parts: list[str] = []
        for part in _top_level_parts(line):
            part = " ".join(_TRAILING.sub("", _LEADING.sub("", part)).split())
            if _WORD.search(part) and part.lower() not in seen:
                seen.add(part.lower())
                parts.append(part)
        if parts:
            # A sentence each: derivation reads a line going on in lower case
            # as a wrapped sentence, and ten statements became one point.
            kept.append(", ".join(parts) + ".")
    return [*kept, "", *comments]


def _top_level_parts(line: str) -> list[str]:
    """`line` cut at its commas outside brackets (`f(X, y)` stays one part)."""
    parts: list[str] = []
    depth = start = 0
    for i, ch in enumerate(line):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            parts.append(line[start:i])
            start = i + 1
    parts.append(line[start:])
    return parts
