"""A wording the player taught the grader: "accept answers like this" or "treat them as wrong".

Plain values, stored per deck and card in the player's database
(`store/wordings.py`) and read by the grader (`grading/wordings.py`), which
matches later answers against them. Nothing here knows about either.

An accepted wording counts as evidence for the key points it covers (by
default every essential point of the card: `points` empty); a rejected one
caps a similar answer at partial.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

# A wording is one answer to one card. The answer box grades 20,000
# characters; a wording that long is a pasted text, not a way of saying an idea,
# and would be compared in full against every later answer to the card.
MAX_WORDING_CHARS = 2_000


class WordingKind(StrEnum):
    ACCEPTED = "accepted"  # "accept this wording from now on"
    REJECTED = "rejected"  # "treat answers like this as wrong"


class WordingError(ValueError):
    """A wording that cannot be taught; the message says why, in the player's words."""


@dataclass(frozen=True)
class Wording:
    """One taught wording of one card.

    `points` are the labels of the key points an accepted wording covers;
    empty means every essential point of the card as it is when an answer is
    graded. `card_hash` is `cards.card_digest` of the card when it was taught
    (None when not known, as for a wording typed on the command line for a
    card whose deck cannot be read). `id` is the store's (0 before storing).
    """

    deck_id: str
    card_id: str
    kind: WordingKind
    text: str
    taught_at: datetime
    points: tuple[str, ...] = ()
    card_hash: str | None = None
    id: int = 0


def clean_text(text: str) -> str:
    """The text as stored and compared: NFC, without control characters (as a typed
    answer is stored) or surrounding blanks.

    Raises WordingError for an empty text or one over `MAX_WORDING_CHARS`.
    """
    from mlquiz.core.terminal_text import without_controls

    cleaned = unicodedata.normalize("NFC", without_controls(text or "")).strip()
    if not cleaned:
        raise WordingError("The wording is empty: there is nothing to accept or reject.")
    if len(cleaned) > MAX_WORDING_CHARS:
        raise WordingError(
            f"The wording has {len(cleaned):,} characters; a wording is one answer to one "
            f"card, at most {MAX_WORDING_CHARS:,} characters."
        )
    return cleaned
