"""The answer grader of one deck: judges a typed answer by the key points it says.

A whole-answer similarity score cannot tell "Staging before Production" from
"Production before Staging", or a correct paraphrase from an echo of the
question, so the verdict is built from evidence instead:

1. The answer is read into a stream of word stems (`reader.py`: Unicode,
   case, accents, contractions, the deck glossary, typo correction against
   the deck's own vocabulary, Snowball stemming), keeping each word's span
   in the answer so the UI can mark what matched.
2. Each key point is looked for through its compiled phrases (`compiled.py`,
   `patterns.py`); a phrase matches when its words appear in order within
   one sentence with small gaps (`answer.py`). A phrase made only of the
   question's words earns nothing (question demoting).
3. Evidence for and against the answer is gathered (`evidence.py`): a negator
   just before a matched point, a known confusion of the card, an answer
   that fits another card better (`cross_index.py`), steps out of order on a
   sequence card, a bare denial, a list of terms that says nothing.
4. The verdict follows from named steps over that evidence (`judge.py`); the
   score is the share of essential points found.

This package is the only user of rapidfuzz (for typo correction).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from mlquiz.core.cards import Card, Deck
from mlquiz.core.grading import consistency
from mlquiz.core.grading.answer import Answer
from mlquiz.core.grading.cloze import grade_cloze
from mlquiz.core.grading.compiled import CompiledCard, card_to_values, compile_card
from mlquiz.core.grading.cross_index import CrossCardIndex, CrossState
from mlquiz.core.grading.deck_cards import DeckCards
from mlquiz.core.grading.derived import DerivedIndex, judge_derived
from mlquiz.core.grading.evidence import Evidence
from mlquiz.core.grading.judge import judge
from mlquiz.core.grading.patterns import Pattern, compile_phrase
from mlquiz.core.grading.reader import Reader, Token
from mlquiz.core.grading.results import GradeResult
from mlquiz.core.grading.shared_negations import negated_in_reference, shared_negators
from mlquiz.core.verdicts import Verdict

if TYPE_CHECKING:
    from mlquiz.core.grading.wordings import WordingBook
    from mlquiz.core.wording import Wording

# Longer answers are graded on this many characters. Nobody types more into a
# quiz box; the cap keeps a pasted novel from stalling the game.
MAX_ANSWER_CHARS = 20_000

# What `compiled_state` returns: (vocabulary, None when not worked out yet; each
# card's compiled values).
CompiledState = tuple[frozenset[str] | None, tuple[tuple[Any, ...], ...]]


class Grader:
    """Grades answers to the cards of one deck.

    A card's phrases are compiled the first time an answer to it is graded
    (`DeckCards`), and the cross-card index is built piece by piece as grades
    ask for it (`CrossCardIndex`): a new 100,000-card deck grades its first
    answer without compiling the others. Grading an answer then costs a
    tokenisation and a few dictionary look-ups.
    """

    def __init__(
        self, deck: Deck, compiled: CompiledState | None = None, cross: CrossState | None = None
    ) -> None:
        """`compiled` and `cross` are what `compiled_state()` and `cross_state()`
        returned for this very deck (see grading/cache.py): its cards' phrases and
        the cross-card pieces are then not worked out again."""
        self.deck = deck
        # Cloze cards are graded against their blanks (cloze.py), not by phrases.
        self.cloze = {card.id: card for card in deck.cards if card.cloze is not None}
        phrased = [c for c in deck.cards if c.id not in self.cloze] if self.cloze else deck.cards
        if compiled is None:
            self.reader = Reader.for_deck(deck)
            self.cards = DeckCards(self.reader, phrased)
        else:
            vocabulary, values = compiled
            self.reader = Reader.for_deck(deck, vocabulary)  # None: worked out when needed
            self.cards = DeckCards(self.reader, phrased, values)
        # Called when a cross-card piece has been worked out (the cache keeps it),
        # and the cache's hash of the deck, once worked out (grading/cache.py).
        self.on_built: Callable[[], None] | None = None
        self.deck_digest: str | None = None
        self._unsaved = False
        self._negated_stems: dict[str, frozenset[str]] = {}
        if not self.reader.vocabulary_stored:  # (a big deck's, from the deck cache)
            self.reader.on_vocabulary = self._built
        self.cross = CrossCardIndex(self.cards, cross, self._built, deck.grading_texts)
        if self.reader.letters is not None and self.cross.search is not None:
            # A big deck's reader looks a word up in its reference answers first.
            self.reader.letters.first_words = self.cross.search.reference_words
        # The player's taught wordings (grading/wordings.py), when given.
        self.wordings: WordingBook | None = None
        self.derived = DerivedIndex(self.reader, self.cards, self.cross.place)
        self._references: dict[str, tuple[str, tuple[tuple[str, ...], ...]]] = {}
        # Cards whose words the reader was told are the deck's (`Reader.know`).
        self._known: set[str] = set()
        self._repeated: frozenset[str] | None = None
        self._all_forms: frozenset[tuple[str, ...]] | None = None

    def _built(self) -> None:
        # Kept once the grade that worked it out is done (`grade`), not halfway.
        self._unsaved = True

    def _keep_built(self) -> None:
        if self._unsaved and self.on_built is not None:
            self._unsaved = False
            self.on_built()

    def cross_state(self) -> CrossState:
        """The cross-card pieces worked out so far, as plain values."""
        return self.cross.state()

    def compiled_count(self) -> int:
        """How many of the deck's cards have been compiled so far."""
        return self.cards.compiled_count

    def use_wordings(self, wordings: Iterable[Wording], tz: tzinfo | None = None) -> WordingBook:
        """Grade with the player's taught wordings of this deck from now on (replacing
        any given before); `tz` is the zone their dates are told in."""
        from mlquiz.core.grading.wordings import WordingBook

        book = WordingBook(self.reader, self.cards, wordings, tz)
        self.wordings = book if book else None
        return book

    def grade(self, card: Card | str, answer: str, *, wordings: bool = True) -> GradeResult:
        """The grade of `answer` (NFC-normalised, cut to `MAX_ANSWER_CHARS` for
        grading) to `card` (a card of the deck, or its id); `wordings=False`
        leaves the player's taught wordings out. A cloze card is graded against
        its blank (cloze.py), which taught wordings do not change."""
        card_id = card if isinstance(card, str) else card.id
        if card_id in self.cloze:
            text = unicodedata.normalize("NFC", answer or "")
            return grade_cloze(self.cloze[card_id], text[:MAX_ANSWER_CHARS])
        if not self.reader.has_vocabulary and card_id not in self._known:
            # The card's own words need no look at the deck's vocabulary.
            self.reader.know(self.cards.card(card_id))
            self._known.add(card_id)
        result = self._grade(self.cards[card_id], answer, wordings)
        self._keep_built()
        return result

    def grade_draft(self, card: Card, answer: str) -> GradeResult:
        """How `answer` grades against `card`, an edited version of one of the deck's
        cards not saved yet, without compiling the deck again (the editor's live
        verdict). Typos are corrected against the deck's words as they are."""
        if card.cloze is not None:
            text = unicodedata.normalize("NFC", answer or "")
            return grade_cloze(card, text[:MAX_ANSWER_CHARS])
        return self._grade(compile_card(self.reader, card), answer, True)

    def _grade(self, compiled: CompiledCard, answer: str, wordings: bool) -> GradeResult:
        text = unicodedata.normalize("NFC", answer or "")
        said = Answer(self.reader.tokens(text[:MAX_ANSWER_CHARS]), text=text)
        if said.has_negator:
            said.shared = shared_negators(said.tokens, self._reference_negated(compiled.card))
        ev = Evidence(compiled, text, said, self.cross)
        try:
            return self._judge(compiled, ev, wordings)
        finally:
            ev.release()  # (see `Evidence.release`)

    def _judge(self, compiled: CompiledCard, ev: Evidence, wordings: bool) -> GradeResult:
        for form in self._reference_forms(compiled.card):
            if consistency.is_reference(ev, form):
                return consistency.reference_grade(ev)
        book = self.wordings if wordings else None
        taught = book.match(ev) if book is not None else None
        if compiled.card.derived:
            result = judge_derived(ev, self.derived, taught=taught)
        else:
            result = judge(ev, taught=taught)
        if result.verdict == Verdict.CORRECT and result.wording is None:
            other = self._reference_typed(ev)
            if other is not None and not self._own_words(ev):
                return consistency.another_reference(result, other)
        return result

    def _reference_negated(self, card: Card) -> frozenset[str]:
        """What the card's reference says under a negation, read once per card."""
        negated = self._negated_stems.get(card.id)
        if negated is None:
            negated = self._negated_stems[card.id] = negated_in_reference(self.reader, card.answer)
        return negated

    def _own_words(self, ev: Evidence) -> bool:
        """Is the answer, word for word, a run of the card's own reference too?
        "bgp" on "Which routing protocol does a VPN use?" ("BGP (Border Gateway
        Protocol)") is this card's answer as much as "What is BGP?"'s."""
        stems = tuple(ev.answer.stems)
        n = len(stems)
        return n > 0 and any(
            form[i : i + n] == stems
            for form in self._reference_forms(ev.card)
            for i in range(len(form) - n + 1)
        )

    def _reference_typed(self, ev: Evidence) -> Card | None:
        """Another card whose reference answer the answer is, word for word (its
        content words, as read): the reference overlap finds the few candidates."""
        stems = tuple(ev.answer.stems)
        # Nearly every answer: no reference is typed word for word. A searched deck
        # (cross_search.py) is not read whole for it: the overlaps below tell as well.
        if self.cross.search is None and stems not in self._every_reference_form():
            return None
        overlaps = self.cross.answer_overlaps(ev.answer)
        for card_id in sorted(overlaps, key=self.cross.place):
            if card_id != ev.card.id and overlaps[card_id] >= 1.0 - 1e-9:
                other = self.cross.card(card_id)
                if stems in self._reference_forms(other):
                    return other
        return None

    def _every_reference_form(self) -> frozenset[tuple[str, ...]]:
        """Every form of every card's reference (worked out once)."""
        if self._all_forms is None:
            self._all_forms = frozenset(
                form for card in self.cards.cards() for form in self._reference_forms(card)
            )
        return self._all_forms

    def _reference_forms(self, card: Card) -> tuple[tuple[str, ...], ...]:
        """The card's reference answer as content stems, read as answers are; for a
        derived card also as derivation read it: without markup and without the
        lines many of the deck's answers repeat (a site's footer), which nobody
        types."""
        cached = self._references.get(card.id)
        # Keyed by id, checked by answer: the editor grades drafts of a card.
        forms = cached[1] if cached is not None and cached[0] == card.answer else None
        if forms is None:
            forms = (self._stems(card.answer),)
            if card.derived:
                from mlquiz.core.grading.derive.clean import clean_text, without_lines

                own = self._stems(without_lines(clean_text(card.answer), self._deck_lines()))
                if own and own != forms[0]:
                    forms += (own,)
            self._references[card.id] = (card.answer, forms)
        return forms

    def _stems(self, text: str) -> tuple[str, ...]:
        text = unicodedata.normalize("NFC", text)[:MAX_ANSWER_CHARS]
        return tuple(t.stem for t in self.reader.tokens(text) if not t.stop)

    def _deck_lines(self) -> frozenset[str]:
        """The lines many of the deck's derived answers repeat (worked out once)."""
        if self._repeated is None:
            from mlquiz.core.grading.derive.clean import clean_text, repeated_lines

            self._repeated = repeated_lines(
                clean_text(card.answer) for card in self.deck.cards if card.derived
            )
        return self._repeated

    # -- what deck lint reads ------------------------------------------------------

    def tokens(self, text: str) -> list[Token]:
        """`text` read as the grader reads answers."""
        return self.reader.tokens(text)

    def compile_phrase(self, phrase: str) -> list[Pattern]:
        """`phrase` compiled as the deck's phrases are."""
        return compile_phrase(self.reader, phrase)

    # -- the compiled deck as plain values ------------------------------------------

    def compiled_state(self, every_card: bool = True) -> CompiledState:
        """The vocabulary and every card's compiled patterns (with `every_card=False`,
        the cards compiled so far, and the vocabulary only if some answer needed it)
        as tuples, frozensets, strings and numbers (what `marshal` stores), for
        `Grader(deck, compiled)`."""
        cards = self.cards
        ids = list(cards) if every_card else [i for i in cards if cards.is_compiled(i)]
        reader = self.reader
        vocabulary = reader.vocabulary if every_card or reader.has_vocabulary else None
        return (vocabulary, tuple(card_to_values(cards[i]) for i in ids))
