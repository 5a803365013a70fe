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
        # Read on first use (an import's or a typo's first look-up), from the list
        # file itself when it is where wordfreq keeps it: importing wordfreq to
        # read it (langcodes, regex, ftfy) took 0.1-0.2 s of a big deck's first answer.
        _FREQUENCIES = _read_small_english()
        if _FREQUENCIES is None:
            import wordfreq

            _FREQUENCIES = wordfreq.get_frequency_dict("en", wordlist="small")
    return _FREQUENCIES


def _read_small_english() -> dict[str, float] | None:
    """`wordfreq.get_frequency_dict("en", "small")`, read from wordfreq's own file
    (`wordfreq.read_cBpack`'s format: gzipped msgpack, a header, then per
    centibel below 0 the list of words that frequent) without importing wordfreq;
    None when the file is not there or not in that format."""
    import gzip
    from importlib.util import find_spec

    try:
        spec = find_spec("wordfreq")  # found, not imported
        if spec is None or not spec.submodule_search_locations:
            return None
        import msgpack  # type: ignore[import-untyped]  # wordfreq's own dependency

        path = f"{list(spec.submodule_search_locations)[0]}/data/small_en.msgpack.gz"
        with gzip.open(path, "rb") as file:
            data = msgpack.load(file, raw=False)
    except (ImportError, OSError, ValueError):
        return None
    header = data[0] if isinstance(data, list) and data else None
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        return None
    frequencies: dict[str, float] = {}
    for index, bucket in enumerate(data[1:]):
        frequency = 10 ** (-index / 100)  # wordfreq.cB_to_freq(-index)
        for word in bucket:
            frequencies[word] = frequency
    return frequencies


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
