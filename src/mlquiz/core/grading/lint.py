"""Deck lint: the key points that cannot grade well, so the deck's author can fix them.

`mlquiz deck check` prints these warnings (they never fail the check), and
key-point derivation leaves out the phrases they name (`derive/`).

Lint reads each phrase as grading compiles it, but asks only for each word's
choices (`phrase_choices`, see `_CardLint`), card by card, with the deck's
reader: no card is compiled, no grader built and no phrase's patterns listed,
so a 100,000-card deck is checked in seconds and in memory that does not grow
with the compiled deck.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from operator import itemgetter
from typing import NamedTuple, cast

from mlquiz.core.cards import Card, Deck
from mlquiz.core.grading.patterns import phrase_choices
from mlquiz.core.grading.reader import Reader, build_glossary
from mlquiz.core.text import STOPWORDS, stem

# Each word of a phrase that is not a stop word, as the stems of its one-word
# alternatives and the stems of each alternative that reads as several words.
Choices = list[tuple[frozenset[str], tuple[tuple[str, ...], ...]]]


class LintWarning(NamedTuple):
    """A tuple, like `_Pending`: a 100,000-card deck can have as many warnings, and
    a frozen dataclass is several times slower to make."""

    card_id: str
    label: str
    message: str

    def __str__(self) -> str:
        return f'card "{self.card_id}", point "{self.label}": {self.message}'


def lint_deck(deck: Deck) -> list[LintWarning]:
    """Key points that cannot grade well, so the deck's author can fix them."""
    lint = DeckLint(deck.glossary)
    for card in deck.cards:
        lint.add(card)
    return lint.warnings()


class DeckLint:
    """The lint of a deck read one card at a time (`add`), as `lint_deck` gives it
    (`warnings`), keeping no card: `mlquiz deck check` streams a deck's cards.

    Whether a phrase's word is one that many answers use depends on every answer
    of the deck, so a phrase whose warning depends on it is kept (its label, its
    text and its one-word slots) until `warnings`; every other warning is decided
    as its card is added.
    """

    def __init__(self, glossary: dict[str, str]) -> None:
        # The deck's reader without its vocabulary (typo correction's targets): it
        # reads phrases without correcting them, and an answer's words are all in
        # the vocabulary (`deck_vocabulary` holds every word of every answer), so
        # correction never changes one. Building the vocabulary would only cost.
        self.reader = Reader(build_glossary(glossary))
        self.reader.keep_word_alternatives = False
        self._doc_freq: Counter[str] = Counter()
        # The answers not counted yet into `_doc_freq` (`_count_answers`): one
        # `Counter.update` per card cost more than the count.
        self._answers: list[str] = []
        self._cards = 0
        # Per card with warnings: its id and its warnings in order, each decided
        # (a LintWarning) or waiting for the deck's common words (see `_Entry`).
        self._drafts: list[tuple[str, list[_Entry]]] = []
        self._words = _PhraseWords(self.reader)
        self._texts = _TextStems(self.reader)

    def add(self, card: Card) -> None:
        self._cards += 1
        answers = self._answers
        answers.append(card.answer)
        if len(answers) >= _ANSWER_BATCH:
            self._count_answers()
        if card.cloze is None:  # a cloze card is graded against its blanks: nothing to lint
            card_lint = _CardLint(self.reader, card, self._words, self._texts)
            draft = card_lint.plain_draft()
            if draft is None:
                draft = card_lint.draft()
            if draft:
                self._drafts.append((card.id, draft))

    def _count_answers(self) -> None:
        """Count the distinct stems of each answer waiting (`_answers`) into
        `_doc_freq`: a few thousand answers in one loop and one `Counter.update`."""
        stems_of, read = self._texts.stems, self.reader.content_stems
        counted: list[str] = []
        for answer in self._answers:
            stems: Collection[str] | None = stems_of(answer)
            counted += read(answer) if stems is None else stems
        self._answers.clear()
        self._doc_freq.update(counted)

    def warnings(self) -> list[LintWarning]:
        # A stem is common when it appears in the answers of a quarter of the
        # cards, and of at least three: in a two-card deck nothing is common.
        cards = self._cards
        self._count_answers()
        common = {s for s, n in self._doc_freq.items() if n >= 3 and n * 4 >= cards}
        common_or_stop = frozenset(common | STOPWORDS)
        plain_stem = self._words.plain.__getitem__
        warnings: list[LintWarning] = []
        drafts, self._drafts = self._drafts, []
        for card_id, draft in drafts:
            for entry in draft:
                if isinstance(entry, LintWarning):
                    warnings.append(entry)
                elif isinstance(entry, _Pending):
                    if common_or_stop.issuperset(entry.singles):
                        warnings.append(LintWarning(card_id, entry.label, _common(entry.phrase)))
                    elif entry.own:
                        warnings.append(LintWarning(card_id, entry.label, _own_words(entry.phrase)))
                elif common:
                    # A plain phrase of one word, not the question's (`plain_draft`):
                    # plain stems are no stop words, so common only if the deck's.
                    label, phrase = entry
                    if common.issuperset(map(plain_stem, phrase.replace("|", " ").split())):
                        warnings.append(LintWarning(card_id, label, _common(phrase)))
        return warnings


class _Pending(NamedTuple):
    """A phrase of one word (a one-slot pattern) whose warning waits for the deck's
    common words: "common" if its stems all turn out common, else "own words" if
    `own` (one of its patterns is all the question's words). A tuple: a
    100,000-card deck makes some 200,000, and a frozen dataclass is three times
    slower to make."""

    label: str
    phrase: str
    singles: tuple[str, ...]  # a tuple is a quarter of a frozenset's size
    own: bool


# A card's warning, decided or pending; or a plain phrase of one word, not the
# question's, as (label, phrase): warned of if its stems turn out common.
_Entry = LintWarning | _Pending | tuple[str, str]


def _common(phrase: str) -> str:
    return (
        f"phrase {phrase!r} is one word that many answers use,"
        " so it will match answers that do not say this point"
    )


def _dead(phrase: str, alternatives: list[str]) -> str:
    named = ", ".join(repr(a) for a in alternatives)
    verb = "is a stop word" if len(alternatives) == 1 else "are stop words"
    return (
        f"phrase {phrase!r}: {named} {verb}"
        " beside other alternatives of its word; answers skip stop words, so it never matches"
        " (write another word, or a phrase of its own without it)"
    )


def _own_words(phrase: str) -> str:
    return f"phrase {phrase!r} is made of the question's own words (it will never count)"


# A phrase word's choices (see `Choices`): none for a stop word.
Choice = tuple[frozenset[str], tuple[tuple[str, ...], ...]]
_NONE: tuple[()] = ()
# `_PhraseWords`' mark for an alternative with no stem (a stop word), and for one the
# glossary makes several words.
_NO_STEM = "\0none"
_MANY = "\0many"  # a piece read as several stems, or as a glossary key
_SEVERAL = "\0several"
_MARKS = (_NO_STEM, _SEVERAL)
# A word of a phrase made of pipes only ("|", "||"): it has no alternative.
# (Starting with the pipe itself, the search skips from pipe to pipe.)
_PIPES_ONLY = re.compile(r"\|(?<!\S\|)\|*(?!\S)")


def _values(table: dict[str, str], keys: list[str]) -> Sequence[str]:
    """`table[key]` for each key (KeyError for one not in it), looked up by an
    itemgetter: in C, without a method call per key, half the time of
    `map(table.get, keys)`."""
    if len(keys) > 1:
        return cast("tuple[str, ...]", itemgetter(*keys)(table))
    return [table[key] for key in keys]


def _pipes_only_word(text: str) -> bool:
    """Whether a word of `text` is made of pipes only. The search tries every
    pipe (~10,000 instructions a card of a generated deck), so it runs only
    when a word may be one: a pipe beside a space or at an edge of the text,
    or whitespace other than spaces (which `isprintable` finds: none of it is
    printable)."""
    return (
        "|" in text
        and (
            " |" in text
            or "| " in text
            or text.startswith("|")
            or text.endswith("|")
            or not text.isprintable()
        )
        and _PIPES_ONLY.search(text) is not None
    )


_NO_STEMS: frozenset[str] = frozenset()
_CACHE_LIMIT = 200_000
_ANSWER_BATCH = 2_000


class _PhraseWords:
    """`phrase_choices` of a deck's phrases, word by word from caches: a word as
    `phrase_choices` reads it alone, and a word of alternatives ("log|record|track",
    seldom repeated: not kept) from the stem of each alternative."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._words: dict[str, Choice | tuple[()]] = {}
        self._stems: dict[str, str] = {}  # an alternative's one stem, or a mark
        # The alternatives (and words) read alone as one word that is not a stop
        # word, with a stem that is not one either: their stem. A phrase made of
        # them only is read by `_CardLint.plain_draft`.
        self.plain: dict[str, str] = {}

    def learn(self, alternatives: list[str]) -> None:
        """Read each alternative not read yet, so that `plain` knows it."""
        stems = self._stems
        for alternative in alternatives:
            if alternative not in stems:
                self._stem(alternative)

    def choices(self, phrase: str) -> Choices:
        words = self._words
        out = []
        found: Choice | tuple[()] | None
        for raw in phrase.split():
            if raw == "...":
                continue
            if "|" in raw:
                found = self._alternatives(raw)
            else:
                found = words.get(raw)
                if found is None:
                    found = self._word(raw)
            if found:
                out.append(found)
        return out

    def stop_alternatives(self, phrase: str) -> list[str]:
        """The alternatives of `phrase` that are stop words beside others that are
        not ("too big|much"): answers skip stop words, so such an alternative never
        matches, while its word still asks for one of the others. (A word whose
        alternatives are all stop words, "to|on", is skipped whole, as a single
        stop word is.)"""
        if "|" not in phrase:
            return []
        dead: list[str] = []
        for raw in phrase.split():
            if "|" not in raw:
                continue
            alternatives = [a for a in raw.split("|") if a and a != "..."]
            stems = [self._stems.get(a) or self._stem(a) for a in alternatives]
            if _NO_STEM in stems and any(s != _NO_STEM for s in stems):
                dead += [a for a, s in zip(alternatives, stems, strict=True) if s == _NO_STEM]
        return dead

    def _word(self, raw: str) -> Choice | tuple[()]:
        read = phrase_choices(self.reader, raw)
        found = read[0] if read else _NONE
        if len(self._words) < _CACHE_LIMIT:
            self._words[raw] = found
        return found

    def _alternatives(self, raw: str) -> Choice | tuple[()]:
        """As `phrase_choices` reads "a|b|c": the stems of its alternatives of one
        word, and each alternative's words when the glossary makes it several."""
        alternatives = raw.split("|")
        cached = list(map(self._stems.get, alternatives))
        stems = cast("list[str]", cached)
        if None in cached:
            stems = [
                found if found is not None else self._stem(alternative)
                for alternative, found in zip(alternatives, cached, strict=True)
            ]
        if _SEVERAL in stems:
            read = phrase_choices(self.reader, raw)
            return read[0] if read else _NONE
        singles = frozenset(stems)
        if _NO_STEM in singles:
            singles = singles - {_NO_STEM}
        return (singles, ()) if singles else _NONE

    def _stem(self, alternative: str) -> str:
        read = phrase_choices(self.reader, alternative)
        if not read:
            found = _NO_STEM
        elif read[0][1]:
            found = _SEVERAL
        else:
            (found,) = read[0][0]
        if len(self._stems) < _CACHE_LIMIT:
            self._stems[alternative] = found
            if found not in _MARKS and found not in STOPWORDS and alternative != "...":
                self.plain[alternative] = found
        return found


class _TextStems:
    """`Reader.plain_content_stems` of a text from the one stem of each of its
    pieces between spaces ("Runs," "model."), in C (split, map, set), for a text
    whose every piece reads as one stem or none (new pieces are learnt first);
    None for any other text. The reader's words never span a space, so a text's
    words are its pieces' words; splitting at spaces is several times quicker
    than finding the words."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._stem: dict[str, str] = {}  # a piece's one content stem, or _NO_STEM

    def stems(self, text: str) -> dict[str, None] | None:
        """The text's content stems, as the keys of a dict (in C, a dict of a text's
        stems is made in about half the time of a set); None as the class says."""
        pieces = text.split()
        known = self._stem
        # One look-up per piece (KeyError for a piece not read yet): the look-ups
        # are most of the lint of a big deck.
        try:
            found = dict.fromkeys(_values(known, pieces))
        except KeyError:
            for piece in pieces:
                if piece not in known:
                    if len(known) >= _CACHE_LIMIT:
                        return None
                    read = self.reader.plain_content_stems(piece)  # None: a glossary key
                    # A piece of several stems ("![a](b") is remembered as such too:
                    # a text repeating it thousands of times asks for it once.
                    if read is None or len(read) > 1:
                        known[piece] = _MANY
                    else:
                        known[piece] = read.pop() if read else _NO_STEM
            found = dict.fromkeys(map(known.__getitem__, pieces))
        if _MANY in found:
            return None
        found.pop(_NO_STEM, None)
        return cast("dict[str, None]", found)


def _gapped_slots(phrase: str) -> list[list[str]]:
    """The slots of a phrase of plain words and gaps ("...", alone or as an
    alternative): each word's alternatives other than "...", for each word that
    has one (a word of gaps only is no slot, as `_PhraseWords.choices` reads it)."""
    if "|" not in phrase:  # each word its only alternative (derived gaps: most phrases)
        return [[word] for word in phrase.split() if word != "..."]
    slots = []
    for word in phrase.split():
        alternatives = [a for a in word.split("|") if a and a != "..."]
        if alternatives:
            slots.append(alternatives)
    return slots


class _CardLint:
    """The lint of one card; each of its phrases is read once.

    Grading compiles a phrase into patterns, one per combination of its words'
    choices (`phrase_slots`), and the lint asks of them, in order, whether one is
    a single slot of common (or stop) words, or slots that are all the question's
    words. Both are answered from each word's choices (`phrase_choices`), as the
    import's lint does (`derive/phrase_lint.py`), without listing the patterns:
    only a phrase of one word has a one-slot pattern (a word the glossary makes
    several words gives two slots or more), its first; and some pattern is all
    the question's words when every word has a choice that is.
    """

    def __init__(self, reader: Reader, card: Card, words: _PhraseWords, texts: _TextStems) -> None:
        self.reader = reader
        self.card = card
        self._words = words
        self._texts = texts
        self._choices: dict[str, Choices] = {}

    def choices(self, phrase: str) -> Choices:
        found = self._choices.get(phrase)
        if found is None:
            found = self._choices[phrase] = self._words.choices(phrase)
        return found

    def question_stems(self) -> frozenset[str]:
        """The stems of the question's words, as compile_card reads them (question
        demoting): word by word when no word can start a glossary entry of several
        words, whose reading depends on the words around it."""
        question = self.card.question
        stems: Collection[str] | None = self._texts.stems(question)
        if stems is None:
            stems = self.reader.plain_content_stems(question)
        if stems is None or "" in stems:  # "" : a word that folds to nothing
            return frozenset(
                stem(w) for w in self.reader.text_words(question) if w not in STOPWORDS
            )
        return frozenset(stems)

    def plain_draft(self) -> list[_Entry] | None:
        """`draft` for a card whose every phrase is made of plain words (see
        `_PhraseWords.plain`), else None: most cards of a big deck, read with a few
        set operations per phrase instead of word by word.

        Every word of such a phrase is a slot of one-word choices (but a gap,
        "...", which is none: `_gapped_slots`), so a phrase that has words does not
        match as one word of several; a phrase of one word waits for the
        deck's common words; and a phrase is all the question's words when every
        alternative's stem is one of them (none is when no stem of the card's
        phrases is one, the usual case).
        """
        card = self.card
        points = card.points
        texts: list[str] = []
        for point in points:
            texts += point.phrases
            if point.examples:
                texts += point.examples
            for analogy in point.analogies:
                texts += analogy.phrases
        for claim in card.false_claims:
            texts += claim.phrases
        for confusion in card.confusions:
            texts += confusion.phrases
        texts += card.also_true
        # A space between phrases: a pipe at a phrase's edge stays at a word's edge.
        joined = " ".join(texts)
        alternatives = joined.replace("|", " ").split()
        gaps = "..." in joined
        if gaps:  # "..." (a gap: derived phrases have many) is no word
            alternatives = [a for a in alternatives if a != "..."]
        plain = self._words.plain
        # One look-up per alternative: KeyError for one that is not plain.
        try:
            alternative_stems = _values(plain, alternatives)
        except KeyError:
            # Words not read yet (a deck's first cards, a rare word): read now,
            # this card is plain too if they all are, rather than read by `draft`.
            self._words.learn(alternatives)
            try:
                alternative_stems = _values(plain, alternatives)
            except KeyError:
                alternative_stems = None
        if alternative_stems is None or _pipes_only_word(joined):
            return None
        stem_of = plain.__getitem__
        # The question's stems as a dict's keys (see `_TextStems.stems`), or as a set.
        question: dict[str, None] | frozenset[str] | None = self._texts.stems(card.question)
        if question is None or "" in question:
            question = self.question_stems()
        if isinstance(question, dict):
            any_own = not question.keys().isdisjoint(alternative_stems)
        else:
            any_own = not question.isdisjoint(alternative_stems)
        question_stems = frozenset(question) if any_own else _NO_STEMS
        warnings: list[_Entry] = []
        for point in points:
            phrases = point.phrases
            if point.required and len(phrases) == 1:
                warnings.append(
                    LintWarning(card.id, point.label, "a required point with a single phrasing")
                )
            for phrase in phrases:
                if gaps and "..." in phrase:
                    slots = _gapped_slots(phrase)
                    if not slots:
                        return None  # a phrase with no words: `draft` says so
                    if len(slots) == 1:
                        stems = tuple(map(stem_of, slots[0]))
                        own = any_own and question_stems.issuperset(stems)
                        warnings.append(_Pending(point.label, phrase, stems, own))
                    elif any_own and question_stems.issuperset(
                        stem_of(a) for slot in slots for a in slot
                    ):
                        warnings.append(LintWarning(card.id, point.label, _own_words(phrase)))
                # (A space inside a stripped phrase: two words or more, no split.)
                elif " " not in phrase and len(phrase.split()) == 1:
                    if not any_own:
                        # Not the question's words: a warning only if its stems all
                        # turn out common, read then (`DeckLint.warnings`), from this
                        # plain tuple (a tenth of a `_Pending`'s making).
                        warnings.append((point.label, phrase))
                        continue
                    # (A stem twice, "log|logs", changes no subset test.)
                    stems = tuple(map(stem_of, phrase.replace("|", " ").split()))
                    own = question_stems.issuperset(stems)
                    warnings.append(_Pending(point.label, phrase, stems, own))
                elif any_own and question_stems.issuperset(
                    map(stem_of, phrase.replace("|", " ").split())
                ):
                    warnings.append(LintWarning(card.id, point.label, _own_words(phrase)))
        return warnings

    def draft(self) -> list[_Entry]:
        """The card's warnings in order, those that depend on the deck's common
        words left pending."""
        card = self.card
        warnings: list[_Entry] = list(self._collapsed_phrases())
        question_stems = self.question_stems()
        for point in card.points:
            if point.required and len(point.phrases) == 1:
                warnings.append(
                    LintWarning(card.id, point.label, "a required point with a single phrasing")
                )
            for phrase in point.phrases:
                choices = self.choices(phrase)
                if not choices:
                    warnings.append(
                        LintWarning(card.id, point.label, f"phrase {phrase!r} has no words")
                    )
                    continue
                own = all(
                    (singles and singles <= question_stems)
                    or (multis and any(question_stems.issuperset(m) for m in multis))
                    for singles, multis in choices
                )
                singles = choices[0][0] if len(choices) == 1 else None
                if singles:
                    if singles <= STOPWORDS:  # common whatever the deck's common words are
                        warnings.append(LintWarning(card.id, point.label, _common(phrase)))
                    else:
                        warnings.append(_Pending(point.label, phrase, tuple(singles), own))
                elif own:
                    warnings.append(LintWarning(card.id, point.label, _own_words(phrase)))
        return warnings

    def _collapsed_phrases(self) -> list[LintWarning]:
        """Phrases of several words that match as one word, because the others
        are stop words ("logged for you" is "logged", "version as of" is
        "version"): they say much less than their author meant."""
        card = self.card
        sources: list[tuple[str, tuple[str, ...]]] = []
        for point in card.points:
            sources.append((point.label, point.phrases + point.examples))
            for analogy in point.analogies:
                sources.append((f"{point.label} (analogy {analogy.tool})", analogy.phrases))
        for n, claim in enumerate(card.false_claims, start=1):
            sources.append((f"false claim {n}", claim.phrases))
        for n, confusion in enumerate(card.confusions, start=1):
            sources.append((f"confusion {n}", confusion.phrases))
        sources.append(("also true", card.also_true))
        warnings = []
        for where, phrases in sources:
            for phrase in phrases:
                dead = self._words.stop_alternatives(phrase)
                if dead:
                    warnings.append(LintWarning(card.id, where, _dead(phrase, dead)))
                choices = self.choices(phrase)
                # A one-slot pattern: one word with one-word alternatives.
                if len(choices) != 1 or not choices[0][0]:
                    continue
                typed = phrase.split()
                if len(typed) - typed.count("...") >= 2:
                    warnings.append(
                        LintWarning(
                            card.id,
                            where,
                            f"phrase {phrase!r} matches as one word: its other words"
                            " are stop words, which answers skip",
                        )
                    )
        return warnings
