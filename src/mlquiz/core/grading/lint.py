"""Deck lint: the key points that cannot grade well, so the deck's author can fix them.

`mlquiz deck check` prints these warnings (they never fail the check), and
key-point derivation leaves out the phrases they name (`derive/`).

Lint reads each phrase as grading compiles it, but asks only for the slots of
its patterns (`phrase_slots`), card by card, with the deck's reader: no card
is compiled and no grader built, so a 100,000-card deck is checked in seconds
and in memory that does not grow with the compiled deck.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlquiz.core.cards import Card, Deck
from mlquiz.core.grading.patterns import phrase_slots
from mlquiz.core.grading.reader import Reader, build_glossary
from mlquiz.core.text import STOPWORDS, stem

# The slots of each pattern a phrase compiles into (see `phrase_slots`).
Slots = list[tuple[frozenset[str], ...]]


@dataclass(frozen=True)
class LintWarning:
    card_id: str
    label: str
    message: str

    def __str__(self) -> str:
        return f'card "{self.card_id}", point "{self.label}": {self.message}'


def lint_deck(deck: Deck) -> list[LintWarning]:
    """Key points that cannot grade well, so the deck's author can fix them."""
    # The deck's reader without its vocabulary (typo correction's targets): it
    # reads phrases without correcting them, and an answer's words are all in
    # the vocabulary (`deck_vocabulary` holds every word of every answer), so
    # correction never changes one. Building the vocabulary would only cost.
    reader = Reader(build_glossary(deck.glossary))
    # A stem is common when it appears in the answers of a quarter of the
    # cards, and of at least three: in a two-card deck nothing is common.
    doc_freq: dict[str, int] = {}
    for card in deck.cards:
        for stem_ in {t.stem for t in reader.tokens(card.answer) if not t.stop}:
            doc_freq[stem_] = doc_freq.get(stem_, 0) + 1
    common = {s for s, n in doc_freq.items() if n >= 3 and n * 4 >= len(deck.cards)}
    common_or_stop = frozenset(common | STOPWORDS)
    warnings: list[LintWarning] = []
    for card in deck.cards:
        if card.cloze is None:  # a cloze card is graded against its blanks: nothing to lint
            warnings += _CardLint(reader, card, common_or_stop).warnings()
    return warnings


class _CardLint:
    """The lint of one card; each of its phrases is read once."""

    def __init__(self, reader: Reader, card: Card, common_or_stop: frozenset[str]) -> None:
        self.reader = reader
        self.card = card
        self.common_or_stop = common_or_stop
        self._slots: dict[str, Slots] = {}

    def slots(self, phrase: str) -> Slots:
        found = self._slots.get(phrase)
        if found is None:
            found = self._slots[phrase] = phrase_slots(self.reader, phrase)
        return found

    def warnings(self) -> list[LintWarning]:
        card = self.card
        warnings = self._collapsed_phrases()
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
                for slots in patterns:
                    if len(slots) == 1 and slots[0] <= self.common_or_stop:
                        warnings.append(
                            LintWarning(
                                card.id,
                                point.label,
                                f"phrase {phrase!r} is one word that many answers use,"
                                " so it will match answers that do not say this point",
                            )
                        )
                        break
                    if all(slot <= question_stems for slot in slots):
                        warnings.append(
                            LintWarning(
                                card.id,
                                point.label,
                                f"phrase {phrase!r} is made of the question's own words"
                                " (it will never count)",
                            )
                        )
                        break
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
                typed = [w for w in phrase.split() if w != "..."]
                if len(typed) < 2:
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
