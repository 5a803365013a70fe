"""A rule of the learner's own added to a right answer on a derived card.

On an imported card the blend of whole-answer signals grades an answer that
says the reference correct whatever else it adds, so "athena, but it can
only query csv files" or "lift and shift ...; it always ends up the cheapest
way to run the app" were correct. Such a clause makes an absolute claim
("only", "always", "never", "automatically", "not even") in words the
reference does not use: a rule the learner invented, usually false. It caps
the answer at partial and the feedback quotes the clause.

An "always" in a right answer is as often the reference's own idea in the
learner's words ("a transaction is always all or nothing" for "all of them
take effect or none do"): there the clause's words are the reference's, and
it stands. Milder absolutes ("exactly", "forever", "by itself", a limit
with a number), examples ("like giving the analyst role only select ...")
and stories told in the first person are left alone: on the imported decks'
labeled answers right answers used them as often as wrong ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mlquiz.core.grading.absolutes import absolute_word, beyond_the_reference
from mlquiz.core.grading.derive.general import everyday

if TYPE_CHECKING:
    from mlquiz.core.grading.claims import Item
    from mlquiz.core.grading.compiled import CompiledCard
    from mlquiz.core.grading.evidence import Evidence
    from mlquiz.core.grading.reader import Reader

# Words that make a clause a rule about everything; the word an item must
# say for its absolute to count here (`absolute_word` reads more).
RULE_WORDS = frozenset(
    {"only", "solely", "exclusively", "always", "never", "automatically", "guarantees"}
)
# After a negator: "not even", "no limit", "no way" (`absolutes._ABSOLUTE_AFTER_NOT`).
_AFTER_NOT = frozenset({"even", "limit", "limits", "way"})
# Reference stems that say "only" in other words ("simply", "merely").
_MERELY = frozenset({"simpli", "mere"})
# How an example opens: what it says is one case, not a rule.
_EXAMPLE_OPENERS = ("like ", "e.g", "eg ", "for example", "for instance", "such as")


# An imported deck lists no false claims: the rule cannot know the clause is
# false, only that the reference does not back it, and a learner's true
# "security groups never have deny rules" reads the same (review rev14d).
# So the feedback asks the learner to check the claim, not calls it false.
RIGHT_BUT_UNBACKED = "Right, but with a claim the reference does not make."


def by_sentence(reader: Reader, compiled: CompiledCard) -> list[frozenset[str]]:
    """The stems of each sentence of a card's reference, read as the whole
    reference's are (`compiled.reference_stems`): stop words and negators too."""
    sentences: dict[int, set[str]] = {}
    for tok in reader.tokens(compiled.card.answer, correct=False):
        sentences.setdefault(tok.sentence, set()).add(tok.stem)
    return [frozenset(s) for s in sentences.values()]


def invented_absolute(ev: Evidence, sentences: Sequence[frozenset[str]] = ()) -> str | None:
    """Why the answer is partial when a clause of it makes an absolute claim of
    its own (see `absolute_clause`), quoting the clause; None otherwise.
    `sentences`: the reference's, as `by_sentence` reads them."""
    found = absolute_clause(ev, sentences)
    if found is None:
        return None
    said, words = found
    return f"“{words}”. {beyond_the_reference(said)}"


def absolute_clause(
    ev: Evidence, sentences: Sequence[frozenset[str]] = ()
) -> tuple[str, str] | None:
    """(the absolute, the clause's words) of a clause of the answer that
    makes an absolute claim the reference does not make, in words most of
    which the reference does not use; None when there is none.

    A long reference's "only" backs the answer's only where it speaks of the
    same things: "you pay only for the compute time" is no "only" for "it only
    supports python and nodejs". So with `sentences`, the reference that may
    back an item's absolute is the sentences that share a word with the item."""
    words = ev.answer.words
    if RULE_WORDS.isdisjoint(words) and _AFTER_NOT.isdisjoint(words):
        return None  # most answers: no word that can make such a rule
    claims = ev.claims
    for item in claims.items:
        if item.preamble or claims.told(item.sentence):
            continue
        text = item.text(ev)
        if text.lower().startswith(_EXAMPLE_OPENERS):
            continue
        backing = _backing(ev, item, sentences)
        said = absolute_word(claims, item, weak=False, backing=backing)
        if said is None or not _a_rule(ev, item, said):
            continue
        said_by = ev.compiled.reference_stems if backing is None else backing
        if said == "only" and _MERELY & said_by:
            continue  # "only learns the boundary" for "will simply learn the distinction"
        if _unbacked(ev, item):
            # "can never take it back" is read as a "can't": quote the word said.
            typed = [w for w in RULE_WORDS if w in text.lower().split()]
            return (said if said in text.lower() or not typed else typed[0]), text
    return None


# How an item joined on to a right answer opens when it adds a claim ("..., and
# you buy the servers upfront"); "so"/"because" explain the answer instead.
_ADDING = ("and ", "but ", "also ", "plus ")
ADDED_CLAIM = "The reference says nothing of it."
# An added claim is told by this many words of its own (`_telling`); one word
# is too often the learner's gloss ("..., but noisier").
ADDED_TELLING = 2
# An added statement says something in this many words, its opener counted:
# "and vice versa" says nothing of its own.
ADDED_WORDS = 4
# A reference of this many words or fewer only names the answer ("Spot
# Instances."): whatever a right answer explains beyond the name is the
# learner's, and on the imported decks those explanations were right.
NAME_ONLY = 3


def claim_of_its_own(ev: Evidence) -> str | None:
    """Why the answer is partial when it joins on a statement of its own
    ("..., and it is faster than random search", "... . And the individual
    observations become normal too") whose telling words are two or more and
    none of them the reference's: the reference says nothing of it, so the
    deck cannot back it. Quotes the statement; None when there is none."""
    claims = ev.claims
    items = claims.items
    reference = ev.compiled.reference_stems
    if len(ev.card.answer.split()) <= NAME_ONLY:
        return None
    for k, item in enumerate(items):
        # Joined on within a sentence, or opening a later one ("And ...").
        opens_later = k > 0 and items[k - 1].sentence != item.sentence
        if not (item.statement or item.after_turn or opens_later) or item.preamble:
            continue
        text = item.text(ev)
        if not text.lower().startswith(_ADDING) or claims.told(item.sentence):
            continue
        telling = _telling(ev, item.tokens)
        if len(text.split()) < ADDED_WORDS:
            continue
        if len(telling) >= ADDED_TELLING and not _referenced(telling, reference):
            return f"“{text}”. {ADDED_CLAIM}"
    return None


def _telling(ev: Evidence, positions: Sequence[int]) -> set[str]:
    """The stems of the words at `positions` that tell a claim: content words
    that are not everyday English (wordfreq) nor the question's."""
    tokens = ev.answer.tokens
    return {
        tokens[t].stem
        for t in positions
        if not (tokens[t].stop or tokens[t].negator)
        and not (everyday(tokens[t].word) or everyday(tokens[t].stem))
    } - ev.compiled.question_stems


def _referenced(stems: set[str], reference: frozenset[str]) -> set[str]:
    """The stems the reference says, itself or as another word of the same
    stem start: "maximum" is the reference's "maximal" (stems "maximum",
    "maxim"): one stem begins the other, five letters or more, and the
    reference's is not everyday English ("class" of "classes" is no
    "classification")."""
    return {
        s
        for s in stems
        if s in reference
        or any(
            min(len(s), len(r)) >= 5 and (s.startswith(r) or r.startswith(s)) and not everyday(r)
            for r in reference
        )
    }


def _backing(
    ev: Evidence, item: Item, sentences: Sequence[frozenset[str]]
) -> frozenset[str] | None:
    """The stems of the reference's sentences that share a word with the item;
    None (the whole reference) without `sentences`."""
    if not sentences:
        return None
    stems = _content(ev, item)
    return frozenset().union(*(s for s in sentences if s & stems))


def _content(ev: Evidence, item: Item) -> set[str]:
    """The stems of the item's content words, its absolute and negators left out."""
    tokens = ev.answer.tokens
    return {
        tokens[t].stem
        for t in item.tokens
        if not (tokens[t].stop or tokens[t].negator or tokens[t].word in RULE_WORDS)
        and tokens[t].word not in _AFTER_NOT
    }


def _a_rule(ev: Evidence, item: Item, said: str) -> bool:
    """Is what `absolute_word` found in the item one of the rules read here?"""
    item_words = {ev.answer.tokens[t].word for t in item.tokens}
    negated = said.split()
    if len(negated) == 2 and negated[1] in _AFTER_NOT:
        return True  # "not even for who can log in"
    return not RULE_WORDS.isdisjoint(item_words)


def _unbacked(ev: Evidence, item: Item) -> bool:
    """Does the item claim in words of its own? Either more than two in three
    of its content words (the absolute and negators left out) are words the
    reference does not use, or more than half of its telling ones are: the
    words that are not everyday English, the question's left out (they name
    the topic, not the claim). "it always moves against the gradient" (for
    "in the direction opposite to the gradient") says the reference's idea in
    everyday words; "unbiased estimators always have the smallest variance"
    (for "centered around the parameter") claims "smallest" and "variance",
    which the reference never says, though half its words are the question's."""
    tokens = ev.answer.tokens
    reference = ev.compiled.reference_stems
    stems = _content(ev, item)
    content = [t for t in item.tokens if tokens[t].stem in stems]
    unbacked = [t for t in content if tokens[t].stem not in reference]
    if len(unbacked) * 3 > len(content) * 2:
        return True
    telling = _telling(ev, content)
    return len(telling - _referenced(telling, reference)) * 2 > len(telling)
