"""The content model: decks, cards and the key points a typed answer is judged on.

These are plain frozen values. `decks/` builds them from TOML files and
`grading/` reads them; nothing here knows about files or screens.
"""

from __future__ import annotations

from collections.abc import Callable
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
    # How many of the phrases, each said in its own words, say the point: 1
    # (any phrase) for an idea; k for an enumeration whose phrases are its n
    # items, any k of which answer it ("name two of ...").
    need: int = 1
    # Evidence beyond phrasings (docs/deck-format.md): API names and code
    # forms matched as typed (`mlflow.set_tag`, `models:/*/#`), phrases that
    # say the point by example, and other tools' equivalents.
    code: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    analogies: tuple[Analogy, ...] = ()


@dataclass(frozen=True)
class Analogy:
    """Another tool's (or a newer API's) way of saying a key point.

    `credit` is "full" when saying it this way earns the point outright, or
    "partial" when it only shows the idea by analogy (the verdict is then
    partial at most). `note` is shown in the feedback when it earned the point.
    """

    tool: str
    phrases: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    credit: str = "partial"
    note: str = ""


@dataclass(frozen=True)
class FalseClaim:
    """A common wrong statement about the card, and its correction.

    Said next to a right answer, it makes the answer partial at most; when it
    `contradicts` an essential point (by label), the answer is incorrect.
    """

    phrases: tuple[str, ...]
    correction: str
    code: tuple[str, ...] = ()
    contradicts: str = ""


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
    false_claims: tuple[FalseClaim, ...] = ()
    # True statements that earn nothing but are no wrong item either ("tags"
    # among what a run logs): a list that names one is not a list with a
    # wrong item.
    also_true: tuple[str, ...] = ()
    # True when the key points were derived from the answer by an import, not
    # written by a person: the grader then also weighs how much of the
    # reference's wording the answer says (see grading/derived.py).
    derived: bool = False
    # A cloze card: its question has a blank, and the typed answer is graded
    # against the blank's words (grading/cloze.py) rather than by phrases.
    cloze: Cloze | None = None

    @property
    def required_points(self) -> tuple[KeyPoint, ...]:
        return tuple(p for p in self.points if p.required)


# A deck of this many cards or more has what grading reads of all its cards kept
# by the deck cache (decks/cache.py, grading/deck_texts.py: `Deck.grading_texts`).
GRADING_TEXTS_FROM = 2_000


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
    # A big deck loaded from the deck cache: a way to read what grading reads of
    # all its cards, worked out when it was cached (grading/deck_texts.py, by part
    # name; None when a part is not there). Set by the deck cache alone: a deck made
    # from this one with other cards (`dataclasses.replace`) must set it to None.
    grading_texts: Callable[[str], object] | None = field(
        default=None, hash=False, compare=False, repr=False
    )

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


def _point_to_value(p: KeyPoint) -> tuple[Any, ...]:
    analogies = tuple((a.tool, a.phrases, a.code, a.credit, a.note) for a in p.analogies)
    return (p.label, p.phrases, p.required, p.need, p.code, p.examples, analogies)


def _point_from_value(value: tuple[Any, ...]) -> KeyPoint:
    label, phrases, required, need, code, examples, analogies = value
    return KeyPoint(
        label=label,
        phrases=phrases,
        required=required,
        need=need,
        code=code,
        examples=examples,
        analogies=tuple(
            Analogy(tool=tool, phrases=ph, code=co, credit=credit, note=note)
            for tool, ph, co, credit, note in analogies
        ),
    )


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
        tuple(_point_to_value(p) for p in c.points),
        tuple((f.phrases, f.message) for f in c.confusions),
        c.vague,
        c.hint,
        c.tags,
        c.ordered,
        tuple((f.phrases, f.correction, f.code, f.contradicts) for f in c.false_claims),
        c.also_true,
        c.derived,
        None if c.cloze is None else (c.cloze.note_id, c.cloze.text, c.cloze.number, c.cloze.extra),
    )


def _digest_value(c: Card) -> tuple[Any, ...]:
    """What `card_digest` hashes: the card's values with the keys that came after
    the first deck format (evidence, false claims, `need`, `derived`, cloze) left
    out while they hold their defaults, so a card nobody changed keeps the digest
    its past answers were stored with."""

    def point(p: KeyPoint) -> tuple[Any, ...]:
        value = _point_to_value(p)
        return value[:3] if value[3:] == (1, (), (), ()) else value

    value = card_to_value(c)
    value = value[:3] + (tuple(point(p) for p in c.points),) + value[4:]
    first, evidence, cloze = value[:9], value[9:12], value[12]
    if evidence != ((), (), False):
        first += evidence
    # The cloze slot only for a cloze card, as when cloze cards came (issue 17).
    return first if cloze is None else first + (cloze,)


@lru_cache(maxsize=4096)
def card_digest(card: Card) -> str:
    """A short hash of everything on the card: two versions of a card differ in it.

    Stored with each answer, so that an edited card's older answers can be
    counted (they keep the verdict they had), and with each taught wording.
    """
    import hashlib
    import json

    text = json.dumps(_digest_value(card), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _deck_value_shape() -> Any:
    from mlquiz.core.cachefile import DictOf, Fixed, Maybe, TupleOf

    strings = TupleOf(str)
    analogy = Fixed(str, strings, strings, str, str)
    point = Fixed(str, strings, bool, int, strings, strings, TupleOf(analogy))
    confusion = Fixed(strings, str)
    false_claim = Fixed(strings, str, strings, str)
    cloze = Maybe(Fixed(str, str, int, str))
    card = Fixed(
        str,
        str,
        str,
        TupleOf(point),
        TupleOf(confusion),
        strings,
        str,
        strings,
        bool,
        TupleOf(false_claim),
        strings,
        bool,
        cloze,
    )
    return Fixed(str, str, str, TupleOf(card), DictOf(str, str), str, str)


def deck_from_value(
    value: tuple[Any, ...], grading_texts: Callable[[str], object] | None = None
) -> Deck:
    """`deck_to_value`'s values back into a Deck (with its `grading_texts`);
    `cachefile.ShapeError` if any of them is not of the type a Deck holds (a cache
    of the wrong shape)."""
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
                points=tuple(_point_from_value(p) for p in points),
                confusions=tuple(
                    Confusion(phrases=phrases, message=message) for phrases, message in confusions
                ),
                vague=vague,
                hint=hint,
                tags=tags,
                ordered=ordered,
                false_claims=tuple(
                    FalseClaim(phrases=ph, correction=corr, code=co, contradicts=against)
                    for ph, corr, co, against in false_claims
                ),
                also_true=also_true,
                derived=derived,
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
                false_claims,
                also_true,
                derived,
                cloze,
            ) in cards
        ),
        glossary=dict(glossary),
        source=source,
        path=path,
        grading_texts=grading_texts,
    )
