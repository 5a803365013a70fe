"""A fenced code block as derivation reads it: the names it calls, not its lines.

A reference answer that is code ("Implement a Flink CEP pattern ...", a
```java block) read line by line gave one point per line: its punctuation
("?> suspiciousPattern = ..."), its literals ("5", "\"first\"") and each
repeated line again ("... (2)") (issue 19). What carries the idea of code,
in any language, is what it calls: `Pattern.begin(`, `.where(`,
`.followedBy(`, `COUNT(`, `mlflow.log_param(`; a learner who explains the
code in words names those. So `code_lines` turns a block into:

- the names called in it, a list line each ("- Pattern.begin"), each once,
  in order, type arguments left out, without the variable or module they
  are called on (`log_metric`, `readStream` and `format` of
  `spark.readStream.format`), and a SQL query's clauses ("GROUP BY"), not
  its column types: derivation makes one list point of them
  (`list_answers.py`: all of a short list, half of a long one), or two when
  the question names some in words ("How do you log a metric?": `log_metric`
  essential, `start_run` around it optional, `list_phrases.list_points`);
  a name of several words joined (`followedBy`, `log_metric`) is one word
  of the deck's glossary, said typed or as "followed by" (`code_glossary`);
  no call of Python's plumbing (`print`, `open`), of an object the code
  only hands on (`model = LinearRegression()` then `pickle.dump(model, f)`)
  or after a "# Example usage" comment: those show the answer at work;
- a block that calls nothing (a config, a table of values): its lines
  without string and number literals, each part between commas once, with
  no punctuation at either end, none left with no word, a sentence each;
- then its comments' words, a line each (the author's own prose: "-- Method
  1: Using window function"): after the code, whose names are the answer.

A block after prose is read the same way (read line by line, a block of
queries gave "SELECT name", "ORDER BY salary DESC (2)"). The card keeps its
answer as published; only derivation reads this.
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
# A word of a name: `followedBy` -> followed, By; `ROW_NUMBER` -> ROW, NUMBER;
# `getHTTPStatus` -> get, HTTP, Status.
_NAME_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# A function defined: `def name(`, `function name(`, `func`, `fun`, `fn`.
_DEFINED = re.compile(r"\b(?:def|function|func|fun|fn)\s+([A-Za-z_][\w$]*)\s*\(")
# A comment that numbers one of several ways to the answer.
_ALTERNATIVE = re.compile(r"(?:method|option|approach|alternative|solution|way)\s*#?\d", re.I)
# The qualified name a line ends with (`(spark.readStream`).
_TAIL_NAME = re.compile(r"([A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)*)\s*$")
# A line that is one name (an item of `code_lines`).
_NAME_LINE = re.compile(r"^(?:- )?([A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)*)$", re.MULTILINE)
# A SQL statement opens the line: the block is a query, whose clauses are names too.
# A CTE's WITH names its query (`WITH ranked AS`): Python's `with open(...) as f:`
# is no query, and read as one its `open` was a column type's guard away from a call.
_SQL_STATEMENT = re.compile(
    r"^\s*(?:SELECT|WITH\s+(?:RECURSIVE\s+)?\w+\s+AS\b|INSERT\s+INTO|UPDATE|DELETE\s+FROM|CREATE"
    r"|ALTER|MERGE\s+INTO)\b",
    re.IGNORECASE,
)
# The clauses that shape a query, what it does beyond SELECT ... FROM ... WHERE
# (which every query has): a window, a grouping, a join, a merge, the statement.
_SQL_CLAUSE = re.compile(
    r"\bOVER\b|\bPARTITION\s+BY\b|\bGROUP\s+BY\b|\bHAVING\b|\bDISTINCT\b|\bUNION\b"
    r"|\b(?:(?:LEFT|RIGHT|FULL|INNER|CROSS)\s+(?:OUTER\s+)?)?JOIN\b|\bMERGE\s+INTO\b"
    r"|\bWHEN\s+MATCHED\b|\bCREATE\s+TABLE\b|\bINSERT\s+INTO\b|\bUPDATE\b|\bDELETE\s+FROM\b"
    r"|\bALTER\s+TABLE\b|\bADD\s+COLUMN\b",
    re.IGNORECASE,
)
# A column's type in SQL, written like a call (`VARCHAR(100)`).
_SQL_TYPES = frozenset(
    "varchar nvarchar char nchar varbinary binary decimal numeric number float double "
    "int integer bigint smallint tinyint timestamp datetime date string".split()
)
_LEADING = re.compile(r"^[^\w(\[{]+")
_TRAILING = re.compile(r"[^\w)\]}]+$")
# What is left of a call whose arguments were literals: `log_param( , )`.
_EMPTY_CALL = re.compile(r"\(\s*(?:,\s*)*\)")


def called_names(code: list[str]) -> list[str]:
    """The names `code` (lines without strings and comments) calls, each once, in
    order, with a SQL query's clauses that shape it ("OVER", "GROUP BY").

    A chain continued on the next line (`spark.readStream` then `.format(...)`)
    keeps what it is called on (`readStream.format`: `readStream` is what tells
    a stream from `spark.read`) but for the variable or module (`_called`). A SQL
    column's type (`VARCHAR(100)`) is no call: the idea of a query is in its
    functions and clauses, and a short list needs every item (a DDL answer
    required "VARCHAR").
    """
    joined: list[str] = []
    for line in code:
        if joined and line.lstrip().startswith("."):
            # What the chain is called on (`spark.readStream`), then `_called`.
            held = _TAIL_NAME.search(joined[-1])
            line = (held.group(1) if held else "") + line.strip()
        joined.append(line)
    sql = any(_SQL_STATEMENT.match(line) for line in joined)
    # A function the block defines is the answer's own wrapper, no call of an API.
    defined = {m.group(1).lower() for line in joined for m in _DEFINED.finditer(line)}
    defined |= _stand_ins(joined)
    names: list[str] = []
    seen: set[str] = set()
    for line in joined:
        found = [
            (m.start(), k, name)
            for m in _CALL.finditer(line)
            if not (sql and m.group(1).lower() in _SQL_TYPES)
            and m.group(1).lower() not in defined
            and not (not sql and m.group(1) in _PLUMBING)
            for k, name in enumerate(_called(re.sub(r"\s+", "", m.group(1))))
        ]
        if sql:
            found += [
                (m.start(), 0, " ".join(m.group(0).upper().split()))
                for m in _SQL_CLAUSE.finditer(line)
            ]
        for _, _, name in sorted(found):
            if name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
    return names


# A comment that opens the block's example of use ("# Example usage", "// usage:").
_USAGE = re.compile(
    r"(?:^|\s)(?:#|//|--)\s*(?:example(?:\s+usage|\s+use)?|usage|demo)\b\s*:?\s*$", re.I
)
# Python's built-in plumbing, for output, files and conversions: `print(...)` and
# `open(...)` name no idea of an answer (a short list needs every item, and a
# right `pickle.dump(model, f)` was partial without "open").
_PLUMBING = frozenset(
    "print open input len range enumerate isinstance str int float bool list dict set "
    "tuple type repr super iter next".split()
)


# An object built and named: `model = LinearRegression()`.
_BUILT = re.compile(r"\b([A-Za-z_]\w*)\s*=\s*([A-Z]\w*)\s*\(")


def _stand_ins(code: list[str]) -> set[str]:
    """The classes (lower case) the code builds only to hand on: `model =
    LinearRegression()` then `pickle.dump(model, f)`, nothing called on `model`.
    The object stands in for any ("How do you serialize a model?"); what is done
    with it is the answer. One whose methods the code calls (`model.fit(X, y)`)
    is what the code works with, and stays a call."""
    text = "\n".join(code)
    out: set[str] = set()
    for match in _BUILT.finditer(text):
        variable, built = match.groups()
        if not re.search(rf"\b{re.escape(variable)}\s*\.", text):
            out.add(built.lower())
    return out


def _called(name: str) -> list[str]:
    """The names a qualified call says: without the variable or module it is
    called on (a first name in lower case: `mlflow.log_metric` is `log_metric`,
    `df.sort_values` `sort_values`), each attribute of a chain apart
    (`spark.readStream.format` is `readStream` and `format`: the checklist
    ticks a call by its last name, and `spark.read.format` calls `format`
    too); a class's own method keeps its class (`Pattern.begin`, `Time.seconds`)."""
    first, dot, rest = name.partition(".")
    if not (dot and first[:1].islower()):
        names = [name]
    elif rest[:1].islower():
        names = rest.split(".")
    else:
        names = [rest]
    return names


_IDENTIFIER = re.compile(r"[A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)*")


def is_joined_name(text: str) -> bool:
    """`text` is a called name with a part of several words joined."""
    text = text.strip()
    return bool(_IDENTIFIER.fullmatch(text) and identifier_words(text))


def joined_name(name: str) -> str:
    """The words `name` is said by: its parts written as several words, each as
    the one word the glossary of `identifier_words` reads ("logmetric" for
    `mlflow.log_metric`, "readstream" for `readStream.format`). A plain part
    beside them (`format`, `of`) is left out: in `spark.read.format` it would
    say half of `readStream.format`, and a stop word would be no word at all."""
    return " ".join(joined for _, joined in identifier_words(name))


def _parts(part: str) -> list[str]:
    return [w.lower() for w in _NAME_PART.findall(part)]


def identifier_words(name: str) -> list[tuple[str, str]]:
    """(the words, the name as one word) for each part of a called name written
    as several words joined (`followedBy`, `log_metric`, `ROW_NUMBER`), for the
    deck's glossary: an answer that types "followed by" or "log metric" says
    the name, and so does `log_metric` typed, while "log a metric" (the
    question's words) does not."""
    out: list[tuple[str, str]] = []
    for part in name.split("."):
        words = _parts(part)
        if len(words) >= 2 and all(w.isalpha() and len(w) >= 2 for w in words):
            out.append((" ".join(words), "".join(words)))
    return out


def code_lines(block: list[str]) -> list[str]:
    """The lines derivation reads for the code lines `block` (see the module)."""
    code, comments = _code_and_comments(block)
    # "# Example usage" and what follows shows the answer at work (`print(model.
    # predict([[4]]))` after a function that fits the model): its calls are no
    # items an answer must name, the code before it is the answer.
    usage = next((k for k, raw in enumerate(block) if _USAGE.search(raw)), len(block))
    calls = called_names(code[:usage]) or called_names(code)
    if len(calls) == 1:
        return [calls[0], "", *comments]  # one name is no list: no "- " to show
    if sum(bool(_ALTERNATIVE.match(c)) for c in comments) >= 2:
        # "-- Method 1: ...", "-- Method 2: ...": ways to the same result, any
        # of which answers it ("X (or Y)" is another wording of one idea).
        return [calls[0] + "".join(f" (or {name})" for name in calls[1:]), "", *comments]
    if calls:
        return [*[f"- {name}" for name in calls], "", *comments]
    kept: list[str] = []
    seen: set[str] = set()
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


def _code_and_comments(block: list[str]) -> tuple[list[str], list[str]]:
    """The block's lines without strings, comments and type arguments; and the
    words of its comments."""
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
    return code, comments


def glossary_names(text: str) -> list[tuple[str, str]]:
    """`identifier_words` of the names in `text`, an answer as derivation reads
    it: each line that is one name (`code_lines`' items, "- followedBy").
    Names in prose are left as written: the phrases of a prose point keep its
    words apart ("ROW ... NUMBER"), which a joined "rownumber" would not say."""
    if "_" not in text and "." not in text and not any(c.isupper() for c in text):
        return []
    names = [m.group(1) for m in _NAME_LINE.finditer(text)]
    return [pair for name in names for pair in identifier_words(name)]


def code_glossary(cards: list[tuple[str, str]]) -> dict[str, str]:
    """The deck's glossary entries for the names its code calls ("followed by"
    -> "followedby"), but for the words its prose or questions also say as
    words ("linear regression" beside `LinearRegression()`): the glossary
    would join them in every answer, while a prose point's phrase keeps
    them apart ("Linear ... regression ... models") and would go unsaid."""
    names: dict[str, str] = {}
    for _, answer in cards:
        for words, joined in glossary_names(answer):
            names.setdefault(words, joined)
    if not names:
        return names
    said = re.compile(
        r"\b(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in names) + r")\b",
        re.IGNORECASE,
    )
    for question, answer in cards:
        prose = _NAME_LINE.sub("", answer)
        for match in said.finditer(f"{question}\n{prose}"):
            names.pop(" ".join(match.group(0).lower().split()), None)
    return names


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
