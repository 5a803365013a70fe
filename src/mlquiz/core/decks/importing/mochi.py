"""Mochi (mochi.cards) cards written as Markdown, many to a file.

Mochi writes each card in Markdown and splits it into sides with a line of
three dashes, `---` (four or more make a horizontal rule): the first side is
the question, the next ones are revealed in turn (mochi.cards/docs/cards).
Decks kept as Markdown files (as `mochi-mochi` pulls them from Mochi) put a
block of `key: value` lines before each card, between the same `---` lines,
so the file opens like YAML front matter:

    ---
    card_id: kflWEgVw
    tags: ["ml", "basics"]
    ---
    What is **overfitting**?
    ---
    When a model learns the noise ...

A metadata block is a part whose every line is `key: value`, with a `card_id`
or only keys Mochi cards carry (tags, archived, deck, name ...). One with a
card id always opens a card; one without opens a card only once the card
before has its two sides, so an answer that reads "tags: none" stays an
answer. The first side is the question and the others, joined, the answer;
the card id is the card's id (`null` for none), its tags its tags; an
archived card (a note Mochi does not review) is skipped and counted, as is a
card with an empty side. A card with `{{blanks}}` (`{{1::group}}`) is a cloze
card, its further sides the notes shown with the answer. Text before the
first card is named in a warning. Markup is cleaned as in every Markdown
import (`markdown_qa.answer_text`); Mochi's `[[links]]` show their label,
`==highlights==` their text, and an `![[embed]]` of another card (which the
file does not hold) is named in a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mlquiz.core.cloze import ClozeError
from mlquiz.core.decks.importing.anki_cloze import anki_cloze_note
from mlquiz.core.decks.importing.markdown_lines import atx_heading, quoted
from mlquiz.core.decks.importing.markdown_qa import answer_text
from mlquiz.core.decks.importing.source import Parsed, RawCard, clean_tags
from mlquiz.core.markup import code_fence_lines, outside_code

_SEPARATOR = re.compile(r"^---[ \t]*$")
_META_LINE = re.compile(r"^\s*([A-Za-z][\w?-]*)\s*:\s*(.*?)\s*$")
# Keys of a Mochi card (its API's and `mochi-mochi`'s names): a block of only
# these is metadata even without a card id.
_MOCHI_KEYS = frozenset(
    """card_id id tags tag archived archived? deck deck_id deck-id name template
    template_id template-id pos review-reverse? review_reverse new? trashed?
    created updated""".split()
)
_NO_ID = frozenset({"", "null", "nil", "none", "~"})
# Braces stay out of a blank's text, so an unclosed "{{" costs one scan to the next brace.
_CLOZE = re.compile(r"\{\{(?:(\d+)::)?([^{}]+)\}\}")
_WIKI_LINK = re.compile(r"(!?)\[\[([^\[\]|\n]*)(?:\|[^\[\]\n]*)?\]\]")
_HIGHLIGHT = re.compile(r"==(\S(?:[^=\n]*\S)?)==")


@dataclass
class _Part:
    line: int  # the file line of its first line
    lines: list[str]
    meta: dict[str, str] | None = None

    @property
    def blank(self) -> bool:
        return not any(line.strip() for line in self.lines)


@dataclass
class _Card:
    meta: _Part
    sides: list[_Part] = field(default_factory=list)


def _parts(text: str) -> list[_Part]:
    """The file cut at its `---` lines (not those inside ``` code)."""
    parts = [_Part(1, [])]
    lines = text.split("\n")
    for number, (line, code) in enumerate(zip(lines, code_fence_lines(lines), strict=True), 1):
        if not code and _SEPARATOR.match(line):
            parts.append(_Part(number + 1, []))
            continue
        parts[-1].lines.append(line)
    for part in parts:
        part.meta = _metadata(part.lines)
    return parts


def _metadata(lines: list[str]) -> dict[str, str] | None:
    """The `key: value` pairs of a metadata block, or None when the part is text."""
    pairs: dict[str, str] = {}
    for line in lines:
        if not line.strip():
            continue
        match = _META_LINE.match(line)
        if match is None:
            return None
        pairs[match.group(1).lower()] = match.group(2)
    if not pairs or ("card_id" not in pairs and not pairs.keys() <= _MOCHI_KEYS):
        return None
    return pairs


def is_mochi(text: str) -> bool:
    """Does the file hold Mochi cards: a metadata block with a `card_id` followed
    by a side? (Blocks of `id:` and `tags:` alone may be a Q:/A: file's.)"""
    if "card_id" not in text or "---" not in text:
        return False
    cards, _ = _cards(_parts(text))
    return any(card.sides and "card_id" in (card.meta.meta or {}) for card in cards)


def _cards(parts: list[_Part]) -> tuple[list[_Card], list[_Part]]:
    """The cards (a metadata block and its sides), and the parts before the first."""
    cards: list[_Card] = []
    before: list[_Part] = []
    for part in parts:
        meta = part.meta
        current = cards[-1] if cards else None
        sides = len(current.sides) if current else 0
        if meta is not None and (current is None or "card_id" in meta or sides >= 2):
            cards.append(_Card(part))
        elif current is None:
            before.append(part)
        else:
            current.sides.append(part)
    if cards and cards[-1].sides and cards[-1].sides[-1].blank and len(cards[-1].sides) > 2:
        cards[-1].sides.pop()  # the file ends with a `---` line
    return cards, before


def parse_mochi(text: str, path: str | Path) -> Parsed:
    parsed = Parsed("mochi")
    cards, before = _cards(_parts(text))
    if not cards:
        parsed.warnings.append(
            (
                None,
                "no Mochi card block: each card opens with a '---' line, 'card_id: <id>' "
                "(or 'card_id: null'), '---'. Without them, where a card ends cannot be told: "
                "Mochi's '---' also separates one card's sides",
            )
        )
        return parsed
    _read_before(parsed, before)
    decks = {card.meta.meta.get("deck", "") for card in cards if card.meta.meta}
    if not parsed.title and len(decks) == 1:
        parsed.title = decks.pop().strip().strip("\"'")
    for position, card in enumerate(cards, start=1):
        if position < len(cards):
            _section_heading_out(parsed, card)
        raw = _card(parsed, card, position)
        if raw is not None:
            parsed.cards.append(raw)
    return parsed


def _section_heading_out(parsed: Parsed, card: _Card) -> None:
    """A last side that is one heading line ("# Regularization") before the next
    card is the title of the cards that follow, not more of this answer: it is
    the deck's outline, left out and counted, as Markdown imports do."""
    if len(card.sides) < 3:
        return
    text = [line for line in card.sides[-1].lines if line.strip()]
    if len(text) == 1 and atx_heading(text[0]) is not None:
        parsed.leave_out(card.sides.pop().line, "section heading")


def _read_before(parsed: Parsed, parts: list[_Part]) -> None:
    """A `# Title` before the first card is the deck's title; other text is named."""
    for part in parts:
        text = [line for line in part.lines if line.strip()]
        heading = atx_heading(text[0]) if len(text) == 1 else None
        if heading is not None and heading[0] == 1 and not parsed.title:
            parsed.title = heading[1]
        elif text:
            parsed.leave_out(
                part.line,
                "section intro",
                f'the text before the first card is in no card: "{quoted(" ".join(text))}"',
            )


def _card(parsed: Parsed, card: _Card, position: int) -> RawCard | None:
    meta = card.meta.meta or {}
    line = card.meta.line
    if meta.get("archived", meta.get("archived?", "")).strip().lower() == "true":
        parsed.skip(
            line, "archived in Mochi", "the card is archived in Mochi (a note, not reviewed)"
        )
        return None
    card_id = meta.get("card_id", meta.get("id", "")).strip().strip("\"'")
    source_id = "" if card_id.lower() in _NO_ID else card_id
    tags = _tags(meta.get("tags", meta.get("tag", "")))
    texts = [_side_text(parsed, side) for side in card.sides]
    question = texts[0] if texts else ""
    answer = "\n\n".join(text for text in texts[1:] if text)
    if question and _CLOZE.search(question):
        return _cloze(parsed, question, answer, line, tags, source_id, position)
    if not question or not answer:
        reason = "empty question" if not question else "empty answer"
        side = "question (its first side)" if not question else "answer (a side after the first)"
        parsed.skip(line, reason, f"the card has no {side}")
        return None
    return RawCard(
        question=_question(question),
        answer=answer,
        line=card.sides[0].line,
        tags=tags,
        source_id=source_id,
        position=position,
    )


def _cloze(
    parsed: Parsed,
    text: str,
    extra: str,
    line: int,
    tags: tuple[str, ...],
    source_id: str,
    position: int,
) -> RawCard | None:
    """A card with Mochi blanks, as an Anki-syntax cloze card (`{{2::x}}` is
    `{{c2::x}}`; a blank without a number is in group 1, as Mochi hides them together)."""
    anki = _CLOZE.sub(lambda m: f"{{{{c{m.group(1) or '1'}::{m.group(2)}}}}}", text)
    try:
        raw = anki_cloze_note(anki, extra, html=False, line=line, tags=tags, source_id=source_id)
    except ClozeError as exc:
        parsed.skip(line, "bad cloze", f"the card's blanks cannot be read: {exc}")
        return None
    return RawCard(
        question="",
        answer="",
        line=raw.line,
        tags=raw.tags,
        source_id=raw.source_id,
        cloze=raw.cloze,
        extra=raw.extra,
        position=position,
    )


def _tags(value: str) -> tuple[str, ...]:
    """`["a", "b"]` (JSON, as mochi-mochi writes them), `[a, b]`, `a, b` or `a b`."""
    value = value.strip().strip("[]")
    words = value.split(",") if "," in value else value.split()
    return clean_tags(word.strip().strip("\"'").lstrip("#") for word in words)


def _side_text(parsed: Parsed, side: _Part) -> str:
    """A side's Markdown as text to read (`answer_text`), Mochi's own markup as text."""
    lines = []
    kinds = code_fence_lines(side.lines)
    for offset, (line, code) in enumerate(zip(side.lines, kinds, strict=True)):
        if not code:
            if "![[" in line:
                parsed.leave_out(
                    side.line + offset,
                    "embed",
                    f'"{quoted(line)}" embeds another Mochi card or file, which this file '
                    "does not hold: the embed is left out",
                )
            line = outside_code(line, _mochi_markup_out)
        lines.append(line)
    return answer_text(lines)


def _mochi_markup_out(text: str) -> str:
    text = _WIKI_LINK.sub(lambda m: "" if m.group(1) else m.group(2), text)
    return _HIGHLIGHT.sub(lambda m: m.group(1), text)


def _question(text: str) -> str:
    """The question as the player reads it: a heading's marks off (code kept)."""
    lines = []
    raw = text.split("\n")
    for line, code in zip(raw, code_fence_lines(raw), strict=True):
        if not code and (heading := atx_heading(line)) is not None:
            line = heading[1]
        lines.append(line)
    return "\n".join(lines)
