"""Which other card a derived card's answer answers.

A derived card's blend credits the reference's words wherever they stand
(`derived`), so a wrong answer that keeps the reference's frame and puts
another idea in it ("the fraction of actual positives the model finds" on
the precision card, "the sum of absolute values of the weights" on L2's,
"gradients explode ..." on the vanishing-gradient card) says enough of the
reference's words to be graded correct, its checklist ticked by the frame
("adds the sum"). What tells such an answer apart is the deck: another card
whose reference (or question) uses the answer's other words, when the answer
says none of the words that tell its own card from that one:

- `other_card`: another card the answer fits far better than its own (a
  blend at least twice its own card's);
- `rival_card`: another card of the same frame (the two references share
  words the answer says) whose own words the answer says, with none of its
  own card's (no word, no pair of words), and whose reference uses more of
  the answer's words, by `OtherCards.better_fit`'s margin or, when the
  answer names a rare word the other card asks about ("exploding"), at all.
  Not on a card that asks for a list: another card's item there is one
  wrong item (`derived_steps.a_wrong_item`).

Without such a card in the deck (an L2 card and no L1 card) nothing here
tells "absolute" from a synonym of "squared": on the ten real decks, taking
a point's rarest word replaced in its frame by any other word rarer than
everyday English as a wrong idea moved 22 labeled answers away from their
labels (mostly right paraphrases made partial: "overlaying" for
"superimposes") and 7 towards them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from mlquiz.core.grading.derive.clean import clean_text
from mlquiz.core.grading.derive.general import everyday, zipf
from mlquiz.core.grading.derived_steps import asks_for_a_list
from mlquiz.core.grading.other_cards import BETTER_FIT_MARGIN
from mlquiz.core.grading.per_reader import per_reader
from mlquiz.core.grading.reader import Reader
from mlquiz.core.grading.results import PointResult
from mlquiz.core.verdicts import FOUND, MISSED

if TYPE_CHECKING:
    from mlquiz.core.cards import Card
    from mlquiz.core.grading.blend import Blend
    from mlquiz.core.grading.compiled import CompiledCard
    from mlquiz.core.grading.derived import DerivedIndex
    from mlquiz.core.grading.derived_measure import Measure as _Measure
    from mlquiz.core.grading.evidence import Evidence

# A word another card's question names, this rare in English ("exploding"
# 3.5; not "alpha" 4.3 nor "recall" 4.4, said of many things), says that
# card's topic (wordfreq's Zipf scale).
TOPIC_ZIPF = 4.0
# The share of an answer's words (not the question's) its own reference uses,
# at least, for the answer to be in that reference's frame: an answer mostly
# in other words is the blend's to judge, not a rival's.
FRAME_OVERLAP = 0.4
# Words of both references an answer says, at least, to be in the frame they share.
SHARED_FRAME = 2
# Another card whose essential terms the answer covers this many times more
# than its own (and at least CORRECT_AT) is what the answer answers.
OTHER_CARD_RATIO = 2.0


def other_card(
    ev: Evidence, index: DerivedIndex, stems: set[str], own: _Measure, blend: Blend
) -> Card | None:
    """Another derived card the answer fits far better than its own: that card
    would grade it correct, with a blend at least OTHER_CARD_RATIO times this one's."""
    # Only words this card's reference does not use tell another card: an
    # answer that says "loops" in its own card's words is not the answer of a
    # card whose reference is the one word "loops".
    telling = stems - _told(index, ev.compiled)
    # Nor everyday English: "data" or "right" said in passing tells no card.
    telling -= {t.stem for t in ev.answer.content_tokens if everyday(t.word)}
    if not telling:
        return None
    fitting = []
    for card_id in index._other_cards(telling, ev.card.id):
        measure = index.measure(index.cards[card_id], stems, "", blend)
        value = measure.blend
        if own.blend >= blend.correct_at and len(measure.said_words) < len(own.said_words):
            # An answer its own card calls correct, that says more of its own
            # reference's words than of the other's: one word of another card
            # ("accuracy", that card's whole answer) said in passing.
            continue
        if value >= blend.correct_at and value >= OTHER_CARD_RATIO * max(own.blend, 0.01):
            fitting.append(card_id)
    # Named: the one whose reference uses most of the answer's words (a blend
    # near its top ties between cards "Synonym for X" and the answer's own).
    return ev.cross.card(ev.cross.closest(ev.answer, fitting)) if fitting else None


def told_apart(
    ev: Evidence,
    index: DerivedIndex,
    points: tuple[PointResult, ...],
    stems: set[str],
    other_id: str,
) -> tuple[PointResult, ...]:
    """The checklist of an answer that answers another card: a point is not
    ticked by words both cards' references use when the answer says none of
    the point's words that tell its card from the other ("fraction of
    predicted positives" is not said by recall's "fraction of actual
    positives": "predicted" is missing)."""
    other = index.cards.get(other_id)
    if other is None:
        return points
    theirs = _told(index, other) | other.question_stems
    out = []
    for point, terms in zip(points, index.terms(ev.compiled).points, strict=True):
        telling = [t for t in terms if not t & theirs]
        if point.status == FOUND and telling and not any(t & stems for t in telling):
            point = PointResult(point.label, MISSED, None, point.required, "", point.via)
        out.append(point)
    return tuple(out)


def tells_own_point(
    ev: Evidence,
    index: DerivedIndex,
    points: tuple[PointResult, ...],
    stems: set[str],
    other_id: str,
) -> bool:
    """Is an essential point of the answer's own card said in a word its
    reference has and the other card's has not (not only in the frame the two
    share: "fraction of ... positives")?"""
    other = index.cards[other_id]
    theirs = _told(index, other) | other.question_stems
    return any(
        point.required and point.status == FOUND and any(t & stems for t in terms if not t & theirs)
        for point, terms in zip(points, index.terms(ev.compiled).points, strict=True)
    )


@per_reader
def surface_words(reader: Reader, text: str) -> dict[str, str]:
    """Each stem of `text` as first written (its wordfreq frequency is the word's)."""
    out: dict[str, str] = {}
    for token in reader.tokens(clean_text(text)):
        out.setdefault(token.stem, token.word)
    return out


@per_reader
def word_pairs(reader: Reader, text: str) -> frozenset[tuple[str, str]]:
    """The pairs of content words next to each other in `text`, as stems: a
    pair one reference has and another lacks tells them apart even when each
    word is in both ("actual positives" for recall, "predicted positives"
    and "actually positive" for precision)."""
    stems = [t.stem for t in reader.tokens(clean_text(text)) if not t.stop and not t.negator]
    return frozenset(zip(stems, stems[1:], strict=False))


def rival_card(
    ev: Evidence, index: DerivedIndex, stems: set[str], own: _Measure, blend: Blend
) -> Card | None:
    """Another card of the answer's frame that the answer says in words that
    tell it from its own card, with none (word or pair of words) that tell its
    own card from it: that card would grade it correct, and its reference uses
    more of the answer's words."""
    compiled = ev.compiled
    if asks_for_a_list(compiled):
        return None  # another card's item in a list is one wrong item (`a_wrong_item`)
    own_words = _told(index, compiled)
    foreign = stems - own_words
    foreign -= {t.stem for t in ev.answer.content_tokens if everyday(t.word)}
    if not foreign:
        return None
    # Only an answer in its own reference's frame: much of its words are the
    # reference's ("adds the sum of ... weights to the loss").
    if len(stems & own_words) < FRAME_OVERLAP * len(stems):
        return None
    overlaps = ev.cross.answer_overlaps(ev.answer)
    own_overlap = overlaps.get(ev.card.id, 0.0)
    # Pairs of the question's words say nothing of the answer ("gradients become").
    asked_own = compiled.question_stems
    own_pairs = {
        p for p in word_pairs(index.reader, compiled.card.answer) if not asked_own & set(p)
    }
    said = [t.stem for t in ev.answer.content_tokens]
    said_pairs = set(zip(said, said[1:], strict=False))
    best: tuple[float, str] | None = None
    for card_id in _candidates(index, foreign, ev.card.id):
        other = index.cards[card_id]
        other_words = _told(index, other) | other.question_stems
        theirs = foreign & other_words
        mine = bool(stems & (own_words - other_words))
        mine = mine or bool(said_pairs & (own_pairs - word_pairs(index.reader, other.card.answer)))
        # In the frame the two references share ("the fraction of ... positives").
        shared = stems & own_words & other_words
        if not theirs or mine or len(shared) < SHARED_FRAME:
            continue
        measure = index.measure(other, stems, "", blend)
        if measure.blend < blend.correct_at:
            continue  # the other card would not call it correct either
        # The answer's words are more the other reference's than its own's, by a
        # margin, or at all when it names a rare word the other card asks about
        # ("explode"): `OtherCards.better_fit`'s overlaps.
        overlap = overlaps.get(card_id, 0.0)
        asked = surface_words(index.reader, other.card.question)
        named = any(zipf(asked.get(s, s)) < TOPIC_ZIPF for s in theirs & other.question_stems)
        if overlap <= own_overlap or overlap < own_overlap + (0.0 if named else BETTER_FIT_MARGIN):
            continue
        if best is None or measure.blend > best[0]:
            best = (measure.blend, card_id)
    return None if best is None else index.cards[best[1]].card


_ASKED: WeakKeyDictionary[DerivedIndex, dict[str, list[str]]] = WeakKeyDictionary()


def _candidates(index: DerivedIndex, stems: set[str], own: str) -> list[str]:
    """Cards that share an essential stem with the answer (`DerivedIndex`'s
    postings, in deck order), then those whose question names one of its stems
    ("exploding"), by id: a fixed order, whatever the set's, for `rival_card`'s
    ties go to the first."""
    asked = _ASKED.get(index)
    if asked is None:
        asked = _ASKED[index] = {}
        for compiled in index.cards.values():
            if compiled.card.derived:
                for s in index.question(compiled):
                    asked.setdefault(s, []).append(compiled.card.id)
    limit = max(8, len(index.cards) // 10)  # a stem many questions use names no card
    named = {c for s in stems if len(asked.get(s, ())) <= limit for c in asked.get(s, ())}
    return list(dict.fromkeys([*index._other_cards(stems, own), *sorted(named - {own})]))


def _told(index: DerivedIndex, compiled: CompiledCard) -> set[str]:
    """The stems of a card's reference and points (not its question's)."""
    terms = index.terms(compiled)
    out = {s for t in terms.words for s in t}
    out.update(s for point in terms.points for t in point for s in t)
    return out
