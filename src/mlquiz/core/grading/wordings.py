"""The player's taught wordings, matched against an answer: evidence for the judge.

A wording the player accepted ("accept this wording from now on") or
rejected ("treat answers like this as wrong") is kept per deck and card
(`core/wording.py`). A later answer that says the same thing, allowing
typos, reordered clauses and small changes, is handed to the judge as
evidence (`Taught`), never as a verdict:

- accepted: the key points the wording covers count as said (`credit`);
  the judge's other steps still run, so a negated point, a known confusion,
  a false claim, or an answer that also says another card's points still
  decide. Only a correct verdict the wording made possible says
  "Accepted: your wording of 3 Dec.".
- rejected: the verdict is at most partial, and the feedback says why.

Matching reads answers and wordings the grader's way (the deck's `Reader`:
folding, glossary, typo correction, stems). Two texts match when
1. rapidfuzz's ratio of their content stems, each sorted (what
   `token_sort_ratio` compares, computed once per wording) reaches
   `THRESHOLD` (calibrated in bench/wordings.py), and
2. word by word (same stem, or a typo within the reader's budget) the
   answer drops none of the wording's words and adds hardly any (one per 8
   of the wording's words), and neither a dropped nor an added word is one
   that changes a claim ("only", "always", "without", ...);
3. every negator negates the same word in both ("logs" vs "does not log");
4. the words of one clause of the answer come from one clause of the
   wording, and those of one item (a clause, or one side of an "and" / "or")
   in the wording's order: clauses and list items may move, but "Staging
   before Production" is not "Production before Staging", nor "Tracking and
   the Model Registry" "tracking, models, registry".
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from mlquiz.core.grading.answer import Answer
from mlquiz.core.grading.compiled import CompiledCard
from mlquiz.core.grading.cross_index import CrossCardIndex
from mlquiz.core.grading.reader import Reader, Token
from mlquiz.core.grading.results import PARTIAL_CAP, GradeResult, WordingUse
from mlquiz.core.text import stem
from mlquiz.core.verdicts import Verdict
from mlquiz.core.wording import MAX_WORDING_CHARS, Wording, WordingKind

if TYPE_CHECKING:
    from mlquiz.core.grading.evidence import Evidence

# The least ratio (0-100) of sorted content stems for two texts to be compared
# word by word. `python bench/wordings.py --calibrate` (on the built-in deck's
# labeled answers): variants with the same meaning (a typo, reordered clauses,
# a filler word) reach 96 or more; other answers to the card have a median of
# 41. The word-by-word check below is what turns away a negation, an added
# claim or a swapped term (those reach 87-100); 85 leaves room for a typo the
# reader cannot correct in a short wording, where one letter weighs more.
THRESHOLD = 85.0

# Words that change what a sentence claims: an answer may not add or drop one.
_CLAIM_WORDS = (
    "only always without every all none except instead unlike rather automatically"
    " unless before after first last earlier later less fewer faster slower manual"
    " manually impossible optional required mandatory must cannot"
)
CLAIM_STEMS = frozenset(stem(word) for word in _CLAIM_WORDS.split())
# Words that split a clause into items that may be listed in any order.
_ITEM_BREAKS = frozenset({"and", "or", "&", "plus"})


class Word(NamedTuple):
    # NamedTuples, not frozen dataclasses: an answer makes one per word, and a
    # frozen dataclass costs three times as much to make.
    stem: str
    word: str  # folded, typo-corrected
    clause: int
    segment: int  # the clause, or one item of an "and" / "or" list in it


class Shape(NamedTuple):
    """A text as the matcher compares it."""

    key: str  # the content stems, sorted, joined by spaces
    words: tuple[Word, ...]  # the content words in order
    negations: tuple[str, ...]  # the stem each negator applies to, sorted
    # The stems in order, "," between clauses and "+" between items: two texts
    # with the same layout and negations say the same thing, word for word.
    layout: str = ""


def shape(tokens: list[Token]) -> Shape:
    """The words of a text (an answer, or a wording) as the matcher compares them."""
    # Runs once per answer to a card with taught wordings: plain locals, no calls.
    words: list[Word] = []
    negations: list[str] = []
    layout: list[str] = []
    segment = 0
    clause = tokens[0].clause if tokens else 0
    last_segment, last_clause = -1, -1
    pending_negation = False
    item_breaks = _ITEM_BREAKS
    for tok in tokens:
        if tok.clause != clause:
            segment += 1
            clause = tok.clause
            if pending_negation:
                negations.append("")  # "not really," negates nothing said
                pending_negation = False
        if tok.negator:
            if pending_negation:
                negations.append("")
            pending_negation = True
        elif tok.word in item_breaks:
            segment += 1
        elif not tok.stop:
            stem_ = tok.stem
            words.append(Word(stem_, tok.word, clause, segment))
            if last_segment >= 0:
                layout.append(
                    " " if segment == last_segment else "+" if clause == last_clause else ","
                )
            layout.append(stem_)
            last_segment, last_clause = segment, clause
            if pending_negation:
                negations.append(stem_)
                pending_negation = False
    if pending_negation:
        negations.append("")
    negations.sort()
    return Shape(
        " ".join(sorted([w.stem for w in words])), tuple(words), tuple(negations), "".join(layout)
    )


@dataclass(frozen=True)
class TaughtWording:
    """A stored wording, read once."""

    wording: Wording
    shape: Shape
    tokens: tuple[Token, ...]
    day: str  # when it was taught, as the feedback says it: "3 Dec"


def taught_day(moment: datetime, tz: tzinfo | None = None) -> str:
    """`moment` as the feedback names the day of a wording: "3 Dec" (in `tz`, None:
    the computer's zone)."""
    local = moment.astimezone(tz)
    return f"{local.day} {local:%b}"


class WordingBook:
    """One deck's taught wordings, by card and kind, ready to match answers against.

    Wordings of cards the deck no longer has are kept in `orphans` and never
    matched. A card's wordings are read (about 100 us each) when an answer to
    it is first graded, so a game with thousands of them starts at once.
    """

    def __init__(
        self,
        reader: Reader,
        card_ids: Container[str],
        wordings: Iterable[Wording],
        tz: tzinfo | None = None,
    ) -> None:
        self.reader = reader
        self.tz = tz
        known = card_ids  # (the grader's cards: a 100,000-card deck's ids not copied)
        self.orphans: list[Wording] = []
        self._unread: dict[str, list[Wording]] = {}
        for wording in wordings:
            if wording.card_id in known:
                self._unread.setdefault(wording.card_id, []).append(wording)
            else:
                self.orphans.append(wording)
        self._count = sum(len(ws) for ws in self._unread.values())
        # card id -> kind -> (wordings, their keys), filled as cards are graded;
        # and (layout, negations) -> the newest wording of exactly those words.
        self._read: dict[str, dict[WordingKind, tuple[list[TaughtWording], list[str]]]] = {}
        self._exact: dict[str, dict[tuple[str, tuple[str, ...]], TaughtWording]] = {}

    def __bool__(self) -> bool:
        return bool(self._count)

    def __len__(self) -> int:
        return self._count

    def read_all(self) -> None:
        """Read every card's wordings now (instead of at its first answer)."""
        for card_id in list(self._unread):
            self._card(card_id)

    def _card(self, card_id: str) -> dict[WordingKind, tuple[list[TaughtWording], list[str]]]:
        kinds = self._read.get(card_id)
        if kinds is None:
            kinds = {kind: ([], []) for kind in WordingKind}
            exact = self._exact[card_id] = {}
            for wording in self._unread.pop(card_id, ()):
                tokens = self.reader.tokens(wording.text[:MAX_WORDING_CHARS])
                read = TaughtWording(
                    wording, shape(tokens), tuple(tokens), taught_day(wording.taught_at, self.tz)
                )
                if read.shape.words:
                    taught, keys = kinds[wording.kind]
                    taught.append(read)
                    keys.append(read.shape.key)
                    words = (read.shape.layout, read.shape.negations)
                    if words not in exact or exact[words].wording.id < wording.id:
                        exact[words] = read
            self._read[card_id] = kinds
        return kinds

    def match(self, ev: Evidence) -> Taught | None:
        """The taught wording of the card that the answer says (the closest; the newest
        on a tie), or None. `ev` is the grader's evidence before any wording."""
        if ev.card.id not in self._read and ev.card.id not in self._unread:
            return None
        kinds = self._card(ev.card.id)
        # An accepted wording only adds points the answer misses: with every
        # essential point said it could change nothing, and is not looked for.
        wanted = [WordingKind.REJECTED] + ([] if ev.all_required else [WordingKind.ACCEPTED])
        said: Shape | None = None
        candidates: list[tuple[float, TaughtWording]] = []
        for kind in wanted:
            taught, keys = kinds[kind]
            if not taught:
                continue
            if said is None:
                said = shape(ev.answer.tokens)
                if not said.words:
                    return None
                # The same words as a wording (a repeat, or a typo the reader
                # corrects): no need to compare with each wording.
                same = self._exact[ev.card.id].get((said.layout, said.negations))
                if same is not None and same.wording.kind in wanted:
                    return Taught(same, ev.compiled, 0)
            found = process.extract(
                said.key, keys, scorer=fuzz.ratio, score_cutoff=THRESHOLD, limit=_LOOKED_AT
            )
            candidates += [(similarity, taught[index]) for _, similarity, index in found]
        if said is None:
            return None
        # Closest first; of equally close ones the newest, the player's latest word.
        candidates.sort(key=lambda c: (-c[0], -c[1].wording.id))
        vocabulary = self.reader.vocabulary
        for _, wording in candidates[:_LOOKED_AT]:
            extra = _added_words(said, wording.shape, vocabulary)
            if extra is not None:
                return Taught(wording, ev.compiled, extra)
        return None


# How many of the closest wordings of a kind are compared word by word: a player
# who taught a card many near-identical wordings makes no answer slower.
_LOOKED_AT = 3


def same_claims(said: Shape, taught: Shape, vocabulary: frozenset[str] = frozenset()) -> bool:
    """Whether `said` says what `taught` says, word by word (see the module docstring)."""
    return _added_words(said, taught, vocabulary) is not None


def _added_words(said: Shape, taught: Shape, vocabulary: frozenset[str]) -> int | None:
    """How many words `said` adds to `taught` if it says the same thing, else None."""
    if said.negations != taught.negations:
        return None
    if said.layout == taught.layout:
        return 0  # the same words in the same clauses: the common case of a repeat
    partner = _align(said.words, taught.words, vocabulary)
    extra = [w for w, p in zip(said.words, partner, strict=True) if p is None]
    used = {p for p in partner if p is not None}
    dropped = [w for i, w in enumerate(taught.words) if i not in used]
    if len(extra) > len(taught.words) // 8 or len(dropped) > len(taught.words) // 12:
        return None
    # A word the deck uses carries an idea of the deck: adding or dropping one
    # changes what is said ("online" for "offline", a point left out).
    if any(w.stem in CLAIM_STEMS or w.word in vocabulary for w in extra + dropped):
        return None
    # Clauses and list items may move, and a comma may split a clause, but the
    # words of one clause of the answer come from one clause of the wording
    # ("Tracking and the Model Registry" is not "tracking, models, registry"),
    # and those of one item in the wording's order ("Staging before Production"
    # is not "Production before Staging").
    source: dict[int, int] = {}
    last: dict[int, int] = {}
    for word, p in zip(said.words, partner, strict=True):
        if p is None:
            continue
        if source.setdefault(word.clause, taught.words[p].clause) != taught.words[p].clause:
            return None
        if last.get(word.segment, -1) > p:
            return None
        last[word.segment] = p
    return len(extra)


def _align(
    said: tuple[Word, ...], taught: tuple[Word, ...], vocabulary: frozenset[str]
) -> list[int | None]:
    """For each word of `said`, the index of its partner in `taught` (None: none): an
    unused word with the same stem, else one a typo away; of several, the one in
    the segment paired with this word's (`_pair_segments`), then the first."""
    free: dict[str, list[int]] = {}
    for i, word in enumerate(taught):
        free.setdefault(word.stem, []).append(i)
    paired = _pair_segments(said, taught)

    def best(n: int, slots: list[int]) -> int:
        segment = paired.get(said[n].segment)
        return min(slots, key=lambda i: (taught[i].segment != segment, i))

    partner: list[int | None] = [None] * len(said)
    unmatched = []
    for n, word in enumerate(said):
        slots = free.get(word.stem)
        if slots:
            chosen = best(n, slots)
            slots.remove(chosen)
            partner[n] = chosen
        else:
            unmatched.append(n)
    if unmatched:
        left = sorted(i for slots in free.values() for i in slots)
        for n in unmatched:
            typos = [i for i in left if _typo_of(said[n].word, taught[i].word, vocabulary)]
            if typos:
                chosen = best(n, typos)
                left.remove(chosen)
                partner[n] = chosen
    return partner


def _pair_segments(said: tuple[Word, ...], taught: tuple[Word, ...]) -> dict[int, int]:
    """Each segment of `said` paired with the segment of `taught` most like it (the
    most stems in common for their size), the likest pairs first."""
    stems_said: dict[int, set[str]] = {}
    stems_taught: dict[int, set[str]] = {}
    for word in said:
        stems_said.setdefault(word.segment, set()).add(word.stem)
    for word in taught:
        stems_taught.setdefault(word.segment, set()).add(word.stem)
    scored = []
    for a, mine in stems_said.items():
        for t, theirs in stems_taught.items():
            shared = len(mine & theirs)
            if shared:
                scored.append((shared / len(mine | theirs), -a, -t))
    scored.sort(reverse=True)
    paired: dict[int, int] = {}
    taken: set[int] = set()
    for _, a, t in scored:
        if -a not in paired and -t not in taken:
            paired[-a] = -t
            taken.add(-t)
    return paired


def _typo_of(a: str, b: str, vocabulary: frozenset[str]) -> bool:
    """Is `a` `b` mistyped? The reader's budget: one edit from 5 letters, two from 9,
    the same first letter, and never two words the deck knows (batch is not patch)."""
    n = min(len(a), len(b))
    if n < 5 or a[0] != b[0] or (a in vocabulary and b in vocabulary):
        return False
    budget = 2 if n >= 9 else 1
    return OSA.distance(a, b, score_cutoff=budget) <= budget


class Taught:
    """The taught wording an answer says, as evidence for the judge (see the module
    docstring); `judge.judge` calls `credit` before its steps and `decided` after."""

    def __init__(
        self,
        taught: TaughtWording,
        compiled: CompiledCard,
        extra_words: int = 0,
    ) -> None:
        self.taught = taught
        self.wording = taught.wording
        # Words the answer says beyond the wording (none of them the deck's).
        self.extra_words = extra_words
        self.credited = False
        labels = set(self.wording.points)
        points = compiled.card.points
        self.covers = tuple(
            i
            for i, point in enumerate(points)
            if (point.label in labels if labels else point.required)
        )

    @property
    def accepted(self) -> bool:
        return self.wording.kind == WordingKind.ACCEPTED

    def credit(self, ev: Evidence) -> None:
        """An accepted wording: its points count as said, unless the answer, beyond the
        wording, says all of another card's essential points (that card's check
        decides then) or negates them (they stay contradicted)."""
        if not self.accepted or not self.covers:
            return
        # Saying no more than the wording, the answer can only answer another card
        # as the wording does, which the player accepted for this card.
        other = ev.covering_card() if self.extra_words else None
        if other is not None and not self._wording_answers(other.id, ev.cross):
            return
        self.credited = ev.credit(self.covers)
        # Nor does another card's closer wording make it that card's answer.
        ev.accepted_as_own = self.credited and (not self.extra_words or other is not None)

    def _wording_answers(self, card_id: str, cross: CrossCardIndex) -> bool:
        """Does the wording itself say every essential point of card `card_id`? (Then
        the player accepted it for this card knowing that; it stays this card's.)"""
        return card_id in cross.cards_said(Answer(list(self.taught.tokens)), self.wording.card_id)

    def decided(self, ev: Evidence, result: GradeResult) -> GradeResult:
        """The judge's grade with the wording's part in it."""
        use = WordingUse(self.wording.kind, self.wording.id, self.wording.taught_at)
        if self.accepted:
            if not (self.credited and result.verdict == Verdict.CORRECT):
                return result  # the wording did not make the verdict
            reason = f"Accepted: your wording of {self.taught.day}."
            return replace(result, reasons=(reason,), wording=use)
        reason = f"Like an answer you marked wrong on {self.taught.day}: partial at most."
        if result.verdict == Verdict.CORRECT:
            # As the judge scores a partial: at most three quarters.
            score = min(result.score, PARTIAL_CAP)
            return replace(
                result, verdict=Verdict.PARTIAL, score=score, reasons=(reason,), wording=use
            )
        if result.verdict == Verdict.PARTIAL:
            return replace(result, reasons=(*result.reasons, reason), wording=use)
        return result


def says_the_same(reader: Reader, said: str, taught: str) -> bool:
    """Whether the text `said` would match the wording `taught` (the matcher's test)."""
    a = shape(reader.tokens(said[:MAX_WORDING_CHARS]))
    b = shape(reader.tokens(taught[:MAX_WORDING_CHARS]))
    if not a.words or not b.words or fuzz.ratio(a.key, b.key) < THRESHOLD:
        return False
    return _added_words(a, b, reader.vocabulary) is not None
