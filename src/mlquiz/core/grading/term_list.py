"""Is the answer a list of terms that states nothing (`Evidence`'s part that asks)?

Nouns strung together ("endpoint kubernetes mlflow latency") can contain a
card's right words without saying how they relate; a telegraphic statement
("SPARK PLATFRM 4 TRAINING MODELS", "standard format load anywhere pyfunc
rest api") or code is no such list.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlquiz.core.grading import topic
from mlquiz.core.grading.claims import _CODE_CHAR_RE
from mlquiz.core.verdicts import FOUND

if TYPE_CHECKING:
    from mlquiz.core.grading.answer import Answer
    from mlquiz.core.grading.claims import Claims
    from mlquiz.core.grading.evidence import PointEvidence

_PUNCTUATION_RE = re.compile(r"[^\w\s'’]")
# Chat shorthand for function words, and symbols that link terms into a claim.
_SHORTHAND = frozenset({"4", "2", "n", "w", "b4", "bc", "cuz", "coz", "thru"})
_HEDGE_WORDS = frozenset({"i", "maybe", "guess", "think", "probably", "perhaps", "idk", "dunno"})
_SURE = frozenset({"not", "sure", "100", "really", "totally", "am", "im"})
_LINKING_SYMBOLS_RE = re.compile(r"\s[+&]\s|\w\+\w|->|=>")
# (Joined once, not at each word tested.)
_HEDGE_OR_SURE = _HEDGE_WORDS | _SURE
_SHORTHAND_OR_HEDGE = _SHORTHAND | _HEDGE_WORDS


class TermList:
    """The term-list questions of `Evidence`, which sets these attributes."""

    answer: Answer
    text: str
    statuses: list[PointEvidence]

    if TYPE_CHECKING:

        @property
        def claims(self) -> Claims: ...

    def unpunctuated(self) -> bool:
        """No punctuation between the words, not even "+" or "/" (remarks left out)."""
        aside = topic.remarks(self.answer)
        tokens = [t for i, t in enumerate(self.answer.tokens) if i not in aside]
        return not _PUNCTUATION_RE.search(self.text, tokens[0].start, tokens[-1].end)

    def is_term_list(self) -> bool:
        """Four or more typed words and not one function word: terms, not a statement.

        Words are counted as typed, so "UDF overhead" is two words even though
        the glossary spells UDF out as three. Chat shorthand for function
        words ("4" for "for", "n" for "and", "+", "=") makes a telegraphic
        statement ("SPARK PLATFRM 4 TRAINING MODELS"), and code
        ("mlflow.start_run()") is no list of terms.
        """
        tokens = self.answer.tokens  # a hedge around the terms ("maybe ...") says nothing
        start, end = 0, len(tokens)
        while start < end and tokens[start].word in _HEDGE_WORDS:
            start += 1
        while start < end and tokens[end - 1].word in _HEDGE_OR_SURE:
            end -= 1
        if aside := topic.remarks(self.answer):
            tokens = [t for i, t in enumerate(tokens) if start <= i < end and i not in aside]
        else:
            tokens = tokens[start:end]
        stated = any(t.stop or t.negator for t in tokens)  # first: it ends at the first one
        if stated or (typed_words := len({t.start for t in tokens})) < 4:
            return False
        typed = {self.text[t.start : t.end].lower() for t in tokens}
        if typed & _SHORTHAND_OR_HEDGE or _LINKING_SYMBOLS_RE.search(self.text):
            return False
        # A few words without separators that key points account for,
        # together, are a phrase ("reproduce exact training data").
        matches = [m for s, m in self.statuses if s == FOUND and m is not None]
        said = {p for m in matches for p in range(m.first, m.last + 1)}
        enough = len(said) * 4 >= sum(i not in aside for i in self.answer.content) * 3
        # One match over three words or more, in a few words: words that go
        # together, not a point per noun ("endpoint kubernetes mlflow latency");
        # or three points or more, each in words that go together ("standard
        # format load anywhere pyfunc rest api"): a telegraphic statement.
        joined = any(m.last - m.first >= 2 for m in matches)
        if enough and joined and typed_words <= 5 and self.unpunctuated():
            return False
        if enough and len(matches) >= 3 and all(m.last > m.first for m in matches):
            return False
        # An item is code only with a code character in it (`claims._CODE_CHAR_RE`):
        # without one in the whole answer, no item needs cutting to tell.
        if not _CODE_CHAR_RE.search(self.text):
            return True
        return not any(item.code for item in self.claims.items)
