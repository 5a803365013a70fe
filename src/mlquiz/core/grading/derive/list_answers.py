"""A list answer: which ideas are its items, and how many a learner must name.

"Name three regularization methods" answered "L1, L2, dropout and early
stopping": the items become points of which the question's number (or all
of a short list, half of a long one) is needed. This reads the shape of the
question and of the cut answer (`ideas.cut_ideas`), apart from the wordings
of each point (`points.py`), which only asks it which ideas are items and
how many of them are needed.
"""

from __future__ import annotations

import re

from mlquiz.core.grading.derive.ideas import ASKS_FOR_SEVERAL, Idea, asks_for_two, count_words

# Words that state a number of things asked for ("name two ...").
NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

# An enumeration: at least this many short items, each of at most ITEM_WORDS.
MIN_ITEMS = 3
ITEM_WORDS = 4
# Up to this many items, a list answer needs them all; a longer one, half.
ALL_ITEMS_UP_TO = 4


_ASKS_FOR_A_LIST = re.compile(
    r"^\s*(?:what|which) (?:are|were)\b|^\s*(?:name|list|give|state|enumerate)\b"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b",
    re.IGNORECASE,
)


def enumerated_items(ideas: list[Idea], question: str) -> set[int]:
    """The ideas that are the items of the answer's core list, if it has one:
    the list lines after a sentence that announces them ("... are:"), or short
    pieces of one core sentence ("A, B, C and D") when the question asks for
    several things ("What are ...", "Name two ...")."""
    groups: dict[tuple[str, int], list[int]] = {}
    asks = bool(_ASKS_FOR_A_LIST.search(question) or ASKS_FOR_SEVERAL.search(question))
    if not asks and all(idea.place != "item" for idea in ideas):
        return set()  # no idea could be an item
    # "What are the two ...?" is answered by a list of two; so is code that
    # calls two names (`code.py`'s items): both, as one list, of which one
    # wrong call (`log_param` for `log_metric`) leaves the answer short.
    least = 2 if asks_for_two(question) or _code_names(ideas) else MIN_ITEMS
    for index, idea in enumerate(ideas):
        # "Reasoning, planning, using tools": an item may open like a means.
        if idea.role in ("example", "detail") or idea.place == "more":
            continue
        if idea.place != "item" and not asks:
            continue
        key = ("item", -1) if idea.place == "item" else ("core", idea.sentence)
        groups.setdefault(key, []).append(index)
    best: list[int] = []
    for indices in groups.values():
        short = all(
            max(count_words(text) for text in ideas[i].alternatives) <= ITEM_WORDS for i in indices
        )
        if short and len(indices) >= least and len(indices) > len(best):
            best = indices
    return set(best)


# "What are some methods ...?", "Name a few ...", "Examples of algorithms
# used to ...": any two of the list answer it.
_ASKS_FOR_SOME = re.compile(r"\b(?:some|a few|a couple of|examples?)\b", re.IGNORECASE)
# "What is an example of X?": any one of the list answers it.
_ASKS_FOR_ONE = re.compile(r"\b(?:an?|one|single)\s+example\b", re.IGNORECASE)


_NAME = re.compile(r"[A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)*")
# Written as code: qualified, snake_case or camelCase (`df.sort_values`, `keyBy`).
_CODE_NAME = re.compile(r".*(?:\w\.\w|[A-Za-z]_[A-Za-z]|[a-z][A-Z])")


def _code_names(ideas: list[Idea]) -> bool:
    """The list lines of the answer are all names, one at least written as code
    (`code.py`'s items: `readStream.format`, `load`)."""
    items = [idea.label_text.strip(" ,.;:") for idea in ideas if idea.place == "item"]
    return (
        bool(items)
        and all(_NAME.fullmatch(item) for item in items)
        and any(_CODE_NAME.match(item) for item in items)
    )


def items_needed(question: str, items: int) -> int:
    """How many items of a list answer it: as many as the question asks for
    ("name two"), two when it asks for "some" or "a few" of them, else all
    of a short list and half of a long one."""
    for word in re.findall(r"[a-z]+|\d+", question.lower()):
        asked = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
        if asked and 1 <= asked <= items:
            return asked
    if _ASKS_FOR_ONE.search(question):
        return 1
    if _ASKS_FOR_SOME.search(question):
        return min(2, items)
    return items if items <= ALL_ITEMS_UP_TO else (items + 1) // 2
