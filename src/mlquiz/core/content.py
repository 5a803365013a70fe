"""Loading and validating decks.

A deck is one TOML file (see docs/deck-format.md). `parse_deck` turns its text
into a `Deck` or raises `DeckError` naming the file, the line and the problem,
for every problem it can find in one pass, so an author fixes a file in one
round rather than one typo at a time. No input, however broken, may escape as
anything but a `DeckError`.

tomllib reports line numbers only for syntax errors, so the lines of keys and
tables are recovered by scanning the raw text (`_LineMap`). That scan is best
effort: a problem whose line cannot be found is reported with `line=None`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlquiz.core import locations
from mlquiz.core.cards import Card, Confusion, Deck, KeyPoint

if TYPE_CHECKING:
    import tomli as tomllib

DECK_KEYS = ("id", "title", "description", "glossary", "cards")
CARD_KEYS = (
    "id",
    "question",
    "answer",
    "points",
    "hint",
    "tags",
    "ordered",
    "vague",
    "confusions",
)
POINT_KEYS = ("label", "phrases", "required")
CONFUSION_KEYS = ("phrases", "message")

DECK_ID_RE = re.compile(r"^[A-Za-z0-9_-]+$")


# --------------------------------------------------------------------------
# Errors


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a deck file."""

    path: str
    line: int | None
    problem: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.problem}" if where else self.problem


class DeckError(ValueError):
    """A deck file that cannot be used.

    `path`, `line` and `problem` describe the first problem; `problems` holds
    all of them (at least one), in file order. `str()` gives one line per
    problem, each as `path:line: problem`.
    """

    def __init__(
        self,
        path: str | Path,
        line: int | None,
        problem: str,
        problems: list[Problem] | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        self.problems = list(problems) if problems else [Problem(self.path, line, problem)]
        super().__init__(str(self))

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> DeckError:
        first = problems[0]
        return cls(first.path, first.line, first.problem, problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


# --------------------------------------------------------------------------
# Public API


def load_deck(path: str | Path, source: str = "") -> Deck:
    """Read and validate the deck file at `path`."""
    return parse_deck(_read_deck_file(path), path, source=source)


def _read_deck_file(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise DeckError(path, None, "no such file") from None
    except IsADirectoryError:
        raise DeckError(path, None, "is a directory, not a deck file") from None
    except OSError as exc:
        raise DeckError(path, None, f"cannot read: {exc.strerror or exc}") from None


def parse_deck(text: str | bytes, path: str | Path = "<deck>", source: str = "") -> Deck:
    """Build a `Deck` from the text (or raw bytes) of a deck file.

    `path` is only used in messages and recorded on the deck.
    """
    # tomli is the compiled twin of the stdlib's tomllib (same API, same errors),
    # about twice as fast: a 10,000-card deck must load in under a second.
    # Imported here, as the deck cache spares most start-ups any parsing.
    import tomli as tomllib

    path = str(path)
    text = _decode(text, path)
    if text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise DeckError(
            path,
            line,
            "contains a NUL character: a deck must be a UTF-8 text file "
            "(is it binary, or saved as UTF-16?)",
        )
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, problem = _toml_error(exc, text)
        raise DeckError(path, line, f"TOML syntax error: {problem}") from None
    except RecursionError:
        raise DeckError(path, None, "TOML syntax error: nested too deeply") from None
    # Line numbers are only needed for messages, and scanning for them costs
    # about as much as validating: check without them first, and scan only
    # when there is a problem to report (a 10,000-card deck loads ~1 s sooner).
    try:
        return _Validator(path, text, source, lines=_LineMap("")).deck(raw)
    except DeckError:
        return _Validator(path, text, source).deck(raw)


@dataclass
class DeckScan:
    decks: list[Deck] = field(default_factory=list)
    errors: list[DeckError] = field(default_factory=list)


def scan_decks() -> DeckScan:
    """Every deck found, built-in first, then the user's, plus those that failed.

    A broken deck never stops the others from loading; it is reported in
    `errors`. A user deck whose id is already taken is skipped as an error.
    Decks come from the deck cache when their files are unchanged (see
    core/deck_cache.py), so an ordinary start parses nothing.
    """
    from mlquiz.core.deck_cache import DeckCache

    cache = DeckCache()
    scan = DeckScan()
    seen: dict[str, Deck] = {}
    builtin = locations.builtin_content_dir()
    sources = [(builtin, "built-in"), (locations.user_decks_dir(), "user")]
    for folder, source in sources:
        if folder is None or not folder.is_dir():
            continue
        try:
            files = sorted(p for p in folder.glob("*.toml") if p.is_file())
        except OSError as exc:
            scan.errors.append(DeckError(folder, None, f"cannot list: {exc}"))
            continue
        for file in files:
            try:
                deck = cache.load(
                    file,
                    source,
                    read=_read_deck_file,
                    parse=lambda data, file=file, source=source: parse_deck(data, file, source),
                )
            except DeckError as exc:
                scan.errors.append(exc)
                continue
            if deck.id in seen:
                other = seen[deck.id]
                scan.errors.append(
                    DeckError(
                        file,
                        None,
                        f"deck id '{deck.id}' is already used by {other.source} deck "
                        f"{other.path}; this one is skipped",
                    )
                )
                continue
            seen[deck.id] = deck
            scan.decks.append(deck)
    cache.save()
    return scan


def find_decks(errors: list[DeckError] | None = None) -> list[Deck]:
    """Every deck that loads, built-in first, then the user's decks folder.

    Decks that fail to load are appended to `errors` when it is given.
    """
    scan = scan_decks()
    if errors is not None:
        errors.extend(scan.errors)
    return scan.decks


def resolve_deck(id_or_path: str | Path) -> Deck:
    """The deck named by a deck id or by the path of a deck file."""
    text = str(id_or_path)
    candidate = Path(text).expanduser()
    looks_like_path = (
        isinstance(id_or_path, Path)
        or text.endswith(".toml")
        or "/" in text
        or "\\" in text
        or candidate.is_file()
    )
    if looks_like_path:
        return load_deck(candidate, source=str(candidate))
    decks = find_decks()
    for deck in decks:
        if deck.id == text:
            return deck
    known = ", ".join(d.id for d in decks) or "none"
    raise DeckError(text, None, f"no deck with this id (known decks: {known})")


# --------------------------------------------------------------------------
# Decoding and syntax errors


def _decode(text: str | bytes, path: str) -> str:
    if isinstance(text, str):
        return text
    data = bytes(text)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DeckError(path, 1, "the file is UTF-16: save it as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DeckError(
            path,
            line,
            f"invalid UTF-8 at byte {exc.start} (byte 0x{data[exc.start]:02x}): "
            "save the file as UTF-8",
        ) from None


_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def _toml_error(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int | None, str]:
    message = str(exc)
    match = _TOML_POS.search(message)
    if match:
        problem = message[: match.start()]
        return int(match.group(1)), f"{problem} (column {match.group(2)})"
    match = _TOML_END.search(message)
    if match:
        # e.g. an unterminated string: the end of the file is its last line.
        last_line = text.rstrip("\r\n").count("\n") + 1
        return last_line, f"{message[: match.start()]} (at end of file)"
    return None, message


# --------------------------------------------------------------------------
# Line numbers


@dataclass
class _TableLines:
    header: int | None = None
    keys: dict[str, int] = field(default_factory=dict)

    def key(self, name: str | None = None) -> int | None:
        if name is not None and name in self.keys:
            return self.keys[name]
        return self.header


@dataclass
class _CardLines(_TableLines):
    points: list[_TableLines] = field(default_factory=list)
    confusions: list[_TableLines] = field(default_factory=list)


_HEADER_RE = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_RE = re.compile(r"""^\s*([A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')\s*[.=]""")


class _LineMap:
    """Where each table and key of a deck file starts, found by scanning text."""

    def __init__(self, text: str) -> None:
        self.top = _TableLines(header=None)
        self.glossary = _TableLines()
        self.cards: list[_CardLines] = []
        self._scan(text)

    def _scan(self, text: str) -> None:
        current: _TableLines = self.top
        closing: str | None = None  # delimiter of an open multi-line string
        for number, line in enumerate(text.split("\n"), start=1):
            if closing is not None:
                if closing in line:
                    closing = None
                continue
            header = _HEADER_RE.match(line)
            if header:
                current = self._enter(header.group(1) == "[[", header.group(2), number)
                continue
            key = _KEY_RE.match(line)
            if key:
                current.keys.setdefault(_unquote(key.group(1)), number)
                rest = line[key.end() :]
                for delim in ('"""', "'''"):
                    if rest.count(delim) % 2 == 1:
                        closing = delim
                        break

    def _enter(self, is_array: bool, name: str, number: int) -> _TableLines:
        parts = [_unquote(p.strip()) for p in name.split(".")]
        scratch = _TableLines(header=number)
        if parts == ["cards"] and is_array:
            card = _CardLines(header=number)
            self.cards.append(card)
            return card
        if parts == ["glossary"]:
            self.glossary.header = number
            return self.glossary
        if parts[0] == "cards" and len(parts) >= 2 and self.cards:
            card = self.cards[-1]
            if len(parts) == 2 and is_array and parts[1] == "points":
                card.points.append(scratch)
            elif len(parts) == 2 and is_array and parts[1] == "confusions":
                card.confusions.append(scratch)
            else:
                card.keys.setdefault(parts[1], number)
            return scratch
        self.top.keys.setdefault(parts[0], number)
        return scratch

    def card(self, index: int) -> _CardLines:
        if 0 <= index < len(self.cards):
            return self.cards[index]
        return _CardLines()

    def sub(self, card_index: int, kind: str, index: int) -> _TableLines:
        card = self.card(card_index)
        tables = card.points if kind == "points" else card.confusions
        if 0 <= index < len(tables):
            return tables[index]
        # Inline tables or unusual layouts: the best we know is the card key.
        return _TableLines(header=card.key(kind))


def _unquote(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key


# --------------------------------------------------------------------------
# Validation


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date/time"


class _Validator:
    def __init__(self, path: str, text: str, source: str, lines: _LineMap | None = None) -> None:
        self.path = path
        self.source = source
        self.lines = _LineMap(text) if lines is None else lines
        self.problems: list[Problem] = []
        # Keys suggested for typos, per table (by id): a key reported as
        # "unknown 'qestion' (did you mean 'question'?)" is not also reported
        # as missing, which would say the same thing twice.
        self.suggested: dict[int, set[str]] = {}

    def report(self, line: int | None, problem: str) -> None:
        self.problems.append(Problem(self.path, line, problem))

    # Field checkers: each reports and returns None (or the default) when the
    # value is unusable, so validation goes on and finds the next problem.

    def unknown_keys(
        self, table: dict[str, Any], allowed: tuple[str, ...], where: str, lines: _TableLines
    ) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                if close:
                    hint = f" (did you mean '{close[0]}'?)"
                    self.suggested.setdefault(id(table), set()).add(close[0])
                else:
                    hint = f" (allowed: {', '.join(allowed)})"
                self.report(lines.key(key), f"{where}unknown key '{key}'{hint}")

    def missing(self, table: dict[str, Any], key: str, where: str, line: int | None) -> None:
        if key not in self.suggested.get(id(table), ()):
            self.report(line, f"{where}missing '{key}'")

    def text(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        lines: _TableLines,
        required: bool = True,
        default: str = "",
    ) -> str | None:
        if key not in table:
            if required:
                self.missing(table, key, where, lines.key())
                return None
            return default
        value = table[key]
        if not isinstance(value, str):
            self.report(lines.key(key), f"{where}'{key}' must be a string, not {_kind(value)}")
            return None
        if not value.strip():
            self.report(lines.key(key), f"{where}'{key}' is empty")
            return None
        return value.strip()

    def strings(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        lines: _TableLines,
        required: bool = True,
    ) -> tuple[str, ...] | None:
        if key not in table:
            if required:
                self.missing(table, key, where, lines.key())
                return None
            return ()
        value = table[key]
        line = lines.key(key)
        if not isinstance(value, list):
            hint = f' (write {key} = ["..."])' if isinstance(value, str) else ""
            self.report(
                line, f"{where}'{key}' must be an array of strings, not {_kind(value)}{hint}"
            )
            return None
        if required and not value:
            self.report(line, f"{where}'{key}' is empty: give at least one")
            return None
        good = True
        for position, item in enumerate(value, start=1):
            if not isinstance(item, str):
                self.report(
                    line, f"{where}'{key}' item {position} must be a string, not {_kind(item)}"
                )
                good = False
            elif not item.strip():
                self.report(line, f"{where}'{key}' item {position} is an empty string")
                good = False
        return tuple(item.strip() for item in value) if good else None

    def flag(
        self, table: dict[str, Any], key: str, where: str, lines: _TableLines, default: bool
    ) -> bool | None:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, bool):
            self.report(lines.key(key), f"{where}'{key}' must be true or false, not {_kind(value)}")
            return None
        return value

    def tables(
        self, table: dict[str, Any], key: str, where: str, lines: _TableLines, required: bool
    ) -> list[Any] | None:
        if key not in table:
            if required:
                self.missing(table, key, where, lines.key())
                return None
            return []
        value = table[key]
        if not isinstance(value, list):
            self.report(
                lines.key(key), f"{where}'{key}' must be an array of tables, not {_kind(value)}"
            )
            return None
        if required and not value:
            self.report(lines.key(key), f"{where}'{key}' is empty: give at least one")
            return None
        return value

    # The deck, its cards and their parts

    def deck(self, raw: dict[str, Any]) -> Deck:
        top = self.lines.top
        self.unknown_keys(raw, DECK_KEYS, "", top)
        deck_id = self.text(raw, "id", "deck: ", top)
        if deck_id is not None and not DECK_ID_RE.match(deck_id):
            self.report(
                top.key("id"),
                f"deck: id '{deck_id}' may only contain letters, digits, '-' and '_'",
            )
        title = self.text(raw, "title", "deck: ", top)
        description = self.text(raw, "description", "deck: ", top)
        glossary = self.glossary(raw.get("glossary", {}), top.key("glossary"))
        cards = self.cards(raw)

        if self.problems:
            self.problems.sort(key=lambda p: p.line or 0)
            raise DeckError.from_problems(self.problems)
        assert deck_id is not None and title is not None and description is not None
        return Deck(
            id=deck_id,
            title=title,
            description=description,
            cards=tuple(cards),
            glossary=glossary,
            source=self.source,
            path=self.path,
        )

    def glossary(self, value: Any, line: int | None) -> dict[str, str]:
        if not isinstance(value, dict):
            self.report(line, f"glossary must be a table of strings, not {_kind(value)}")
            return {}
        lines = self.lines.glossary
        result: dict[str, str] = {}
        for written, meaning in value.items():
            where = lines.key(written)
            key = written.strip().lower()
            if not key:
                self.report(where, "glossary: empty word")
            elif not isinstance(meaning, str):
                self.report(
                    where, f"glossary: '{written}' must map to a string, not {_kind(meaning)}"
                )
            elif not meaning.strip():
                self.report(where, f"glossary: '{written}' maps to an empty string")
            elif key in result and result[key] != meaning.strip():
                self.report(
                    where,
                    f"glossary: '{written}' is given twice (case does not matter) "
                    "with different meanings",
                )
            else:
                result[key] = meaning.strip()
        return result

    def cards(self, raw: dict[str, Any]) -> list[Card]:
        items = self.tables(raw, "cards", "deck: ", self.lines.top, required=True)
        if items is None:
            return []
        cards: list[Card] = []
        first_use: dict[str, int] = {}
        for index, item in enumerate(items):
            lines = self.lines.card(index)
            if not isinstance(item, dict):
                self.report(lines.key(), f"card #{index + 1}: must be a table, not {_kind(item)}")
                continue
            card_id = self.card_id(item, index, lines)
            where = f'card "{card_id}": ' if card_id is not None else f"card #{index + 1}: "
            if card_id is not None:
                if card_id in first_use:
                    earlier = self.lines.card(first_use[card_id]).key("id")
                    at = f" at line {earlier}" if earlier else ""
                    self.report(
                        lines.key("id"),
                        f"{where}duplicate card id (first used by card "
                        f"#{first_use[card_id] + 1}{at})",
                    )
                else:
                    first_use[card_id] = index
            card = _well_formed_card(item, card_id) if card_id is not None else None
            if card is None:
                card = self.card(item, index, card_id, where, lines)
            if card is not None:
                cards.append(card)
        return cards

    def card_id(self, item: dict[str, Any], index: int, lines: _CardLines) -> str | None:
        where = f"card #{index + 1}: "
        value = item.get("id")
        if isinstance(value, int) and not isinstance(value, bool):
            self.report(lines.key("id"), f"{where}'id' must be a string (write id = \"{value}\")")
            return None
        return self.text(item, "id", where, lines)

    def card(
        self,
        item: dict[str, Any],
        index: int,
        card_id: str | None,
        where: str,
        lines: _CardLines,
    ) -> Card | None:
        self.unknown_keys(item, CARD_KEYS, where, lines)
        question = self.text(item, "question", where, lines)
        answer = self.text(item, "answer", where, lines)
        hint = self.text(item, "hint", where, lines, required=False)
        tags = self.strings(item, "tags", where, lines, required=False)
        vague = self.strings(item, "vague", where, lines, required=False)
        ordered = self.flag(item, "ordered", where, lines, default=False)
        points = self.parts(item, "points", index, where, lines, self.point)
        confusions = self.parts(item, "confusions", index, where, lines, self.confusion)
        if points:
            self.duplicate_labels(points, index, where)
        values = (card_id, question, answer, hint, tags, vague, ordered, points, confusions)
        if any(v is None for v in values):
            return None
        return Card(
            id=card_id,  # type: ignore[arg-type]
            question=question,  # type: ignore[arg-type]
            answer=answer,  # type: ignore[arg-type]
            points=tuple(points),  # type: ignore[arg-type]
            confusions=tuple(confusions),  # type: ignore[arg-type]
            vague=vague,  # type: ignore[arg-type]
            hint=hint,  # type: ignore[arg-type]
            tags=tags,  # type: ignore[arg-type]
            ordered=ordered,  # type: ignore[arg-type]
        )

    def parts(
        self,
        item: dict[str, Any],
        key: str,
        card_index: int,
        where: str,
        lines: _CardLines,
        build: Callable[[dict[str, Any], str, _TableLines], Any],
    ) -> list[Any] | None:
        required = key == "points"
        tables = self.tables(item, key, where, lines, required=required)
        if tables is None:
            return None
        singular = "point" if key == "points" else "confusion"
        built: list[Any] = []
        good = True
        for index, table in enumerate(tables):
            sub_lines = self.lines.sub(card_index, key, index)
            sub_where = f"{where}{singular} {index + 1}: "
            if not isinstance(table, dict):
                self.report(sub_lines.key(), f"{sub_where}must be a table, not {_kind(table)}")
                good = False
                continue
            value = build(table, sub_where, sub_lines)
            if value is None:
                good = False
            else:
                built.append(value)
        return built if good else None

    def point(self, table: dict[str, Any], where: str, lines: _TableLines) -> KeyPoint | None:
        self.unknown_keys(table, POINT_KEYS, where, lines)
        label = self.text(table, "label", where, lines)
        phrases = self.strings(table, "phrases", where, lines)
        required = self.flag(table, "required", where, lines, default=True)
        if label is None or phrases is None or required is None:
            return None
        return KeyPoint(label=label, phrases=phrases, required=required)

    def confusion(self, table: dict[str, Any], where: str, lines: _TableLines) -> Confusion | None:
        self.unknown_keys(table, CONFUSION_KEYS, where, lines)
        phrases = self.strings(table, "phrases", where, lines)
        message = self.text(table, "message", where, lines)
        if phrases is None or message is None:
            return None
        return Confusion(phrases=phrases, message=message)

    def duplicate_labels(self, points: list[KeyPoint], card_index: int, where: str) -> None:
        # Labels are what the learner sees as found/missed, so two equal
        # labels would make the feedback ambiguous.
        seen: set[str] = set()
        for index, point in enumerate(points):
            if point.label in seen:
                line = self.lines.sub(card_index, "points", index).key("label")
                self.report(line, f"{where}point {index + 1}: duplicate label '{point.label}'")
            seen.add(point.label)


# --------------------------------------------------------------------------
# The well-formed card, without the validator's bookkeeping

_CARD_KEY_SET = frozenset(CARD_KEYS)
_POINT_KEY_SET = frozenset(POINT_KEYS)
_CONFUSION_KEY_SET = frozenset(CONFUSION_KEYS)


def _clean_text(value: Any) -> str | None:
    if type(value) is str:
        value = value.strip()
        if value:
            return value
    return None


def _clean_strings(value: Any, allow_empty: bool) -> tuple[str, ...] | None:
    if type(value) is not list or (not value and not allow_empty):
        return None
    out = []
    for item in value:
        cleaned = _clean_text(item)
        if cleaned is None:
            return None
        out.append(cleaned)
    return tuple(out)


def _well_formed_card(item: dict[str, Any], card_id: str) -> Card | None:
    """The card, when every key and value is as the format says; else None.

    Nearly every card of a deck is well formed, and checking that with set
    and type tests is several times faster than the validator, which builds a
    message context for each key it looks at (a 10,000-card deck must load in
    under a second). Any doubt returns None, and the validator then reports.
    """
    if not _CARD_KEY_SET.issuperset(item):
        return None
    question = _clean_text(item.get("question"))
    answer = _clean_text(item.get("answer"))
    hint = _clean_text(item["hint"]) if "hint" in item else ""
    tags = _clean_strings(item.get("tags", []), allow_empty=True)
    vague = _clean_strings(item.get("vague", []), allow_empty=True)
    ordered = item.get("ordered", False)
    raw_points = item.get("points")
    raw_confusions = item.get("confusions", [])
    if (
        question is None
        or answer is None
        or hint is None
        or tags is None
        or vague is None
        or type(ordered) is not bool
        or type(raw_points) is not list
        or not raw_points
        or type(raw_confusions) is not list
    ):
        return None
    points = []
    labels = set()
    for table in raw_points:
        if type(table) is not dict or not _POINT_KEY_SET.issuperset(table):
            return None
        label = _clean_text(table.get("label"))
        phrases = _clean_strings(table.get("phrases"), allow_empty=False)
        required = table.get("required", True)
        if label is None or phrases is None or type(required) is not bool or label in labels:
            return None
        labels.add(label)
        points.append(KeyPoint(label=label, phrases=phrases, required=required))
    confusions = []
    for table in raw_confusions:
        if type(table) is not dict or not _CONFUSION_KEY_SET.issuperset(table):
            return None
        phrases = _clean_strings(table.get("phrases"), allow_empty=False)
        message = _clean_text(table.get("message"))
        if phrases is None or message is None:
            return None
        confusions.append(Confusion(phrases=phrases, message=message))
    return Card(
        id=card_id,
        question=question,
        answer=answer,
        points=tuple(points),
        confusions=tuple(confusions),
        vague=vague,
        hint=hint,
        tags=tags,
        ordered=ordered,
    )
