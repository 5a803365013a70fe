"""Quizlet's export: term and definition, no quoting."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.decks.importing.source import Parsed, RawCard, tidy
from mlquiz.core.errors import DeckImportError


def parse_quizlet(
    text: str, path: str | Path, term_sep: str = "\t", card_sep: str = "\n"
) -> Parsed:
    """Quizlet's export: no quoting, so a separator inside a card cannot be escaped.

    With cards separated by line breaks, a line without the term separator
    continues the previous card's definition (Quizlet writes multi-line
    definitions as they are).
    """
    parsed = Parsed("quizlet")
    term_sep = _unescape_sep(term_sep)
    card_sep = _unescape_sep(card_sep)
    if not term_sep or not card_sep:
        raise DeckImportError(path, None, "the term and card separators must not be empty")
    pieces: list[tuple[int, str]] = []
    line = 1
    for chunk in text.split(card_sep):
        lead = len(chunk) - len(chunk.lstrip("\n"))  # the card starts after blank lines
        pieces.append((line + lead, chunk))
        line += chunk.count("\n") + card_sep.count("\n")
    cards: list[tuple[int, str, str]] = []
    for line, chunk in pieces:
        if not chunk.strip():
            continue
        if term_sep in chunk:
            term, definition = chunk.split(term_sep, 1)
            cards.append((line, term, definition))
        elif card_sep == "\n" and cards:
            prev_line, term, definition = cards[-1]
            cards[-1] = (prev_line, term, definition + "\n" + chunk)
        else:
            what = "tab" if term_sep == "\t" else repr(term_sep)
            parsed.skip(
                line,
                "no separator",
                f"no {what} between term and definition in {chunk.strip()[:40]!r}",
            )
    for position, (line, term, definition) in enumerate(cards, start=1):
        term, definition = tidy(term), tidy(definition)
        if not term or not definition:
            reason = "empty question" if not term else "empty answer"
            parsed.skip(line, reason, "the term or the definition is empty")
            continue
        parsed.cards.append(RawCard(question=term, answer=definition, line=line, position=position))
    return parsed


def _unescape_sep(sep: str) -> str:
    """Separators given on the command line: "\\t", "\\n", "tab", "newline" work."""
    named = {"tab": "\t", "newline": "\n", "comma": ",", "semicolon": ";", "pipe": "|"}
    if sep.lower() in named:
        return named[sep.lower()]
    return sep.replace("\\t", "\t").replace("\\n", "\n")
