"""A name in one word is the same name in two, and the reverse.

Learners type "cloud watch" for a deck's "Cloudwatch" and "autoscaling" for
its "Auto Scaling": the same service, read until now as other words ("None of
the reference answer's key words is there"). The deck's glossary gets, for
each name of its answers:

- a one-word name made of two English words ("Cloudwatch", "CloudFront"):
  the two words, read as the name;
- a two-word name that is the whole answer ("Auto Scaling"): the two
  written as one, read as the two.

Only names (capitalised, rare words themselves) and halves that are no
function words: "another" is never "an other", "notable" never "not able".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mlquiz.core.grading.derive.general import zipf
from mlquiz.core.text import NEGATORS, STOPWORDS

_ONE_WORD = re.compile(r"\b[A-Z][A-Za-z]{5,}\b")
_WORDS = re.compile(r"[a-z]+")
_TWO_WORDS = re.compile(r"\b([A-Z][a-z]{2,}) ([A-Z][a-z]{2,})\b")
# Each half of a split name is a word of the language at least this common
# ("cloud", "watch", "front"), so "Hypervisors" is not "hyper visors".
HALF_ZIPF = 3.0
MIN_HALF = 4  # "cluster ing", "hess ian": a suffix is no word of a name
# An answer of at most this many words may be a two-word name ("Auto Scaling").
SHORT_NAME = 4
# A name is a rare word: "Notable", "Another" (as common as this or more) are
# words of the language, whatever they are made of.
NAME_ZIPF = 3.5


def _function_word(word: str) -> bool:
    return word in STOPWORDS or word in NEGATORS


def _halves(word: str) -> tuple[str, str] | None:
    """The two English words `word` is written of, if any: at its inner
    capital ("CloudWatch"), else at the split whose rarer half is commonest."""
    inner = [i for i, ch in enumerate(word) if ch.isupper() and i > 0]
    low = word.lower()
    cuts = inner if len(inner) == 1 else range(MIN_HALF, len(word) - MIN_HALF + 1)
    best: tuple[float, int] | None = None
    for i in cuts:
        left, right = low[:i], low[i:]
        if len(left) < MIN_HALF or len(right) < MIN_HALF:
            continue
        common = min(zipf(left), zipf(right))
        if _function_word(left) or _function_word(right):
            continue  # "notable" is never "not able", nor "without" "with out"
        if common >= HALF_ZIPF and (best is None or common > best[0]):
            best = (common, i)
    return None if best is None else (low[: best[1]], low[best[1] :])


def split_name_glossary(cards: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Glossary entries (words as typed -> words as the deck writes them),
    from the deck's (question, answer) pairs."""
    cards = list(cards)
    answers = [answer for _, answer in cards]
    out: dict[str, str] = {}
    for answer in answers:
        for m in _ONE_WORD.finditer(answer):
            word = m[0]
            if zipf(word.lower()) >= NAME_ZIPF or word.isupper():
                continue
            halves = _halves(word)
            if halves:
                out.setdefault(" ".join(halves), word.lower())
        if len(answer.split()) > SHORT_NAME:
            continue  # "True Positives" in a sentence's title case is no product name
        for m in _TWO_WORDS.finditer(answer):
            first, second = m[1].lower(), m[2].lower()
            joined = first + second
            if zipf(joined) >= NAME_ZIPF or _function_word(first) or _function_word(second):
                continue  # "Data Base": "database" is a word of its own
            out.setdefault(joined, f"{first} {second}")
    # Two words the deck itself writes apart, in an answer or a question
    # ("Write a function to implement linear regression" beside the class
    # `LinearRegression`), are its prose: read as they are written (else a
    # question's words become a name and a KMeans answer passed the card).
    apart = {key for key in out if " " in key}
    if apart:
        for text in (piece for card in cards for piece in card):
            words = _WORDS.findall(text.lower())
            for pair in zip(words, words[1:], strict=False):
                key = " ".join(pair)
                if key in apart:
                    del out[key]
                    apart.discard(key)
    return out
