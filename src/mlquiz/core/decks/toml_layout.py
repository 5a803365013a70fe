"""A whole deck's TOML text, laid out exactly as `tomli-w` lays it out, faster.

tomli-w escapes a string one character at a time in Python; an import of
100,000 cards writes about 4 million strings and spent a sixth of its time
there. This module follows tomli-w 1.x's layout rules line for line (which
tables become `[name]` / `[[name]]` headers, which arrays of tables stay
inline, the 4-space indent of multi-line arrays, the 100-character limit of
an inline table, when a string is multi-line) and escapes a string with one
regular expression. The tests compare it with tomli-w byte for byte on every
kind of value a deck holds; a value of any other type is left to tomli-w.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# tomli-w: quotes, backslashes and the ASCII control characters but tab.
_ILLEGAL = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_COMPACT = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_MAX_LINE_LENGTH = 100
_INDENT = "    "


class NotPlain(TypeError):
    """A value of a type this layout does not write (tomli-w's job)."""


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _COMPACT.get(char) or "\\u" + hex(ord(char))[2:].rjust(4, "0")


def _escape_multiline(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return "\n"
    return _COMPACT.get(char) or "\\u" + hex(ord(char))[2:].rjust(4, "0")


def dumps(value: Mapping[str, Any], multiline_strings: bool = False) -> str:
    """`tomli_w.dumps(value, multiline_strings=...)`, for dicts, lists, tuples,
    strings, booleans and integers; `NotPlain` for anything else."""
    writer = _Writer(multiline_strings)
    writer.table(value, "", inside_aot=False)
    return "".join(writer.out)


def dumps_unless_carriage_return(value: Mapping[str, Any]) -> str:
    """`dumps(value, multiline_strings=True)`, unless a string or key of `value`
    holds a carriage return, which a multi-line string would not keep: then
    `dumps(value, multiline_strings=False)`. Every string is written anyway,
    so it is looked at there rather than in a walk of its own."""
    writer = _Writer(True)
    writer.table(value, "", inside_aot=False)
    if writer.carriage_return:
        return dumps(value, multiline_strings=False)
    return "".join(writer.out)


_SCALARS = frozenset({str, bool, int})


def _nothing_to_escape(text: str) -> bool:
    """Printable ASCII without a quote or backslash: written as it is, quoted."""
    return text.isascii() and text.isprintable() and '"' not in text and "\\" not in text


def _is_mapping(obj: Any) -> bool:
    return type(obj) is dict or isinstance(obj, Mapping)


def _is_aot(obj: Any) -> bool:
    """A non-empty list of tables (tomli-w's `is_aot`)."""
    return bool(isinstance(obj, (list, tuple)) and obj and all(_is_mapping(v) for v in obj))


class _Writer:
    def __init__(self, multiline: bool) -> None:
        self.multiline = multiline
        self.out: list[str] = []
        # Inline tables rendered while deciding whether they fit, by object id
        # (the objects live as long as the writer), as tomli-w keeps them.
        self.inline_cache: dict[int, str] = {}
        # Keys as written: a deck repeats a dozen keys millions of times.
        self.keys: dict[str, str] = {}
        self.carriage_return = False  # whether a string written holds one

    def table(self, table: Mapping[str, Any], name: str, inside_aot: bool) -> None:
        out = self.out
        written = False
        literals: list[tuple[str, Any]] = []
        tables: list[tuple[str, Any, bool]] = []
        for key, item in table.items():
            kind = type(item)
            if kind in _SCALARS:
                literals.append((key, item))
            elif kind is list and (not item or type(item[0]) is str):
                # A list of strings (or an empty one): no table, nor an array of
                # tables (`_is_aot` fails at its first item), told without a call.
                literals.append((key, item))
            elif kind is list:  # (a list is no mapping: `_is_mapping`'s test skipped)
                if _is_aot(item) and not all(self.inline_fits(t) for t in item):
                    tables.extend((key, t, True) for t in item)
                else:
                    literals.append((key, item))
            elif _is_mapping(item):
                tables.append((key, item, False))
            elif _is_aot(item) and not all(self.inline_fits(t) for t in item):
                tables.extend((key, t, True) for t in item)
            else:
                literals.append((key, item))
        if inside_aot or (name and (literals or not tables)):
            written = True
            out.append(f"[[{name}]]\n" if inside_aot else f"[{name}]\n")
        if literals:
            written = True
            keys, string, multiline = self.keys, self.string, self.multiline
            for key, item in literals:
                # The usual key (one written already) and string, without the
                # general steps of `key` and `literal`.
                written_key = keys.get(key) if type(key) is str else None
                if written_key is None:
                    written_key = self.key(key)
                kind = type(item)
                if kind is str:
                    out.append(f"{written_key} = {string(item, multiline)}\n")
                elif kind is list:
                    out.append(f"{written_key} = {self.array(item, 0)}\n")
                else:
                    out.append(f"{written_key} = {self.literal(item, 0)}\n")
        for key, item, in_aot in tables:
            if written:
                out.append("\n")
            else:
                written = True
            part = self.key(key)
            self.table(item, f"{name}.{part}" if name else part, in_aot)

    def literal(self, obj: object, nest: int) -> str:
        kind = type(obj)
        if kind is str:
            return self.string(obj, self.multiline)  # type: ignore[arg-type]
        if kind is bool:
            return "true" if obj else "false"
        if isinstance(obj, str):
            return self.string(obj, self.multiline)
        if isinstance(obj, bool):
            return "true" if obj else "false"
        if isinstance(obj, int):
            return str(obj)
        if isinstance(obj, (list, tuple)):
            return self.array(obj, nest)
        if _is_mapping(obj):
            return self.inline_table(obj)  # type: ignore[arg-type]
        raise NotPlain(type(obj).__qualname__)

    def array(self, obj: list[Any] | tuple[Any, ...], nest: int) -> str:
        if not obj:
            return "[]"
        indent = _INDENT * (1 + nest)
        try:
            # A list of phrases, the common case: strings only (else `join` raises,
            # at the first item that is none), told in C rather than per item.
            joined: str | None = "".join(obj)
        except TypeError:
            joined = None
        if joined is not None:
            if _nothing_to_escape(joined):
                # Every item printable ASCII with nothing to escape (`string`'s own
                # test, asked of all at once: a character is printable or not
                # wherever it stands): quoted and joined in one C call.
                between = '",\n' + indent + '"'
                return f'[\n{indent}"{between.join(obj)}",\n{_INDENT * nest}]'
            string, multiline = self.string, self.multiline
            items = ",\n".join(indent + string(item, multiline) for item in obj)
        else:
            items = ",\n".join(indent + self.literal(item, nest + 1) for item in obj)
        return f"[\n{items},\n{_INDENT * nest}]"

    def inline_table(self, obj: Mapping[str, Any]) -> str:
        rendered = self.inline_cache.get(id(obj))
        if rendered is None:
            if not obj:
                rendered = "{}"
            else:
                rendered = (
                    "{ "
                    + ", ".join(f"{self.key(k)} = {self.literal(v, 0)}" for k, v in obj.items())
                    + " }"
                )
            self.inline_cache[id(obj)] = rendered
        return rendered

    def inline_fits(self, obj: Mapping[str, Any]) -> bool:
        """tomli-w's `is_suitable_inline_table`. A non-empty array renders over
        several lines, so a table holding one never fits: known without
        rendering it (a card's whole text, for every card of a deck)."""
        if any(isinstance(v, (list, tuple)) and v for v in obj.values()):
            return False
        rendered = f"{_INDENT}{self.inline_table(obj)},"
        return len(rendered) <= _MAX_LINE_LENGTH and "\n" not in rendered

    def key(self, part: str) -> str:
        written = self.keys.get(part) if type(part) is str else None
        if written is None:
            if not isinstance(part, str):
                raise NotPlain(type(part).__qualname__)
            written = part if _BARE_KEY.fullmatch(part) else self.string(part, False)
            self.keys[part] = written
        return written

    def string(self, text: str, multiline: bool) -> str:
        if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
            # Printable ASCII (most strings of a deck): no line break, no carriage
            # return and nothing to escape, told in C without the pattern's scan.
            return '"' + text + '"'
        if "\r" in text:
            self.carriage_return = True
        if multiline and "\n" in text:
            text = text.replace("\r\n", "\n")
            return '"""\n' + _ILLEGAL.sub(_escape_multiline, text) + '"""'
        return '"' + _ILLEGAL.sub(_escape, text) + '"'
