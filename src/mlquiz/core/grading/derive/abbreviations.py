"""Abbreviations a deck spells out: "Unity Catalog (UC)", "UC (Unity Catalog)",
"Rectified Linear Unit (ReLU)". A reference answer or a card's title that
spells one out lets a learner use either form (see `ideas.cut_ideas` and
`points`); kept apart from the cutting of ideas, which only asks. A name
joined by hyphens of three names or more ("Karush-Kuhn-Tucker") is written
by its initials (KKT) whether or not the deck says so.
"""

from __future__ import annotations

import re
from collections.abc import Container

# A short form in parentheses: a capital, then up to nine letters or digits.
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z0-9]{1,9}$")
# It starts only where a run of spaces starts (`(?<!\s)`): tried at each space
# of a run, each try read on to its end (a question of "!", 10,000 spaces and
# "x": 0.14 s each time, quadratic). What it finds is unchanged.
_PAREN = re.compile(r"(?<!\s)\s*+\(([^()]*+)\)")


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w).lower()


def abbreviation(before: str, inner: str) -> str | None:
    """'Unity Catalog' for before='... Unity Catalog', inner='UC'."""
    if not _ABBREVIATION.match(inner) or sum(ch.isupper() for ch in inner) < 2:
        return None
    letters = inner[:-1] if inner.endswith("s") and inner[:-1].isupper() else inner
    letters = "".join(ch for ch in letters if ch.isalpha()).lower()
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", before.replace("-", " "))
    for size in range(1, min(len(letters), 8) + 1):
        candidate = words[-size:]
        if len(candidate) < size:
            break
        significant = [w for w in candidate if w.lower() not in {"of", "and", "for", "the", "to"}]
        if _initials(significant) == letters or _initials(candidate) == letters:
            if len(candidate) < 2 and len(letters) > 1:
                return None
            return " ".join(candidate)
    return None


def _prefix_abbreviation(before: str, inner: str) -> str | None:
    """'Rectified Linear Unit' for inner='ReLU': each word gives the short form
    the start of its own (at least its first letter), in order."""
    if not _ABBREVIATION.match(inner) or sum(ch.isupper() for ch in inner) < 2:
        return None
    letters = "".join(ch for ch in inner if ch.isalpha()).lower()
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", before.replace("-", " "))
    for size in range(2, min(len(letters), 6) + 1):
        candidate = words[-size:]
        if len(candidate) == size and _spells(letters, [w.lower() for w in candidate]):
            return " ".join(candidate)
    return None


def _spells(letters: str, words: list[str]) -> bool:
    """Do `letters` split into one non-empty start of each word, in order?"""
    if not words:
        return not letters
    word = words[0]
    for take in range(1, min(len(letters), len(word)) + 1):
        if word[:take] != letters[:take]:
            break
        if _spells(letters[take:], words[1:]):
            return True
    return False


def question_abbreviations(question: str) -> list[tuple[str, str]]:
    """The abbreviations a card's question spells out: a glossary deck titles
    its cards "true positive (TP)", "Rectified Linear Unit (ReLU)"."""
    found: list[tuple[str, str]] = []
    for match in _PAREN.finditer(question):
        inner = match.group(1).strip()
        before = question[: match.start()]
        expansion = abbreviation(before, inner) or _prefix_abbreviation(before, inner)
        if expansion:
            found.append((inner.lower(), expansion.lower()))
            continue
        reverse = reverse_abbreviation(before, inner)
        if reverse:
            found.append(reverse)
    return found


def reverse_abbreviation(before: str, inner: str) -> tuple[str, str] | None:
    """'UC (Unity Catalog)' -> ("uc", "unity catalog")."""
    match = re.search(r"\b([A-Z][A-Za-z0-9]{1,9})\s*$", before)
    if not match or sum(ch.isupper() for ch in match.group(1)) < 2:
        return None
    short = match.group(1)
    expansion = abbreviation(inner, short)
    if expansion and expansion == " ".join(inner.replace("-", " ").split()):
        return short.lower(), inner.strip().lower()
    return None


# Three capitalised names or more joined by hyphens (or en dashes).
_NAMED_COMPOUND = re.compile(r"\b[A-Z][a-z]+(?:[-\u2013][A-Z][a-z]+){2,}\b")


def named_initialisms(text: str, words: Container[str]) -> list[tuple[str, str]]:
    """("kkt", "karush kuhn tucker") for "Karush-Kuhn-Tucker" in `text`: a
    name of several people's names goes by its initials, unless they are one
    of the deck's `words` (its answers' stems)."""
    found: list[tuple[str, str]] = []
    if "-" not in text and "\u2013" not in text:
        return found  # no joined names (most answers): found in C, no scan of every word
    for match in _NAMED_COMPOUND.finditer(text):
        names = re.split(r"[-\u2013]", match.group())
        if (short := _initials(names)) not in words:
            found.append((short, " ".join(names).lower()))
    return found
