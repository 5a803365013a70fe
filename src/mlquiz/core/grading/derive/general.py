"""General English, the layer under every deck: how common a word is.

A word's Zipf frequency (log10 of its uses per billion words, 0 for a word
outside the list, about 7.7 for "the") comes from `wordfreq`'s small English
list, which the package ships. Derivation reads it to tell an everyday word
("columns", "time") from a term ("sigmoid", "parquet"), and the grader of
derived cards to weigh the words of a reference. Nothing here knows a deck:
a deck's own words and synonyms stay in that deck.
"""

from __future__ import annotations

from functools import lru_cache

# Words at least this common never say an idea alone ("time", "server",
# "network"): about one use in 100,000 words. Rarer words ("memory",
# "broadcast", "columns") may, unless many of a deck's cards use them.
EVERYDAY_ZIPF = 5.0
# Words at least this common carry no idea of their own even inside a
# phrase's core ("make", "help", "different", "first").
GENERIC_ZIPF = 5.5
# Participles at least this common say nothing when they are the only word
# of a reference an answer says among its own ("Food that is served." to
# "features are defined, stored and served").
ALONE_ZIPF = 4.5

_FREQUENCIES: dict[str, float] | None = None


def _frequencies() -> dict[str, float]:
    global _FREQUENCIES
    if _FREQUENCIES is None:
        # Imported on first use: loading the list takes ~0.2 s, which only an
        # import or a derived deck's first answer needs.
        import wordfreq

        _FREQUENCIES = wordfreq.get_frequency_dict("en", wordlist="small")
    return _FREQUENCIES


@lru_cache(maxsize=50_000)
def zipf(word: str) -> float:
    """The Zipf frequency of a folded word in general English (0 when unknown)."""
    import math

    frequency = _frequencies().get(word, 0.0)
    return round(math.log10(frequency * 1e9), 2) if frequency > 0 else 0.0


def everyday(word: str) -> bool:
    """Too common in English to say an idea alone."""
    return zipf(word) >= EVERYDAY_ZIPF


def plain_alone(word: str) -> bool:
    """A common participle ("served", "defined"): it tells what is done to a
    thing, not the thing, so alone among the answer's own words it says no idea."""
    if len(word) < 5 or zipf(word) < ALONE_ZIPF or not word.endswith("ed"):
        return False
    return zipf(word[:-1]) > 0 or zipf(word[:-2]) > 0  # "serve", "form"


def generic(word: str) -> bool:
    """So common in English that it carries no idea of its own."""
    return zipf(word) >= GENERIC_ZIPF
