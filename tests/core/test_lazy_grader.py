"""The grader compiles cards as they are played (issue 15): a big deck's first answer
does not wait for every card, and every verdict is the one a grader that compiled
the whole deck first gives. Each test says its rule."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from mlquiz.core.cards import Card, Deck, KeyPoint
from mlquiz.core.decks.library import find_decks, load_deck
from mlquiz.core.grading import cache as grader_cache
from mlquiz.core.grading import deck_cards
from mlquiz.core.grading.grader import Grader
from mlquiz.core.grading.reader import build_glossary, deck_vocabulary
from mlquiz.core.text import split_words
from mlquiz.service import GameService
from tests.support.factories import Scan

# 900 made-up words ("bakodi", "rumesa"): enough for the deck to know 300 stems.
WORDS = [
    a + b + c
    for a in ("ba", "ko", "ru", "mi", "te", "su", "lo", "na", "fe", "gu")
    for b in ("ko", "di", "me", "sa", "lu", "ra", "ni", "po", "ve")
    for c in ("di", "sa", "ta", "mo", "ne", "ri", "ku", "lo", "pe", "zu")
][:900]


def generated_deck(n: int, seed: int = 15) -> Deck:
    """`n` cards of words drawn from a small vocabulary: cards share words, as a
    deck's cards do, so the cross-card checks have something to find."""
    rng = random.Random(seed)

    def words(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(k))

    cards = []
    for i in range(1, n + 1):
        points = tuple(
            KeyPoint(f"point {p}", (words(2), f"{rng.choice(WORDS)}|{rng.choice(WORDS)}"))
            for p in range(rng.randint(2, 3))
        )
        cards.append(Card(str(i), f"What is {words(4)}?", f"It is {words(8)}.", points))
    return Deck("generated", "Generated", "", tuple(cards), glossary={"bk": "bakodi"})


def every_piece_built(grader: Grader) -> Grader:
    """The grader as it was built before issue 15: every card compiled and every
    cross-card piece worked out before the first answer."""
    grader.compiled_state()  # compiles every card, works the vocabulary out
    cross = grader.cross
    cross.knows_at_least(10**9)
    _ = cross.shared
    cross.reference_overlaps({"x"})
    cross._candidate_index()
    for card_id in grader.cards:
        cross._card_patterns(card_id)
    grader._every_reference_form()
    return grader


@pytest.fixture(scope="module")
def builtin() -> Deck:
    return next(d for d in find_decks([]) if d.id == "databricks-mlflow")


def test_a_game_on_a_big_new_deck_grades_its_first_answer_compiling_only_its_card(tmp_path):
    deck = generated_deck(3_000)
    service = GameService(tmp_path / "d", deck_scanner=lambda: Scan([deck]))
    session = service.start_quiz("generated", shuffle=False)
    card = session.current
    assert card is not None
    answered = service.submit(session, card.answer)
    assert answered.attempt.verdict == "correct"
    grader = service.registry.grader(deck)
    assert isinstance(grader, Grader)
    assert grader.compiled_count() == 1
    service.close()


def test_an_answer_that_fits_other_cards_compiles_only_a_few(tmp_path):
    """Another card's reference answer asks which cards it says: their essential
    points are read without compiling them (a handful are compiled to count the
    deck's words)."""
    deck = generated_deck(3_000)
    grader = Grader(deck)
    grader.grade(deck.cards[10], deck.cards[20].answer)
    assert grader.compiled_count() <= 20


def test_every_verdict_is_the_eager_graders_on_the_builtin_deck(builtin):
    """Each card's own, and every other card's, reference answer (the cross-card
    checks' cases), graded first by a new grader or after others in a random order."""
    eager = every_piece_built(Grader(builtin))
    lazy = Grader(builtin)
    pairs = [(a, b) for a in builtin.cards for b in builtin.cards]
    random.Random(15).shuffle(pairs)
    for card, other in pairs:
        assert lazy.grade(card, other.answer) == eager.grade(card, other.answer), (
            card.id,
            other.id,
        )
    for card, other in zip(builtin.cards, builtin.cards[1:] + builtin.cards[:1], strict=True):
        first = Grader(builtin).grade(card, other.answer)
        assert first == eager.grade(card, other.answer), (card.id, other.id)


def test_every_verdict_is_the_eager_graders_on_a_generated_deck():
    deck = generated_deck(300)
    eager = every_piece_built(Grader(deck))
    lazy = Grader(deck)
    rng = random.Random(6)
    for _ in range(400):
        card, other = rng.choice(deck.cards), rng.choice(deck.cards)
        answer = other.answer if rng.random() < 0.5 else f"{other.answer} not sure {card.answer}"
        assert lazy.grade(card, answer) == eager.grade(card, answer), (card.id, other.id)


def test_a_big_decks_first_answer_in_its_own_words_reads_no_other_card(tmp_path, monkeypatch):
    """The card's own words need neither the deck's vocabulary nor any other card,
    and nothing worked out means no cache file (and no deck hash) yet."""
    monkeypatch.setattr(grader_cache, "WHOLE_DECK_CARDS", 100)
    deck = generated_deck(300)
    grader = grader_cache.cached_grader(deck, tmp_path)
    card = deck.cards[5]
    assert grader.grade(card, card.answer) == Grader(deck).grade(card, card.answer)
    assert not grader.reader.has_vocabulary
    assert grader.compiled_count() == 1
    assert grader_cache.load_grader(deck, tmp_path) is None


def test_a_big_decks_cache_holds_its_words_once_a_typo_asked_for_them(tmp_path, monkeypatch):
    """A misspelt word is corrected against every word of the deck; the next start
    reads them from the cache, and compiles only the cards it plays."""
    monkeypatch.setattr(grader_cache, "WHOLE_DECK_CARDS", 100)
    deck = generated_deck(300)
    card = deck.cards[5]
    word = next(w for w in card.answer.split() if len(w) >= 6)
    typo = card.answer.replace(word, word[0] + word[2] + word[1] + word[3:])
    first = grader_cache.cached_grader(deck, tmp_path)
    assert first.grade(card, typo) == Grader(deck).grade(card, typo)
    assert first.reader.has_vocabulary
    grader_cache.wait_for_saves()  # written in a thread, after the grade
    loaded = grader_cache.load_grader(deck, tmp_path)
    assert loaded is not None and loaded.reader.has_vocabulary
    assert loaded.reader.vocabulary == first.reader.vocabulary
    other = deck.cards[7]
    assert loaded.grade(other, other.answer) == Grader(deck).grade(other, other.answer)
    assert loaded.compiled_count() == 1


def test_a_big_decks_cross_card_pieces_are_cached_once_an_answer_asked_for_them(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(grader_cache, "WHOLE_DECK_CARDS", 100)
    deck = generated_deck(300)
    fresh = Grader(deck)
    pairs = [(deck.cards[i], deck.cards[(i * 7 + 3) % 300].answer) for i in range(0, 300, 15)]
    pairs += [(deck.cards[4], "no idea, sorry")]
    # One point of the card said: which card fits it better asks for the stems.
    pairs += [(c, c.points[0].phrases[0] + " " + c.answer[:20]) for c in deck.cards[::50]]
    first = grader_cache.cached_grader(deck, tmp_path)
    for card, answer in pairs:  # works the pieces out as answers ask for them
        assert first.grade(card, answer) == fresh.grade(card, answer), card.id
    stems, candidates = first.cross_state()
    assert stems is not None and candidates is not None
    grader_cache.wait_for_saves()  # written in a thread, after the grade

    read: list[str] = []
    real = deck_cards.DeckCards.required_patterns

    def counted(self, card_id):
        read.append(card_id)
        return real(self, card_id)

    def no_reading(self, card_id):
        raise AssertionError("read every card again")

    monkeypatch.setattr(deck_cards.DeckCards, "required_patterns", counted)
    monkeypatch.setattr(deck_cards.DeckCards, "stems", no_reading)
    monkeypatch.setattr(deck_cards.DeckCards, "point_stems", no_reading)
    again = grader_cache.cached_grader(deck, tmp_path)
    for card, answer in pairs:
        assert again.grade(card, answer) == fresh.grade(card, answer), card.id
    # Only the few cards an answer could say are read, each once.
    assert len(read) == len(set(read)) < 100


def test_a_changed_deck_does_not_use_the_saved_pieces(tmp_path, monkeypatch):
    """The cache is keyed by the deck's content: one edited phrase and the saved
    candidate index is not used (a stale one could miss the edited card)."""
    monkeypatch.setattr(grader_cache, "WHOLE_DECK_CARDS", 100)
    deck = generated_deck(300)
    card, other = deck.cards[9], deck.cards[30]
    first = grader_cache.cached_grader(deck, tmp_path)
    first.grade(card, "zzz qqq")  # works the candidate index out, kept
    grader_cache.wait_for_saves()
    assert grader_cache.load_grader(deck, tmp_path) is not None
    # The other card's first point now says a word only the answer has.
    point = other.points[0]
    edited_point = KeyPoint(point.label, ("xylophone",))
    edited_card = Card(other.id, other.question, other.answer, (edited_point, *other.points[1:]))
    cards = tuple(edited_card if c.id == other.id else c for c in deck.cards)
    edited = Deck(deck.id, deck.title, deck.description, cards, glossary=deck.glossary)
    assert grader_cache.load_grader(edited, tmp_path) is None
    again = grader_cache.cached_grader(edited, tmp_path)
    answer = "xylophone " + " ".join(p.phrases[0] for p in other.points[1:])
    assert again.grade(card, answer) == Grader(edited).grade(card, answer)


def test_saved_cross_card_pieces_that_do_not_fit_the_deck_are_worked_out_again():
    deck = generated_deck(300)
    fresh = Grader(deck)
    card, answer = deck.cards[9], deck.cards[30].answer
    expected = fresh.grade(card, answer)
    needs, codes = fresh.cross_state()[1] or (b"", {})
    for saved in [(needs[1:], codes), (needs + b"\x01", codes)]:
        grader = Grader(deck, None, (None, saved))
        assert grader.grade(card, answer) == expected


def test_a_small_deck_is_cached_whole_and_restored_card_by_card(builtin, tmp_path, monkeypatch):
    grader_cache.cached_grader(builtin, tmp_path)
    card, answer = builtin.card("7"), builtin.card("3").answer
    expected = Grader(builtin).grade(card, answer)

    def no_compiling(reader, card):
        raise AssertionError("compiled again")

    monkeypatch.setattr(deck_cards, "compile_card", no_compiling)
    grader = grader_cache.cached_grader(builtin, tmp_path)
    assert grader.grade(card, answer) == expected
    assert 1 <= grader.compiled_count() < len(builtin.cards)


def vocabulary_word_by_word(deck: Deck) -> frozenset[str]:
    """The deck's vocabulary as it was read before issue 15: each text scanned
    word by word."""
    glossary = build_glossary(deck.glossary)
    texts: set[str] = set()
    for card in deck.cards:
        texts.update((card.question, card.answer, *card.vague, *card.also_true))
        for point in card.points:
            texts.update((point.label, *point.phrases, *point.examples))
            for analogy in point.analogies:
                texts.update(analogy.phrases)
        for confusion in card.confusions:
            texts.update(confusion.phrases)
        for claim in card.false_claims:
            texts.update(claim.phrases)
    words: set[str] = set()
    for text in texts:
        for parts, *_ in split_words(text.replace("|", " ")):
            for part in parts:
                words.update(glossary.get((part,), (part,)))
    for key, value in glossary.items():
        words.update(key)
        words.update(value)
    return frozenset(w for w in words if w and not w.isdigit())


def test_the_deck_vocabulary_is_every_word_the_deck_writes(builtin):
    odd = Card(
        "odd",
        "Don't 'quote' rock`n`roll, l’équipe, ÉCOLE, straße, ﬁle, x_y, 3.5 or a''b?",
        "It isn't `staged` — it's a|b and ‘these’ 42nd café's.",
        (KeyPoint("naïve", ("naïve|simple", "o'clock ... can't")),),
    )
    decks = [builtin, Deck("odd", "Odd", "", (odd,), glossary={"ml": "machine learning"})]
    data = Path(__file__).resolve().parents[1] / "data"
    decks += [load_deck(path) for path in sorted(data.glob("*.toml"))]
    for deck in decks:
        assert deck_vocabulary(deck, build_glossary(deck.glossary)) == vocabulary_word_by_word(
            deck
        ), deck.id


def test_a_texts_words_are_scans_words():
    """Questions and phrases are read word by word without `scan`'s places: the same
    words, glossary applied, as `scan` finds them (its word pattern is the one used)."""
    from mlquiz.core.grading import reader as reader_module
    from mlquiz.core.grading.reader import Reader
    from mlquiz.core.text import SCAN_RE

    assert SCAN_RE.pattern.startswith(f"(?P<word>{reader_module._WORD_RE.pattern})|")
    reader = Reader(build_glossary({"ml": "machine learning", "w o": "without"}))
    texts = [
        "Don't log w o a run; isn't it ML-flow's x_y? e.g. 3.5 — a - b, a''b l’équipe",
        "rock`n`roll ﬁle ÉCOLE straße... 'quoted' (w) o ml.",
    ]
    for text in texts:
        words = [p for parts, *_ in split_words(text) for p in parts if p]
        out, i = [], 0
        while i < len(words):  # the glossary, longest entry first, as before
            for size in range(min(2, len(words) - i), 0, -1):
                expansion = reader.glossary.get(tuple(words[i : i + size]))
                if expansion is not None:
                    out.extend(expansion)
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        assert reader.text_words(text) == out
