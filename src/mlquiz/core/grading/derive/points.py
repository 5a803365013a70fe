"""Each idea's wordings, and the derived key points of a whole deck.

`derive_deck_points` is the way in: (question, answer) pairs in, key points,
vague wordings and a glossary out (see the package docstring for the rules).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from mlquiz.core.cards import KeyPoint
from mlquiz.core.grading.derive.abbreviations import named_initialisms, question_abbreviations
from mlquiz.core.grading.derive.code import code_glossary, is_joined_name, joined_name
from mlquiz.core.grading.derive.families import family_stems
from mlquiz.core.grading.derive.framing import framing_test, without_frame
from mlquiz.core.grading.derive.ideas import OPTIONAL_ROLES, Idea, cut_ideas
from mlquiz.core.grading.derive.list_answers import enumerated_items
from mlquiz.core.grading.derive.list_phrases import FAR as _FAR
from mlquiz.core.grading.derive.list_phrases import list_points
from mlquiz.core.grading.derive.phrase_lint import DerivedCard, lint_clean
from mlquiz.core.grading.derive.sections import NO_SECTIONS, Sections, deck_sections
from mlquiz.core.grading.derive.split_names import split_name_glossary
from mlquiz.core.grading.derive.words import (
    SHORTHAND,
    PieceStems,
    Unit,
    compound_terms,
    content_units,
    fold,
    is_variable,
    read_units,
)
from mlquiz.core.grading.derive.words import unit as unit_of
from mlquiz.core.parallel import count_each, map_items
from mlquiz.core.text import stem as stem_of

T = TypeVar("T")

MAX_PHRASES = 10
# A card's points stop at this many, once its core has its own: the grader
# still reads the whole reference, but a checklist of hundreds helps no one.
MAX_POINTS = 30
# Pairs of neighbouring words offered per point, besides its whole wording.
MAX_PAIRS = 6
MAX_VAGUE = 8
# A clause with at most this many words of its own may be said by one
# specific term alone ("broadcast" for "broadcasting models").
SHORT_PIECE = 2
# A word is rare when one answer uses it, or at most one answer in this many.
RARE_SHARE = 20
# A word this long (or written as a name: UDF, MLflow, k8s) is a term.
SPECIFIC_LENGTH = 7
MAX_LABEL_WORDS = 7

# --------------------------------------------------------------------------
# Results


@dataclass
class DerivedDeck:
    cards: list[DerivedCard]
    glossary: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------
# Phrases


def _label(text: str, taken: set[str]) -> str:
    words = text.strip(" ,.;:").split()
    while words and words[0].lower() in _LABEL_SKIP and len(words) > 1:
        words.pop(0)
    label = " ".join(words[:MAX_LABEL_WORDS])
    if len(words) > MAX_LABEL_WORDS:
        label += " …"
    label = label or text.strip() or "point"
    base, n = label, 2
    while label in taken:
        label = f"{base} ({n})"
        n += 1
    taken.add(label)
    return label


_LABEL_SKIP = frozenset("a an the to it its they this these there".split())


@dataclass
class _DeckWords:
    """How often each stem appears across the deck's answers (cards, not words)."""

    doc_freq: dict[str, int]
    cards: int
    family: frozenset[str] = frozenset()  # "AWS", "Amazon": families.py
    # Per word as written: the answers above are asked of the same words over
    # and over (a deck of 100,000 cards has far fewer distinct words). Read as
    # `common_of[unit.text]` in the loops over every word of a card: a look-up
    # in C, where a call of `common` per word cost more than the answer.
    common_of: _Memo[bool] = field(init=False)
    frequency_of: _Memo[int] = field(init=False)

    def __post_init__(self) -> None:
        self.common_of = _Memo(lambda text: any(self._common(s) for s in unit_of(text).stems))
        self.frequency_of = _Memo(
            lambda text: max((self.doc_freq.get(s, 0) for s in unit_of(text).stems), default=0)
        )

    def common(self, unit: Unit) -> bool:
        """A word many answers use, as `mlquiz deck check` counts it: in three
        answers or more, and in a quarter of them."""
        return self.common_of[unit.text]

    def _common(self, stem: str) -> bool:
        n = self.doc_freq.get(stem, 0)
        return n >= 3 and n * 4 >= self.cards

    def rare(self, unit: Unit) -> bool:
        """Used by one answer only, or by one in twenty."""
        return all(
            (n := self.doc_freq.get(s, 0)) <= 1 or n * RARE_SHARE <= self.cards for s in unit.stems
        )

    def frequency(self, unit: Unit) -> int:
        return self.frequency_of[unit.text]


class _Memo(dict[str, T]):
    """A dict that works out a missing key's value once (`work(key)`) and keeps it."""

    def __init__(self, work: Callable[[str], T]) -> None:
        super().__init__()
        self.work = work

    def __missing__(self, key: str) -> T:
        value = self[key] = self.work(key)
        return value


def _specific(unit: Unit, deck: _DeckWords) -> bool:
    """A rare, specific term ("Hyperopt", "broadcast", "parquet") that can say
    an idea on its own: rare across the deck's answers, and long or written as
    a name (an acronym, inner capitals, digits), and never an everyday word."""
    if unit.generic or unit.negator or unit.negative or not deck.rare(unit):
        return False
    if unit.everyday:
        return False
    text = unit.text
    letters = "".join(ch for ch in text if ch.isalpha())
    named = (
        (len(letters) >= 2 and letters.isupper())
        or any(ch.isupper() for ch in text[1:])
        or any(ch.isdigit() for ch in text)
    )
    return len(text) >= SPECIFIC_LENGTH or (named and len(text) >= 3)


def _point_phrases(
    idea: Idea,
    question_stems: frozenset[str],
    deck: _DeckWords,
    others: frozenset[str],
    ordered: bool,
    weak: list[Unit] | None = None,
) -> list[str]:
    """The wordings of one idea, most complete first.

    - the content words of the clause in order, with `...` gaps between them;
    - a few pairs of neighbouring content words, the rarest first;
    - one word alone only when that word is the idea: the clause's only word
      of its own, or a rare, specific term of a short clause.

    The idea's other words of its own go into `weak`: the card's vague wordings.
    """
    phrases: list[str] = []
    seen: set[tuple[frozenset[str], ...]] = set()
    # The common words of the clause's compound terms, if any (`compound_terms`).
    defining: list[tuple[Unit, ...]] = []

    def add(
        units: list[Unit] | tuple[Unit, ...], gap: str = " ", own: list[Unit] | None = None
    ) -> None:
        """`own`: the words of `units` that are not the question's, when known."""
        if not units or len(phrases) >= MAX_PHRASES:
            return  # past MAX_PHRASES a phrase is never kept
        if defining and not any(_says_term(units, term) for term in defining):
            return  # "data structure" without "first in first out" says no queue
        key = tuple([u.stems for u in units])
        if key in seen:
            return
        if own is None:
            own = [u for u in units if not u.stems <= question_stems]
        joined = is_joined_name(text)
        if joined:
            # A name's words stay together, as the glossary joins them
            # ("train test split" is `train_test_split`, one word).
            gap = " "
        if not own and not joined:
            # Only the question's words: the grader would never count it. But a
            # name written as words joined ("How do you log a metric?":
            # `mlflow.log_metric`) is one word of the deck's glossary, which
            # the question does not say ("log a metric").
            return
        own = own or list(units)
        if (
            len(units) > 1
            and _variable(own[0], text)
            and all(is_variable(u.text, text) for u in own)
        ):
            return  # "n comparisons" of "log n": a variable's letter is said by any formula
        if len(units) == 2 and units[0].text == "no" and deck.common(units[1]):
            return
        seen.add(key)
        phrases.append(gap.join([u.phrase_text for u in units]))

    def own_word(unit: Unit) -> bool:
        return not unit.stems <= question_stems

    if len(idea.alternatives) == 1 and is_joined_name(idea.alternatives[0]):
        # A name called in code (`code.py`): said as the one word the deck's
        # glossary reads it as, typed (`log_metric`) or in words ("log metric"),
        # not by the question's "log a metric".
        return [joined_name(idea.alternatives[0].strip())]
    singles: list[Unit] = []  # one word that is the whole idea
    for text in idea.alternatives:
        content = content_units(text)
        defining = []
        if not content:
            continue
        negated = [i for i, u in enumerate(content) if u.negator]
        if negated:
            # A negation is part of the idea ("does not fit"): every phrase keeps
            # it, or an answer saying the same would read as contradicting it.
            n = negated[0]
            add(content, _FAR)
            add(content[n : n + 2])
            add(content[n : n + 3])
            # "not able to change" denies it, "cannot change" says it ("no need to" denies nothing).
            to = _DENIED_AFTER_TO.search(text)
            if to and len(content) > n + 2 and content[n + 2].text.lower() == to[1].lower():
                add([content[n], content[n + 2]], _FAR)
            if len(content) > NEGATED_LONG:
                # A long clause with a negation inside ("combines simple and not
                # very accurate classifiers into a strong one"): its words away
                # from the negation say the rest of the idea, and a right answer
                # need not repeat the negated detail.
                for pair in _pairs_apart(content, negated, deck, own_word)[:MAX_PAIRS]:
                    add(pair)
            continue
        # Common words joined into a term before its noun ("a first in first out
        # data structure") define it: every phrase of the clause keeps them all.
        terms = compound_terms(read_units(text))
        if terms:
            defining = [term[:-1] for term in terms]
            kept = {u for term in defining for u in term}
            # "refers to the process of assigning ...": the frame is no word to say.
            core = without_frame([u for u in content if not u.generic or u in kept])
            for term in terms:
                add(term)
        else:  # most clauses: no term, no set of its words to look each word up in
            core = without_frame([u for u in content if not u.generic])
        if not core or (len(core) == 1 and deck.common(core[0])):
            # "related runs": alone, "runs" would match answers about anything.
            core = list(content)
        owns = [not u.stems <= question_stems for u in core]  # own_word of each
        own = [u for u, mine in zip(core, owns, strict=True) if mine]
        # Its own words but a family's ("AWS"), which name no one product alone.
        named = [mine and not u.stems <= deck.family for u, mine in zip(core, owns, strict=True)]
        naming = [u for u, n in zip(core, named, strict=True) if n]
        add(core, _FAR if len(core) > 2 else " ", own)
        if len(content) <= SHORT_PIECE + 1:
            add(content)  # the short clause as written: "provides versioning"
        if len(core) == 2:
            add([core[1], core[0]])  # "model training" is also "training models"
        for i, unit in enumerate(core):
            if not unit.negative:
                continue
            # "overhead is unnecessary" is also "no overhead", and "reduces
            # duplication" is "no duplication": without this phrase the grader
            # would read "no overhead" as a contradiction.
            for other in core[max(i - 1, 0) : i] + core[i + 1 : i + 2]:
                if own_word(other) and not other.negative and not deck.common(other):
                    add([unit_of("no"), other])
        pairs: list[tuple[int, int]] = []  # places in `core`
        commons: list[bool] = []
        if len(core) > 2:
            # Each word's answers, asked once here rather than once per pair.
            common_of, frequency_of = deck.common_of, deck.frequency_of
            commons = [common_of[u.text] for u in core]
            frequencies = [frequency_of[u.text] for u in core]
            # Neighbours first, then words one apart; the rarer pairs first
            # (their summed frequency), in the answer's order when equal.
            for distance in (1, 2):
                ranked = []
                for i in range(len(core) - distance):
                    j = i + distance
                    if not (named[i] or named[j]):  # "AWS Resource": no name
                        continue
                    if commons[i] and commons[j]:
                        continue  # two everyday words of the deck say nothing together
                    ranked.append((frequencies[i] + frequencies[j], i))
                ranked.sort()
                for _, i in ranked[: MAX_PAIRS - len(pairs)]:
                    pairs.append((i, i + distance))
                if len(pairs) >= MAX_PAIRS:
                    break
        before = len(singles)
        if ordered:
            # A step of a sequence is short; its own words name it.
            singles.extend(own)
        elif len(naming) == 1 and (len(content) == 1 or not deck.common(naming[0])):
            singles.append(naming[0])  # the clause's one word of its own is the idea
        elif len(naming) <= SHORT_PIECE:
            singles.extend(u for u in naming if _specific(u, deck) and not (u.stems & others))
        chosen = singles[before:]
        for unit in chosen:
            if len(unit.text) >= 3 or unit.text.isupper():
                add([unit])
        if weak is not None:
            if chosen:
                weak.extend(u for u in own if u not in chosen and not u.negative)
            else:
                weak.extend([u for u in own if not u.negative])
        # `add(pair)` for each pair, without its general steps: a pair has a word
        # of its own (`ranked` kept no other), and its words' answers are known.
        for i, j in pairs:
            if len(phrases) >= MAX_PHRASES:
                break
            first, second = core[i], core[j]
            if defining and not any(_says_term((first, second), term) for term in defining):
                continue
            key = (first.stems, second.stems)
            if key in seen:
                continue
            if (not owns[i] or _variable(first, text)) and (not owns[j] or _variable(second, text)):
                continue  # every word of its own is a variable's letter
            if first.text == "no" and commons[j]:
                continue
            seen.add(key)
            phrases.append(f"{first.phrase_text} {second.phrase_text}")
    return phrases[:MAX_PHRASES]


def _variable(unit: Unit, text: str) -> bool:
    """`is_variable(unit.text, text)`, asked only of a word of one letter."""
    return len(unit.text) == 1 and is_variable(unit.text, text)


def _says_term(units: Sequence[Unit], term: tuple[Unit, ...]) -> bool:
    """Are the words of `term` all in `units`, in order ("first first out")?"""
    rest = iter(units)
    return all(any(u == word for u in rest) for word in term)


_DENIED_AFTER_TO = re.compile(
    r"\b(?:not|never)\s+(?:able|allowed|possible|permitted)\s+to\s+([^\W\d_]+)", re.IGNORECASE
)
# A negated clause with more words than this also gets pairs of its words
# that stand apart from the negation.
NEGATED_LONG = 4


def _pairs_apart(
    content: Sequence[Unit], negated: list[int], deck: _DeckWords, own_word: Callable[[Unit], bool]
) -> list[list[Unit]]:
    """Pairs of neighbouring words of a clause, none of them a negator or the
    word just after one (what it negates), rarest first; within one stretch
    between negations, so no pair spans what is denied."""
    banned = {i for n in negated for i in (n, n + 1)}
    ranked: list[tuple[tuple[int, int], list[Unit]]] = []
    for i, first in enumerate(content):
        for j in range(i + 1, min(i + 3, len(content))):
            if banned & set(range(i, j + 1)):
                continue
            second = content[j]
            if first.generic or second.generic or first.negative or second.negative:
                continue
            if not (own_word(first) or own_word(second)):
                continue
            if deck.common(first) and deck.common(second):
                continue
            rank = (j - i, deck.frequency(first) + deck.frequency(second))
            ranked.append((rank, [first, second]))
    ranked.sort(key=lambda item: item[0])
    return [pair for _, pair in ranked]


def _card_points(
    question: str, answer: str, deck: _DeckWords, sections: Sections = NO_SECTIONS
) -> tuple[DerivedCard, list[tuple[str, str]]]:
    question_stems = frozenset(s for u in content_units(question) if not u.negator for s in u.stems)
    frames = framing_test(question_stems, deck.common)
    ideas, ordered, abbreviations = cut_ideas(answer, question, frames, sections)
    # Stems per idea, to keep a word two points share from counting alone.
    idea_stems: list[frozenset[str]] = []
    for idea in ideas:
        said: set[str] = set()
        for text in idea.alternatives:
            for u in content_units(text):
                if not u.generic:
                    said.update(u.stems)
        idea_stems.append(frozenset(said))
    # How many ideas use each stem: a stem another idea also uses never counts
    # alone (one pass, so a 1 MB answer of 10,000 ideas stays linear).
    uses: dict[str, int] = {}
    for stems in idea_stems:
        for s in stems:
            uses[s] = uses.get(s, 0) + 1
    points: list[KeyPoint] = []
    in_core: list[bool] = []  # whether each point comes from the answer's core
    framing: list[bool] = []  # whether each point only frames the definition
    taken: set[str] = set()
    weak: list[Unit] = []
    enumeration = set() if ordered else enumerated_items(ideas, question)
    items: list[tuple[str, str]] = []  # (label, phrase) of each enumerated item
    for index, idea in enumerate(ideas):
        if len(points) >= MAX_POINTS and (idea.role in OPTIONAL_ROLES or idea.place == "more"):
            continue  # a very long answer: its elaboration past this gives no more points
        own = idea_stems[index]
        others = frozenset(s for s in own if uses[s] > 1)
        if idea.reply:
            label = _label(idea.label_text, taken)
            required = idea.role not in OPTIONAL_ROLES
            points.append(KeyPoint(label, tuple(idea.alternatives), required))
            in_core.append(idea.place != "more")
            framing.append(False)
            continue
        phrases = _point_phrases(idea, question_stems, deck, others, ordered, weak)
        if not phrases:
            continue
        if index in enumeration:
            items.append((idea.label_text.strip(" ,.;:"), phrases[0]))
            if len(items) == 1:
                points.append(KeyPoint("", (), True))  # the list's place, filled below
                in_core.append(True)
                framing.append(False)
            continue
        required = idea.role not in OPTIONAL_ROLES
        points.append(KeyPoint(_label(idea.label_text, taken), tuple(phrases), required))
        in_core.append(idea.place != "more")
        framing.append(idea.frame)
    if items:
        at = next(i for i, p in enumerate(points) if not p.phrases)
        made = list_points(items, question, question_stems, lambda text: _label(text, taken))
        points[at : at + 1] = made
        in_core[at : at + 1] = [True] * len(made)
        framing[at : at + 1] = [False] * len(made)
    if sections.labels and points and not any(p.required for p in points):
        # Nothing before the deck's first label says a point ("A CDN. KEYWORDS:
        # edge · cache"): the sections are the answer, read as written
        # without the labels' words.
        return _card_points(question, sections.strip_labels(answer), deck)
    if points and not any(p.required for p in points):
        # Only examples or details: the answer is what they are, those of its
        # core when it has any ("We can detect it using VIF": "using VIF"),
        # not every note of the elaboration after it; and what the core says
        # past its frame ("refers to the process of | using a trained model").
        if any(here and not frame for here, frame in zip(in_core, framing, strict=True)):
            in_core = [here and not frame for here, frame in zip(in_core, framing, strict=True)]
        core = any(in_core)
        points = [
            KeyPoint(p.label, p.phrases, True) if here or not core else p
            for p, here in zip(points, in_core, strict=True)
        ]
    if not points:
        points = [_fallback_point(answer, question_stems)]
    points = _at_most_required(points)
    ordered = ordered and sum(p.required for p in points) >= 2
    return DerivedCard(tuple(points), ordered, _vague(weak, question_stems, deck)), abbreviations


# A long reference requires at most this many points (its first ones); the
# rest of its core is optional elaboration: a learner answers a question in a
# few ideas, not in every clause of a paragraph.
MAX_REQUIRED = 6


def _at_most_required(points: list[KeyPoint]) -> list[KeyPoint]:
    out: list[KeyPoint] = []
    required = 0
    for point in points:
        if point.required:
            required += 1
            if required > MAX_REQUIRED:
                point = KeyPoint(point.label, point.phrases, False, point.need)
        out.append(point)
    return out


def _vague(weak: list[Unit], question_stems: frozenset[str], deck: _DeckWords) -> tuple[str, ...]:
    """The words of the answer that point the right way without saying a
    point: rarer ones first, none the deck uses everywhere, none too short."""
    seen: set[frozenset[str]] = set()
    words: list[Unit] = []
    common_of = deck.common_of
    for unit in weak:
        # (A generic word is an everyday one too.) The word's own tests first.
        if unit.everyday or len(unit.text) < 4 or unit.stems in seen or common_of[unit.text]:
            continue
        seen.add(unit.stems)
        words.append(unit)
    # Rarer first (a stable sort: in the answer's order when equal), each word's
    # frequency looked up once, in C.
    frequencies = [deck.frequency_of[u.text] for u in words]
    order = sorted(range(len(words)), key=frequencies.__getitem__)
    return tuple([words[i].phrase_text for i in order[:MAX_VAGUE]])  # (`Unit.phrase`)


def _fallback_point(answer: str, question_stems: frozenset[str]) -> KeyPoint:
    """An answer with nothing to cut (e.g. "Yes."): the answer's own words."""
    units = [u for u in read_units(answer)]
    words = [u for u in units if not (u.stems <= question_stems)] or units
    text = " ".join([u.phrase_text for u in words]) if words else answer.strip()
    return KeyPoint(_label(answer, set()), (text or "answer",), True)


def derive_deck_points(cards: list[tuple[str, str]]) -> DerivedDeck:
    """Key points for every (question, answer), and the deck's glossary.

    Points come from an answer's first DERIVE_CHARS characters (to a sentence
    end): a longer answer's core is there, its points stop at MAX_POINTS
    anyway, and an import must stay linear in the size of the file. The card
    keeps its whole answer, and the grader reads all of it.
    """
    cards = [(question, _head(answer)) for question, answer in cards]
    doc_freq = count_each(PieceStems().text_stems, [answer for _, answer in cards])
    deck = _DeckWords(doc_freq, len(cards), family_stems(a for _, a in cards))
    sections = deck_sections([a for _, a in cards], [q for q, _ in cards])
    derived: list[DerivedCard] = []
    glossary: dict[str, str] = {}
    for card, abbreviations in map_items(lambda pair: _card_points(*pair, deck, sections), cards):
        derived.append(card)
        for short, meaning in abbreviations:
            glossary.setdefault(short, meaning)
    for question, answer in cards:  # "true positive (TP)"; "Karush-Kuhn-Tucker" is KKT
        named = named_initialisms(answer, doc_freq)
        for short, meaning in question_abbreviations(question) + named:
            glossary.setdefault(short, meaning)
    for words, joined in code_glossary(cards).items():  # "followed by" is `followedBy`
        glossary.setdefault(words, joined)
    for words, joined in split_name_glossary(cards).items():  # "cloud watch"
        glossary.setdefault(words, joined)
    _add_shorthand(glossary, cards)
    return DerivedDeck(lint_clean(derived, cards, glossary), glossary)


# See `derive_deck_points`.
DERIVE_CHARS = 20_000


def _head(answer: str) -> str:
    if len(answer) <= DERIVE_CHARS:
        return answer
    cut = max(answer.rfind(". ", 0, DERIVE_CHARS), answer.rfind("\n", 0, DERIVE_CHARS))
    return answer[: cut + 1 if cut > 0 else DERIVE_CHARS]


_SHORTHAND_WORD = re.compile(r"[^\W_]+")


def _add_shorthand(glossary: dict[str, str], cards: list[tuple[str, str]]) -> None:
    # The deck's words and pairs of neighbouring words, and their stems. Pairs
    # are only looked at when a shorthand or its meaning has two words: a deck
    # of 100,000 answers has millions of distinct pairs, each stemmed in vain.
    pairs: set[str] | None = None
    pair_stems: set[str] = set()
    if any(" " in short or " " in meaning for short, meaning in SHORTHAND.items()):
        texts = [
            [fold(w) for w in _SHORTHAND_WORD.findall(f"{question} {answer}")]
            for question, answer in cards
        ]
        singles = {w for folded in texts for w in folded}
        pairs = {f"{a} {b}" for folded in texts for a, b in zip(folded, folded[1:], strict=False)}
        pair_stems = {" ".join(stem_of(p) for p in w.split()) for w in pairs}
    else:
        # Each distinct word as written, folded once, found in each distinct
        # piece between spaces (no word spans a space): a deck's texts repeat
        # their pieces far more than they differ, and the split is in C.
        pieces: set[str] = set()
        for question, answer in cards:
            pieces.update(question.split())
            pieces.update(answer.split())
        written: set[str] = set()
        for piece in pieces:
            written.update(_SHORTHAND_WORD.findall(piece))
        singles = {fold(w) for w in written}
    single_stems = {" ".join(stem_of(p) for p in w.split()) for w in singles}
    # Abbreviations written in the deck itself ("ML", "UC") must not be
    # re-expanded into something else, nor may a real word of the deck.
    for short, meaning in SHORTHAND.items():
        if short in glossary or short in singles or (pairs is not None and short in pairs):
            continue
        wanted = " ".join(stem_of(p) for p in meaning.split())
        joined = stem_of(meaning.replace(" ", ""))
        if any(w in single_stems or w in pair_stems for w in (wanted, joined)):
            glossary[short] = meaning
