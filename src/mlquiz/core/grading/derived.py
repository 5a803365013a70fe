"""The verdict on a derived card: its key points, and how much of the reference is said.

A card whose key points an import derived from its answer (`Card.derived`)
was written by nobody for this grader: its phrases are guesses at the
wordings of each idea, and a learner's right answer often says the idea in
other words than any phrase. So on such a card the verdict also weighs two
whole-answer signals, calibrated on labeled answers (`bench/calibrate_derived.py`):

- coverage: how much of the reference's key terms the answer says, each term
  (a word of a point's phrases, with its alternatives) weighted by how rare it
  is across the deck's cards, the essential points' terms counting more than
  the optional ones'; a list point that any `need` of its items answer is
  fully covered by that many;
- similarity: rapidfuzz's `token_set_ratio` of the answer's content words to
  the reference's, both read as the grader reads answers (stems, typos,
  glossary), question words left out ("close to the reference wording").

Evidence against the answer is never outweighed: a negated point, a known
confusion, a denial, steps out of order, a term salad or another card's
answer decide as on any card. Otherwise the blend of the two signals decides:
correct, partial or incorrect by two thresholds. An answer that says another
card's terms much more than its own card's, or keeps its own reference's frame
with another card's words in it and none of its own card's ("the fraction of
actual positives" for precision), answers that card (`rivals`). An answer that
asserts what the reference only states denied ("you can mount it" for "can't
mount") is incorrect (`denials`); a few words that miss an essential point
and share little of the reference's wording are partial (`blend.terse_lift`).
The feedback names the terms said and missed, so the verdict stays explainable,
and the checklist shows what of each point was said (`point_words`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from rapidfuzz import fuzz

from mlquiz.core.grading import backing, point_words, rivals
from mlquiz.core.grading.blend import (
    BLEND,
    ENOUGH_WORDS,
    FOLLOWS_BLEND,
    Blend,
    follows_the_reference,
    says_in_substance,
    terse_lift,
)
from mlquiz.core.grading.choice import answered_option, question_worded_reference, reply_given
from mlquiz.core.grading.compiled import CompiledCard, essential_stems, point_stems
from mlquiz.core.grading.denials import asserted_denials, contradicted, denied_phrases
from mlquiz.core.grading.derive.clean import clean_text
from mlquiz.core.grading.derive.families import family_words
from mlquiz.core.grading.derive.general import everyday, plain_alone
from mlquiz.core.grading.derived_absolutes import (
    RIGHT_BUT_UNBACKED,
    by_sentence,
    claim_of_its_own,
    invented_absolute,
)
from mlquiz.core.grading.derived_measure import CardTerms as _CardTerms
from mlquiz.core.grading.derived_measure import Measure as _Measure
from mlquiz.core.grading.derived_measure import Weighed as _Weighed
from mlquiz.core.grading.derived_steps import (
    NEGATED,
    OFF_TOPIC,
    a_wrong_item,
    asks_for_a_list,
    decides,
    letters_only,
    name_word_alone,
    negation_in_part,
)
from mlquiz.core.grading.directions import turned_round
from mlquiz.core.grading.evidence import Evidence
from mlquiz.core.grading.formulas import (
    FORMULA_SAID,
    FORMULA_WRONG,
    GROWTH_WRONG,
    FormulaIndex,
    wrong_growth,
)
from mlquiz.core.grading.judge import decide, score
from mlquiz.core.grading.list_items import items_said
from mlquiz.core.grading.reader import Reader
from mlquiz.core.grading.results import GradeResult
from mlquiz.core.grading.roles import crossed_aliases, swapped_roles
from mlquiz.core.grading.said_words import derived_result as _result
from mlquiz.core.grading.said_words import derived_why, says_own_word
from mlquiz.core.grading.spelled_out import answer_stems, freed_stems
from mlquiz.core.grading.unsaid_items import part_unsaid
from mlquiz.core.text import STOPWORDS, stem
from mlquiz.core.verdicts import FOUND, Verdict

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mlquiz.core.grading.wordings import Taught


# Similarity at or above this is the reference's own wording: correct.
SAME_WORDING = 0.97
# An answer saying this share of another card's essential terms (weighted) says
# that card's answer whole (another card's reference, swapped in, says 1.0).
OTHER_SAID_WHOLE = 0.8
# An answer of one word is at most partial on a card whose essential points
# have at least this many words.
ONE_WORD_OF = 3
# A word of the reference counts among the words said only when at most this
# share of the deck's cards use it ("model" in an ML deck tells no card apart).
SPECIFIC_SHARE = 0.05

# An everyday word that is one of a card's telling essential terms says it
# alone when it weighs at least this share of the essential terms.
ALONE_SHARE = 1 / 3

# A term: the alternative stems of one word of a phrase.
Term = frozenset[str]
T = TypeVar("T")


class DerivedIndex:
    """The terms of a deck's derived cards and how rare each is across them."""

    def __init__(
        self, reader: Reader, cards: Mapping[str, CompiledCard], place: Callable[[str], int]
    ) -> None:
        """`place`: a card's place in the deck (the cross-card index keeps it)."""
        self.reader = reader
        self.cards = cards
        self._place = place
        self._terms: dict[str, _CardTerms] = {}
        self._questions: dict[str, frozenset[str]] = {}
        self._doc_freq: dict[str, int] | None = None
        self._derived_count = 0
        self._postings: dict[str, list[str]] | None = None
        # Per term and per card, worked out once: an answer is measured against
        # its own card and every card it shares an essential stem with, and
        # each measure would otherwise weigh every word of each reference again.
        self._weights: dict[Term, float] = {}
        self._specific: dict[Term, bool] = {}
        self._weighed: dict[str, _Weighed] = {}
        self._formulas: FormulaIndex | None = None
        self._denied: dict[str, list[tuple[int, frozenset[str]]]] = {}
        self._point_words: dict[str, list[frozenset[str]]] = {}  # (`point_words`)
        self._sentences: dict[str, list[frozenset[str]]] = {}  # (`derived_absolutes`)

    # -- deck-wide ----------------------------------------------------------------

    def doc_freq(self) -> dict[str, int]:
        """How many derived cards use each stem in their points (computed once)."""
        if self._doc_freq is None:
            freq: dict[str, int] = {}
            count = 0
            for compiled in self.cards.values():
                if not compiled.card.derived:
                    continue
                count += 1
                for stem in point_stems(compiled):
                    freq[stem] = freq.get(stem, 0) + 1
            self._doc_freq, self._derived_count = freq, count
        return self._doc_freq

    def weight(self, term: Term) -> float:
        """A term's weight: the inverse document frequency of its rarest stem."""
        known = self._weights.get(term)
        if known is None:
            freq = self.doc_freq()
            n = min((freq.get(s, 0) for s in term), default=0)
            known = self._weights[term] = math.log((self._derived_count + 1) / (n + 1)) + 1.0
        return known

    def everyday(self, term: Term, terms: _CardTerms, passing: bool = False) -> bool:
        """An everyday English word, or one many of the deck's cards use; said
        `passing`ly, among words of the answer's own, a plain one too."""
        return term in terms.everyday or (passing and term in terms.plain) or self.common(term)

    def alone_says_nothing(
        self, term: Term, terms: _CardTerms, compiled: CompiledCard, passing: bool = False
    ) -> bool:
        """Does this word, the only one of the reference an answer says, say no
        idea? An everyday word ("time", "a table") does not, nor a plain one
        said in passing among the answer's own words ("Food that is served."),
        unless it is a
        word of the essential points that tells this card from the deck's
        others and weighs at least ALONE_SHARE of them ("view" for "By using
        the view method": few cards say view)."""
        if not self.everyday(term, terms, passing):
            return False
        if not self.specific(term) or self.common(term):
            return True
        essential = [
            t
            for cpoint, point_terms in zip(compiled.points, terms.points, strict=True)
            if cpoint.point.required
            for t in point_terms
        ]
        if term not in essential:
            return True
        # One of many words of the essentials is a guess ("network" for a
        # shuffle that "moves rows between executors over the network").
        share = self.weight(term) / sum(self.weight(t) for t in essential)
        return share < ALONE_SHARE

    def common(self, term: Term) -> bool:
        """Used by many of the deck's cards: in three or more, and a quarter of them."""
        freq = self.doc_freq()
        n = min((freq.get(s, 0) for s in term), default=0)
        return n >= 3 and n * 4 >= self._derived_count

    def specific(self, term: Term) -> bool:
        """Used by few of the deck's cards: saying it tells this card from others."""
        known = self._specific.get(term)
        if known is None:
            freq = self.doc_freq()
            share = max(2.0, SPECIFIC_SHARE * self._derived_count)
            known = min((freq.get(s, 0) for s in term), default=0) <= share
            self._specific[term] = known
        return known

    def weighed(self, compiled: CompiledCard) -> _Weighed:
        """The card's terms with their weights, and the totals `measure` divides by."""
        return self._kept(self._weighed, compiled, self._weigh)

    def _weigh(self, compiled: CompiledCard) -> _Weighed:
        terms = self.terms(compiled)
        groups = [*terms.points, terms.words]  # the reference's words last
        weights = [[self.weight(t) for t in group] for group in groups]
        by_stem: dict[str, list[tuple[int, int]]] = {}
        for g, group in enumerate(groups):
            for i, term in enumerate(group):
                for s in term:
                    by_stem.setdefault(s, []).append((g, i))
        # Summed as `sum(self.weight(t) for t in ...)` would, in the same order.
        return _Weighed(groups, weights, [sum(w) for w in weights], by_stem)

    def _kept(
        self, store: dict[str, T], compiled: CompiledCard, make: Callable[[CompiledCard], T]
    ) -> T:
        """`make(compiled)`, kept per card id when `compiled` is the deck's own card;
        an edited draft of it (the editor's live grade) is read afresh, never kept."""
        if self.cards.get(compiled.card.id) is not compiled:
            return make(compiled)
        known = store.get(compiled.card.id)
        if known is None:
            known = store[compiled.card.id] = make(compiled)
        return known

    def kept_words(self, compiled: CompiledCard, make: Callable[..., list[Term]]) -> list[Term]:
        """Each point's words (`point_words.point_stems`), read once per card."""
        return self._kept(self._point_words, compiled, lambda c: make(self, c))

    def denied(self, compiled: CompiledCard) -> list[tuple[int, frozenset[str]]]:
        """The reference's negated phrases (`denials.py`), read once per card."""
        return self._kept(self._denied, compiled, lambda c: denied_phrases(self.reader, c))

    def sentences(self, compiled: CompiledCard) -> list[frozenset[str]]:
        """The stems of each sentence of the reference (`by_sentence`), read once per card."""
        return self._kept(self._sentences, compiled, lambda c: by_sentence(self.reader, c))

    def formulas(self) -> FormulaIndex:
        """The formulas of the derived references (`formulas.py`), read once."""
        if self._formulas is None:
            answers = {
                i: clean_text(c.card.answer) for i, c in self.cards.items() if c.card.derived
            }
            self._formulas = FormulaIndex(self.reader, answers)
        return self._formulas

    def question(self, compiled: CompiledCard) -> frozenset[str]:
        """The question's stems, which earn an answer nothing, less the one that
        is the answer: the option of a choice question ("before or after
        training?") that the reference's first sentence picks ("after")."""
        return self._kept(
            self._questions,
            compiled,
            lambda c: (
                (c.question_stems | family_words(self, c))  # "AWS" names nothing
                - answered_option(self.reader, c.card.question, c.card.answer)
                - freed_stems(self.reader, c.card.question, c.card.answer)  # (`spelled_out`)
            ),
        )

    def terms(self, compiled: CompiledCard) -> _CardTerms:
        return self._kept(self._terms, compiled, self._card_terms)

    def _card_terms(self, compiled: CompiledCard) -> _CardTerms:
        question = self.question(compiled)
        read = self.reader.tokens(clean_text(compiled.card.answer))
        # "non-secret" says the reference is not about secrets: "secret" said is none of it.
        denied = {i + 1 for i, t in enumerate(read) if t.word == "non"}
        seen = {read[i].stem for i in denied if i < len(read)}
        seen -= {t.stem for i, t in enumerate(read) if i not in denied}
        points: list[list[Term]] = []
        common: set[str] = set()  # stems of everyday words in the phrases
        plain: set[str] = set()  # and of plain ones
        for cpoint in compiled.points:
            for phrase in cpoint.point.phrases:
                for alternative in phrase.replace("|", " ").split():
                    for word in self.reader.phrase_words(alternative):
                        if word not in STOPWORDS and plain_alone(word):
                            (common if everyday(word) else plain).add(stem(word))
            terms: list[Term] = []
            for pattern in cpoint.patterns:
                for slot in pattern.slots:
                    if slot <= question or slot & seen:
                        continue
                    seen.update(slot)
                    terms.append(slot)
            points.append(terms)
        # The option a choice question's reference picks is its answer: essential.
        picked = [frozenset((s,)) for s in sorted(compiled.question_stems - question)]
        first = next((i for i, cp in enumerate(compiled.points) if cp.point.required), None)
        if first is not None:
            points[first].extend(t for t in picked if not t & seen)
        tokens = [
            t
            for i, t in enumerate(read)
            if not t.stop and not t.negator and t.stem not in question and i not in denied
        ]
        stems = [t.stem for t in tokens]
        common.update(t.stem for t in tokens if everyday(t.word))
        plain.update(t.stem for t in tokens if plain_alone(t.word))
        words = [frozenset((s,)) for s in dict.fromkeys(stems)]
        everyday_terms = frozenset(
            t for group in (*points, words) for t in group if t <= common or self.common(t)
        )
        plain_terms = frozenset(
            t for group in (*points, words) for t in group if t <= plain | common
        )
        return _CardTerms(points, " ".join(stems), words, everyday_terms, plain_terms)

    def denies(self, compiled: CompiledCard) -> bool:
        """Does the card's reference open by denying ("No!", "Not at all")?"""
        tokens = self.reader.tokens(clean_text(compiled.card.answer)[:200])
        return any(t.negator for t in tokens if t.clause == 0)

    def _other_cards(self, stems: set[str], own: str) -> list[str]:
        """Derived cards other than `own` that share an essential stem with the answer."""
        if self._postings is None:
            postings: dict[str, list[str]] = {}
            for compiled in self.cards.values():
                if not compiled.card.derived:
                    continue
                for stem in essential_stems(compiled, self.question(compiled)):
                    postings.setdefault(stem, []).append(compiled.card.id)
            self._postings = postings
        limit = max(8, len(self.cards) // 10)  # a stem many cards use points nowhere
        found: dict[str, None] = {}
        for stem in sorted(stems):
            ids = self._postings.get(stem, ())
            if len(ids) <= limit:
                for card_id in ids:
                    if card_id != own:
                        found.setdefault(card_id, None)
        # In deck order (`cards` is), so a tie between two cards goes the same way every run.
        return sorted(found, key=self._place)

    # -- one answer ------------------------------------------------------------

    def measure(
        self,
        compiled: CompiledCard,
        stems: set[str],
        content: str,
        blend: Blend = BLEND,
        asked: frozenset[str] = frozenset(),
    ) -> _Measure:
        """Coverage and similarity of an answer (its content `stems` and their
        space-joined sequence `content`; `asked`: the question's stems it says)
        on one derived card."""
        terms = self.terms(compiled)
        weighed = self.weighed(compiled)
        sequence = content.split()
        # The terms the answer says, found from its stems (an answer is short, a
        # reference long), as (group, place): a point's terms, then the words.
        hits: set[tuple[int, int]] = set()
        for s in stems:
            hits.update(weighed.by_stem.get(s, ()))
        said_terms = {weighed.groups[g][i] for g, i in hits}
        picked = compiled.question_stems - self.question(compiled)
        alone = next(iter(said_terms)) if len(said_terms) == 1 else None
        silenced = False
        if alone is not None and not alone & picked:
            if self.alone_says_nothing(alone, terms, compiled, passing=bool(stems - alone)):
                stems = set()  # one everyday word alone ("time", "a table") says no idea
                hits, silenced = set(), True
        places: list[list[int]] = [[] for _ in weighed.groups]
        for g, i in sorted(hits):
            places[g].append(i)
        point_cover: list[float] = []
        lists_short = False  # an essential list with fewer items than it needs
        essential = [0.0, 0.0]
        whole = [0.0, 0.0]
        said: list[Term] = []
        for g, (cpoint, point_terms) in enumerate(zip(compiled.points, terms.points, strict=True)):
            total = weighed.totals[g]
            point_weights = weighed.weights[g]
            got = 0.0
            for i in places[g]:  # in the point's order, as the sum always ran
                got += point_weights[i]
                said.append(point_terms[i])
            share = got / total if total else 0.0
            need = cpoint.point.need
            if need > 1 and point_terms:
                # Any `need` of its items answer a list: saying them covers it,
                # though the words items share are left out ("ridge, lasso").
                share = min(1.0, share * len(cpoint.point.phrases) / need)
                if cpoint.point.required:
                    said_items = items_said(
                        self.reader,
                        cpoint,
                        stems | asked,
                        self.question(compiled),
                        sequence,
                        compiled.card.answer,
                    )
                    share = 1.0 if said_items >= need else share
                    lists_short = lists_short or said_items < need
            point_cover.append(share)
            whole[0] += share * total
            whole[1] += total
            if cpoint.point.required:
                essential[0] += share * total
                essential[1] += total
        cover = essential[0] / essential[1] if essential[1] else 0.0
        # The whole reference, every word of it: what the derived points missed counts too.
        total = weighed.totals[-1]
        said_places = places[-1]
        said_words = [terms.words[i] for i in said_places]
        word_weights = weighed.weights[-1]
        cover_all = sum(word_weights[i] for i in said_places) / total if total else 0.0
        # Words that tell this card apart, said; and how much of what the answer
        # says that way is this reference's (another card's answer says much else).
        words = [t for t in said_words if self.specific(t)]
        own = sum(1 for s in stems if self.specific(frozenset((s,))))
        precision = len(words) / own if own else 0.0
        # rapidfuzz's ratio of the two word sequences (token_set_ratio would be
        # 100 for any answer whose words are a subset of the reference's).
        similarity = fuzz.ratio(content, terms.reference) / 100 if stems and content else 0.0
        essential_terms = sum(
            len(t) for cp, t in zip(compiled.points, terms.points, strict=True) if cp.point.required
        )
        enough = min(max(essential_terms, ENOUGH_WORDS[0]), ENOUGH_WORDS[1])
        value = blend.value(cover, cover_all, similarity, len(words), enough, precision)
        return _Measure(
            cover,
            cover_all,
            similarity,
            len(words),
            enough,
            precision,
            value,
            point_cover,
            said,
            lists_short,
            said_words,
            silenced,
        )


# --------------------------------------------------------------------------
# The verdict


def judge_derived(
    ev: Evidence, index: DerivedIndex, blend: Blend = BLEND, taught: Taught | None = None
) -> GradeResult:
    """The grade of the answer on a derived card (see the module docstring);
    `taught` is a wording the player taught that the answer says, as in
    `judge.judge`."""
    if taught is not None:
        taught.credit(ev)
    result = _judge_derived(ev, index, blend)
    result = taught.decided(ev, result) if taught is not None else result
    return point_words.with_words_said(ev, index, result)  # the checklist as the evidence has it


def _judge_derived(ev: Evidence, index: DerivedIndex, blend: Blend) -> GradeResult:
    step, decision = decide(ev)
    # Another formula than the reference's is wrong whatever words it shares ("TP / (TP + FN)").
    formulas = index.formulas()
    formula = formulas.check(ev.card.id, ev.text)
    # "O(n^2)" for "O(n) time": another order of growth (the reference as the index cleaned it).
    growth = formula is None and wrong_growth(formulas.answers.get(ev.card.id, ""), ev.text)
    if growth:
        return _result(ev, Verdict.INCORRECT, 0.0, ev.points, (GROWTH_WRONG,), GROWTH_WRONG)
    call = backing.names_a_reference_call(ev.text, ev.card.answer)  # more than the question's words
    if formula is not False and decides(step.__name__, ev, index):
        if step.__name__ == NEGATED and negation_in_part(ev):
            return _result(ev, Verdict.PARTIAL, 0.25, ev.points, decision.reasons)
        if not (call and step.__name__ == "nothing_said"):
            return score(ev, decision)
    if formula is not None:  # the reference's formula, or another one in the deck's terms
        verdict, why = (
            (Verdict.CORRECT, FORMULA_SAID) if formula else (Verdict.INCORRECT, FORMULA_WRONG)
        )
        return _result(ev, verdict, float(formula), ev.points, (why,), None if formula else why)
    in_order = answer_stems(ev, index)
    stems = set(in_order)
    asked = frozenset(t.stem for t in ev.answer.content_tokens) - stems
    # Two terms swapped are wrong, even in the question's own words.
    swap = swapped_roles(index.reader, ev.card, ev.answer.tokens, ev.text)
    swap = swap or turned_round(index.reader, ev.card.answer, ev.answer.tokens, ev.text)
    swap = swap or crossed_aliases(index.reader, ev.card, ev.answer.tokens, ev.text)
    echo = question_worded_reference(index.reader, ev.card.question, ev.card.answer)
    echo_said = (
        bool(echo) and echo <= stems | asked and backing.backs_correct(ev.points, ev.card.answer)
    )
    if echo_said and not swap:  # the reference, in the question's words, its points ticked
        return _result(ev, Verdict.CORRECT, 1.0, ev.points, ("Says the reference answer.",))
    measure = index.measure(ev.compiled, stems, " ".join(in_order), blend, asked)
    points = point_words.checklist(ev, measure)
    if swap:
        return _result(ev, Verdict.INCORRECT, 0.0, points, (swap,), swap)
    against = asserted_denials(index.denied(ev.compiled), ev.answer)
    if against:  # "you can mount a bucket" where the reference says it can't
        points = contradicted(points, against)
        why = f"The reference says otherwise: “{points[against[0]].label}”."
        return _result(ev, Verdict.INCORRECT, 0.0, points, (why,), why)
    if measure.similarity >= SAME_WORDING and measure.cover >= point_words.POINT_SAID:
        return _result(ev, Verdict.CORRECT, 1.0, points, ("Close to the reference wording.",))
    value = measure.blend
    pointed = any(p.status == FOUND for p in points)
    pointed = pointed or says_own_word(index, ev.compiled, measure.said_words)
    said = value >= blend.partial_at or pointed
    other = None
    if said:
        other = rivals.other_card(ev, index, stems, measure, blend)
        other = other or rivals.rival_card(ev, index, stems, measure, blend)
    if other is not None:
        confusion = f"That answers another question: “{other.question}”"
        points = rivals.told_apart(ev, index, points, set(in_order), other.id)
        if rivals.tells_own_point(ev, index, points, stems, other.id):
            # An essential point of its own said in words that tell the cards
            # apart, and only some of the other card's: part of its own answer.
            theirs = index.measure(index.cards[other.id], stems, " ".join(in_order), blend, asked)
            if theirs.cover < OTHER_SAID_WHOLE:
                why = f"Part of the answer; the rest answers another question: “{other.question}”"
                return _result(ev, Verdict.PARTIAL, 0.25, points, (why,))
        return _result(ev, Verdict.INCORRECT, 0.0, points, (confusion,), confusion)
    # Every essential point said by its phrases is correct, when the answer
    # also says enough of the reference (derived phrases are guesses).
    correct = value >= blend.correct_at or (decision.verdict == Verdict.CORRECT and said)
    replied = reply_given(ev.compiled, points) and measure.words > 0
    correct = correct or replied
    correct = correct or says_in_substance(measure.words, measure.precision)
    followed = follows_the_reference(measure.similarity, len(ev.text.split()), measure.precision)
    correct = correct or (followed and (pointed or value >= FOLLOWS_BLEND))
    # A part of what the question asks left unsaid is part of the answer (`unsaid_items`).
    unsaid = part_unsaid(ev, points, measure.point_cover) if correct else None
    correct = correct and unsaid is None
    # One word of an essential idea of many words is part of it ("improvement"
    # for "New data for retraining ..."); a bare list of terms is no answer,
    # but where the reference itself is a list of terms.
    one_word = len(stems) == 1 and measure.enough >= ONE_WORD_OF
    bare_list = step.__name__ == "term_list" and not asks_for_a_list(ev.compiled)
    correct = correct and not one_word and not bare_list
    said_terms, ref_terms = [*measure.said, *measure.said_words], index.terms(ev.compiled).words
    correct = correct and not letters_only(said_terms, ref_terms, ev.card.answer)
    backed = backing.backs_correct(points, ev.card.answer) or replied  # the blend alone: partial
    backed = backed and not terse_lift(points, len(ev.text.split()), measure.similarity, replied)
    correct = correct and backed
    correct = correct or (call and backing.all_ticked(points))
    # Mostly words the reference does not use: said right, maybe, but not surely;
    # but code's names are the learner's own (`PolynomialFeatures(degree=2)`):
    # on the real decks this held 5 right code answers partial, no wrong one.
    correct = correct and (step.__name__ != OFF_TOPIC or backing.writes_code(ev.text))
    # A piece of a short name names nothing ("groups" for "Security Groups");
    # a word of it the question says is said ("role" asked as "which IAM entity").
    named = stems | asked | ev.compiled.question_stems
    piece = name_word_alone(ev.card.answer, named) if correct else None
    said, correct = (said and piece == "partial", False) if piece else (said, correct)
    points = point_words.phrase_ticks_only(ev, points) if piece else points  # not "groups"' terms
    wrong = a_wrong_item(index, ev.compiled, ev.text) if correct else None
    if wrong is not None:
        reason = f"“{wrong}” is not one of them: one wrong item makes the list part right."
        return _result(ev, Verdict.PARTIAL, 0.5, points, (reason,), reason)
    rule = None
    if correct and not measure.lists_short:
        rule = invented_absolute(ev, index.sentences(ev.compiled)) or claim_of_its_own(ev)
    if rule is not None:  # "athena, but it can only query csv files" (derived_absolutes)
        return _result(ev, Verdict.PARTIAL, 0.5, points, (RIGHT_BUT_UNBACKED, rule), rule)
    if correct and not measure.lists_short:
        points, reasons = derived_why(Verdict.CORRECT, ev, index, measure, points, blend)
        return _result(ev, Verdict.CORRECT, 1.0, points, reasons)
    if said:
        span = (blend.correct_at - blend.partial_at) or 1.0
        value = 0.25 + 0.5 * max(0.0, value - blend.partial_at) / span
        points, reasons = derived_why(Verdict.PARTIAL, ev, index, measure, points, blend)
        reasons += (unsaid,) if unsaid else ()
        return _result(ev, Verdict.PARTIAL, value, points, reasons)
    value = 0.2 * value / blend.partial_at if blend.partial_at else 0.0
    points, reasons = derived_why(Verdict.INCORRECT, ev, index, measure, points, blend)
    if step.__name__ == "nothing_said" and decision.reasons and "repeats" in decision.reasons[0]:
        reasons = decision.reasons
    reasons = decision.reasons if step.__name__ == OFF_TOPIC else reasons
    return _result(ev, Verdict.INCORRECT, value, points, reasons)
