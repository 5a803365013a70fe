"""Reading text the way one deck's grader does: the deck's words, then stems.

`core/text.py` folds and stems words the same way for every deck; a `Reader`
adds what belongs to one deck:

- its glossary (abbreviations and synonyms, over `BASE_GLOSSARY`), applied to
  answers and phrases alike, longest multi-word entry first;
- typo correction of an answer's words against the deck's own vocabulary
  (OSA distance; one edit from 5 letters, two from 7; the first letter must
  match; a word the deck knows is never changed; ties broken deterministically).

An answer becomes a list of `Token`s that keep each word's span in the
answer, so the screen can mark what matched. A phrase becomes its words
(no typo correction: the deck's author typed them on purpose).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import cast

from rapidfuzz import process
from rapidfuzz.distance import OSA

from mlquiz.core.cards import Card, Deck
from mlquiz.core.grading.deck_texts import stored_words
from mlquiz.core.grading.derive.general import zipf
from mlquiz.core.grading.shorthand import BASE_GLOSSARY
from mlquiz.core.grading.vocabulary import (
    _WORD_RE,
    LetterVocabulary,
    card_vocabulary,
    deck_vocabulary,
    glossary_words,
    vocabulary_of_parts,
)
from mlquiz.core.text import NEGATORS, STOPWORDS, fold_word, scan_pattern, split_words, stem

# `content_stems`' mark for a word that may start a multi-word glossary key.
_MULTI: tuple[str, ...] = ("\0multi",)
# `tokens`' mark for the same (compared by identity).
_MULTI_ANALYSIS: tuple[tuple[str, str, bool, bool], ...] = (("\0multi", "", False, False),)

# Everyday words a typo budget would turn into deck words ("though" is one
# letter from "through", "after" from "alter", "march" from "match"): they
# are never corrected.
NEVER_CORRECTED = frozenset(
    """
    though although however whereas unless otherwise except careful caveat
    maybe guess think probably perhaps always never only every because
    after before later since until again still even ever already instead
    january february march april june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday
    refuse refuses refused forbid forbids automatically automatic limit limits
    sure unsure certain know knew remember recall itself themselves
    """.split()
)

# A word at least this common in English (wordfreq's Zipf scale: about one
# use in 5 million words) is never corrected: "sales", "layer", "terms" and
# "knows" are words, not typos of "scales", "later", "teams" and "knobs".
# Rarer spellings still are ("artefacts", "minimise", "recomputing").
ENGLISH_ZIPF = 3.25

# Decks of this many cards or more look typos up among the deck's words of the
# typo's first letter (`LetterVocabulary`), never reading all their words.
LETTERS_FROM = 2_000

# Caches stop growing at this many entries: a pasted novel must not fill memory.
_CACHE_LIMIT = 200_000

Glossary = dict[tuple[str, ...], tuple[str, ...]]
# A folded word as (word, stem, stop word, negator) parts.
Analysis = tuple[tuple[str, str, bool, bool], ...]


@dataclass(slots=True)
class Token:
    """One normalised word of an answer."""

    word: str  # folded surface form, after glossary and typo correction
    stem: str
    start: int
    end: int
    sentence: int
    clause: int
    stop: bool
    negator: bool


def build_glossary(deck_glossary: Mapping[str, str]) -> Glossary:
    """Glossary keyed by folded word tuples, deck entries over the base ones."""
    out: Glossary = {}
    for source in (BASE_GLOSSARY, deck_glossary):
        for key, value in source.items():
            k = tuple(p for parts, *_ in split_words(key) for p in parts if p)
            v = tuple(p for parts, *_ in split_words(value) for p in parts if p)
            if k and v and k != v:
                out[k] = v
    return out


def _missing_letters(short: str, long: str) -> str | None:
    """The letters of `long` left out when `short` is read as a subsequence of
    it (None when it is not one)."""
    missing = []
    i = 0
    for ch in long:
        if i < len(short) and short[i] == ch:
            i += 1
        else:
            missing.append(ch)
    return "".join(missing) if i == len(short) else None


class Reader:
    """A deck's way of reading: its glossary, and typo correction against `vocabulary`.

    The vocabulary may be given as a function that works it out (`for_deck`): a
    100,000-card deck's takes a second to read, and most answers never need it
    (`correct_typo` says when). Words known to be in it (`know`) are taken as
    such without it.
    """

    def __init__(
        self,
        glossary: Glossary,
        vocabulary: Iterable[str] | Callable[[], frozenset[str]] = (),
    ) -> None:
        self.glossary = glossary
        self._vocabulary: frozenset[str] | None = None
        self._make_vocabulary: Callable[[], frozenset[str]] | None = None
        if callable(vocabulary):
            self._make_vocabulary = vocabulary
        else:
            self._vocabulary = frozenset(vocabulary)
        self._by_letter: dict[str, list[str]] | None = None
        # A big deck's words by first letter, while the whole vocabulary is not
        # worked out (`vocabulary.LetterVocabulary`).
        self.letters: LetterVocabulary | None = None
        self._letter_words: dict[str, list[str]] = {}
        # Called once the vocabulary has been worked out (the grader cache keeps it).
        self.on_vocabulary: Callable[[], None] | None = None
        self.vocabulary_stored = False  # (the deck cache keeps it: nothing to keep)
        # Words of the vocabulary known without it (the glossary's, and those of
        # the cards `know` was told about), while it is not worked out.
        self._known_words: set[str] = glossary_words(glossary)
        self._typo_cache: dict[str, str] = {}
        self._word_cache: dict[str, Analysis] = {}
        # A word as typed -> its parts' analyses, or `_MULTI_ANALYSIS` (`tokens`).
        self._typed_cache: dict[str, Analysis] = {}
        self._phrase_cache: dict[str, list[str]] = {}
        self._content_stems_cache: dict[str, tuple[str, ...]] = {}
        self._text_stems_cache: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._question_stems_cache: dict[str, tuple[str, ...]] = {}
        # One word of a phrase ("log|record") as grading compiles it (patterns.py).
        self.phrase_word_slots: dict[
            str, tuple[frozenset[str], tuple[tuple[str, ...], ...], bool]
        ] = {}
        # Whether `phrase_word_slots` keeps a phrase word of several alternatives
        # ("log|record") too: a deck's lint reads each card once, and such words
        # seldom repeat there, so keeping them would only fill memory.
        self.keep_word_alternatives = True

    @classmethod
    def for_deck(cls, deck: Deck, vocabulary: Iterable[str] | None = None) -> Reader:
        """The deck's reader; `vocabulary` when it is known already (from a cache),
        else worked out when first needed."""
        glossary = build_glossary(deck.glossary)
        if vocabulary is None:
            # A big deck's words kept by the deck cache, else read when first needed.
            parts = stored_words(deck.grading_texts)
            if parts is not None:
                reader = cls(glossary, lambda: vocabulary_of_parts(parts, glossary))
                reader.vocabulary_stored = True
                return reader
            reader = cls(glossary, lambda: deck_vocabulary(deck, glossary))
            if len(deck.cards) >= LETTERS_FROM:
                reader.letters = LetterVocabulary(deck, glossary)
            return reader
        return cls(glossary, vocabulary)

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every word of the deck (worked out on first use when given as a function)."""
        if self._vocabulary is None:
            assert self._make_vocabulary is not None
            self._vocabulary = self._make_vocabulary()
            self._make_vocabulary = None
            self._known_words = set()
            if self.on_vocabulary is not None:
                self.on_vocabulary()
        return self._vocabulary

    @property
    def has_vocabulary(self) -> bool:
        """Has the vocabulary been worked out (or given)?"""
        return self._vocabulary is not None

    def know(self, card: Card) -> None:
        """Take the card's words as the vocabulary's without working it out (a
        card's words are the deck's: an answer to it that uses them needs no
        look at the rest of the deck)."""
        if self._vocabulary is None:
            self._known_words.update(card_vocabulary(card, self.glossary))

    def _by_first_letter(self, letter: str) -> list[str]:
        if self._vocabulary is None and self.letters is not None:
            words = self._letter_words.get(letter)
            if words is None:
                words = self._letter_words[letter] = sorted(self.letters.starting(letter))
            return words
        if self._by_letter is None:
            self._by_letter = {}
            for word in sorted(self.vocabulary):
                self._by_letter.setdefault(word[0], []).append(word)
        return self._by_letter.get(letter, [])

    def _has_word(self, word: str) -> bool:
        """Is `word` (of a letter at least) in the vocabulary?"""
        if self._vocabulary is None and self.letters is not None:
            return self.letters.has(word)
        return word in self.vocabulary

    def _in_vocabulary(self, word: str) -> bool | None:
        """Is `word` in the vocabulary? None when that is not known without
        working the vocabulary out."""
        if self._vocabulary is not None:
            return word in self._vocabulary
        return True if word in self._known_words else None

    # -- answers ----------------------------------------------------------------

    def tokens(self, text: str, correct: bool = True) -> list[Token]:
        """The answer as normalised tokens, glossary applied, typos corrected
        (`correct=False`: not, for the deck's own texts, whose words are all in
        its vocabulary, so correction would change none)."""
        if correct:
            # Grading must stay near 100 us an answer, and this loop runs for
            # every word: one scan, each word as typed looked up once (its
            # parts' analyses together), the tokens made as it goes.
            out: list[Token] = []
            cache, append = self._typed_cache, out.append
            sentence = clause = 0
            for m in scan_pattern(text).finditer(text):
                kind = m.lastgroup
                if kind == "word":
                    infos = cache.get(m.group())
                    if infos is None:
                        infos = self._typed_analysis(m.group())
                    if infos is _MULTI_ANALYSIS:
                        # A multi-word glossary key may start here: read word by word
                        # from here on (no key starts before: they are read alike).
                        return out + self._tokens(text, correct, m.start(), sentence, clause)
                    start, end = m.span()
                    for w, s, stop, negator in infos:
                        append(Token(w, s, start, end, sentence, clause, stop, negator))
                elif kind == "hard":
                    sentence += 1
                    clause += 1
                else:
                    clause += 1
            return out
        return self._tokens(text, correct)

    def _typed_analysis(self, raw: str) -> Analysis:
        """A word as typed: its folded parts' analyses, or `_MULTI_ANALYSIS` when one
        may start a multi-word glossary key (read then with the words after it)."""
        parts = fold_word(raw)
        if not self._multi_word_starts.isdisjoint(parts):
            result = _MULTI_ANALYSIS
        elif len(parts) == 1:
            result = self._analyse(parts[0])
        else:
            result = tuple(info for part in parts for info in self._analyse(part))
        if len(self._typed_cache) < _CACHE_LIMIT:
            self._typed_cache[raw] = result
        return result

    def _tokens(
        self, text: str, correct: bool, pos: int = 0, sentence: int = 0, clause: int = 0
    ) -> list[Token]:
        """`tokens` read word by word, multi-word glossary keys applied; from `pos`
        (the start of a word, in the sentence and clause given) to the end."""
        flat: list[tuple[str, int, int, int, int]] = []
        multi_starts = self._multi_word_starts
        multi = False  # a word that may open a multi-word glossary key
        for m in scan_pattern(text).finditer(text, pos):
            kind = m.lastgroup
            if kind == "word":
                start, end = m.span()
                for part in fold_word(m.group()):
                    flat.append((part, start, end, sentence, clause))
                    if part in multi_starts:
                        multi = True
            elif kind == "hard":
                sentence += 1
                clause += 1
            else:
                clause += 1
        out: list[Token] = []
        analyse = self._analyse
        if not multi:  # deck texts (`tokens` reads answers): one word at a time
            for word, start, end, sentence, clause in flat:
                for w, s, stop, negator in analyse(word, correct):
                    out.append(Token(w, s, start, end, sentence, clause, stop, negator))
            return out
        glossary = self.glossary
        max_key = self._max_glossary_key
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
                                Token(info[0], info[1], start, end, sentence, clause, *info[2:])
                            )
                    i += size
                    continue
            for info in analyse(word, correct):
                out.append(Token(info[0], info[1], start, end, sentence, clause, info[2], info[3]))
            i += 1
        return out

    def content_stems(self, text: str) -> set[str]:
        """The stems of the words of `text` that are not stop words, exactly as
        `tokens` reads them, without making the tokens (the deck lint counts the
        stems of every answer of a deck)."""
        stems = self.plain_content_stems(text)
        if stems is None:
            # A multi-word glossary key may start in it: read as tokens do.
            return {t.stem for t in self.tokens(text) if not t.stop}
        return stems

    def deck_text_stems(self, text: str) -> tuple[frozenset[str], frozenset[str]]:
        """The stems of a deck text's words as `tokens(text, correct=False)` reads
        them, and those of them neither stop words nor negators, without making
        the tokens (the cross-card index reads every reference answer of a deck)."""
        cache = self._text_stems_cache
        every: set[str] = set()
        content: set[str] = set()
        for raw in _WORD_RE.findall(text):
            found = cache.get(raw)
            if found is None:
                found = self._raw_stems(raw)
            if found is None:  # a multi-word glossary key may start here: read as tokens
                tokens = self.tokens(text, correct=False)
                return frozenset(t.stem for t in tokens), frozenset(
                    t.stem for t in tokens if not t.stop and not t.negator
                )
            every.update(found[0])
            content.update(found[1])
        return frozenset(every), frozenset(content)

    def question_stem_set(self, text: str) -> frozenset[str]:
        """`compiled.question_stems`: the stems of `text_words(text)` that are not
        stop words, read word by word (cached) unless a glossary key starts here."""
        cache = self._question_stems_cache
        stems: set[str] = set()
        for raw in _WORD_RE.findall(text):
            found = cache.get(raw)
            if found is None:
                parts = [p for p in fold_word(raw) if p]
                if any(p in self._glossary_starts for p in parts):
                    words = self.text_words(text)
                    return frozenset(stem(w) for w in words if w not in STOPWORDS)
                found = tuple(stem(p) for p in parts if p not in STOPWORDS)
                if len(cache) < _CACHE_LIMIT:
                    cache[raw] = found
            stems.update(found)
        return frozenset(stems)

    def _raw_stems(self, raw: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        every: list[str] = []
        content: list[str] = []
        for part in fold_word(raw):
            if part in self._multi_word_starts:
                return None
            for _, word_stem, stop, negator in self._analyse(part, correct=False):
                every.append(word_stem)
                if not stop and not negator:
                    content.append(word_stem)
        found = (tuple(every), tuple(content))
        if len(self._text_stems_cache) < _CACHE_LIMIT:
            self._text_stems_cache[raw] = found
        return found

    def plain_content_stems(self, text: str) -> set[str] | None:
        """`content_stems` read word by word, each distinct word's stems from a cache;
        None when a word may start a multi-word glossary key (its stems then depend
        on the words after it)."""
        raws = set(_WORD_RE.findall(text))
        cached = list(map(self._content_stems_cache.get, raws))
        found = cast("list[tuple[str, ...]]", cached)
        if None in cached:
            found = [
                stems if stems is not None else self._raw_content_stems(raw)
                for raw, stems in zip(raws, cached, strict=True)
            ]
        if _MULTI in found:
            return None
        return set().union(*found)

    def _raw_content_stems(self, raw: str) -> tuple[str, ...]:
        """A word as typed: the stems of its content words, or _MULTI when one of its
        parts may start a multi-word glossary key; cached."""
        found: list[str] = []
        result = None
        for part in fold_word(raw):
            if part in self._multi_word_starts:
                result = _MULTI
                break
            for _, word_stem, stop, _ in self._analyse(part):
                if not stop:
                    found.append(word_stem)
        if result is None:
            result = tuple(found)
        if len(self._content_stems_cache) < _CACHE_LIMIT:
            self._content_stems_cache[raw] = result
        return result

    def _analyse(self, word: str, correct: bool = True) -> Analysis:
        """A folded word as (word, stem, stop, negator) parts, after typo
        correction and the one-word glossary; cached per word."""
        key = word if correct else "\0" + word
        cached = self._word_cache.get(key)
        if cached is not None:
            return cached
        expansion = self.glossary.get((word,))
        if expansion is None:
            corrected = self.correct_typo(word) if correct else word
            expansion = self.glossary.get((corrected,), (corrected,))
        analysed = tuple((w, stem(w), w in STOPWORDS, w in NEGATORS) for w in expansion)
        if len(self._word_cache) < _CACHE_LIMIT:
            self._word_cache[key] = analysed
        return analysed

    def correct_typo(self, word: str) -> str:
        """The deck word a misspelt word was meant to be, or the word itself.

        Budget by length: one edit from 5 letters, two from 7 (transpositions
        count as one; below 9 letters two edits only to a word at least as long:
        "tableau" is not "table"); a word with the stem of a deck word within
        the budget is a form of it, no typo ("appended" is not "appeared"). The
        first letter must agree, and a word the deck already knows is never
        changed into another: "batch" stays "batch" even though "patch" is one
        edit away, and "online" never becomes "offline".
        """
        cached = self._typo_cache.get(word)
        if cached is not None:
            return cached
        n = len(word)
        if n < 4 or word in STOPWORDS or word in NEVER_CORRECTED or not word.isalpha():
            return self._corrected(word, word)  # never corrected
        known = self._in_vocabulary(word)
        if known is None and self.letters is not None and self.letters.in_first(word):
            known = True  # a big deck's word, found without loading English's word list
        if known:
            return self._corrected(word, word)  # a word the deck knows is never changed
        if n >= 5 and word.endswith("in") and self._dropped_g(word):
            return self._corrected(word, word + "g")  # "tryin", "runnin"
        if known is None and zipf(word) >= ENGLISH_ZIPF:
            # Whatever the deck's words, a real English word stays as it is (below):
            # the vocabulary is not needed to say so.
            return self._corrected(word, word)
        result = word
        if n >= 5 and not self._has_word(word):
            budget = 2 if n >= 7 else 1
            candidates = [w for w in self._by_first_letter(word[0]) if abs(len(w) - n) <= budget]
            scored = process.extract(
                word, candidates, scorer=OSA.distance, score_cutoff=budget, limit=None
            )
            own = stem(word)
            if any(stem(w) == own for w, _, _ in scored):
                scored = []  # a form of a deck word ("appended" for "append"): no typo
            # Two edits below 9 letters: letters dropped or swapped ("vesrons"),
            # not a longer word cut short ("tableau" is not "table").
            scored = [c for c in scored if c[1] < 2 or n >= 9 or len(c[0]) >= n]
            if scored:
                best = min(d for _, d, _ in scored)
                letters = sorted(word)
                # Ties are common ("trian" is one edit from "train" and "trial"):
                # prefer a swap of letters, the commonest typo, then a dropped
                # letter ("traking" is "tracking", not "tracing"), then the same
                # last letter, then alphabetical order, so the result never
                # depends on set order.
                result = min(
                    (w for w, d, _ in scored if d == best),
                    key=lambda w: (
                        sorted(w) != letters,
                        _missing_letters(word, w) is None,
                        w[-1] != word[-1],
                        w,
                    ),
                )
        if result == word and not self._has_word(word):
            result = self._expand_abbreviation(word)
        if result != word and zipf(word) >= ENGLISH_ZIPF:
            # A real English word is what the learner meant ("sales" is not
            # "scales", "layer" not "later"), however close a deck word is.
            result = word
        return self._corrected(word, result)

    def _dropped_g(self, word: str) -> bool:
        """Is the word a deck word ending in "ing" typed without its "g" ("tryin")?
        The vocabulary is worked out only for a common English "-ing" word."""
        ing = word + "g"
        known = self._in_vocabulary(ing)
        if known is None and zipf(ing) >= ENGLISH_ZIPF:
            known = ing in self.vocabulary
        return bool(known)

    def _corrected(self, word: str, result: str) -> str:
        if len(self._typo_cache) < _CACHE_LIMIT:
            self._typo_cache[word] = result
        return result

    def _expand_abbreviation(self, word: str) -> str:
        """The deck word a word typed without some of its vowels stands for
        ("regstr" register, "stging" staging, "clustrs" clusters), or the word.

        The typed letters must appear in order in the deck word, with the same
        first and last letter, at most three letters dropped and at least half
        of those vowels; the closest candidate wins, then alphabetical order.
        """
        best: tuple[int, str] | None = None
        for candidate in self._by_first_letter(word[0]):
            dropped = len(candidate) - len(word)
            if not 0 < dropped <= 3 or candidate[-1] != word[-1]:
                continue
            missing = _missing_letters(word, candidate)
            if missing is None or sum(ch in "aeiou" for ch in missing) * 2 < len(missing):
                continue
            if best is None or (dropped, candidate) < best:
                best = (dropped, candidate)
        return best[1] if best is not None else word

    @cached_property
    def _max_glossary_key(self) -> int:
        return max((len(k) for k in self.glossary), default=1)

    @cached_property
    def _glossary_starts(self) -> frozenset[str]:
        return frozenset(k[0] for k in self.glossary)

    @cached_property
    def _multi_word_starts(self) -> frozenset[str]:
        return frozenset(k[0] for k in self.glossary if len(k) > 1)

    # -- phrases ----------------------------------------------------------------

    def phrase_words(self, text: str) -> list[str]:
        """A phrase's words, normalised like an answer's (no typo correction)."""
        # Decks repeat the same alternatives across many phrases and cards.
        cached = self._phrase_cache.get(text)
        if cached is None:
            cached = self._phrase_cache[text] = self.text_words(text)
        return cached

    def text_words(self, text: str) -> list[str]:
        """Any text's words, normalised as a phrase's, not cached (a whole answer
        of a deck is read once)."""
        words: list[str] = []
        for raw in _WORD_RE.findall(text):  # `scan`'s words, without their places
            words.extend(p for p in fold_word(raw) if p)
        out: list[str] = []
        starts = self._glossary_starts
        i = 0
        while i < len(words):
            if words[i] not in starts:  # most words: no glossary key begins with it
                out.append(words[i])
                i += 1
                continue
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
