"""An answer read by the deck's reader: words before a multi-word glossary key are
read once (the key's reading goes on from its first word) and come out as they
would word by word, with their spans, sentences and clauses."""

from __future__ import annotations

from mlquiz.core.grading.reader import Reader, build_glossary

TEXT = "It's fast, isn't it? Then: the feature store keeps feature values; reuse them."


def test_reading_on_from_a_multi_word_key_gives_the_word_by_word_reading() -> None:
    reader = Reader(build_glossary({"feature store": "offline table"}))
    tokens = reader.tokens(TEXT)
    assert tokens == reader._tokens(TEXT, correct=True)
    words = [t.word for t in tokens]
    assert words[:5] == ["its", "fast", "is", "not", "it"]
    key = words.index("offline")
    assert words[key : key + 3] == ["offline", "table", "keeps"]
    offline, table = tokens[key], tokens[key + 1]
    assert TEXT[offline.start : offline.end] == "feature store" == TEXT[table.start : table.end]
    # "?" ends the first sentence, ":" and ";" open clauses (";" a sentence too).
    assert (offline.sentence, offline.clause) == (1, 3)
    assert (tokens[-1].word, tokens[-1].sentence) == ("them", 2)
    # "feature" alone, not followed by "store", is read as itself.
    assert words[key + 3] == "feature"
