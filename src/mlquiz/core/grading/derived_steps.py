"""Which of the standard grading steps decide on a derived card (see `derived`).

A derived card's phrases are guesses at the wordings of each idea, so the
steps that only count phrases leave the verdict to the blend of whole-answer
signals; every other step is evidence about the answer and stands, but two.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlquiz.core.grading.choice import YES_NO_QUESTION
from mlquiz.core.grading.claim_words import HEDGES
from mlquiz.core.grading.compiled import CompiledCard
from mlquiz.core.grading.derive.general import ALONE_ZIPF, everyday, zipf
from mlquiz.core.grading.derive.words import is_variable
from mlquiz.core.grading.evidence import Evidence
from mlquiz.core.text import stem
from mlquiz.core.verdicts import FOUND

if TYPE_CHECKING:
    from mlquiz.core.grading.derived import DerivedIndex

OFF_TOPIC = "about_something_else"
NEGATED = "essential_point_negated"
# The standard steps whose decision the blend may replace: they only count
# phrases (another card's answer is told by terms there, `rivals.other_card`).
# Every other step is evidence about the answer and stands, but two:
_COUNTING_STEPS: frozenset[str] = frozenset(
    {
        "every_essential_point",
        "some_points",
        "vague_direction",
        "nothing_said",
        "term_list",
        "answers_another_card",
        # A wrong list item is one that says none of the card's points while
        # the others do; a derived card's phrases are guesses, so an item they
        # miss is no evidence that it is wrong (SAF's measure split: 5.5% of
        # the answers labeled correct were graded incorrect while this step
        # decided, 2.2% with the blend deciding instead).
        "wrong_list_item",
        # The share of an answer's words a card knows tells little on a
        # derived card, which knows only its reference's words: a right code
        # answer or example uses others. There the blend decides, at most
        # partial (`derived`: the answer may still be about something else).
        OFF_TOPIC,
    }
)
# - a derived phrase negated in a long answer is weak evidence (a long answer
#   says many things, "no measures against loss of data" agrees with "loss of
#   data possible"): it decides only in an answer of at most this many words;
NEGATION_DECIDES_UP_TO = 20
# - a denial ("No, ...") is no evidence against a card whose reference denies,
#   nor on a question that asks yes or no ("Are neural networks recent?").


def decides(step: str, ev: Evidence, index: DerivedIndex) -> bool:
    """Does the standard step's decision stand on this derived card?"""
    if step in _COUNTING_STEPS:
        return False
    if step == "essential_point_negated":
        return len(ev.answer.content) <= NEGATION_DECIDES_UP_TO
    if step == "bare_denial":
        # "No, ..." answers a yes-or-no question: whether it is right is the
        # blend's to say (the reference need not open with its yes or no).
        return not index.denies(ev.compiled) and not YES_NO_QUESTION.search(ev.card.question)
    return True


def negation_in_part(ev: Evidence) -> bool:
    """Does an answer that negates a derived point also say another essential
    point? Then it is part right at least: a derived point is a piece of a
    sentence, cut from what framed it ("no information about | the direction
    to move"), and the answer's negation may well be the reference's own or a
    right "only" ("fit on train, never on test"). Alone, it is incorrect."""
    return any(p.status == FOUND for p in ev.points if p.required)


def asks_for_a_list(compiled: CompiledCard) -> bool:
    """Is every essential point of the card a list that any k of its items
    answer ("Name some shrinkage methods?": ridge, lasso, elastic net)? A bare
    list of terms is then the answer, not a salad of the reference's words."""
    required = [p for p in compiled.card.points if p.required]
    return bool(required) and all(p.need > 1 for p in required)


# Where a list answer's items part: commas, semicolons, "and", "or".
_ITEM_BREAK = re.compile(r"[,;]|\band\b|\bor\b", re.IGNORECASE)


def a_wrong_item(index: DerivedIndex, compiled: CompiledCard, answer: str) -> str | None:
    """On a card that asks for a list, an item of the answer's list none of
    whose words the reference uses ("ridge, lasso and principal components
    regression" for shrinkage methods): the list is not all right."""
    if not asks_for_a_list(compiled):
        return None
    items = [i.strip(" .!?") for i in _ITEM_BREAK.split(answer) if i.strip(" .!?")]
    if len(items) < 2:
        return None
    # A word two of the list's items share ("Ridge Regression", "Lasso
    # Regression") tells no item: the others are the items' own.
    seen: set[str] = set()
    shared: set[str] = set()
    for point in compiled.card.points:
        for phrase in point.phrases if point.required else ():
            stems = _stems(index, phrase.replace("|", " "))
            shared |= stems & seen
            seen |= stems
    terms = index.terms(compiled)
    known = {s for t in terms.words for s in t} | seen
    known.update(s for point in terms.points for t in point for s in t)
    known -= shared
    for item in items:
        if _a_hedge(index, item):
            continue  # "..., and sustainability, not 100% sure": the learner's doubt, no item
        telling = _stems(index, item) - shared - compiled.question_stems
        if telling and not telling & known:
            return item
    return None


def _a_hedge(index: DerivedIndex, item: str) -> bool:
    """Is the item only the learner's doubt ("not 100% sure", "I think")?"""
    words = [t.word for t in index.reader.tokens(item) if not t.stop and not t.negator]
    return bool(words) and all(w in HEDGES or w.isdigit() for w in words)


def _stems(index: DerivedIndex, text: str) -> set[str]:
    return {t.stem for t in index.reader.tokens(text) if not t.stop and not t.negator}


def _letter(term: frozenset[str]) -> bool:
    return all(len(s) == 1 and s.isalpha() for s in term)


def letters_only(said: list[frozenset[str]], words: list[frozenset[str]], reference: str) -> bool:
    """Are the reference's terms an answer says only variables' letters, of a
    reference that is more than letters ("n squared" for "log n
    comparisons")? Notation, no idea: never correct. A letter the reference
    uses as a name ("The C language", "O(n) time") is no variable."""
    if not (said and all(map(_letter, said)) and not all(map(_letter, words))):
        return False
    return all(is_variable(letter, reference) for term in said for letter in term)


# A reference that is a short name: two to five capitalised words, some joined
# by small words ("Platform as a Service"), maybe its acronym in brackets.
_NAME = re.compile(
    r"^\s*((?:[A-Z][\w-]*|of|as|a|an|the|for|and|to|on|in)"
    r"(?:\s+(?:[A-Z][\w-]*|of|as|a|an|the|for|and|to|on|in)){1,6})"
    r"\s*(?:\(\s*([A-Za-z][\w-]*)\s*\))?\s*\.?\s*$"
)
_NAME_GLUE = frozenset("of as a an the for and to on in".split())
NAME_WORDS = (2, 5)


def name_word_alone(reference: str, answer_stems: set[str]) -> str | None:
    """On a reference that is a short name of common words ("Security Groups",
    "Platform as a Service (PaaS)"), does the answer say only a piece of the
    name that names nothing by itself? "incorrect": one word of the name, an
    everyday one ("groups": any group, an IAM group too); "partial": one
    fairly common word ("platform": a platform team is not PaaS).
    None when the answer says the whole name, its acronym, or none of it."""
    match = _NAME.match(reference)
    if not match:
        return None
    words = [w for w in match[1].split() if w not in _NAME_GLUE]
    if not NAME_WORDS[0] <= len(words) <= NAME_WORDS[1]:
        return None
    acronym = match[2]
    if acronym and stem(acronym.lower()) in answer_stems:
        return None
    stems = [stem(w.lower()) for w in words]
    said = [w for w, s in zip(words, stems, strict=True) if s in answer_stems]
    if not said or len(said) == len(words):
        return None
    if len(said) == 1:
        word = said[0].lower()
        if everyday(word):
            return "incorrect"
        if zipf(word) >= ALONE_ZIPF:
            return "partial"
    # Two words of a longer name are left to the rest of the grading: "security
    # token" is not the Security Token Service, but "least privilege" is the
    # Least Privilege Principle and "stepwise" Stepwise Selection (a rule on
    # the missing last word marked those right answers partial).
    return None
