"""Which other card an answer fits better than its own (`Evidence`'s part that
reads the rest of the deck): another card's reference that uses clearly more
of the answer's words, or whose every essential point the answer says.
"""

from __future__ import annotations

from mlquiz.core.cards import Card
from mlquiz.core.grading.answer import Answer
from mlquiz.core.grading.cross_index import CrossCardIndex
from mlquiz.core.grading.results import PointResult

# How much more of an answer's words another card's reference must use than
# its own card's, for the answer to fit that card better; and for a complete
# answer to its own card to be no more than partial (another card's
# reference typed as it is scores 1.0 against it; a learner's own words
# rarely come close to any reference).
BETTER_FIT_MARGIN = 0.15
BETTER_FIT_MARGIN_OVER_COMPLETE = 0.4


class OtherCards:
    """The cross-card questions of `Evidence`, which sets these attributes."""

    card: Card
    answer: Answer
    cross: CrossCardIndex
    accepted_as_own: bool
    required: list[PointResult]
    required_found: int
    _other_cards: list[str] | None

    def better_fit(self, margin: float = BETTER_FIT_MARGIN) -> Card | None:
        """Another card the answer fits better than its own: that card's
        reference answer uses clearly more of the answer's words than its own
        card's does, and the answer says every one of that card's essential
        points (another card's reference answer, typed as it is, fits its own
        card). The overlap is cheap and rules out nearly every answer first."""
        if self.accepted_as_own or not self.cross.may_overlap_more(
            self.answer, self.card.id, margin
        ):
            return None
        overlaps = self.cross.answer_overlaps(self.answer)
        floor = overlaps.get(self.card.id, 0.0) + margin
        place = self.cross.place
        closer = sorted(
            (card_id for card_id, o in overlaps.items() if o > floor),
            key=lambda card_id: (-overlaps[card_id], place(card_id)),
        )
        if not closer:
            return None
        said = self._other_cards_said()
        for card_id in closer:
            if card_id in said:
                return self.cross.card(card_id)
        return None

    def _other_cards_said(self) -> list[str]:
        """The other cards whose every essential point the answer says, in deck order."""
        if self._other_cards is None:
            self._other_cards = self.cross.cards_said(self.answer, self.card.id)
        return self._other_cards

    def covering_card(self) -> Card | None:
        """When the answer misses its own card: the other card of most essential
        points (two at least, more than it says of its own) it says them all of."""
        own_found, own_total = self.required_found, len(self.required)
        if own_total and own_found * 2 > own_total:
            return None
        best: Card | None = None
        for card_id in self._other_cards_said():
            other = self.cross.card(card_id)
            needed = len(other.required_points)
            if needed >= 2 and needed > own_found:
                if best is None or needed > len(best.required_points):
                    best = other
        return best

    def other_card(self) -> Card | None:
        """The question the answer answers instead, when there is a `covering_card`:
        of the cards it says all the essential points of, the one it fits best."""
        if self.covering_card() is None:
            return None
        return self.cross.card(self.cross.closest(self.answer, self._other_cards_said()))
