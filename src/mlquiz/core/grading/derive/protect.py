"""Text made safe to cut into ideas (`ideas.cut_ideas`): abbreviations' dots,
one-line list numbers, middle-dot lists and "and so on" out of the way."""

from __future__ import annotations

import re

from mlquiz.core.grading.derive.sections import dot_items

_EG = re.compile(r"\be\.\s?g\.,?", re.IGNORECASE)
_IE = re.compile(r"\bi\.\s?e\.,?", re.IGNORECASE)
_ETC = re.compile(r"\betc\.", re.IGNORECASE)
_SHORT_FORMS = re.compile(r"\b(vs|approx|incl|esp)\.", re.IGNORECASE)
# Any of the four above, to skip them all at once.
_ANY_SHORT_FORM = re.compile(
    r"\b(?:e\.\s?g\.|i\.\s?e\.|etc\.|(?:vs|approx|incl|esp)\.)", re.IGNORECASE
)


# "1. LLM, 2. Prompting, 3. RAG": numbers of a list written on one line.
_INLINE_NUMBER = re.compile(r"(?:(?<=^)|(?<=[,;]\s)|(?<=^- ))\d{1,2}[.)]\s+(?=\S)", re.MULTILINE)
# What every such number has: most answers have none, and this scan is cheap.
_NUMBER_MARK = re.compile(r"\d[.)]\s")


# "and so forth", "and so on": an "etc", not a "so" that opens an idea (a
# point "forth" no answer says).
# "on" only at a clause's end: "and so on retry the task ..." goes on.
_SO_ON = re.compile(r"\b(?:and|or)\s+so\s+(?:forth\b|on\b(?=\s*(?:[.,;)]|$)))", re.IGNORECASE)


# Letters one of the short forms above holds, in lower case ("e.g." holds "g.",
# "i.e." holds "i."): ASCII text with none of them has no short form. Found in
# C, where the case-blind patterns scan every character (a fifth of an answer's
# derivation went to them).
_SHORT_FORM_MARKS = ("g.", "i.", "etc.", "vs.", "approx.", "incl.", "esp.")


def protect(text: str) -> str:
    """Dots of abbreviations out of the way of sentence splitting, the
    numbers of a list written on one line ("1. A, 2. B, 3. C") out of it, and
    middle dots between items read as the commas they stand for, and "and so
    on" read as "etc"."""
    if "·" in text or "•" in text:
        text = dot_items(text)
    # ASCII text lowercased: a case-blind pattern matches there only where the
    # lowercase letters below are (other text is read by the patterns alone).
    lowered = text.lower() if text.isascii() else None
    if (lowered is None or "so" in lowered) and _SO_ON.search(text):
        text = _SO_ON.sub("etc", text)
        lowered = None  # changed: read by the patterns
    if _NUMBER_MARK.search(text) and len(_INLINE_NUMBER.findall(text)) >= 2:
        text = _INLINE_NUMBER.sub("", text)
        lowered = None
    if (
        lowered is None or any(mark in lowered for mark in _SHORT_FORM_MARKS)
    ) and _ANY_SHORT_FORM.search(text):  # most answers have none: one scan, not four
        text = _EG.sub("eg", text)
        text = _IE.sub("ie", text)
        text = _ETC.sub("etc", text)
        text = _SHORT_FORMS.sub(r"\1", text)
    return text
