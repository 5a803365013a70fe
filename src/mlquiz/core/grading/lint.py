"""Deck lint: the key points that cannot grade well, so the deck's author can fix them.

`mlquiz deck check` prints these warnings (they never fail the check), and
key-point derivation leaves out the phrases they name (`derive/`).
"""

from __future__ import annotations

from dataclasses import dataclass

from mlquiz.core.cards import Card, Deck
from mlquiz.core.grading.grader import Grader
from mlquiz.core.text import STOPWORDS


@dataclass(frozen=True)
class LintWarning:
    card_id: str
    label: str
    message: str

    def __str__(self) -> str:
        return f'card "{self.card_id}", point "{self.label}": {self.message}'


def lint_deck(deck: Deck) -> list[LintWarning]:
    """Key points that cannot grade well, so the deck's author can fix them."""
    grader = Grader(deck)
    # A stem is common when it appears in the answers of a quarter of the
    # cards, and of at least three: in a two-card deck nothing is common.
    doc_freq: dict[str, int] = {}
    for card in deck.cards:
        for stem in {t.stem for t in grader.tokens(card.answer) if not t.stop}:
            doc_freq[stem] = doc_freq.get(stem, 0) + 1
    common = {s for s, n in doc_freq.items() if n >= 3 and n * 4 >= len(deck.cards)}
    warnings = []
    for card in deck.cards:
        if card.cloze is not None:
            continue  # graded against its blanks, not by phrases: nothing to lint
        warnings += _collapsed_phrases(grader, card)
        compiled = grader.cards[card.id]
        for point in card.points:
            if point.required and len(point.phrases) == 1:
                warnings.append(
                    LintWarning(card.id, point.label, "a required point with a single phrasing")
                )
            for phrase in point.phrases:
                patterns = grader.compile_phrase(phrase)
                if not patterns:
                    warnings.append(
                        LintWarning(card.id, point.label, f"phrase {phrase!r} has no words")
                    )
                    continue
                for pattern in patterns:
                    if len(pattern.slots) == 1 and pattern.slots[0] <= (common | STOPWORDS):
                        warnings.append(
                            LintWarning(
                                card.id,
                                point.label,
                                f"phrase {phrase!r} is one word that many answers use,"
                                " so it will match answers that do not say this point",
                            )
                        )
                        break
                    if all(slot <= compiled.question_stems for slot in pattern.slots):
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


def _collapsed_phrases(grader: Grader, card: Card) -> list[LintWarning]:
    """Phrases of several words that match as one word, because the others
    are stop words ("logged for you" is "logged", "version as of" is
    "version"): they say much less than their author meant."""
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
            for pattern in grader.compile_phrase(phrase):
                if len(pattern.slots) == 1:
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
