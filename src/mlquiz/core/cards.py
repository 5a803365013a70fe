"""The content model: decks, cards and the key points a typed answer is judged on.

These are plain frozen values. `decks/` builds them from TOML files and
`grading/` reads them; nothing here knows about files or screens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    # How many of the phrases, each said in its own words, say the point: 1
    # (any phrase) for an idea; k for an enumeration whose phrases are its n
    # items, any k of which answer it ("name two of ...").
    need: int = 1


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
    # True when the key points were derived from the answer by an import, not
    # written by a person: the grader then also weighs how much of the
    # reference's wording the answer says (see grading/derived.py).
    derived: bool = False

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


# -- as plain values (what the caches store) -----------------------------------------


def deck_to_value(deck: Deck) -> tuple[Any, ...]:
    """The deck as plain values (tuples and strings, what `marshal` stores): (id,
    title, description, cards, glossary, source, path). The grader cache hashes
    the first five."""
    cards = tuple(
        (
            c.id,
            c.question,
            c.answer,
            tuple((p.label, p.phrases, p.required, p.need) for p in c.points),
            tuple((f.phrases, f.message) for f in c.confusions),
            c.vague,
            c.hint,
            c.tags,
            c.ordered,
            c.derived,
        )
        for c in deck.cards
    )
    return (
        deck.id,
        deck.title,
        deck.description,
        cards,
        dict(deck.glossary),
        deck.source,
        deck.path,
    )


def deck_from_value(value: tuple[Any, ...]) -> Deck:
    deck_id, title, description, cards, glossary, source, path = value
    return Deck(
        id=deck_id,
        title=title,
        description=description,
        cards=tuple(
            Card(
                id=card_id,
                question=question,
                answer=answer,
                points=tuple(
                    KeyPoint(label=label, phrases=phrases, required=required, need=need)
                    for label, phrases, required, need in points
                ),
                confusions=tuple(
                    Confusion(phrases=phrases, message=message) for phrases, message in confusions
                ),
                vague=vague,
                hint=hint,
                tags=tags,
                ordered=ordered,
                derived=derived,
            )
            for (
                card_id,
                question,
                answer,
                points,
                confusions,
                vague,
                hint,
                tags,
                ordered,
                derived,
            ) in cards
        ),
        glossary=dict(glossary),
        source=source,
        path=path,
    )
