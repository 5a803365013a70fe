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
