"""The one normaliser of words: what grading and key-point derivation both read.

An answer, a key point's phrase and a reference answer are all read the same
way, so a word said in one matches the same word written in another:

- `fold`: case, compatibility forms (full-width letters, ligatures) and
  accents;
- `fold_word`: a folded word with its contraction spelled out ("don't" and
  "dont" are "do not");
- `scan`: the words of a text with their spans, and where its sentences and
  clauses break;
- `stem`: Snowball's English stem, with the overrides below;
- `STOPWORDS` and `NEGATORS`: the words that carry no content, and those
  that flip the meaning of what follows.

Nothing here knows about decks: a deck's glossary and typo correction
against its vocabulary are the grader's (`grading/reader.py`).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

STOPWORDS = frozenset(
    """
    a an the and or but if then than so as of to in on at by for from with into onto
    over under about via per is are was were be been being am do does did doing done
    have has had having it its it's this that these those there here their them they
    you your yours we our us i me my he she his her him what which who whom whose
    when where why how also just really basically very quite like e g eg ie etc
    can could would should will shall may might must get gets got let lets make makes
    some any thing things stuff way ways kind kinds lot lots much many more most
    use used uses using means mean one's both either whether while
    theres thats whats youre theyre im ive youve weve hes shes
    """.split()
)
# Words that flip the meaning of what follows them.
NEGATORS = frozenset({"not", "no", "never", "nothing", "nobody", "neither", "nor"})

# Contractions written with or without the apostrophe (learners drop it).
CONTRACTIONS: dict[str, tuple[str, ...]] = {
    "cannot": ("can", "not"),
    "cant": ("can", "not"),
    "wont": ("will", "not"),
    "dont": ("do", "not"),
    "doesnt": ("does", "not"),
    "didnt": ("did", "not"),
    "isnt": ("is", "not"),
    "arent": ("are", "not"),
    "wasnt": ("was", "not"),
    "werent": ("were", "not"),
    "couldnt": ("could", "not"),
    "wouldnt": ("would", "not"),
    "shouldnt": ("should", "not"),
    "havent": ("have", "not"),
    "hasnt": ("has", "not"),
    "hadnt": ("had", "not"),
    "mustnt": ("must", "not"),
    "neednt": ("need", "not"),
    "aint": ("is", "not"),
}

_APOSTROPHES = str.maketrans("", "", "'’‘`")


def fold(word: str) -> str:
    """Case, compatibility forms (full-width letters, ligatures) and accents."""
    word = unicodedata.normalize("NFKD", word.casefold())
    if not word.isascii():
        word = "".join(ch for ch in word if not unicodedata.combining(ch))
        word = unicodedata.normalize("NFKC", word)
    return word


def drop_apostrophes(word: str) -> str:
    """'one's' -> 'ones': the apostrophes learners type, or leave out."""
    return word.translate(_APOSTROPHES)


def _expand_contraction(word: str) -> tuple[str, ...]:
    if word.endswith(("n't", "n’t")) and len(word) > 3:
        base = word[:-3]
        base = {"ca": "can", "wo": "will", "sha": "shall"}.get(base, base)
        return (base, "not")
    plain = drop_apostrophes(word)
    if plain in CONTRACTIONS:
        return CONTRACTIONS[plain]
    return (plain,)


# Sized for an import: a 100,000-card deck has over 100,000 distinct words,
# and a smaller cache forgot each one before the next pass over the deck.
@lru_cache(maxsize=500_000)
def fold_word(raw: str) -> tuple[str, ...]:
    """A word as typed, folded, as the one or two words it stands for ("can't": can, not)."""
    return _expand_contraction(fold(raw))


# A word (letters and digits, with inner apostrophes), a hard break (the end
# of a sentence, a semicolon, a new line) or a soft one (a comma, a colon,
# brackets, a dash, an arrow or a "+": a new clause in the same sentence).
SCAN_RE = re.compile(
    r"(?P<word>[^\W_]+(?:['’‘`][^\W_]+)*)"
    r"|(?P<hard>[.!?](?=\s|$)|[;\n])"
    r"|(?P<soft>[,:()\[\]–—→⇒>+]|(?<=\s)-(?=\s))"
)
# `SCAN_RE` for ASCII text (nearly every answer), the same matches twice as fast:
# there `[^\W_]` is exactly `[0-9A-Za-z]`, a bitmap the regex engine tests
# instead of Unicode's categories; and the pattern opens with one class of
# every character a match can start with, so the engine skips from one to the
# next, instead of trying the three alternatives at every space. The first
# character taken, lookbehinds tell which kind it starts, and an empty group
# closing each alternative names it (`lastgroup`), as SCAN_RE's groups do.
_ASCII_WORD = "0-9A-Za-z"
SCAN_ASCII_RE = re.compile(
    rf"[{_ASCII_WORD}.!?;\n,:()\[\]–—→⇒>+\-]"
    rf"(?:(?<=[{_ASCII_WORD}])[{_ASCII_WORD}]*(?:['’‘`][{_ASCII_WORD}]+)*(?P<word>)"
    r"|(?:(?<=[.!?])(?=\s|$)|(?<=[;\n]))(?P<hard>)"
    r"|(?:(?<=[,:()\[\]–—→⇒>+])|(?<=\s-)(?=\s))(?P<soft>))"
)


def scan_pattern(text: str) -> re.Pattern[str]:
    """`SCAN_ASCII_RE` for ASCII text, else `SCAN_RE`: the same matches either way."""
    return SCAN_ASCII_RE if text.isascii() else SCAN_RE


def scan(text: str) -> Iterator[tuple[str, int, int, int, int]]:
    """Each word of `text` as typed: (word, start, end, sentence, clause).

    Sentences and clauses are counted from 0; a hard break starts a new
    sentence (and clause), a soft one a new clause.
    """
    sentence = clause = 0
    for m in SCAN_RE.finditer(text):
        kind = m.lastgroup
        if kind == "word":
            yield m.group(), m.start(), m.end(), sentence, clause
        elif kind == "hard":
            sentence += 1
            clause += 1
        else:
            clause += 1


def split_words(text: str) -> list[tuple[tuple[str, ...], int, int, int, int]]:
    """Words of `text` as (folded parts, start, end, sentence, clause)."""
    return [
        (fold_word(word), start, end, sentence, clause)
        for word, start, end, sentence, clause in scan(text)
    ]


# Where Snowball splits one family or merges two ideas that learners keep apart:
# "experimentation" and "experiment" are one idea, while "Staging" (a registry
# stage) must not become "stage", or every answer mentioning stages would say it.
STEM_OVERRIDES = {
    "staging": "staging",
    "experimentation": "experi",
    "experimentations": "experi",
    "comparison": "compar",
    "comparisons": "compar",
    "registration": "regist",
    "reproduction": "reproduc",
    "generation": "generat",
    "deployments": "deploy",
}

# snowballstemmer ships no type information: this is the one place it is used.
_STEMMER: Any = snowballstemmer.stemmer("english")
# Which Snowball made the stems (the grader cache is only good for the same one):
# snowballstemmer's pure-Python one, or Snowball's C one (PyStemmer) when installed.
_C_STEMMER: Any = sys.modules.get("Stemmer") if type(_STEMMER).__module__ == "Stemmer" else None
STEMMER_VERSION: str = (
    f"PyStemmer {_C_STEMMER.version()}"
    if _C_STEMMER is not None
    else str(getattr(snowballstemmer, "__version__", ""))
)


@lru_cache(maxsize=500_000)  # sized for an import, as `fold_word`
def stem(word: str) -> str:
    """A folded word's stem as grading matches it (Snowball, with the overrides)."""
    # Snowball is ~2 us a word in C (PyStemmer), ~25-100 us in pure Python;
    # answers reuse a small vocabulary. It leaves a number as it is (no suffix of its is a letter):
    # a deck's ids and years are not run through it.
    if word.isdigit() and word.isascii():
        return word
    if word.endswith(_BRITISH_ENDS):
        word = american(word)
    result: str = STEM_OVERRIDES.get(word) or _STEMMER.stemWord(word)
    return result


# British spellings whose Snowball stems differ from the American ones
# ("optimis" for "optimise", "optim" for "optimize"): a learner writes either
# for a reference in the other.
_ISE = re.compile(r"([a-z]{3,})is(e|ed|es|ing|ation|ations|er|ers)")
_YSE = re.compile(r"([a-z]{2,}ly)s(e|ed|es|ing)")
_OUR = re.compile(r"([a-z]{3,})our(s|ed|ing)?")
_TRE = re.compile(r"([a-z]{2,}[tb])re(s)?")
_BRITISH_ENDS = (
    *("se", "sed", "ses", "sing", "ation", "ations", "ser", "sers"),
    *("our", "ours", "oured", "ouring", "tre", "tres", "bre", "bres"),
)
# How common (Zipf, general English) a word must be to vouch for a spelling.
_KNOWN_ZIPF = 3.5
# What an "-ise" verb's root makes as a word ("optim": optimal, "memor": memory):
# "-ise" is then a suffix, not part of the root ("supervise", "precise", "raise").
_ROOT_WORDS = ("", "e", "y", "al", "um", "ty", "ity", "ition")


def american(word: str) -> str:
    """The American spelling of a British one ("normalisation": "normalization",
    "analysed", "behaviour", "centre"), told apart from a word whose "-ise",
    "-our" or "-tre" is its own ("supervised", "precise", "four", "detour") by
    general English's word frequencies (`wordfreq`); else the word itself."""
    from mlquiz.core.grading.derive.general import zipf  # general English's layer

    if m := _ISE.fullmatch(word):
        root = m.group(1)
        known = any(zipf(root + end) >= _KNOWN_ZIPF for end in _ROOT_WORDS)
        # A root that is a word alone or with "e" ("improv(e)", "parad(e)",
        # "expert") vouches for no "-ize" verb: "improvise", "paradise" and
        # "expertise" are words of their own, more common than their "-ize"
        # spelling ("realise" is rarer than "realize", "standardised" unknown too).
        if known and not any(zipf(root + end) >= _KNOWN_ZIPF for end in _ROOT_WORDS[2:]):
            known = zipf(f"{root}iz{m.group(2)}") >= zipf(word)
        if known and not any(
            zipf(root + end) > 0
            for end in ("ision", "isor")  # "revision", "advisor"
        ):
            return f"{root}iz{m.group(2)}"
        return word
    if m := _YSE.fullmatch(word):
        return f"{m.group(1)}z{m.group(2)}"
    if m := _OUR.fullmatch(word):
        if zipf(m.group(1) + "or") >= _KNOWN_ZIPF:
            return f"{m.group(1)}or{m.group(2) or ''}"
        return word
    if (m := _TRE.fullmatch(word)) and zipf(m.group(1) + "er") >= _KNOWN_ZIPF:
        return f"{m.group(1)}er{m.group(2) or ''}"
    return word
