"""The answer grader: judges a typed answer by the key points it says.

A whole-answer similarity score cannot tell "Staging before Production" from
"Production before Staging", or a correct paraphrase from an echo of the
question, so the verdict is built from evidence instead:

1. The answer is normalised into a stream of word stems (Unicode, case,
   accents, contractions, the deck glossary, typo correction against the
   deck's own vocabulary, Snowball stemming), keeping each word's span in
   the answer so the UI can mark what matched.
2. Each key point is looked for through its phrases; a phrase matches when
   its words appear in order within one sentence with small gaps. A phrase
   made only of the question's words earns nothing (question demoting).
3. Evidence against the answer is collected: a negator just before a matched
   point, a known confusion of the card, an answer that fits another card
   better than its own, steps out of order on a sequence card, a bare denial,
   a list of terms that says nothing.
4. The verdict follows from which required points were found and what
   contradicts them; the score is the share of essential points found (an
   optional point found adds half a point, one left out costs nothing).

This is the only module that uses rapidfuzz (for typo correction).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Literal

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .cards import Card, Deck, KeyPoint

Verdict = Literal["correct", "partial", "incorrect"]
Status = Literal["found", "missed", "contradicted"]

CORRECT: Verdict = "correct"
PARTIAL: Verdict = "partial"
INCORRECT: Verdict = "incorrect"

# Longer answers are graded on this many characters. Nobody types more into a
# quiz box; the cap keeps a pasted novel from stalling the game.
MAX_ANSWER_CHARS = 20_000

# Gap (in content words) allowed between two consecutive words of a phrase,
# and the wider gap that "..." in a phrase asks for.
NEAR_GAP = 3
FAR_GAP = 8
# How many words back from a matched phrase a negator still negates it.
NEGATION_REACH = 5

OPTIONAL_WEIGHT = 0.5


@dataclass(frozen=True)
class PointResult:
    label: str
    status: Status
    # (start, end) character offsets into GradeResult.text, or None.
    span: tuple[int, int] | None
    required: bool


@dataclass(frozen=True)
class GradeResult:
    verdict: Verdict
    score: float
    points: tuple[PointResult, ...]
    # The answer as graded (NFC-normalised); spans index into it.
    text: str
    confusion: str | None = None
    # Why the verdict is what it is, in the learner's words, most important first.
    reasons: tuple[str, ...] = ()

    @property
    def found(self) -> list[str]:
        return [p.label for p in self.points if p.status == "found"]

    @property
    def missed(self) -> list[str]:
        """Essential points not said. An optional point left out is no miss."""
        return [p.label for p in self.points if p.status == "missed" and p.required]

    @property
    def contradicted(self) -> list[str]:
        return [p.label for p in self.points if p.status == "contradicted"]


# --------------------------------------------------------------------------
# Words

STOPWORDS = frozenset(
    """
    a an the and or but if then than so as of to in on at by for from with into onto
    over under about via per is are was were be been being am do does did doing done
    have has had having it its it's this that these those there here their them they
    you your yours we our us i me my he she his her him what which who whom whose
    when where why how also just really basically very quite like e g eg ie etc
    can could would should will shall may might must get gets got let lets make makes
    some any thing things stuff way ways kind kinds lot lots much many more most
    use used uses using means mean one's both either whether while
    theres thats whats youre theyre im ive youve weve hes shes
    """.split()
)
# Words that, with a negator, make an opening clause a flat denial ("no need").
_DENIAL_FILLER = frozenset(
    {"really", "important", "help", "helps", "need", "needed", "difference", "real", "true"}
)
# Words before a confusion's phrase that hold it up as a contrast, not a claim:
# "unlike batch scoring, online serving ..." names batch scoring to set it aside.
_CONTRAST = frozenset({"unlike", "instead", "rather", "versus", "opposed", "not", "no", "without"})
# "X doesn't matter", "X isn't needed": words that dismiss what came before.
_DISMISSALS = frozenset(
    {"matter", "matters", "needed", "necessary", "important", "required", "relevant", "exist"}
)
_CONJUNCTIONS = frozenset({"and", "or", "so", "then"})
_NEW_STATEMENT = frozenset(
    {"can", "could", "will", "would", "should", "may", "might", "must", "is", "are", "it"}
    | {"they", "you", "we", "i", "he", "she", "this", "that", "get", "gets", "lets"}
)
# Words where an answer turns to the other side of a contrast.
_TURNS = frozenset(
    {"but", "whereas", "however", "while", "although", "though", "unless", "otherwise"}
)
# Words that flip the meaning of what follows them.
NEGATORS = frozenset({"not", "no", "never", "nothing", "nobody", "neither", "nor"})

# Contractions written with or without the apostrophe (learners drop it).
_CONTRACTIONS = {
    "cannot": ("can", "not"),
    "cant": ("can", "not"),
    "wont": ("will", "not"),
    "dont": ("do", "not"),
    "doesnt": ("does", "not"),
    "didnt": ("did", "not"),
    "isnt": ("is", "not"),
    "arent": ("are", "not"),
    "wasnt": ("was", "not"),
    "werent": ("were", "not"),
    "couldnt": ("could", "not"),
    "wouldnt": ("would", "not"),
    "shouldnt": ("should", "not"),
    "havent": ("have", "not"),
    "hasnt": ("has", "not"),
    "hadnt": ("had", "not"),
    "mustnt": ("must", "not"),
    "neednt": ("need", "not"),
    "aint": ("is", "not"),
}

# Shorthand every learner uses, whatever the deck. Deck glossaries add to it.
BASE_GLOSSARY = {
    "w": "with",
    "w o": "without",
    "wo": "without",
    "b4": "before",
    "thru": "through",
    "diff": "different",
    "vs": "versus",
    "realtime": "real time",
    "rerun": "re run",
    "reruns": "re run",
    "opensource": "open source",
    "oss": "open source",
    "nonprod": "non production",
    "1": "one",
    "2": "two",
    "3": "three",
    "4": "four",
}

_STEMMER = snowballstemmer.stemmer("english")
_APOSTROPHES = str.maketrans("", "", "'’‘`")
_PUNCTUATION_RE = re.compile(r"[^\w\s'’]")


def _fold(word: str) -> str:
    """Case, compatibility forms (full-width letters, ligatures) and accents."""
    word = unicodedata.normalize("NFKD", word.casefold())
    if not word.isascii():
        word = "".join(ch for ch in word if not unicodedata.combining(ch))
        word = unicodedata.normalize("NFKC", word)
    return word


def _expand_contraction(word: str) -> tuple[str, ...]:
    if word.endswith(("n't", "n’t")) and len(word) > 3:
        base = word[:-3]
        base = {"ca": "can", "wo": "will", "sha": "shall"}.get(base, base)
        return (base, "not")
    plain = word.translate(_APOSTROPHES)
    if plain in _CONTRACTIONS:
        return _CONTRACTIONS[plain]
    return (plain,)


@dataclass(slots=True)
class _Token:
    """One normalised word of an answer."""

    word: str  # folded surface form, after glossary and typo correction
    stem: str
    start: int
    end: int
    sentence: int
    clause: int
    stop: bool
    negator: bool


_SCAN_RE = re.compile(
    r"(?P<word>[^\W_]+(?:['’‘`][^\W_]+)*)"
    r"|(?P<hard>[.!?](?=\s|$)|[;\n])"
    r"|(?P<soft>[,:()\[\]–—→⇒>]|(?<=\s)-(?=\s))"
)


@lru_cache(maxsize=100_000)
def _fold_word(raw: str) -> tuple[str, ...]:
    return _expand_contraction(_fold(raw))


def _split_words(text: str) -> list[tuple[tuple[str, ...], int, int, int, int]]:
    """Words of `text` as (folded parts, start, end, sentence, clause)."""
    out = []
    sentence = clause = 0
    for m in _SCAN_RE.finditer(text):
        kind = m.lastgroup
        if kind == "word":
            out.append((_fold_word(m.group()), m.start(), m.end(), sentence, clause))
        elif kind == "hard":
            sentence += 1
            clause += 1
        else:
            clause += 1
    return out


# Where Snowball splits one family or merges two ideas that learners keep apart:
# "experimentation" and "experiment" are one idea, while "Staging" (a registry
# stage) must not become "stage", or every answer mentioning stages would say it.
_STEM_OVERRIDES = {
    "staging": "staging",
    "experimentation": "experi",
    "experimentations": "experi",
    "comparison": "compar",
    "comparisons": "compar",
    "registration": "regist",
    "reproduction": "reproduc",
    "generation": "generat",
    "deployments": "deploy",
}


def stem(word: str) -> str:
    """A folded word's stem as the grader matches it (Snowball, with overrides)."""
    return _stem(word)


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    # Snowball is pure Python and ~100 us a word; answers reuse a small vocabulary.
    return _STEM_OVERRIDES.get(word) or _STEMMER.stemWord(word)


# --------------------------------------------------------------------------
# Compiled phrases


@dataclass(frozen=True)
class _Pattern:
    """One way of saying something: slots of alternative stems, in order."""

    slots: tuple[frozenset[str], ...]
    gaps: tuple[int, ...]  # gaps[i] = max content words between slot i and i+1
    negated: bool  # the phrase itself contains a negator ("no manual calls")


@dataclass
class _CompiledPoint:
    point: KeyPoint
    patterns: list[_Pattern]


@dataclass
class _CompiledCard:
    card: Card
    points: list[_CompiledPoint]
    confusions: list[tuple[list[_Pattern], str]]
    vague: list[_Pattern]
    question_stems: frozenset[str]
    # The reference answer is itself a list of terms ("None, Staging, ..."):
    # then a bare list is the natural answer, not a keyword salad.
    is_list: bool = False
    # stem -> (pattern number, slot bit) for every pattern of the card, so an
    # answer finds the few patterns whose every slot it contains by look-ups,
    # instead of trying each of the card's dozens of patterns.
    index: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    full_masks: list[int] = field(default_factory=list)
    number: dict[int, int] = field(default_factory=dict)  # id(pattern) -> pattern number
    # Pattern number -> (pattern, index of its key point); points come first.
    point_patterns: list[tuple[_Pattern, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.point_patterns = [(p, i) for i, cp in enumerate(self.points) for p in cp.patterns]
        patterns = [p for p, _ in self.point_patterns]
        patterns += [p for ps, _ in self.confusions for p in ps]
        patterns += self.vague
        # A card restored from the grader cache comes with its index and masks.
        build = not self.full_masks
        for n, pattern in enumerate(patterns):
            self.number[id(pattern)] = n
            if not build:
                continue
            self.full_masks.append((1 << len(pattern.slots)) - 1)
            for bit, slot in enumerate(pattern.slots):
                for stem in slot:
                    self.index.setdefault(stem, []).append((n, 1 << bit))

    def live_patterns(self, stems: Iterable[str]) -> set[int]:
        """Numbers of the patterns whose every slot has a word in `stems`."""
        hits: dict[int, int] = {}
        index = self.index
        for stem in stems:
            for n, bit in index.get(stem, ()):
                hits[n] = hits.get(n, 0) | bit
        masks = self.full_masks
        return {n for n, mask in hits.items() if mask == masks[n]}


@dataclass
class _Match:
    positions: tuple[int, ...]  # indices into the answer's content words, one per slot
    negated: bool

    @property
    def first(self) -> int:
        return self.positions[0]

    @property
    def last(self) -> int:
        return self.positions[-1]


class Grader:
    """Grades answers to the cards of one deck.

    Building a Grader compiles every phrase of the deck once; grading an
    answer then costs a tokenisation and a few dictionary look-ups.
    """

    def __init__(self, deck: Deck, compiled: tuple | None = None):
        """`compiled` is what `compiled_state()` returned for this very deck (see
        core/grader_cache.py): the phrases are then not compiled again."""
        self.deck = deck
        self.glossary = _build_glossary(deck.glossary)
        self._typo_cache: dict[str, str] = {}
        self._word_cache: dict[str, tuple[tuple[str, str, bool, bool], ...]] = {}
        self._phrase_cache: dict[str, list[str]] = {}
        if compiled is None:
            self.vocabulary = self._collect_vocabulary()
            self.cards = {card.id: self._compile_card(card) for card in deck.cards}
        else:
            self.vocabulary, self.cards = self._restore(compiled)
        self._by_first_letter: dict[str, list[str]] = {}
        for word in sorted(self.vocabulary):
            self._by_first_letter.setdefault(word[0], []).append(word)
        # Every required point's patterns across the deck, indexed by stem, so
        # the cross-card check finds the few another card's points an answer
        # could say with one pass over the answer's words.
        self._required_patterns: list[tuple[str, int, _Pattern, int]] = []
        self._required_index: dict[str, list[tuple[int, int]]] = {}
        for card_id, compiled in self.cards.items():
            for point_no, cpoint in enumerate(compiled.points):
                if not cpoint.point.required:
                    continue
                for pattern in cpoint.patterns:
                    n = len(self._required_patterns)
                    full = (1 << len(pattern.slots)) - 1
                    self._required_patterns.append((card_id, point_no, pattern, full))
                    for bit, slot in enumerate(pattern.slots):
                        for stem in slot:
                            self._required_index.setdefault(stem, []).append((n, 1 << bit))

    # -- the compiled deck as plain values ------------------------------------

    def compiled_state(self) -> tuple:
        """The vocabulary and every card's compiled patterns as tuples, frozensets,
        strings and numbers (what `marshal` stores), for `Grader(deck, compiled)`."""

        def patterns(ps: list[_Pattern]) -> tuple:
            return tuple((p.slots, p.gaps, p.negated) for p in ps)

        cards = tuple(
            (
                card_id,
                tuple(patterns(cp.patterns) for cp in compiled.points),
                tuple((patterns(ps), message) for ps, message in compiled.confusions),
                patterns(compiled.vague),
                compiled.question_stems,
                compiled.is_list,
                compiled.index,
                compiled.full_masks,
            )
            for card_id, compiled in self.cards.items()
        )
        return (self.vocabulary, cards)

    def _restore(self, compiled: tuple) -> tuple[frozenset[str], dict[str, _CompiledCard]]:
        vocabulary, cards = compiled

        def patterns(values: tuple) -> list[_Pattern]:
            return [_Pattern(slots, gaps, negated) for slots, gaps, negated in values]

        by_id = {card.id: card for card in self.deck.cards}
        restored: dict[str, _CompiledCard] = {}
        for card_id, points, confusions, vague, question_stems, is_list, index, masks in cards:
            card = by_id[card_id]
            if len(points) != len(card.points):
                raise ValueError(f"card {card_id}: the compiled points do not fit the card")
            restored[card_id] = _CompiledCard(
                card=card,
                points=[
                    _CompiledPoint(point, patterns(values))
                    for point, values in zip(card.points, points, strict=True)
                ],
                confusions=[(patterns(ps), message) for ps, message in confusions],
                vague=patterns(vague),
                question_stems=question_stems,
                is_list=is_list,
                index=index,
                full_masks=masks,
            )
        if restored.keys() != by_id.keys():
            raise ValueError("the compiled cards are not the deck's")
        return vocabulary, restored

    # -- normalisation -------------------------------------------------------

    def _collect_vocabulary(self) -> frozenset[str]:
        """Every word the deck uses: the targets typo correction may aim at."""
        texts: set[str] = set()  # decks repeat phrases; split each text once
        for card in self.deck.cards:
            texts.add(card.question)
            texts.add(card.answer)
            texts.update(card.vague)
            for point in card.points:
                texts.add(point.label)
                texts.update(point.phrases)
            for confusion in card.confusions:
                texts.update(confusion.phrases)
        words: set[str] = set()
        for text in texts:
            for parts, *_ in _split_words(text.replace("|", " ")):
                for part in parts:
                    words.update(self.glossary.get((part,), (part,)))
        for key, value in self.glossary.items():
            words.update(key)
            words.update(value)
        return frozenset(w for w in words if w and not w.isdigit())

    def _correct_typo(self, word: str) -> str:
        """The deck word a misspelt word was meant to be, or the word itself.

        Budget by length: one edit from 5 letters, two from 9 (transpositions
        count as one). The first letter must agree, and a word the deck already
        knows is never changed into another: "batch" stays "batch" even though
        "patch" is one edit away, and "online" never becomes "offline".
        """
        cached = self._typo_cache.get(word)
        if cached is not None:
            return cached
        result = word
        n = len(word)
        if n >= 5 and word not in self.vocabulary and word not in STOPWORDS and word.isalpha():
            budget = 2 if n >= 9 else 1
            candidates = [
                w for w in self._by_first_letter.get(word[0], ()) if abs(len(w) - n) <= budget
            ]
            scored = process.extract(
                word, candidates, scorer=OSA.distance, score_cutoff=budget, limit=None
            )
            if scored:
                best = min(d for _, d, _ in scored)
                letters = sorted(word)
                # Ties are common ("trian" is one edit from "train" and "trial"):
                # prefer a swap of letters, the commonest typo, then the same last
                # letter, then alphabetical order, so the result never depends on
                # set order.
                result = min(
                    (w for w, d, _ in scored if d == best),
                    key=lambda w: (sorted(w) != letters, w[-1] != word[-1], w),
                )
        if len(self._typo_cache) < 200_000:
            self._typo_cache[word] = result
        return result

    def tokens(self, text: str) -> list[_Token]:
        """The answer as normalised tokens, glossary applied, typos corrected."""
        # Grading must stay near 100 us an answer, and this loop runs for
        # every word: it scans once and takes each word's analysis from a cache.
        flat: list[tuple[str, int, int, int, int]] = []
        sentence = clause = 0
        for m in _SCAN_RE.finditer(text):
            kind = m.lastgroup
            if kind == "word":
                start, end = m.span()
                for part in _fold_word(m.group()):
                    flat.append((part, start, end, sentence, clause))
            elif kind == "hard":
                sentence += 1
                clause += 1
            else:
                clause += 1
        out: list[_Token] = []
        glossary = self.glossary
        multi_starts = self._multi_word_starts
        max_key = self._max_glossary_key
        analyse = self._analyse
        i = 0
        n = len(flat)
        while i < n:
            word, start, end, sentence, clause = flat[i]
            if word in multi_starts:
                # Longest multi-word glossary key first, within one clause.
                expansion = None
                size = min(max_key, n - i)
                while size > 1:
                    last = flat[i + size - 1]
                    if last[4] == clause:
                        expansion = glossary.get(tuple(w for w, *_ in flat[i : i + size]))
                        if expansion is not None:
                            break
                    size -= 1
                if expansion is not None:
                    end = flat[i + size - 1][2]
                    for w in expansion:
                        for info in analyse(w, correct=False):
                            out.append(
                                _Token(info[0], info[1], start, end, sentence, clause, *info[2:])
                            )
                    i += size
                    continue
            for info in analyse(word):
                out.append(_Token(info[0], info[1], start, end, sentence, clause, info[2], info[3]))
            i += 1
        return out

    def _analyse(self, word: str, correct: bool = True) -> tuple[tuple[str, str, bool, bool], ...]:
        """A folded word as (word, stem, stop, negator) parts, after typo
        correction and the one-word glossary; cached per word."""
        key = word if correct else "\0" + word
        cached = self._word_cache.get(key)
        if cached is not None:
            return cached
        expansion = self.glossary.get((word,))
        if expansion is None:
            corrected = self._correct_typo(word) if correct else word
            expansion = self.glossary.get((corrected,), (corrected,))
        analysed = tuple((w, _stem(w), w in STOPWORDS, w in NEGATORS) for w in expansion)
        if len(self._word_cache) < 200_000:
            self._word_cache[key] = analysed
        return analysed

    @cached_property
    def _max_glossary_key(self) -> int:
        return max((len(k) for k in self.glossary), default=1)

    @cached_property
    def _multi_word_starts(self) -> frozenset[str]:
        return frozenset(k[0] for k in self.glossary if len(k) > 1)

    # -- compiling -------------------------------------------------------------

    def _phrase_words(self, text: str) -> list[str]:
        """A phrase's words, normalised like an answer's (no typo correction)."""
        # Decks repeat the same alternatives across many phrases and cards.
        cached = self._phrase_cache.get(text)
        if cached is None:
            cached = self._phrase_cache[text] = self._normalise_phrase(text)
        return cached

    def _normalise_phrase(self, text: str) -> list[str]:
        words: list[str] = []
        for parts, *_ in _split_words(text):
            words.extend(p for p in parts if p)
        out: list[str] = []
        i = 0
        while i < len(words):
            for size in range(min(self._max_glossary_key, len(words) - i), 0, -1):
                expansion = self.glossary.get(tuple(words[i : i + size]))
                if expansion is not None:
                    out.extend(expansion)
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        return out

    def compile_phrase(self, phrase: str) -> list[_Pattern]:
        """Turn "log|record ... params" into match patterns.

        A word with alternatives that normalise to several words (a glossary
        expansion such as "ml" -> "machine learning") splits the phrase into
        one pattern per combination.
        """
        variants: list[tuple[list[frozenset[str]], list[int]]] = [([], [])]
        pending_gap = NEAR_GAP
        negated = False
        for raw_word in phrase.split():
            if raw_word == "...":
                pending_gap = FAR_GAP
                continue
            alternatives = [a for a in raw_word.split("|") if a]
            singles: set[str] = set()
            multis: list[list[str]] = []
            for alt in alternatives:
                words = [w for w in self._phrase_words(alt) if w not in STOPWORDS]
                if any(w in NEGATORS for w in words):
                    negated = True
                if len(words) == 1:
                    singles.add(_stem(words[0]))
                elif len(words) > 1:
                    multis.append(words)
            if not singles and not multis:
                continue  # a stop word: phrases skip them like answers do
            new_variants = []
            for slots, gaps in variants:
                if singles:
                    new_variants.append(
                        (slots + [frozenset(singles)], gaps + ([pending_gap] if slots else []))
                    )
                for multi in multis:
                    s, g = list(slots), list(gaps)
                    for j, word in enumerate(multi):
                        if s:
                            g.append(pending_gap if j == 0 else 0)
                        s.append(frozenset({_stem(word)}))
                    new_variants.append((s, g))
            variants = new_variants
            pending_gap = NEAR_GAP
        return [
            _Pattern(slots=tuple(slots), gaps=tuple(gaps), negated=negated)
            for slots, gaps in variants
            if slots
        ]

    def _compile_card(self, card: Card) -> _CompiledCard:
        question_stems = frozenset(
            _stem(w) for w in self._phrase_words(card.question) if w not in STOPWORDS
        )

        def compile_all(phrases: Iterable[str], demote: bool) -> list[_Pattern]:
            patterns = []
            for phrase in phrases:
                for pattern in self.compile_phrase(phrase):
                    if demote and all(slot <= question_stems for slot in pattern.slots):
                        continue  # only the question's own words: earns nothing
                    patterns.append(pattern)
            return patterns

        return _CompiledCard(
            card=card,
            points=[_CompiledPoint(p, compile_all(p.phrases, True)) for p in card.points],
            confusions=[(compile_all(c.phrases, False), c.message) for c in card.confusions],
            vague=compile_all(card.vague, True),
            question_stems=question_stems,
            is_list=all(t.word in {"and", "or"} or not t.stop for t in self.tokens(card.answer)),
        )

    # -- matching ---------------------------------------------------------------

    def grade(self, card: Card | str, answer: str) -> GradeResult:
        compiled = self.cards[card if isinstance(card, str) else card.id]
        text = unicodedata.normalize("NFC", answer or "")
        graded_text = text[:MAX_ANSWER_CHARS]
        tokens = self.tokens(graded_text)
        return _Judgement(self, compiled, text, tokens).result()


@dataclass
class _Answer:
    """The content words of an answer, indexed by stem."""

    tokens: list[_Token]
    content: list[int] = field(default_factory=list)  # indices of non-stop tokens
    by_stem: dict[str, list[int]] = field(default_factory=dict)  # stem -> content positions

    # Per content word: a counter that moves on at each sentence and each
    # contrast ("but", "whereas"), so one claim is never read across a turn.
    segment: list[int] = field(default_factory=list)
    content_tokens: list[_Token] = field(default_factory=list)
    # Most answers hold no negator at all; then no match needs a negation scan.
    has_negator: bool = False

    def __post_init__(self) -> None:
        segment = 0
        sentence = 0
        for i, tok in enumerate(self.tokens):
            if tok.sentence != sentence or tok.word in _TURNS:
                segment += 1
                sentence = tok.sentence
            if not tok.stop:
                self.by_stem.setdefault(tok.stem, []).append(len(self.content))
                self.content.append(i)
                self.content_tokens.append(tok)
                self.segment.append(segment)
                if tok.negator:
                    self.has_negator = True

    def tok(self, content_pos: int) -> _Token:
        return self.content_tokens[content_pos]

    def find(self, pattern: _Pattern, one_claim: bool = False) -> list[_Match]:
        """Every place the pattern is said, earliest first (one per start).

        `one_claim` keeps the match from crossing a "but" or "whereas": a
        confusion is one claim ("go distributed when it fits"), which a correct
        answer's "distributed on Spark, but if everything fits" is not.
        """
        by_stem = self.by_stem
        starts: list[int] = []
        for stem in by_stem.keys() & pattern.slots[0]:
            starts.extend(by_stem[stem])
        starts.sort()
        matches = []
        for start in starts:
            positions = self._extend(pattern, start, one_claim)
            if positions is not None:
                negated = self._negated(pattern, positions[0], positions[-1])
                matches.append(_Match(positions, negated))
        return matches

    def _extend(self, pattern: _Pattern, start: int, one_claim: bool) -> tuple[int, ...] | None:
        if len(pattern.slots) == 1:
            return (start,)
        positions = [start]
        ctoks = self.content_tokens
        sentence = ctoks[start].sentence
        segment = self.segment[start]
        pos = start
        for slot, gap in zip(pattern.slots[1:], pattern.gaps, strict=True):
            nxt = None
            for candidate in range(pos + 1, min(pos + gap + 2, len(ctoks))):
                tok = ctoks[candidate]
                if tok.sentence != sentence or (one_claim and self.segment[candidate] != segment):
                    break
                if tok.stem in slot:
                    nxt = candidate
                    break
            if nxt is None:
                return None
            positions.append(nxt)
            pos = nxt
        return tuple(positions)

    def _negated(self, pattern: _Pattern, first: int, last: int) -> bool:
        """Is the matched phrase under a negator ("does not log params")?"""
        if pattern.negated or not self.has_negator:
            return False  # the phrase states the negation itself, or nothing negates
        start_tok = self.content[first]
        end_tok = self.content[last]
        head = self.tokens[start_tok]
        # Negators inside the match ("log no params") count too.
        for i in range(start_tok + 1, end_tok):
            if self.tokens[i].negator:
                return True
        steps = 0
        i = start_tok - 1
        while i >= 0 and steps < NEGATION_REACH:
            tok = self.tokens[i]
            if tok.clause != head.clause or tok.word == "but":
                break
            # "don't repeat work and can reuse runs": a new verb after "and"
            # starts a new statement, out of the negator's reach.
            if tok.word in _CONJUNCTIONS and i + 1 < start_tok:
                if self.tokens[i + 1].word in _NEW_STATEMENT:
                    break
            if tok.negator:
                # "not only X but also Y" affirms X.
                nxt = self.tokens[i + 1].word if i + 1 < len(self.tokens) else ""
                return nxt not in {"only", "just"}
            steps += 1
            i -= 1
        # "serialization doesn't matter", "config isn't needed": dismissed after.
        after = [t for t in self.tokens[end_tok + 1 : end_tok + 5] if t.clause == head.clause]
        for j, tok in enumerate(after[:-1]):
            if tok.negator and after[j + 1].word in _DISMISSALS:
                return True
        return False


class _Judgement:
    """Grading one answer against one card: collects evidence, then decides."""

    def __init__(self, grader: Grader, compiled: _CompiledCard, text: str, tokens: list[_Token]):
        self.grader = grader
        self.compiled = compiled
        self.card = compiled.card
        self.text = text
        self.answer = _Answer(tokens)
        self._live = compiled.live_patterns(self.answer.by_stem)

    def _find(self, pattern: _Pattern, one_claim: bool = False) -> list[_Match]:
        if self.compiled.number[id(pattern)] not in self._live:
            return []
        return self.answer.find(pattern, one_claim)

    def _point_statuses(self) -> list[tuple[Status, _Match | None]]:
        """Each point's status, one phrase of the answer serving one point only.

        Without this, "model registry" would also say "MLflow Models" through
        its "model". The most specific points (longest matches) choose first;
        a later point is found only through a match that adds a word of its own.
        """
        points = self.compiled.points
        found: list[list[_Match]] = [[] for _ in points]
        negated: list[_Match | None] = [None] * len(points)
        point_patterns = self.compiled.point_patterns
        for n in sorted(self._live):
            if n >= len(point_patterns):
                break  # confusion and vague patterns are numbered after the points
            pattern, i = point_patterns[n]
            for match in self.answer.find(pattern):
                if self._echo(match):
                    continue
                if match.negated:
                    negated[i] = negated[i] or match
                else:
                    found[i].append(match)
        for ok in found:
            ok.sort(key=lambda m: (-len(m.positions), m.first))
        order = sorted(
            range(len(points)), key=lambda i: -len(found[i][0].positions) if found[i] else 0
        )
        claimed: set[int] = set()
        statuses: list[tuple[Status, _Match | None]] = [("missed", None)] * len(points)
        for i in order:
            chosen = next((m for m in found[i] if not claimed.issuperset(m.positions)), None)
            if chosen is not None:
                if self._is_unit(chosen):
                    claimed.update(chosen.positions)
                statuses[i] = ("found", chosen)
            elif negated[i] is not None:
                statuses[i] = ("contradicted", negated[i])
        # Earliest match per found point, for order checks and marking.
        return statuses

    def _echo(self, match: _Match) -> bool:
        """A match made only of the question's words repeats it, whatever the phrase."""
        question = self.compiled.question_stems
        return all(self.answer.tok(p).stem in question for p in match.positions)

    def _is_unit(self, match: _Match) -> bool:
        """Adjacent words in one clause ("model registry") say one thing together.

        Steps of a list ("train -> eval") are separate clauses, so a phrase
        spanning them does not stop each step from counting on its own.
        """
        # Adjacent as typed: "Models and the Registry" names two things even
        # though only stop words stand between them.
        indices = [self.answer.content[p] for p in match.positions]
        clause = self.answer.tokens[indices[0]].clause
        return indices[-1] - indices[0] == len(indices) - 1 and all(
            self.answer.tokens[i].clause == clause for i in indices
        )

    def _span(self, match: _Match | None) -> tuple[int, int] | None:
        if match is None:
            return None
        return (self.answer.tok(match.first).start, self.answer.tok(match.last).end)

    def result(self) -> GradeResult:
        answer = self.answer
        statuses = self._point_statuses()
        points = tuple(
            PointResult(cp.point.label, status, self._span(match), cp.point.required)
            for cp, (status, match) in zip(self.compiled.points, statuses, strict=True)
        )
        reasons: list[str] = []
        confusion: str | None = None

        if not answer.content:
            return self._finish(INCORRECT, points, None, ["No answer given."], zero=True)

        required = [p for p in points if p.required]
        req_found = sum(p.status == "found" for p in required)
        any_found = any(p.status == "found" for p in points)
        all_required = bool(required) and req_found == len(required)

        confusion = self._card_confusion()
        if confusion is not None:
            return self._finish(INCORRECT, points, confusion, [confusion], zero=True)

        if self._bare_denial():
            reasons.append("The answer denies what the question takes as true.")
            return self._finish(INCORRECT, points, None, reasons, zero=True)

        contradicted = [p.label for p in required if p.status == "contradicted"]
        if contradicted:
            reasons.append("The answer negates: " + ", ".join(contradicted) + ".")
            return self._finish(INCORRECT, points, None, reasons, zero=True)

        if self.card.ordered and self._out_of_order(statuses):
            reasons.append("The steps are in the wrong order.")
            return self._finish(INCORRECT, points, None, reasons, zero=True)

        if (
            all_required
            and self._is_term_list()
            and self._unpunctuated()
            and not self.compiled.is_list
        ):
            # Nouns strung together with no punctuation at all: a salad that
            # happens to contain the right words states nothing.
            reasons.append("A list of terms, not an answer: say how they relate.")
            return self._finish(INCORRECT, points, None, reasons)

        if all_required:
            return self._finish(CORRECT, points, None, ["Every essential point is there."])

        other = None if req_found else self._fits_other_card(req_found, len(required))
        if other is not None:
            confusion = f"That answers another question: “{other.question}”"
            return self._finish(INCORRECT, points, confusion, [confusion], zero=True)

        if self._is_term_list() and not self.compiled.is_list:
            reasons.append("A list of terms, not an answer: say how they relate.")
            return self._finish(INCORRECT, points, None, reasons)

        if any_found:
            missing = [p.label for p in required if p.status != "found"]
            reasons.append("Missing: " + ", ".join(missing) + ".")
            return self._finish(PARTIAL, points, None, reasons)

        if any(
            not m.negated and not self._echo(m) for p in self.compiled.vague for m in self._find(p)
        ):
            reasons.append("The right direction, but too vague to show the idea.")
            return self._finish(PARTIAL, points, None, reasons, vague=True)

        if answer.content and all(
            answer.tok(i).stem in self.compiled.question_stems for i in range(len(answer.content))
        ):
            reasons.append("The answer only repeats the question.")
        else:
            reasons.append("None of the key points is there.")
        return self._finish(INCORRECT, points, None, reasons)

    def _finish(
        self,
        verdict: Verdict,
        points: tuple[PointResult, ...],
        confusion: str | None,
        reasons: list[str],
        zero: bool = False,
        vague: bool = False,
    ) -> GradeResult:
        # The share of the essential points said; an optional point said adds
        # its weight, one left out costs nothing (as on a correct answer).
        total = sum(1 for p in points if p.required) or 1.0
        got = sum((1 if p.required else OPTIONAL_WEIGHT) for p in points if p.status == "found")
        score = got / total
        if zero:
            score = 0.0
        elif verdict == CORRECT:
            # Every essential point is there: full marks. Optional points are
            # shown as found or not, but leaving one out costs nothing.
            score = 1.0
        elif verdict == PARTIAL:
            score = min(max(score, 0.25 if vague else 0.1), 0.75)
        else:
            score = min(score, 0.2)
        return GradeResult(
            verdict=verdict,
            score=round(score, 3),
            points=points,
            text=self.text,
            confusion=confusion,
            reasons=tuple(reasons),
        )

    def _card_confusion(self) -> str | None:
        for patterns, message in self.compiled.confusions:
            for pattern in patterns:
                for match in self._find(pattern, one_claim=True):
                    if not match.negated and not self._contrasted(match):
                        return message
        return None

    def _contrasted(self, match: _Match) -> bool:
        """Is the match introduced as a contrast ("unlike X", "instead of X")?"""
        tokens = self.answer.tokens
        first = self.answer.content[match.first]
        head = tokens[first]
        for i in range(first - 1, max(first - 5, -1), -1):
            if tokens[i].clause != head.clause:
                break
            if tokens[i].word in _CONTRAST:
                return True
        return False

    def _bare_denial(self) -> bool:
        """An answer that opens by denying the premise: "it isn't, ...", "you can't"."""
        tokens = self.answer.tokens
        first_clause = [t for t in tokens if t.clause == tokens[0].clause]
        if len(first_clause) > 6 or len(first_clause) == len(tokens):
            return False
        if not any(t.negator for t in first_clause):
            return False
        # "staging isn't live: ..." states a fact; "it isn't", "you can't roll
        # back", "no real difference" deny. Deny = nothing but the question's
        # words and filler around the negator.
        return all(
            t.stop
            or t.negator
            or t.stem in self.compiled.question_stems
            or t.word in _DENIAL_FILLER
            for t in first_clause
        )

    def _out_of_order(self, statuses: list[tuple[Status, _Match | None]]) -> bool:
        positions = [m.first for s, m in statuses if s == "found" and m is not None]
        return any(a > b for a, b in zip(positions, positions[1:], strict=False))

    def _unpunctuated(self) -> bool:
        """No punctuation at all between the words: not even a "+" or a "/"."""
        tokens = self.answer.tokens
        return not _PUNCTUATION_RE.search(self.text, tokens[0].start, tokens[-1].end)

    def _is_term_list(self) -> bool:
        """Four or more typed words and not one function word: terms, not a statement.

        Words are counted as typed, so "UDF overhead" is two words even though
        the glossary spells UDF out as three.
        """
        tokens = self.answer.tokens
        typed_words = len({t.start for t in tokens})
        return typed_words >= 4 and not any(t.stop or t.negator for t in tokens)

    def _fits_other_card(self, own_found: int, own_total: int) -> Card | None:
        """Another card whose essential points the answer covers, when it misses its own."""
        if own_total and own_found * 2 > own_total:
            return None
        answer = self.answer
        grader = self.grader
        hits: dict[int, int] = {}
        for stem in answer.by_stem:
            for n, bit in grader._required_index.get(stem, ()):
                hits[n] = hits.get(n, 0) | bit
        found_points: set[tuple[str, int]] = set()
        for n in sorted(hits):
            card_id, point_no, pattern, full = grader._required_patterns[n]
            if hits[n] != full or card_id == self.card.id or (card_id, point_no) in found_points:
                continue
            if any(not m.negated for m in answer.find(pattern)):
                found_points.add((card_id, point_no))
        found_by_card: dict[str, int] = {}
        for card_id, _ in found_points:
            found_by_card[card_id] = found_by_card.get(card_id, 0) + 1
        best: Card | None = None
        for card_id, found in found_by_card.items():
            other = self.grader.cards[card_id].card
            needed = len(other.required_points)
            if needed >= 2 and found == needed and found > own_found:
                if best is None or needed > len(best.required_points):
                    best = other
        return best


def _build_glossary(deck_glossary: dict[str, str]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Glossary keyed by folded word tuples, deck entries over the base ones."""
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for source in (BASE_GLOSSARY, deck_glossary):
        for key, value in source.items():
            k = tuple(p for parts, *_ in _split_words(key) for p in parts if p)
            v = tuple(p for parts, *_ in _split_words(value) for p in parts if p)
            if k and v and k != v:
                out[k] = v
    return out


# --------------------------------------------------------------------------
# Convenience and deck lint

_GRADERS: dict[int, Grader] = {}


def grade(card: Card, answer: str, deck: Deck | None = None) -> GradeResult:
    """Grade one answer. Pass the deck for its glossary and cross-card checks."""
    if deck is None:
        deck = Deck(id="_single", title="", description="", cards=(card,))
    grader = _GRADERS.get(id(deck))
    if grader is None or grader.deck is not deck:
        grader = _GRADERS[id(deck)] = Grader(deck)
    return grader.grade(card, answer)


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
