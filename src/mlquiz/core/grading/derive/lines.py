"""List lines of a reference answer, as derivation reads them (`ideas.py`):
which line announces a list, and which is an item of one."""

from __future__ import annotations

import re

from mlquiz.core.grading.derive.words import content_units

BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
# How many sentences after a lead-in are looked at for its list lines.
LIST_LOOK = 6


def count_words(text: str) -> int:
    return len(content_units(text))


# A list line of at most this many words names an item, even with a colon.
NAMED_ITEM_WORDS = 4


def named_item(sentences: list[str], number: int) -> bool:
    """ "- Mini-batch Gradient Descent:" after "- Stochastic Gradient Descent":
    a short list line after another is an item; its colon announces no list."""
    line = sentences[number]
    return (
        number > 0
        and bool(BULLET.match(line) and BULLET.match(sentences[number - 1]))
        and max(count_words(line), count_words(sentences[number - 1])) <= NAMED_ITEM_WORDS
    )


def announces(sentences: list[str], number: int) -> bool:
    """Does this sentence announce what follows (a colon), being no item?"""
    return sentences[number].rstrip().endswith(":") and not named_item(sentences, number)


def announces_list(sentences: list[str], number: int) -> bool:
    """Is this sentence a lead-in ("There are mainly two methods for subset
    selection:") to two or more list lines? The list is the answer: a learner
    names its items, not the lead-in's words."""
    if not announces(sentences, number):
        return False
    # The list lines may go on in sentences of their own ("- Supervised: ...
    # labels. Can be used for ..."): the next line and one more are list lines.
    following = [bool(BULLET.match(s)) for s in sentences[number + 1 : number + 1 + LIST_LOOK]]
    return bool(following) and following[0] and sum(following) >= 2
