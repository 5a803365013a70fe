"""Validating a parsed deck file: every problem, each with its file and line.

`Validator.deck` checks the values tomllib read from a deck file and builds
the `Deck`, or raises `DeckError` listing every problem it found in one pass,
so an author fixes a file in one round rather than one typo at a time.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from mlquiz.core.cards import Analogy, Card, Confusion, Deck, FalseClaim, KeyPoint
from mlquiz.core.cloze import ClozeError, cloze_cards
from mlquiz.core.decks.format import (
    ANALOGY_KEYS,
    CARD_KEYS,
    CLOZE_KEYS,
    CONFUSION_KEYS,
    CREDITS,
    DECK_ID_RE,
    DECK_KEYS,
    FALSE_CLAIM_KEYS,
    POINT_KEYS,
    code_form_problem,
    new_well_formed_card,
    well_formed_card,
)
from mlquiz.core.decks.lines import CardLines, LineMap, TableLines
from mlquiz.core.errors import DeckError, Problem


@dataclass(frozen=True)
class DeckHead:
    """A deck's own keys as validated: None where a value had a problem."""

    id: str | None
    title: str | None
    description: str | None
    glossary: dict[str, str]
    derived: bool

    def deck(self, cards: Iterable[Card], source: str, path: str) -> Deck:
        """The deck these keys head, once they validated (none is None)."""
        assert self.id is not None and self.title is not None and self.description is not None
        return Deck(
            id=self.id,
            title=self.title,
            description=self.description,
            cards=tuple(cards),
            glossary=self.glossary,
            source=source,
            path=path,
        )


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


class Validator:
    def __init__(self, path: str, text: str, source: str, lines: LineMap | None = None) -> None:
        self.path = path
        self.source = source
        self.source_text = text
        self.lines = LineMap(text) if lines is None else lines
        self.problems: list[Problem] = []
        # Keys suggested for typos, per table (by id): a key reported as
        # "unknown 'qestion' (did you mean 'question'?)" is not also reported
        # as missing, which would say the same thing twice.
        self.suggested: dict[int, set[str]] = {}
        # (card index, index) of the table `parts` is building: a point's
        # analogies are looked up by it for their lines.
        self._building = (0, 0)
        # The line `source_text` starts at in the file (`stream.py` gives the
        # validator one card's table at a time, with its own `lines`).
        self.first_line = 1
        # Each card id's first card (by table index), and the line of its 'id'
        # when lines are known: a duplicate names it, even from another table.
        self.first_use: dict[str, int] = {}
        self.id_lines: dict[int, int] = {}

    def report(self, line: int | None, problem: str) -> None:
        self.problems.append(Problem(self.path, line, problem))

    # Field checkers: each reports and returns None (or the default) when the
    # value is unusable, so validation goes on and finds the next problem.

    def unknown_keys(
        self, table: dict[str, Any], allowed: tuple[str, ...], where: str, lines: TableLines
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
        lines: TableLines,
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
        lines: TableLines,
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
        self, table: dict[str, Any], key: str, where: str, lines: TableLines, default: bool
    ) -> bool | None:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, bool):
            self.report(lines.key(key), f"{where}'{key}' must be true or false, not {_kind(value)}")
            return None
        return value

    def tables(
        self, table: dict[str, Any], key: str, where: str, lines: TableLines, required: bool
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
        head = self.head(raw)
        cards = self.cards(raw, head.derived)
        return self.finish(head, cards)

    def head(self, raw: dict[str, Any]) -> DeckHead:
        """The deck's own keys (all but its cards), each problem reported."""
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
        derived = self.flag(raw, "derived", "deck: ", top, default=False)
        return DeckHead(deck_id, title, description, glossary, bool(derived))

    def finish(self, head: DeckHead, cards: list[Card]) -> Deck:
        """The deck, or a DeckError listing every problem reported, in file order."""
        if self.problems:
            self.problems.sort(key=lambda p: p.line or 0)
            raise DeckError.from_problems(self.problems)
        return head.deck(cards, self.source, self.path)

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

    def cards(self, raw: dict[str, Any], derived: bool = False) -> list[Card]:
        items = self.tables(raw, "cards", "deck: ", self.lines.top, required=True)
        if items is None:
            return []
        cards: list[Card] = []
        for index, item in enumerate(items):
            cards.extend(self.card_table(index, item, derived))
        return cards

    def card_table(self, index: int, item: Any, derived: bool = False) -> tuple[Card, ...]:
        """The card of the deck's `[[cards]]` table number `index` (from 0), or the cards
        of a cloze note; none when it has problems (each reported)."""
        if not self.lines.cards:  # no lines to note: the usual table, made quickly
            card = new_well_formed_card(item, self.first_use, derived)
            if card is not None:
                self.first_use[card.id] = index
                return (card,)
        lines = self.lines.card(index)
        if not isinstance(item, dict):
            self.report(lines.key(), f"card #{index + 1}: must be a table, not {_kind(item)}")
            return ()
        first_use = self.first_use
        card_id = self.card_id(item, index, lines)
        where = f'card "{card_id}": ' if card_id is not None else f"card #{index + 1}: "
        if card_id is not None:
            if card_id in first_use:
                earlier = self.id_lines.get(first_use[card_id])
                at = f" at line {earlier}" if earlier else ""
                self.report(
                    lines.key("id"),
                    f"{where}duplicate card id (first used by card #{first_use[card_id] + 1}{at})",
                )
            else:
                first_use[card_id] = index
                line = lines.key("id")
                if line is not None:
                    self.id_lines[index] = line
        if "cloze" in item:
            made = self.cloze_note(item, card_id, where, lines)
            for made_card in made:
                if made_card.id in first_use:
                    self.report(
                        lines.key("cloze"),
                        f'{where}its blank makes card "{made_card.id}", whose id card '
                        f"#{first_use[made_card.id] + 1} uses already",
                    )
                first_use.setdefault(made_card.id, index)
            return made
        card = well_formed_card(item, card_id, derived) if card_id is not None else None
        if card is None:
            card = self.card(item, index, card_id, where, lines, derived)
        return () if card is None else (card,)

    def cloze_note(
        self, item: dict[str, Any], card_id: str | None, where: str, lines: CardLines
    ) -> tuple[Card, ...]:
        """The cards of a cloze note: one per blank number (see core/cloze.py)."""
        for key in item:
            if key in CARD_KEYS and key not in CLOZE_KEYS:
                self.report(
                    lines.key(key),
                    f"{where}a cloze card takes no '{key}': its blanks are the question "
                    "and the answer",
                )
        self.unknown_keys(
            {k: v for k, v in item.items() if k not in CARD_KEYS}, CLOZE_KEYS, where, lines
        )
        text = self.text(item, "cloze", where, lines)
        hint = self.text(item, "hint", where, lines, required=False)
        extra = self.text(item, "extra", where, lines, required=False)
        tags = self.strings(item, "tags", where, lines, required=False)
        if text is None or card_id is None or hint is None or extra is None or tags is None:
            return ()
        try:
            return cloze_cards(card_id, text, hint=hint, tags=tags, extra=extra)
        except ClozeError as error:
            self.report(
                self.cloze_line(item["cloze"], error.position, lines), f"{where}cloze: {error}"
            )
            return ()

    def cloze_line(self, raw: Any, position: int, lines: CardLines) -> int | None:
        """The file line of `position` in the card's cloze text (best effort: the key's
        line plus the line breaks before it, and one more when a multi-line string
        starts on the line after its quotes)."""
        line = lines.key("cloze")
        if line is None or not isinstance(raw, str):
            return line
        stripped = len(raw) - len(raw.lstrip())  # the validator strips the text
        before = raw[: position + stripped].count("\n")
        source = self.source_text.split("\n")
        at = line - self.first_line
        opener = source[at].rstrip() if 0 <= at < len(source) else ""
        if opener.endswith(('"""', "'''")):
            before += 1
        return line + before

    def card_id(self, item: dict[str, Any], index: int, lines: CardLines) -> str | None:
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
        lines: CardLines,
        derived: bool = False,
    ) -> Card | None:
        self.unknown_keys(item, CARD_KEYS, where, lines)
        question = self.text(item, "question", where, lines)
        answer = self.text(item, "answer", where, lines)
        hint = self.text(item, "hint", where, lines, required=False)
        tags = self.strings(item, "tags", where, lines, required=False)
        vague = self.strings(item, "vague", where, lines, required=False)
        ordered = self.flag(item, "ordered", where, lines, default=False)
        derived_card = self.flag(item, "derived", where, lines, default=derived)
        points = self.parts(item, "points", index, where, lines, self.point)
        confusions = self.parts(item, "confusions", index, where, lines, self.confusion)
        false_claims = self.parts(item, "false_claims", index, where, lines, self.false_claim)
        also_true = self.strings(item, "also_true", where, lines, required=False)
        if points:
            self.duplicate_labels(points, index, where)
            if false_claims:
                self.claims_name_points(false_claims, points, index, where)
        if (
            card_id is None
            or question is None
            or answer is None
            or hint is None
            or tags is None
            or vague is None
            or ordered is None
            or derived_card is None
            or points is None
            or confusions is None
            or false_claims is None
            or also_true is None
        ):
            return None  # each problem has been reported
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
            false_claims=tuple(false_claims),
            also_true=also_true,
            derived=derived_card,
        )

    def parts(
        self,
        item: dict[str, Any],
        key: str,
        card_index: int,
        where: str,
        lines: CardLines,
        build: Callable[[dict[str, Any], str, TableLines], Any],
    ) -> list[Any] | None:
        required = key == "points"
        tables = self.tables(item, key, where, lines, required=required)
        if tables is None:
            return None
        singular = {"points": "point", "confusions": "confusion"}.get(key, "false claim")
        built: list[Any] = []
        good = True
        for index, table in enumerate(tables):
            sub_lines = self.lines.sub(card_index, key, index)
            sub_where = f"{where}{singular} {index + 1}: "
            if not isinstance(table, dict):
                self.report(sub_lines.key(), f"{sub_where}must be a table, not {_kind(table)}")
                good = False
                continue
            self._building = (card_index, index)
            value = build(table, sub_where, sub_lines)
            if value is None:
                good = False
            else:
                built.append(value)
        return built if good else None

    def point(self, table: dict[str, Any], where: str, lines: TableLines) -> KeyPoint | None:
        self.unknown_keys(table, POINT_KEYS, where, lines)
        label = self.text(table, "label", where, lines)
        phrases = self.strings(table, "phrases", where, lines)
        required = self.flag(table, "required", where, lines, default=True)
        code = self.code(table, where, lines)
        examples = self.strings(table, "examples", where, lines, required=False)
        analogies = self.analogies(table, where, lines)
        need = self.need(table, phrases, where, lines)
        if (
            label is None
            or phrases is None
            or required is None
            or need is None
            or code is None
            or examples is None
            or analogies is None
        ):
            return None
        return KeyPoint(
            label=label,
            phrases=phrases,
            required=required,
            need=need,
            code=code,
            examples=examples,
            analogies=analogies,
        )

    def code(self, table: dict[str, Any], where: str, lines: TableLines) -> tuple[str, ...] | None:
        forms = self.strings(table, "code", where, lines, required=False)
        if forms is None:
            return None
        good = True
        for form in forms:
            problem = code_form_problem(form)
            if problem:
                self.report(lines.key("code"), f"{where}{problem}")
                good = False
        return forms if good else None

    def analogies(
        self, table: dict[str, Any], where: str, lines: TableLines
    ) -> tuple[Analogy, ...] | None:
        tables = self.tables(table, "analogies", where, lines, required=False)
        if tables is None:
            return None
        card_index, point_index = self._building
        built: list[Analogy] = []
        good = True
        for index, raw in enumerate(tables):
            sub_lines = self.lines.analogy(card_index, point_index, index)
            sub_where = f"{where}analogy {index + 1}: "
            if not isinstance(raw, dict):
                self.report(sub_lines.key(), f"{sub_where}must be a table, not {_kind(raw)}")
                good = False
                continue
            self.unknown_keys(raw, ANALOGY_KEYS, sub_where, sub_lines)
            tool = self.text(raw, "tool", sub_where, sub_lines)
            phrases = self.strings(raw, "phrases", sub_where, sub_lines, required=False)
            code = self.code(raw, sub_where, sub_lines)
            note = self.text(raw, "note", sub_where, sub_lines, required=False)
            credit = raw.get("credit", "partial")
            if credit not in CREDITS:
                self.report(
                    sub_lines.key("credit"),
                    f'{sub_where}\'credit\' must be "partial" or "full", not {credit!r}',
                )
                credit = None
            if phrases is not None and code is not None and not phrases and not code:
                self.report(sub_lines.key(), f"{sub_where}give 'phrases' or 'code' (or both)")
                phrases = None
            if None in (tool, phrases, code, note, credit):
                good = False
                continue
            built.append(Analogy(tool, phrases, code, credit, note))  # type: ignore[arg-type]
        return tuple(built) if good else None

    def false_claim(
        self, table: dict[str, Any], where: str, lines: TableLines
    ) -> FalseClaim | None:
        self.unknown_keys(table, FALSE_CLAIM_KEYS, where, lines)
        phrases = self.strings(table, "phrases", where, lines, required=False)
        code = self.code(table, where, lines)
        correction = self.text(table, "correction", where, lines)
        contradicts = self.text(table, "contradicts", where, lines, required=False)
        if phrases is not None and code is not None and not phrases and not code:
            self.report(lines.key(), f"{where}give 'phrases' or 'code' (or both)")
            return None
        if phrases is None or code is None or correction is None or contradicts is None:
            return None
        return FalseClaim(
            phrases=phrases, correction=correction, code=code, contradicts=contradicts
        )

    def claims_name_points(
        self, claims: list[FalseClaim], points: list[KeyPoint], card_index: int, where: str
    ) -> None:
        labels = {p.label for p in points}
        for index, claim in enumerate(claims):
            if claim.contradicts and claim.contradicts not in labels:
                line = self.lines.sub(card_index, "false_claims", index).key("contradicts")
                self.report(
                    line,
                    f"{where}false claim {index + 1}: 'contradicts' names no key point "
                    f"({claim.contradicts!r})",
                )

    def need(
        self, table: dict[str, Any], phrases: tuple[str, ...] | None, where: str, lines: TableLines
    ) -> int | None:
        value = table.get("need", 1)
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(
                lines.key("need"), f"{where}'need' must be a whole number, not {_kind(value)}"
            )
            return None
        if phrases is not None and not 1 <= value <= len(phrases):
            self.report(
                lines.key("need"),
                f"{where}'need' is {value}: give a number from 1 to the number of phrases "
                f"({len(phrases)})",
            )
            return None
        return value

    def confusion(self, table: dict[str, Any], where: str, lines: TableLines) -> Confusion | None:
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
