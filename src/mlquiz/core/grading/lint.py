"""Deck lint: the key points that cannot grade well, so the deck's author can fix them.

`mlquiz deck check` prints these warnings (they never fail the check), and
key-point derivation leaves out the phrases they name (`derive/`).

Lint reads each phrase as grading compiles it, but asks only for the slots of
its patterns (`phrase_slots`), card by card, with the deck's reader: no card
is compiled and no grader built, so a 100,000-card deck is checked in seconds
and in memory that does not grow with the compiled deck.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from mlquiz.core.cards import Card, Deck
from mlquiz.core.grading.patterns import phrase_slots
from mlquiz.core.grading.reader import Reader, build_glossary
from mlquiz.core.text import STOPWORDS, stem

# The slots of each pattern a phrase compiles into (see `phrase_slots`).
Slots = list[tuple[frozenset[str], ...]]


@dataclass(frozen=True, slots=True)
class LintWarning:
    card_id: str
    label: str
    message: str

    def __str__(self) -> str:
        return f'card "{self.card_id}", point "{self.label}": {self.message}'


def lint_deck(deck: Deck) -> list[LintWarning]:
    """Key points that cannot grade well, so the deck's author can fix them."""
    lint = DeckLint(deck.glossary)
    for card in deck.cards:
        lint.add(card)
    return lint.warnings()


class DeckLint:
    """The lint of a deck read one card at a time (`add`), as `lint_deck` gives it
    (`warnings`), keeping no card: `mlquiz deck check` streams a deck's cards.

    Whether a phrase's word is one that many answers use depends on every answer
    of the deck, so a phrase whose warning depends on it is kept (its label, its
    text and its one-word slots) until `warnings`; every other warning is decided
    as its card is added.
    """

    def __init__(self, glossary: dict[str, str]) -> None:
        # The deck's reader without its vocabulary (typo correction's targets): it
        # reads phrases without correcting them, and an answer's words are all in
        # the vocabulary (`deck_vocabulary` holds every word of every answer), so
        # correction never changes one. Building the vocabulary would only cost.
        self.reader = Reader(build_glossary(glossary))
        self.reader.keep_word_alternatives = False
        self._doc_freq: Counter[str] = Counter()
        self._cards = 0
        # Per card with warnings: its id and its warnings in order, each decided
        # (a LintWarning) or waiting for the deck's common words (a _Pending).
        self._drafts: list[tuple[str, list[LintWarning | _Pending]]] = []

    def add(self, card: Card) -> None:
        self._cards += 1
        self._doc_freq.update(self.reader.content_stems(card.answer))
        if card.cloze is None:  # a cloze card is graded against its blanks: nothing to lint
            draft = _CardLint(self.reader, card).draft()
            if draft:
                self._drafts.append((card.id, draft))

    def warnings(self) -> list[LintWarning]:
        # A stem is common when it appears in the answers of a quarter of the
        # cards, and of at least three: in a two-card deck nothing is common.
        cards = self._cards
        common = {s for s, n in self._doc_freq.items() if n >= 3 and n * 4 >= cards}
        common_or_stop = frozenset(common | STOPWORDS)
        warnings: list[LintWarning] = []
        drafts, self._drafts = self._drafts, []
        for card_id, draft in drafts:
            for entry in draft:
                if isinstance(entry, LintWarning):
                    warnings.append(entry)
                    continue
                message = _verdict(entry.events, common_or_stop)
                if message:
                    warnings.append(LintWarning(card_id, entry.label, message(entry.phrase)))
        return warnings


# What a phrase's patterns say, in order, flat: per pattern its one slot's stems
# (None when it has several slots) and whether all its slots are the question's
# own words; cut after the first pattern that decides (see `_verdict`). Flat
# tuples of stems: a 100,000-card deck keeps some 200,000 of these.
Events = tuple[tuple[str, ...] | bool | None, ...]


@dataclass(frozen=True, slots=True)
class _Pending:
    """A phrase whose warning waits for the deck's common words."""

    label: str
    phrase: str
    events: Events


def _common(phrase: str) -> str:
    return (
        f"phrase {phrase!r} is one word that many answers use,"
        " so it will match answers that do not say this point"
    )


def _own_words(phrase: str) -> str:
    return f"phrase {phrase!r} is made of the question's own words (it will never count)"


def _verdict(events: Events, common_or_stop: frozenset[str]) -> Any:
    """The message maker of the first pattern that warns, or None: a one-slot pattern
    of common (or stop) words, else a pattern of the question's own words."""
    for at in range(0, len(events), 2):
        single = events[at]
        if single is not None and common_or_stop.issuperset(single):  # type: ignore[arg-type]
            return _common
        if events[at + 1]:
            return _own_words
    return None


class _CardLint:
    """The lint of one card; each of its phrases is read once."""

    def __init__(self, reader: Reader, card: Card) -> None:
        self.reader = reader
        self.card = card
        self._slots: dict[str, Slots] = {}

    def slots(self, phrase: str) -> Slots:
        found = self._slots.get(phrase)
        if found is None:
            found = self._slots[phrase] = phrase_slots(self.reader, phrase)
        return found

    def draft(self) -> list[LintWarning | _Pending]:
        """The card's warnings in order, those that depend on the deck's common
        words left pending."""
        card = self.card
        warnings: list[LintWarning | _Pending] = list(self._collapsed_phrases())
        # As compile_card reads the question (question demoting); not cached as
        # a phrase is: each question is read once.
        question_stems = frozenset(
            stem(w) for w in self.reader.text_words(card.question) if w not in STOPWORDS
        )
        for point in card.points:
            if point.required and len(point.phrases) == 1:
                warnings.append(
                    LintWarning(card.id, point.label, "a required point with a single phrasing")
                )
            for phrase in point.phrases:
                patterns = self.slots(phrase)
                if not patterns:
                    warnings.append(
                        LintWarning(card.id, point.label, f"phrase {phrase!r} has no words")
                    )
                    continue
                events: list[tuple[str, ...] | bool | None] = []
                waits = False  # a one-word slot whose words may turn out common
                for slots in patterns:
                    single = slots[0] if len(slots) == 1 else None
                    own = True
                    for slot in slots:
                        if not slot <= question_stems:
                            own = False
                            break
                    if single is not None or own:
                        events += (None if single is None else tuple(single), own)
                    if single is not None and single <= STOPWORDS:
                        break  # common whatever the deck's common words are
                    waits = waits or single is not None
                    if own:
                        break
                if waits:
                    warnings.append(_Pending(point.label, phrase, tuple(events)))
                else:
                    message = _verdict(tuple(events), STOPWORDS)
                    if message:
                        warnings.append(LintWarning(card.id, point.label, message(phrase)))
        return warnings

    def _collapsed_phrases(self) -> list[LintWarning]:
        """Phrases of several words that match as one word, because the others
        are stop words ("logged for you" is "logged", "version as of" is
        "version"): they say much less than their author meant."""
        card = self.card
        sources: list[tuple[str, tuple[str, ...]]] = []
        for point in card.points:
            sources.append((point.label, point.phrases + point.examples))
            for analogy in point.analogies:
                sources.append((f"{point.label} (analogy {analogy.tool})", analogy.phrases))
        for n, claim in enumerate(card.false_claims, start=1):
            sources.append((f"false claim {n}", claim.phrases))
        for n, confusion in enumerate(card.confusions, start=1):
            sources.append((f"confusion {n}", confusion.phrases))
        sources.append(("also true", card.also_true))
        warnings = []
        for where, phrases in sources:
            for phrase in phrases:
                typed = phrase.split()
                if len(typed) - typed.count("...") < 2:
                    continue
                for slots in self.slots(phrase):
                    if len(slots) == 1:
                        warnings.append(
                            LintWarning(
                                card.id,
                                where,
                                f"phrase {phrase!r} matches as one word: its other words"
                                " are stop words, which answers skip",
                            )
                        )
                        break
        return warnings
