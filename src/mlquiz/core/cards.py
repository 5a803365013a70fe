"""The content model: decks, cards and the key points a typed answer is judged on.

These are plain frozen values. `decks/` builds them from TOML files and
`grading/` reads them; nothing here knows about files or screens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
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


@dataclass(frozen=True)
class Confusion:
    """A wording that shows the learner mixed this card up with something else."""

    phrases: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Cloze:
    """Where a cloze card comes from: its note's id and text (with every `{{cN::...}}`
    blank), the blank number this card asks (see core/cloze.py), and the note's
    extra text, shown after the sentence in the reference answer."""

    note_id: str
    text: str
    number: int
    extra: str = ""


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
    # A cloze card: its question has a blank, and the typed answer is graded
    # against the blank's words (grading/cloze.py) rather than by phrases.
    cloze: Cloze | None = None

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
    cards = tuple(card_to_value(c) for c in deck.cards)
    return (
        deck.id,
        deck.title,
        deck.description,
        cards,
        dict(deck.glossary),
        deck.source,
        deck.path,
    )


def card_to_value(c: Card) -> tuple[Any, ...]:
    """One card as plain values (see `deck_to_value`)."""
    return (
        c.id,
        c.question,
        c.answer,
        tuple((p.label, p.phrases, p.required) for p in c.points),
        tuple((f.phrases, f.message) for f in c.confusions),
        c.vague,
        c.hint,
        c.tags,
        c.ordered,
        None if c.cloze is None else (c.cloze.note_id, c.cloze.text, c.cloze.number, c.cloze.extra),
    )


@lru_cache(maxsize=4096)
def card_digest(card: Card) -> str:
    """A short hash of everything on the card: two versions of a card differ in it.

    Stored with each answer, so that an edited card's older answers can be
    counted (they keep the verdict they had), and with each taught wording.
    """
    import hashlib
    import json

    value = card_to_value(card)
    if card.cloze is None:
        # Without the cloze slot: a card that is no cloze hashes as before cloze
        # cards existed, so the versions stored with earlier answers still match.
        value = value[:-1]
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _deck_value_shape() -> Any:
    from mlquiz.core.cachefile import DictOf, Fixed, Maybe, TupleOf

    strings = TupleOf(str)
    point = Fixed(str, strings, bool)
    confusion = Fixed(strings, str)
    cloze = Maybe(Fixed(str, str, int, str))
    card = Fixed(
        str, str, str, TupleOf(point), TupleOf(confusion), strings, str, strings, bool, cloze
    )
    return Fixed(str, str, str, TupleOf(card), DictOf(str, str), str, str)


def deck_from_value(value: tuple[Any, ...]) -> Deck:
    """`deck_to_value`'s values back into a Deck; `cachefile.ShapeError` if any of
    them is not of the type a Deck holds (a cache of the wrong shape)."""
    from mlquiz.core.cachefile import check_shape

    check_shape(value, _deck_value_shape(), "the cached deck")
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
                    KeyPoint(label=label, phrases=phrases, required=required)
                    for label, phrases, required in points
                ),
                confusions=tuple(
                    Confusion(phrases=phrases, message=message) for phrases, message in confusions
                ),
                vague=vague,
                hint=hint,
                tags=tags,
                ordered=ordered,
                cloze=None if cloze is None else Cloze(*cloze),
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
                cloze,
            ) in cards
        ),
        glossary=dict(glossary),
        source=source,
        path=path,
    )
