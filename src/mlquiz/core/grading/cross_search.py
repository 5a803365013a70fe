"""The cross-card index's pieces for a big deck, found by searching the deck's text.

`CrossCardIndex` (cross_index.py) needs, for the stems of one answer: how
many cards' questions and references use each (the deck's shared
vocabulary), which cards' references use each (the reference overlaps), and
which cards' essential points are written with each (the cards an answer
could say). Worked out for every stem of every card, that read seven million
words of a 100,000-card deck before its first cross-card answer. For a deck
of `SEARCH_FROM` cards or more they are found instead for the answer's stems
only (`deck_search.py`), each stem's cards kept once found: the same cards,
the same weights, the same candidates (tests/core/test_cross_search.py
compares both ways on generated decks).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable

from mlquiz.core.cards import Card
from mlquiz.core.grading.deck_cards import DeckCards
from mlquiz.core.grading.deck_search import StemSearch, TextField
from mlquiz.core.grading.deck_texts import (
    STORE_FROM,
    Stored,
    point_texts,
    question_texts,
    reference_texts,
    stored_field,
    stored_points,
)
from mlquiz.core.text import STOPWORDS, fold_word, stem

# Decks of this many cards or more search their text for an answer's stems; smaller
# ones index every stem at once (milliseconds; then every look-up is a dict's).
SEARCH_FROM = STORE_FROM

# Essential points of a card told apart (as `cross_index._POINT_BITS`).
POINT_BITS = 8


class CrossSearch:
    """The deck's questions, references and essential points' phrases, searched for stems."""

    def __init__(self, cards: DeckCards, stored: Stored = None) -> None:
        """`stored`: the deck's grading texts as the deck cache kept them
        (grading/deck_texts.py); a field not there is made from the cards."""
        self._deck = cards
        self._stored = stored
        self._ids = list(cards)
        reader = cards.reader
        self._glossary = reader.glossary
        self._multi = reader._multi_word_starts
        self._questions: StemSearch | None = None
        self._every: StemSearch | None = None
        self._content: StemSearch | None = None
        self._references: TextField | None = None
        self._points: StemSearch | None = None
        # Per essential point, in deck order: its card's place.
        self._point_card = array("I")
        self._counts: dict[str, int] = {}

    # -- how each kind of text reads one word (lowercase), None: read it whole ----

    def _special(self, word: str) -> bool:
        return not self._multi.isdisjoint(fold_word(word))

    def _question_word(self, word: str) -> Collection[str] | None:
        if self._special(word):
            return None
        reader = self._deck.reader
        return {stem(w) for w in reader.text_words(word) if w not in STOPWORDS}

    def _reference_word(self, word: str, content: bool) -> Collection[str] | None:
        found = self._deck.reader._raw_stems(word)
        return None if found is None else found[1 if content else 0]

    def _point_word(self, word: str) -> Collection[str] | None:
        if self._special(word):
            return None
        return self._deck._stems_of_word(word)

    # -- the searches, each made when first asked -----------------------------------

    def _search(
        self,
        field: TextField,
        word_stems: Callable[[str], Collection[str] | None],
        exact: Callable[[int], Collection[str]],
    ) -> StemSearch:
        return StemSearch(field, word_stems, exact, self._glossary, self._multi)

    def _field(self, name: str, texts: Callable[[Iterable[Card]], list[str]]) -> TextField:
        field = stored_field(self._stored, name, len(self._ids))
        return field if field is not None else TextField(texts(self._deck.cards()))

    def _reference_field(self) -> TextField:
        if self._references is None:
            self._references = self._field("references", reference_texts)
        return self._references

    def reference_words(self) -> bytes:
        """The words of every reference answer written in ASCII (`deck_search.ascii_words`)."""
        return self._reference_field().words

    def _question_search(self) -> StemSearch:
        if self._questions is None:
            stems, ids = self._deck.stems, self._ids
            field = self._field("questions", question_texts)
            self._questions = self._search(field, self._question_word, lambda n: stems(ids[n])[0])
        return self._questions

    def _reference_search(self, content: bool) -> StemSearch:
        stems, ids = self._deck.stems, self._ids
        if content:
            if self._content is None:
                self._content = self._search(
                    self._reference_field(),
                    lambda w: self._reference_word(w, True),
                    lambda n: stems(ids[n])[2],
                )
            return self._content
        if self._every is None:
            self._every = self._search(
                self._reference_field(),
                lambda w: self._reference_word(w, False),
                lambda n: stems(ids[n])[1],
            )
        return self._every

    def _point_search(self) -> StemSearch:
        if self._points is None:
            # One segment per essential point, a card's consecutive (300,000 points
            # of a 100,000-card deck); its bit is its rank among them.
            stored = stored_points(self._stored, len(self._ids))
            if stored is None:
                texts, owner = point_texts(list(self._deck.cards()))
                field = TextField(texts)
            else:
                field, owner = stored
            self._point_card = owner
            point_stems, ids = self._deck.point_stems, self._ids

            def exact(segment: int) -> Collection[str]:
                card_no = owner[segment]
                return point_stems(ids[card_no])[segment - bisect_left(owner, card_no)]

            self._points = self._search(field, self._point_word, exact)
        return self._points

    # -- what the cross-card index asks ---------------------------------------------

    def card_count(self, word_stem: str) -> int:
        """How many cards use the stem in their question or reference answer."""
        count = self._counts.get(word_stem)
        if count is None:
            questions = self._question_search().postings([word_stem])[word_stem]
            references = self._reference_search(False).postings([word_stem])[word_stem]
            count = self._counts[word_stem] = len(set(questions).union(references))
        return count

    def reference_cards(self, stems: Collection[str]) -> dict[str, list[int]]:
        """For each stem, the places of the cards whose reference answer uses it as
        a content word, in deck order."""
        return self._reference_search(True).postings(stems)

    def point_candidates(self, by_stem: Collection[str]) -> list[int]:
        """The places of the cards each of whose essential points (the first eight)
        is written with one of these stems, every one of its points with some stem
        at all, in deck order (`CrossCardIndex._candidate_index`'s candidates)."""
        search = self._point_search()
        postings = search.postings(by_stem)
        owner = self._point_card
        touched: dict[int, int] = {}
        first: dict[int, int] = {}
        for segments in postings.values():
            for segment in segments:
                card_no = owner[segment]
                start = first.get(card_no)
                if start is None:
                    start = first[card_no] = bisect_left(owner, card_no)
                if segment - start < POINT_BITS:
                    touched[card_no] = touched.get(card_no, 0) | (1 << (segment - start))
        stems = set(by_stem)
        out = []
        for card_no in sorted(touched):
            count = bisect_right(owner, card_no) - first[card_no]
            if touched[card_no] != (1 << min(count, POINT_BITS)) - 1:
                continue
            # Read exactly: every essential point written with some stem at all.
            required = self._deck.point_stems(self._ids[card_no])
            if required and all(required):
                if all(not stems.isdisjoint(s) for s in required[:POINT_BITS]):
                    out.append(card_no)
        return out
