"""A big deck's cross-card pieces and typo vocabulary are found by searching its text
for an answer's stems (grading/cross_search.py, deck_search.py, issue 15), and every
verdict is the one the indexed grader (every stem of every card read first) gives.
Each test says its rule."""

from __future__ import annotations

import dataclasses
import itertools
import random
from array import array

import pytest

from mlquiz.core.cards import Deck
from mlquiz.core.decks.library import find_decks, load_deck
from mlquiz.core.grading import cross_index, reader
from mlquiz.core.grading.deck_search import stem_needle
from mlquiz.core.grading.grader import Grader
from mlquiz.core.grading.vocabulary import deck_vocabulary
from mlquiz.core.text import fold_word, stem

# Words the search must not lose: apostrophes inside and around words, contractions
# with and without them, glossary keys of one and two words, text outside ASCII
# (accents, curly quotes, full-width letters, a ligature, decomposed accents).
TRICKY = [
    "model's",
    "O'Neill",
    "rock'n'roll",
    "can't",
    "won't",
    "dont",
    "wont",
    "aint",
    "shan’t",
    "mightn't",
    "café",
    "naïve",
    "— registry",
    "“quoted” stage",
    "ＭＬflow",
    "w o tracking",
    "b c",
    "w/o runs",
    "ML",
    "dbx",
    "exps",
    "ml flow",
    "2024",
    "x²",
    "a''b",
    "'tis",
    "`artifact`",
    "e\u0301tat",
    "straße",
    "ﬁne-tuning",
    "Registry-wide",
    "re-run",
]


def tricky_deck(builtin: Deck, n: int, seed: int = 15) -> Deck:
    """`n` cards made of the built-in deck's, each with tricky words put into its
    question, its reference answer and its points' phrases."""
    rng = random.Random(seed)

    def spice(text: str) -> str:
        words = text.split()
        for _ in range(rng.randint(0, 3)):
            words.insert(rng.randint(0, len(words)), rng.choice(TRICKY))
        return " ".join(words)

    cards = []
    for i in range(n):
        base = builtin.cards[i % len(builtin.cards)]
        points = tuple(
            dataclasses.replace(
                point, phrases=tuple(spice(p) if rng.random() < 0.3 else p for p in point.phrases)
            )
            for point in base.points
        )
        cards.append(
            dataclasses.replace(
                base,
                id=str(i + 1),
                question=spice(base.question),
                answer=spice(base.answer),
                points=points,
            )
        )
    glossary = {**builtin.glossary, "ml flow": "mlflow", "exp run": "experiment run"}
    return Deck("tricky", "Tricky", "", tuple(cards), glossary=glossary)


def answers_to(deck: Deck, count: int, seed: int = 5) -> list[tuple[str, str]]:
    """Answers of every kind: another card's reference, the card's own, parts of
    either, another card's phrases, typos, tricky words, nothing of the deck."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        card, other = rng.choice(deck.cards), rng.choice(deck.cards)
        kind = rng.randrange(7)
        if kind == 0:
            answer = other.answer
        elif kind == 1:
            answer = card.answer
        elif kind == 2:
            words = rng.choice((card, other)).answer.split()
            answer = " ".join(w for w in words if rng.random() < 0.6)
        elif kind == 3:
            answer = ", ".join(p.phrases[0].split("|")[0] for p in other.points)
        elif kind == 4:
            words = rng.choice((card, other)).answer.split()
            for at in rng.sample(range(len(words)), min(3, len(words))):
                w = words[at]
                if len(w) > 5:  # letters swapped, or one dropped
                    words[at] = w[:2] + w[3] + w[2] + w[4:] if rng.random() < 0.5 else w[:3] + w[4:]
            answer = " ".join(words)
        elif kind == 5:
            answer = " ".join(rng.sample(TRICKY, 4)) + " " + other.question
        else:
            answer = rng.choice(["no idea, sorry", "I think it's w o logging?", "dunno"])
        out.append((card.id, answer))
    return out


@pytest.fixture(scope="module")
def builtin() -> Deck:
    return load_deck(find_decks()[0].path)


def graders(deck: Deck, monkeypatch: pytest.MonkeyPatch) -> tuple[Grader, Grader]:
    """(indexed, searched) graders of the deck."""
    monkeypatch.setattr(cross_index, "SEARCH_FROM", 10**9)
    monkeypatch.setattr(reader, "LETTERS_FROM", 10**9)
    indexed = Grader(deck)
    monkeypatch.setattr(cross_index, "SEARCH_FROM", 0)
    monkeypatch.setattr(reader, "LETTERS_FROM", 0)
    searched = Grader(deck)
    assert indexed.cross.search is None and indexed.reader.letters is None
    assert searched.cross.search is not None and searched.reader.letters is not None
    return indexed, searched


def test_a_searched_deck_grades_every_answer_as_the_indexed_deck(builtin, monkeypatch):
    deck = tricky_deck(builtin, 400)
    indexed, searched = graders(deck, monkeypatch)
    answers = answers_to(deck, 500)
    verdicts = set()
    for card_id, answer in answers:
        want = indexed.grade(card_id, answer)
        got = searched.grade(card_id, answer)
        assert got == want, (card_id, answer)
        other = "another question" in f"{want.confusion} {want.reasons}"
        verdicts.add((want.verdict, other))
    # The answers asked every check: each verdict, and "answers another question".
    assert len({v for v, _ in verdicts}) == 3 and (True in {o for _, o in verdicts})
    # And the searched grader never read the whole deck for it.
    assert searched.cross._card_stems is None and searched.cross._needs is None
    assert not searched.reader.has_vocabulary


def test_a_searched_deck_finds_the_indexed_decks_cards_for_every_stem(builtin, monkeypatch):
    deck = tricky_deck(builtin, 300, seed=19)
    indexed, searched = graders(deck, monkeypatch)
    cards, references = indexed.cross._read_stems()
    every_stem = sorted(set().union(*cards) | set().union(*references.values()))
    search = searched.cross.search
    assert search is not None
    # Reference overlaps (the weights and which cards use a stem) and shared stems.
    for start in range(0, len(every_stem), 40):
        stems = set(every_stem[start : start + 40])
        assert searched.cross.reference_overlaps(stems) == indexed.cross.reference_overlaps(stems)
    indexed_shared = indexed.cross.shared
    assert {s for s in every_stem if s in searched.cross.shared} == set(indexed_shared)
    # Candidates: the cards each of whose essential points a stem of the answer writes.
    needs, codes = indexed.cross._candidate_index()
    rng = random.Random(3)
    point_stems = sorted(codes)
    for _ in range(300):
        said = set(rng.sample(point_stems, rng.randint(1, 30)))
        touched: dict[int, int] = {}
        for s in said:
            for code in array("I", codes.get(s, b"")):
                touched[code >> 3] = touched.get(code >> 3, 0) | 1 << (code & 7)
        want = sorted(n for n, mask in touched.items() if mask == needs[n])
        assert search.point_candidates(said) == want


def test_a_searched_decks_words_of_a_letter_are_its_vocabularys(builtin):
    deck = tricky_deck(builtin, 200, seed=7)
    glossary = reader.build_glossary(deck.glossary)
    vocabulary = deck_vocabulary(deck, glossary)
    letters = reader.LetterVocabulary(deck, glossary)
    for letter in sorted({w[0] for w in vocabulary}) + ["q", "é", "z"]:
        assert letters.starting(letter) == {w for w in vocabulary if w[0] == letter}, letter
    fresh = reader.LetterVocabulary(deck, glossary)  # nothing listed yet: looked up as typed
    for word in sorted(vocabulary):
        assert fresh.has(word), word
    for word in ("modle", "registy", "cant", "nott", "2024x", "zzzz"):
        assert fresh.has(word) == (word in vocabulary), word


def test_every_folded_word_starts_with_its_stems_needle():
    # The search finds a stem's words by what they start with (`stem_needle`):
    # Snowball rewrites at most a stem's last two letters. Every word of wordfreq's
    # English list, its folded forms and random letters.
    import wordfreq

    words = set(itertools.islice(wordfreq.iter_wordlist("en", "large"), 60_000))
    rng = random.Random(1)
    words |= {"".join(rng.choices("abcdeilnorstuy", k=rng.randint(1, 12))) for _ in range(10_000)}
    for word in words:
        for part in fold_word(word):
            if part:
                assert part.startswith(stem_needle(stem(part))), (part, stem(part))


def test_a_card_of_the_deck_changes_no_searched_verdict_of_another(builtin, monkeypatch):
    # The search is kept per stem: a grade never changes what a later one finds.
    deck = tricky_deck(builtin, 250, seed=23)
    answers = answers_to(deck, 120, seed=9)
    _, searched = graders(deck, monkeypatch)
    first = [searched.grade(c, a) for c, a in answers]
    _, again = graders(deck, monkeypatch)
    assert [again.grade(c, a) for c, a in reversed(answers)][::-1] == first


def test_the_tricky_deck_holds_each_tricky_word(builtin):
    deck = tricky_deck(builtin, 400)
    text = " ".join(c.question + " " + c.answer for c in deck.cards)
    assert all(word in text for word in TRICKY)


def test_a_big_decks_cross_card_answer_reads_no_whole_index(monkeypatch):
    # From SEARCH_FROM cards on, another card's reference answer (every cross-card
    # check, a word its card does not use) is graded without indexing every stem
    # or working out the whole vocabulary: memory grows with the cards played.
    from tests.core.test_lazy_grader import generated_deck

    deck = generated_deck(cross_index.SEARCH_FROM)
    grader = Grader(deck)
    card, other = deck.cards[10], deck.cards[1500]
    said = ", ".join(p.phrases[0].split("|")[0] for p in other.points)
    result = grader.grade(card, said + ", bakodix")
    assert "another question" in f"{result.confusion} {result.reasons}"
    assert grader.cross._card_stems is None and grader.cross._needs is None
    assert not grader.reader.has_vocabulary
    assert grader.compiled_count() < 50
