"""Flashcard-site text: numbered cards, question then answer, with or without Q / A lines."""

from __future__ import annotations

import re
from pathlib import Path

from mlquiz.core.decks.importing.source import Parsed, RawCard, tidy
from mlquiz.core.errors import DeckImportError

RATING_PROMPT = "how well did you know this?"
_RATING_WORDS = frozenset({"1", "2", "3", "4", "5", "not at all", "perfectly"})
CARD_COUNT = re.compile(r"^\(?\s*(\d+)\s+cards?\s*\)?$", re.IGNORECASE)
NUMBER_LINE = re.compile(r"^(\d{1,5})\s*[.):]?$")
_NUMBERED_QUESTION = re.compile(r"^(\d{1,5})\s*[.)]\s+(\S.*)$")
_Q_MARK = re.compile(r"^(?:q|question|front|term)\s*[:.]?\s*(.*)$", re.IGNORECASE)
_A_MARK = re.compile(r"^(?:a|answer|back|definition)\s*[:.]?\s*(.*)$", re.IGNORECASE)


def _site_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their numbers, the site's rating buttons taken out."""
    out: list[tuple[int, str]] = []
    in_rating = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        lowered = line.lower()
        if lowered == RATING_PROMPT:
            in_rating = True
            continue
        if in_rating:
            if lowered in _RATING_WORDS:
                if lowered == "perfectly":
                    in_rating = False
                continue
            in_rating = False
        out.append((number, line))
    return out


def parse_text(text: str, path: str | Path) -> Parsed:
    """Cards copied from a flashcard website: `1`, [`Q`], question, [`A`], answer, ...

    Cards are told apart by their numbers, which must run 1, 2, 3, ...; a
    number out of sequence is text. The lines before card 1 give the title
    (a "(41 cards)" line is checked against the count found).
    """
    parsed = Parsed("text")
    lines = _site_lines(text)
    expected = 1
    starts: list[int] = []  # indices into lines where card `expected` begins
    # Bare number lines out of the count ("4" after card 2): text of the card
    # above, but likely a card whose predecessor was not copied: named below.
    stray: list[tuple[int, int, int]] = []  # (line, its number, the number expected)
    for index, (number, line) in enumerate(lines):
        match = NUMBER_LINE.match(line) or _NUMBERED_QUESTION.match(line)
        if match and int(match.group(1)) == expected and index + 1 <= len(lines):
            # A number line must be followed by something that is not the next number.
            starts.append(index)
            expected += 1
        elif starts and NUMBER_LINE.match(line) and int(line.rstrip(".):")) > expected:
            stray.append((number, int(line.rstrip(".):")), expected))
    if not starts:
        raise DeckImportError(
            path, None, "found no numbered cards (a line '1', then the question, then the answer)"
        )
    declared: int | None = None
    for _, line in lines[: starts[0]]:
        count = CARD_COUNT.match(line)
        if count:
            declared = int(count.group(1))
        elif not parsed.title:
            parsed.title = line
    bounds = starts + [len(lines)]
    for k, (begin, end) in enumerate(zip(bounds, bounds[1:], strict=False), start=1):
        number, first = lines[begin]
        body = [line for _, line in lines[begin + 1 : end]]
        inline = _NUMBERED_QUESTION.match(first)
        if inline:
            body.insert(0, inline.group(2))
        question, answer = _split_site_card(body)
        if not question or not answer:
            missing = "question" if not question else "answer"
            parsed.skip(number, f"empty {missing}", f"card {k} has no {missing}")
            continue
        parsed.cards.append(
            RawCard(question=question, answer=answer, line=number, source_id=str(k), position=k)
        )
    for number, value, wanted in stray:
        parsed.warnings.append(
            (
                number,
                f"a card number {value} where card {wanted} was expected: the numbers must "
                f"count up, so it is kept as text in card {wanted - 1}'s answer",
            )
        )
    if declared is not None and declared != len(parsed.cards):
        parsed.warnings.append(
            (None, f"the file says {declared} cards but {len(parsed.cards)} were found")
        )
    return parsed


def _split_site_card(body: list[str]) -> tuple[str, str]:
    q_at = a_at = None
    for i, line in enumerate(body):
        if q_at is None and a_at is None and _is_marker(line, _Q_MARK):
            q_at = i
        elif a_at is None and _is_marker(line, _A_MARK) and (q_at is not None or i > 0):
            a_at = i
            break
    if a_at is not None:
        q_lines = body[(q_at + 1 if q_at is not None else 0) : a_at]
        q_inline = _Q_MARK.match(body[q_at]).group(1) if q_at is not None else ""  # type: ignore[union-attr]
        a_inline = _A_MARK.match(body[a_at]).group(1)  # type: ignore[union-attr]
        question = "\n".join([q_inline] + q_lines if q_inline else q_lines)
        answer = "\n".join([a_inline] + body[a_at + 1 :] if a_inline else body[a_at + 1 :])
        return tidy(question), tidy(answer)
    if q_at is not None:
        body = body[q_at + 1 :]
    if len(body) < 2:
        return tidy("\n".join(body)), ""
    # No markers: the question is the first line, or runs to the first line
    # ending in "?" when that comes soon and leaves an answer.
    cut = 1
    for i, line in enumerate(body[:4]):
        if line.endswith("?") and i + 1 < len(body):
            cut = i + 1
            break
    return tidy("\n".join(body[:cut])), tidy("\n".join(body[cut:]))


def _is_marker(line: str, pattern: re.Pattern[str]) -> bool:
    """A bare `Q`/`A` line, or `Q:`/`A:` with text after the colon."""
    match = pattern.match(line)
    if not match:
        return False
    word = line.split(":", 1)[0].split(".", 1)[0].strip()
    # "Q" and "A" alone, or followed by ':' - never the word "A" opening a sentence.
    return not match.group(1) or (":" in line and len(word.split()) == 1)
