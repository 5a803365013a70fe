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

from typing import TYPE_CHECKING

from mlquiz.core.grading.absolutes import absolute_word, beyond_the_reference

if TYPE_CHECKING:
    from mlquiz.core.grading.claims import Item
    from mlquiz.core.grading.evidence import Evidence

# Words that make a clause a rule about everything; the word an item must
# say for its absolute to count here (`absolute_word` reads more).
RULE_WORDS = frozenset(
    {"only", "solely", "exclusively", "always", "never", "automatically", "guarantees"}
)
# After a negator: "not even", "no limit", "no way" (`absolutes._ABSOLUTE_AFTER_NOT`).
_AFTER_NOT = frozenset({"even", "limit", "limits", "way"})
# How an example opens: what it says is one case, not a rule.
_EXAMPLE_OPENERS = ("like ", "e.g", "eg ", "for example", "for instance", "such as")


# An imported deck lists no false claims: the rule cannot know the clause is
# false, only that the reference does not back it, and a learner's true
# "security groups never have deny rules" reads the same (review rev14d).
# So the feedback asks the learner to check the claim, not calls it false.
RIGHT_BUT_UNBACKED = "Right, but with a claim the reference does not make."


def invented_absolute(ev: Evidence) -> str | None:
    """Why the answer is partial when a clause of it makes an absolute claim of
    its own (see `absolute_clause`), quoting the clause; None otherwise."""
    found = absolute_clause(ev)
    if found is None:
        return None
    said, words = found
    return f"“{words}”. {beyond_the_reference(said)}"


def absolute_clause(ev: Evidence) -> tuple[str, str] | None:
    """(the absolute, the clause's words) of a clause of the answer that
    makes an absolute claim the reference does not make, in words most of
    which the reference does not use; None when there is none."""
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
        said = absolute_word(claims, item, weak=False)
        if said is None or not _a_rule(ev, item, said):
            continue
        if _unbacked(ev, item):
            # "can never take it back" is read as a "can't": quote the word said.
            typed = [w for w in RULE_WORDS if w in text.lower().split()]
            return (said if said in text.lower() or not typed else typed[0]), text
    return None


def _a_rule(ev: Evidence, item: Item, said: str) -> bool:
    """Is what `absolute_word` found in the item one of the rules read here?"""
    item_words = {ev.answer.tokens[t].word for t in item.tokens}
    negated = said.split()
    if len(negated) == 2 and negated[1] in _AFTER_NOT:
        return True  # "not even for who can log in"
    return not RULE_WORDS.isdisjoint(item_words)


def _unbacked(ev: Evidence, item: Item) -> bool:
    """Are more than two in three of the item's content words, the absolute
    and negators left out, words the reference does not use? "it always
    moves against the gradient" (for "in the direction opposite to the
    gradient") says one of its three words: the reference's idea in other
    words, not a rule of its own."""
    tokens = ev.answer.tokens
    reference = ev.compiled.reference_stems
    content = [
        tokens[t]
        for t in item.tokens
        if not (tokens[t].stop or tokens[t].negator or tokens[t].word in RULE_WORDS)
        and tokens[t].word not in _AFTER_NOT
    ]
    unbacked = [t for t in content if t.stem not in reference]
    return len(unbacked) * 3 > len(content) * 2
