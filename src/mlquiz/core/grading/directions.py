"""An answer that turns the reference's direction round, on a derived card.

"Decision trees choose splits that maximize information gain" and "the tree
picks the split that minimizes information gain" share every content word
but one, and that one says the opposite: whole-answer similarity and point
coverage count it as the reference. So a direction word of the reference
(maximize, increase, higher, ...) said of a thing, and its opposite said of
the same thing in the answer (the next content word), while the answer never
says the reference's own direction of it, is the reference contradicted.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlquiz.core.grading.derive.clean import clean_text
from mlquiz.core.grading.per_reader import per_reader
from mlquiz.core.grading.reader import Reader, Token

# The reference read for directions: its first characters (fast on a 1 MB answer).
READ_CHARS = 4000
# Word beginnings of opposite directions ("maximize", "maximise", "maximizes").
_OPPOSITES = (
    ("maxim", "minim"),
    ("increas", "decreas"),
    ("higher", "lower"),
    ("larger", "smaller"),
)
_DIRECTION = {a: b for a, b in _OPPOSITES} | {b: a for a, b in _OPPOSITES}
_PREFIXES = tuple(_DIRECTION)


def _direction(word: str) -> str | None:
    if not word.startswith(_PREFIXES):
        return None  # most words, told in C (this runs for each word of an answer)
    return next((d for d in _DIRECTION if word.startswith(d)), None)


def _directed(tokens: Sequence[Token]) -> dict[tuple[str, str], None]:
    """(direction, thing) pairs: a direction word and the content word after it,
    in the text's order (a dict, not a set, so that order is not the hash seed's)."""
    pairs: dict[tuple[str, str], None] = {}
    for i, token in enumerate(tokens):
        direction = _direction(token.word)
        if direction is None or token.negator:
            continue
        after = next((t for t in tokens[i + 1 : i + 3] if not t.stop), None)
        if after is not None and after.clause == token.clause and _direction(after.word) is None:
            pairs[(direction, after.stem)] = None
    return pairs


@per_reader
def _reference_directions(reader: Reader, reference: str) -> tuple[tuple[str, str], ...]:
    """The reference's (direction, thing) pairs, but of a direction whose
    opposite it also says: a trade-off ("higher bias, lower variance") is
    said both ways round by right answers. In the reference's order, so the
    feedback names the same word on every run (a set's order follows the
    hash seed)."""
    tokens = reader.tokens(clean_text(reference)[:READ_CHARS])
    said = {_direction(t.word) for t in tokens} - {None}
    return tuple(dict.fromkeys(p for p in _directed(tokens) if _DIRECTION[p[0]] not in said))


def turned_round(reader: Reader, reference: str, answer: Sequence[Token], text: str) -> str | None:
    """Why the answer says the opposite of the reference's direction, or None."""
    said = _directed(answer)
    if not said:
        return None
    for direction, thing in _reference_directions(reader, reference):
        opposite = (_DIRECTION[direction], thing)
        if opposite in said and (direction, thing) not in said:
            word = next(t for t in answer if _direction(t.word) == opposite[0])
            said_word = text[word.start : word.end]
            return f"“{said_word}” turns the reference round: it says the opposite."
    return None
