"""The shortcuts a big deck's first answer takes (issue 15) read what the long way
reads: each test compares the two."""

from __future__ import annotations

import wordfreq

from mlquiz.core.grading.derive import general


def test_the_english_word_list_read_from_its_file_is_wordfreqs_own():
    # Read without importing wordfreq (0.1-0.2 s of a first answer that meets an
    # unknown word): every word, every frequency to the last bit, the same order.
    read = general._read_small_english()
    assert read is not None
    expected = wordfreq.get_frequency_dict("en", wordlist="small")
    assert list(read.items()) == list(expected.items())


def test_without_the_list_file_the_word_list_comes_from_wordfreq(monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    assert general._read_small_english() is None
    monkeypatch.setattr(general, "_FREQUENCIES", None)
    general.zipf.cache_clear()
    try:
        assert general.zipf("the") > 7 and general.zipf("sigmoid") < 4
    finally:
        general.zipf.cache_clear()


def test_a_big_decks_words_of_a_letter_are_its_vocabularys_when_the_search_reads_first(
    monkeypatch,
):
    # In a grader the words searched first are the cross-card search's reference
    # answers (cloze cards have none there: their words are read with the rest).
    # Apostrophes, text outside ASCII, contractions: every word of every text counts.
    import dataclasses

    from mlquiz.core.cards import Cloze
    from mlquiz.core.decks.library import find_decks, load_deck
    from mlquiz.core.grading import cross_index, reader
    from mlquiz.core.grading.grader import Grader
    from mlquiz.core.grading.vocabulary import deck_vocabulary
    from tests.core.test_cross_search import tricky_deck

    deck = tricky_deck(load_deck(find_decks()[0].path), 120, seed=11)
    cloze = Cloze("n1", "The {{c1::zorbulate}} step", 1)
    extra = (
        dataclasses.replace(deck.cards[0], id="c1", answer="zorbulate the marmoset", cloze=cloze),
        dataclasses.replace(
            deck.cards[1], id="c2", answer="O'Blivion can't wont flummox quixotry’s naïveté"
        ),
    )
    deck = dataclasses.replace(deck, cards=deck.cards + extra)
    monkeypatch.setattr(cross_index, "SEARCH_FROM", 0)
    monkeypatch.setattr(reader, "LETTERS_FROM", 0)
    vocabulary = deck_vocabulary(deck, reader.build_glossary(deck.glossary))
    letters = Grader(deck).reader.letters
    assert letters is not None and letters.first_words is not None
    for word in ("zorbulate", "marmoset", "quixotrys", "naivete", "flummox", "oblivion"):
        assert word in vocabulary
    for letter in sorted({w[0] for w in vocabulary}) + ["é", "z"]:
        assert letters.starting(letter) == {w for w in vocabulary if w[0] == letter}, letter
    fresh = Grader(deck).reader.letters  # nothing listed yet: looked up as typed
    assert fresh is not None
    for word in sorted(vocabulary):
        assert fresh.has(word), word
    for word in ("zorbulat", "modle", "registy", "cant", "nott", "2024x", "zzzz"):
        assert fresh.has(word) == (word in vocabulary), word
