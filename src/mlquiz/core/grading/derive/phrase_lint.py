"""Derived points checked as `mlquiz deck check` would check them, so that an
import leaves out the phrases the check would warn about (`lint_clean`), read
the way the lint reads them but word by word from a cache: an import of
100,000 cards must stay linear."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from mlquiz.core.cards import KeyPoint
from mlquiz.core.grading.lint import _TextStems
from mlquiz.core.grading.patterns import phrase_choices
from mlquiz.core.grading.reader import Reader, build_glossary
from mlquiz.core.parallel import count_each, map_items
from mlquiz.core.text import STOPWORDS


@dataclass(frozen=True)
class DerivedCard:
    points: tuple[KeyPoint, ...]
    ordered: bool = False
    # Single words of the answer too weak to say a point alone: worth a
    # "partial" verdict when nothing else is said, never a "correct" one.
    vague: tuple[str, ...] = ()


def lint_clean(
    derived: list[DerivedCard], cards: list[tuple[str, str]], glossary: dict[str, str]
) -> list[DerivedCard]:
    """Leave out the phrases `mlquiz deck check` would warn about.

    The grader reads an answer through the glossary and its own stemmer, so
    a phrase is checked the way `grading/lint.py` checks it: one word that
    many answers use, or nothing but the question's words. A point keeps its
    last phrase whatever it is: a list item ("Production") is its own word.
    Steps of an ordered card keep their words too. The check reads with a
    bare `Reader` (the deck's glossary, no typo correction: the text is the
    deck's own), not a whole grader: an import of 100,000 cards must not
    compile them all twice.
    """
    reader = Reader(build_glossary(glossary))
    stems_of = reader.content_stems  # as deck check reads them, word by word
    # The answers' stems as `DeckLint` counts them: from each piece between
    # spaces when every piece reads as one stem or none (the same stems, several
    # times quicker), else `content_stems`.
    pieces = _TextStems(reader)

    def answer_stems(answer: str) -> Collection[str]:
        found = pieces.stems(answer)
        return stems_of(answer) if found is None else found

    doc_freq = count_each(answer_stems, [answer for _, answer in cards])
    common = {s for s, n in doc_freq.items() if n >= 3 and n * 4 >= len(cards)}
    says_nothing = frozenset(common | STOPWORDS)

    def clean(index: int) -> DerivedCard | None:
        """The card without the phrases left out; None when nothing is (most
        cards): a forked chunk then sends back None, not a copy of the card."""
        card = derived[index]
        question_stems = frozenset(stems_of(cards[index][0]))
        points = []
        same = True  # every point kept as it was
        for point in card.points:
            kept = tuple(
                p for p in point.phrases if phrase_ok(reader, p, says_nothing, question_stems, card)
            )
            # Else a point keeps its phrases the grader reads words in, whatever
            # else the check says of them; one with none is no point at all.
            kept = kept or tuple(p for p in point.phrases if phrase_choices(reader, p))
            if not kept:
                same = False
                continue
            need = max(1, min(point.need, len(kept)))
            plain = not (point.code or point.examples or point.analogies)
            if plain and kept == point.phrases and need == point.need:
                points.append(point)  # nothing left out: the same point
                continue
            same = False
            points.append(KeyPoint(point.label, kept, point.required, need))
        if same:
            return None
        # A card whose every point is words the grader skips keeps them: the
        # check's warning says so (a card needs a point).
        return DerivedCard(tuple(points) or card.points, card.ordered, card.vague)

    if len(derived) != len(cards):
        raise ValueError("one derived card per (question, answer)")
    # Card by card, over the machine's cores.
    cleaned = map_items(clean, range(len(derived)))
    return [card if new is None else new for card, new in zip(derived, cleaned, strict=True)]


def phrase_ok(
    reader: Reader,
    phrase: str,
    says_nothing: frozenset[str],
    question_stems: frozenset[str],
    card: DerivedCard,
) -> bool:
    """Would `mlquiz deck check` let this phrase be? (`says_nothing`: the stems of
    stop words and of words many answers use.)

    The check asks of each pattern the phrase compiles into (`phrase_slots`)
    whether it is one slot that says nothing, or slots that are all the
    question's words. It is answered from each word's choices
    (`phrase_choices`), with the same result: only a one-word phrase has a
    one-slot pattern (a glossary expansion gives two slots or more), and some
    pattern is all the question's words when every word has a choice that is.
    """
    choices = phrase_choices(reader, phrase)
    if not choices:
        return False  # "phrase has no words": only stop words ("w" reads "with")
    if len(choices) == 1 and choices[0][0]:
        typed = phrase.split()
        if len(typed) - typed.count("...") >= 2:
            return False  # "matches as one word": the others are stop words
    # A step's one word is the step ("train -> log -> register"), and the
    # order it must come in is evidence enough.
    if not card.ordered and len(choices) == 1:
        singles = choices[0][0]
        if singles and singles <= says_nothing:
            return False
    for singles, multis in choices:
        if singles and singles <= question_stems:
            continue
        if multis and any(all(s in question_stems for s in multi) for multi in multis):
            continue
        return True
    return False
