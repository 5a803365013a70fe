"""A list's items as phrases: without the words every item repeats or the
question says ("word-based, subword-based" said by "word, subword"; "Lasso
Regression" answering "which algorithms ... regression" as "lasso")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from mlquiz.core.cards import KeyPoint
from mlquiz.core.grading.derive.code import is_joined_name
from mlquiz.core.grading.derive.list_answers import items_needed
from mlquiz.core.grading.derive.words import content_units
from mlquiz.core.grading.derive.words import unit as unit_of
from mlquiz.core.text import stem as stem_of

# Between two words of a phrase that may stand apart in an answer.
FAR = " ... "


def without_shared(phrases: Iterable[str], question_stems: frozenset[str]) -> list[str]:
    """List items without the word every one of them repeats when it says
    nothing of its own: a hyphenated ending ("word-based, subword-based,
    character-based" are said by "word, subword, character") or a word of the
    question ("the four layers": "Data layer, Model layer" are "Data, Model").
    "Out of domain data, domain shift" keep their "domain"."""
    phrases = list(phrases)
    split = [[w for w in re.split(r"[\s-]+", p) if w and w != "..."] for p in phrases]
    shared = set.intersection(*({w.lower() for w in words} for words in split))
    suffixes = {w.lower() for p in phrases for w in re.findall(r"(?<=\w)-(\w+)", p)}
    shared = {w for w in shared if w in suffixes or stem_of(w) in question_stems}
    if not shared:
        return phrases
    kept = [[w for w in words if w.lower() not in shared] for words in split]
    if not all(kept):
        return phrases
    return [(FAR if FAR in p else " ").join(words) for p, words in zip(phrases, kept, strict=True)]


def without_asked(phrase: str, question_stems: frozenset[str]) -> str:
    """A list item without the words of the question, when a term of its own
    remains: "Lasso Regression" answers "algorithms ... regression problems"
    as "lasso", "Stochastic Gradient Descent" the variants of gradient descent
    as "stochastic". An everyday word alone ("Model Evaluation") keeps them."""
    far = FAR in phrase
    words = [w for w in phrase.split() if w != "..."]
    kept = [w for w in words if not unit_of(w).stems <= question_stems]
    if not kept or len(kept) == len(words) or any(unit_of(w).everyday for w in kept):
        return phrase
    return (FAR if far else " ").join(kept)


def list_points(
    items: list[tuple[str, str]],
    question: str,
    question_stems: frozenset[str],
    label: Callable[[str], str],
) -> list[KeyPoint]:
    """The point of a list's items ((label, phrase) each), any k of which say it;
    `label` makes a point's label unique on its card.

    Names called in code, some of which the question names in words ("How do
    you log a metric?": `log_metric` beside `start_run`), are two points: the
    names asked for, all needed, and the code around them, optional. The
    asked name is the answer; a wrong call beside the scaffolding
    (`start_run` and `log_param`) says nothing, and the asked call alone does.
    """
    if len(items) == 1:
        return [KeyPoint(label(items[0][0]), (items[0][1],), True)]
    asked = [item for item in items if _asked_name(item[0], question_stems)]
    if asked and len(asked) < len(items):
        rest = [item for item in items if item not in asked]
        return [
            *list_points(asked, question, question_stems, label),
            *[
                KeyPoint(p.label, p.phrases, False, 1)
                for p in list_points(rest, "", question_stems, label)
            ],
        ]
    need = items_needed(question, len(items))
    shown = ", ".join(text for text, _ in items)
    plain_items = [phrase for text, phrase in items if not is_joined_name(text)]
    plain = iter(without_shared(plain_items, question_stems) if plain_items else [])
    # A name called in code is said as written (`points._point_phrases`).
    phrases = tuple(
        dict.fromkeys(
            phrase if is_joined_name(text) else without_asked(next(plain), question_stems)
            for text, phrase in items
        )
    )
    shown = f"{need} of: {shown}" if need < len(items) else shown
    return [KeyPoint(label(shown), phrases, True, min(need, len(phrases)))]


def _asked_name(name: str, question_stems: frozenset[str]) -> bool:
    """A part of the called `name` written as words joined is all the question's
    words (`log_metric` for "How do you log a metric?", `readStream` for "read
    ... as a stream"). Not a class (`LinearRegression` for "implement linear
    regression"): the object built is what the code works on, and the
    question asks what is done with it (`fit`, not `predict`)."""
    if not is_joined_name(name):
        return False
    for part in name.split("."):
        if part[:1].isupper() and not part.isupper():
            continue
        stems = [u.stems for u in content_units(_split_part(part))]
        if len(stems) >= 2 and all(s <= question_stems for s in stems):
            return True
    return False


def _split_part(part: str) -> str:
    return " ".join(re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", part))
