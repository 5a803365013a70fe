"""The content model: decks, cards and the key points a typed answer is judged on.

These are plain frozen values. `content.py` builds them from TOML files and
`grading/` reads them; nothing here knows about files or screens.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class KeyPoint:
    """One idea the reference answer contains.

    `phrases` are the wordings that count as saying it. In a phrase, `a|b`
    offers alternatives for one word, and words are matched after
    normalisation (case, accents, stemming, the deck glossary, small typos).
    The words of a phrase must appear in order in one sentence of the answer,
    with at most a few other words between them.
    """

    label: str
    phrases: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True)
class Confusion:
    """A wording that shows the learner mixed this card up with something else."""

    phrases: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Card:
    id: str
    question: str
    answer: str
    points: tuple[KeyPoint, ...]
    confusions: tuple[Confusion, ...] = ()
    # Wordings that point the right way but are too vague to show the idea:
    # on their own they earn a partial verdict, never a correct one.
    vague: tuple[str, ...] = ()
    hint: str = ""
    tags: tuple[str, ...] = ()
    # True when the key points are steps whose order matters (a workflow).
    ordered: bool = False

    @property
    def required_points(self) -> tuple[KeyPoint, ...]:
        return tuple(p for p in self.points if p.required)


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    description: str
    cards: tuple[Card, ...]
    # Abbreviations and synonyms, written form -> canonical form, e.g.
    # "dbx" -> "databricks". Applied to answers and phrases alike.
    glossary: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    # Where the deck came from: "built-in", "user", or a file path.
    source: str = ""
    path: str = ""

    def card(self, card_id: str) -> Card:
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)

    @property
    def tags(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for card in self.cards:
            for tag in card.tags:
                seen.setdefault(tag, None)
        return tuple(seen)
