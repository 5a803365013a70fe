"""One card compiled for grading: every phrase as patterns, indexed by stem.

`compile_card` turns a `Card` into a `CompiledCard` once; grading an answer
then costs a tokenisation and a few dictionary look-ups. A compiled card is
also written as plain values (`card_to_values` / `card_from_values`) for the
cache of compiled graders (`grading/cache.py`).

A key point's evidence is its phrases, its examples and its analogies'
phrases (all patterns, each with its `Origin`), and its code forms and its
analogies' code forms (matched as typed, `code_forms.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mlquiz.core.cards import Card, FalseClaim, KeyPoint
from mlquiz.core.grading.bit_fields import BitFields
from mlquiz.core.grading.code_forms import CodeForm, compile_form, keyword_names
from mlquiz.core.grading.patterns import (
    CODE,
    EXAMPLE,
    PHRASE,
    Match,
    Origin,
    Pattern,
    compile_phrase,
)
from mlquiz.core.grading.reader import Reader
from mlquiz.core.grading.results import PointResult
from mlquiz.core.text import STOPWORDS, stem
from mlquiz.core.verdicts import FOUND, MISSED, PointStatus

# A code form with where it comes from.
CodeEvidence = tuple[CodeForm, Origin]


@dataclass
class CompiledPoint:
    point: KeyPoint
    patterns: list[Pattern]
    code: list[CodeEvidence] = field(default_factory=list)


@dataclass
class CompiledClaim:
    """A card's false claim: its patterns and code forms."""

    claim: FalseClaim
    patterns: list[Pattern]
    code: list[CodeForm]


@dataclass
class CompiledCard:
    card: Card
    points: list[CompiledPoint]
    confusions: list[tuple[list[Pattern], str]]
    vague: list[Pattern]
    question_stems: frozenset[str]
    # The reference answer is itself a list of terms ("None, Staging, ..."):
    # then a bare list is the natural answer, not a keyword salad.
    is_list: bool = False
    false_claims: list[CompiledClaim] = field(default_factory=list)
    also_true: list[Pattern] = field(default_factory=list)
    # Stems of the reference answer: an absolute ("only", "automatically")
    # the reference makes itself is no false claim.
    reference_stems: frozenset[str] = frozenset()
    # The same, stop words left out: what another card's answer is compared on.
    reference_content_stems: frozenset[str] = frozenset()
    # stem -> (pattern number, slot bit) for every pattern of the card, so an
    # answer finds the few patterns whose every slot it contains by look-ups,
    # instead of trying each of the card's dozens of patterns.
    index: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    full_masks: list[int] = field(default_factory=list)
    number: dict[int, int] = field(default_factory=dict)  # id(pattern) -> pattern number
    # Pattern number -> (pattern, index of its key point); points come first.
    point_patterns: list[tuple[Pattern, int]] = field(default_factory=list)
    # Stems of what the card says right: its key points', vague and also-true
    # phrases (not its confusions or false claims).
    vocabulary: frozenset[str] = frozenset()
    # The card's vocabulary and reference stems; and with its question's too.
    said_right: frozenset[str] = frozenset()
    known: frozenset[str] = frozenset()
    # Every pattern of the card, by its number.
    all_patterns: list[Pattern] = field(default_factory=list)
    # The numbers of the confusions', vague wordings' and false claims'
    # patterns: an answer with none of them live needs no look at them.
    confusion_numbers: frozenset[int] = frozenset()
    confusion_message: dict[int, str] = field(default_factory=dict)
    vague_numbers: frozenset[int] = frozenset()
    claim_numbers: frozenset[int] = frozenset()
    has_claim_code: bool = False
    # Some evidence of the card carries a note for the feedback.
    has_notes: bool = False
    # Some evidence of a key point earns partial credit only (an analogy's):
    # on the other cards no match needs looking at for it.
    has_partial_credit: bool = False
    # The literal text (lower case) every match of one of the card's code forms holds.
    code_anchors: tuple[str, ...] = ()
    # Every point's code forms with the point's number, in the points' order: an
    # answer looks only at those whose anchor it holds (`Evidence.code_said`).
    point_code: tuple[tuple[int, CodeForm, Origin], ...] = ()
    # Per point, the names of its keyword-argument code forms (`log_models=`):
    # what an answer can switch off (`log_models=False`); all empty on most cards.
    keyword_groups: tuple[frozenset[str], ...] = ()
    _missed: tuple[PointResult, ...] | None = field(default=None, repr=False, compare=False)
    # `index` as bit fields for `live_patterns`, made on first use (see `_LiveIndex`).
    _live_index: _LiveIndex | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        anchors = sorted(
            {f.anchor for cp in self.points for f, _ in cp.code}
            | {f.anchor for c in self.false_claims for f in c.code},
            key=len,
            reverse=True,
        )
        self.has_notes = any(p.origin.note for cp in self.points for p in cp.patterns) or any(
            o.note for cp in self.points for _, o in cp.code
        )
        self.has_partial_credit = any(
            p.origin.credit == "partial" for cp in self.points for p in cp.patterns
        ) or any(o.credit == "partial" for cp in self.points for _, o in cp.code)
        self.code_anchors = tuple(anchors)
        self.point_code = tuple((i, f, o) for i, cp in enumerate(self.points) for f, o in cp.code)
        groups = tuple(keyword_names(f for f, _ in cp.code) for cp in self.points)
        self.keyword_groups = groups if any(groups) else ()
        self.point_patterns = [(p, i) for i, cp in enumerate(self.points) for p in cp.patterns]
        patterns = [p for p, _ in self.point_patterns]
        patterns += [p for ps, _ in self.confusions for p in ps]
        patterns += self.vague
        patterns += [p for c in self.false_claims for p in c.patterns]
        patterns += self.also_true
        self.all_patterns = patterns
        self.vocabulary = frozenset(
            stem_
            for pattern in [p for p, _ in self.point_patterns] + self.vague + self.also_true
            for slot in pattern.slots
            for stem_ in slot
        )
        # What the card knows, for telling an unknown word from a paraphrase.
        self.said_right = self.vocabulary | self.reference_stems
        self.known = self.said_right | self.question_stems
        # A card restored from the grader cache comes with its index and masks.
        build = not self.full_masks
        for n, pattern in enumerate(patterns):
            self.number[id(pattern)] = n
            if not build:
                continue
            self.full_masks.append((1 << len(pattern.slots)) - 1)
            for bit, slot in enumerate(pattern.slots):
                for stem_ in slot:
                    self.index.setdefault(stem_, []).append((n, 1 << bit))
        number = self.number
        self.confusion_message = {
            number[id(p)]: message for ps, message in self.confusions for p in ps
        }
        self.confusion_numbers = frozenset(self.confusion_message)
        self.vague_numbers = frozenset(number[id(p)] for p in self.vague)
        self.claim_numbers = frozenset(number[id(p)] for c in self.false_claims for p in c.patterns)
        self.has_claim_code = any(c.code for c in self.false_claims)

    def code_said(self, lowered: str) -> list[tuple[int, CodeForm, Origin]] | None:
        """None when an answer (`lowered`: in lower case) holds the literal text of
        none of the card's code forms (most answers); else the points' code forms
        (`point_code`) whose literal text it holds: the others cannot match."""
        # (A regex of the anchors tests them faster, but compiling it costs a card
        # some hundreds of answers' worth of what it saves.)
        if not any(map(lowered.__contains__, self.code_anchors)):
            return None
        return [c for c in self.point_code if c[1].anchor in lowered]

    def live_patterns(self, stems: Iterable[str]) -> set[int]:
        """Numbers of the patterns whose every slot has a word in `stems`."""
        if self._live_index is None:
            self._live_index = _LiveIndex(self.index, self.full_masks)
        return self._live_index.live(stems)

    def missed_results(self) -> tuple[PointResult, ...]:
        """Every point's result when missed (made once per card)."""
        if self._missed is None:
            self._missed = tuple(
                PointResult(cp.point.label, MISSED, None, cp.point.required, "", "")
                for cp in self.points
            )
        return self._missed

    def point_result(
        self,
        k: int,
        status: PointStatus,
        match: Match | None,
        span: tuple[int, int] | None,
        text: str,
    ) -> PointResult:
        """The result of point `k` for an answer (`text`) whose evidence of it is
        `match` over `span`. A missed point's is made once per card: results are
        frozen values, and most grades miss most of a card's points."""
        if match is None and status == MISSED:
            return self.missed_results()[k]
        point = self.points[k].point
        found = status == FOUND
        return PointResult(
            point.label,
            status,
            span,
            point.required,
            text[span[0] : span[1]] if found and span is not None else "",
            match.origin.via if found and match is not None else "",
        )


class _LiveIndex:
    """`CompiledCard.index` as bit fields of one integer (`BitFields`): each
    pattern a field of one bit per slot, each stem the bits of the slots it fills."""

    def __init__(self, index: dict[str, list[tuple[int, int]]], full_masks: list[int]) -> None:
        self.fields = BitFields(full_masks)
        offsets = self.fields.offsets
        self.bits: dict[str, int] = {}
        for stem_, refs in index.items():
            bits = 0
            for n, bit in refs:
                bits |= bit << offsets[n]
            self.bits[stem_] = bits

    def live(self, stems: Iterable[str]) -> set[int]:
        said = 0
        get = self.bits.get
        for stem_ in stems:
            said |= get(stem_, 0)
        return set(self.fields.full(said))


def question_stems(reader: Reader, card: Card) -> frozenset[str]:
    """The stems of the card's question (stop words left out)."""
    # Not `phrase_words`: its cache would keep every question of a big deck.
    return frozenset(stem(w) for w in reader.text_words(card.question) if w not in STOPWORDS)


def reference_stems(reader: Reader, card: Card) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of the card's reference answer, and the same without stop words and
    negators (what another card's answer is compared on)."""
    tokens = reader.tokens(card.answer, correct=False)
    return (
        frozenset(t.stem for t in tokens),
        frozenset(t.stem for t in tokens if not t.stop and not t.negator),
    )


def _compile_all(
    reader: Reader,
    phrases: Iterable[str],
    demote: frozenset[str] | None,
    origin: Origin = PHRASE,
) -> list[Pattern]:
    """The phrases' patterns; with `demote` (the question's stems), those made only
    of the question's words are left out."""
    patterns = []
    for phrase in phrases:
        for pattern in compile_phrase(reader, phrase, origin):
            if demote is not None and all(slot <= demote for slot in pattern.slots):
                continue  # only the question's own words: earns nothing
            patterns.append(pattern)
    return patterns


def point_patterns(
    reader: Reader, point: KeyPoint, question: frozenset[str], code: bool = True
) -> tuple[list[Pattern], list[CodeEvidence]]:
    """A key point's patterns (its phrases, examples and analogies' phrases, in that
    order) and code forms (none with `code=False`), as `compile_card` compiles them."""
    patterns = _compile_all(reader, point.phrases, question)
    patterns += _compile_all(reader, point.examples, question, EXAMPLE)
    forms: list[CodeEvidence] = [(compile_form(f), CODE) for f in point.code] if code else []
    for analogy in point.analogies:
        origin = Origin("analogy", analogy.credit, analogy.tool, analogy.note)
        patterns += _compile_all(reader, analogy.phrases, question, origin)
        if code:
            forms += [(compile_form(f), origin) for f in analogy.code]
    return patterns, forms


def compile_card(reader: Reader, card: Card) -> CompiledCard:
    """Every phrase of `card` as patterns; a phrase made only of the question's
    words earns nothing, so its patterns are left out (question demoting)."""
    question = question_stems(reader, card)
    points = [
        CompiledPoint(point, *point_patterns(reader, point, question)) for point in card.points
    ]
    reference, reference_content = reference_stems(reader, card)
    return CompiledCard(
        card=card,
        points=points,
        confusions=[(_compile_all(reader, c.phrases, None), c.message) for c in card.confusions],
        vague=_compile_all(reader, card.vague, question),
        question_stems=question,
        is_list=all(
            t.word in {"and", "or"} or not t.stop for t in reader.tokens(card.answer, correct=False)
        ),
        false_claims=[
            CompiledClaim(
                c, _compile_all(reader, c.phrases, None), [compile_form(f) for f in c.code]
            )
            for c in card.false_claims
        ],
        also_true=_compile_all(reader, card.also_true, None),
        reference_stems=reference,
        reference_content_stems=reference_content,
    )


# -- as plain values (tuples, frozensets, strings, numbers: what `marshal` stores) --

PatternValues = tuple[tuple[Any, ...], ...]


def _patterns_to_values(patterns: list[Pattern]) -> PatternValues:
    return tuple((p.slots, p.gaps, p.negated, p.origin.to_value()) for p in patterns)


def patterns_from_values(values: PatternValues) -> list[Pattern]:
    return [
        Pattern(slots, gaps, negated, Origin(*origin)) for slots, gaps, negated, origin in values
    ]


def _code_to_values(code: list[CodeEvidence]) -> tuple[Any, ...]:
    return tuple((f.form, f.source, f.anchor, o.to_value()) for f, o in code)


def _code_from_values(values: tuple[Any, ...]) -> list[CodeEvidence]:
    return [(CodeForm(form, source, anchor), Origin(*o)) for form, source, anchor, o in values]


def card_to_values(compiled: CompiledCard) -> tuple[Any, ...]:
    """The compiled card as plain values, keyed by its card's id."""
    return (
        compiled.card.id,
        tuple(
            (_patterns_to_values(cp.patterns), _code_to_values(cp.code)) for cp in compiled.points
        ),
        tuple((_patterns_to_values(ps), message) for ps, message in compiled.confusions),
        _patterns_to_values(compiled.vague),
        compiled.question_stems,
        compiled.is_list,
        tuple(
            (_patterns_to_values(c.patterns), tuple((f.form, f.source, f.anchor) for f in c.code))
            for c in compiled.false_claims
        ),
        _patterns_to_values(compiled.also_true),
        compiled.reference_stems,
        compiled.reference_content_stems,
        compiled.index,
        compiled.full_masks,
    )


def card_values_shape() -> Any:
    """The shape of `card_to_values` (see `cachefile.check_shape`): a cache is checked
    against it when loaded. Change it with `card_to_values`."""
    from mlquiz.core.cachefile import DictOf, Fixed, FrozenSetOf, ListOf, TupleOf

    origin = Fixed(str, str, str, str)
    patterns = TupleOf(Fixed(TupleOf(FrozenSetOf(str)), TupleOf(int), bool, origin))
    code = TupleOf(Fixed(str, str, str, origin))
    claim_code = TupleOf(Fixed(str, str, str))
    return Fixed(
        str,
        TupleOf(Fixed(patterns, code)),
        TupleOf(Fixed(patterns, str)),
        patterns,
        FrozenSetOf(str),
        bool,
        TupleOf(Fixed(patterns, claim_code)),
        patterns,
        FrozenSetOf(str),
        FrozenSetOf(str),
        DictOf(str, ListOf(Fixed(int, int))),
        ListOf(int),
    )


def check_card_values(card: Card, values: tuple[Any, ...]) -> None:
    """ValueError if `card_to_values`'s values do not fit `card` (another card, an
    index pointing past the patterns). Their types are checked by the cache against
    `card_values_shape`, for all cards at once."""
    card_id, points, confusions, vague, _, _, claims, also_true, _, _, index, masks = values
    if (
        card_id != card.id
        or len(points) != len(card.points)
        or len(claims) != len(card.false_claims)
    ):
        raise ValueError(f"card {card_id}: the compiled points do not fit the card")
    patterns = (
        sum(len(p[0]) for p in points)
        + sum(len(c[0]) for c in confusions)
        + len(vague)
        + sum(len(c[0]) for c in claims)
        + len(also_true)
    )
    if len(masks) != patterns or any(n >= patterns for refs in index.values() for n, _ in refs):
        raise ValueError(f"card {card_id}: the compiled index does not fit its patterns")


def card_from_values(card: Card, values: tuple[Any, ...]) -> CompiledCard:
    """`card_to_values`'s values back into the compiled `card`; ValueError if they do
    not fit (`check_card_values`)."""
    check_card_values(card, values)
    (
        card_id,
        points,
        confusions,
        vague,
        question_stems,
        is_list,
        claims,
        also_true,
        reference_stems,
        reference_content_stems,
        index,
        masks,
    ) = values
    return CompiledCard(
        card=card,
        points=[
            CompiledPoint(point, patterns_from_values(pv), _code_from_values(cv))
            for point, (pv, cv) in zip(card.points, points, strict=True)
        ],
        confusions=[(patterns_from_values(ps), message) for ps, message in confusions],
        vague=patterns_from_values(vague),
        question_stems=question_stems,
        is_list=is_list,
        false_claims=[
            CompiledClaim(claim, patterns_from_values(pv), [CodeForm(*f) for f in cv])
            for claim, (pv, cv) in zip(card.false_claims, claims, strict=True)
        ],
        also_true=patterns_from_values(also_true),
        reference_stems=reference_stems,
        reference_content_stems=reference_content_stems,
        index=index,
        full_masks=masks,
    )


def point_stems(compiled: CompiledCard) -> set[str]:
    """Every stem of the card's points' patterns."""
    return {s for cp in compiled.points for p in cp.patterns for slot in p.slots for s in slot}


def essential_stems(compiled: CompiledCard, question: frozenset[str]) -> set[str]:
    """The stems of the card's required points' patterns, less the question's."""
    return {
        s
        for cp in compiled.points
        if cp.point.required
        for p in cp.patterns
        for slot in p.slots
        for s in slot
        if s not in question
    }
