"""A reference's framing: the words that set up a definition but are not it.

Published answers often open with a frame before the defining predicate:
"It is a concept in machine learning", "Ranking refers to the process of
assigning ...", "Occurs when ...", "Performed using GridSearchCV", "Several
well-known algorithms are commonly used for solving clustering problems. Here
are some examples:". A learner who answers says what the thing is or does,
not the frame, so the frame must never be an essential point:

- a word of the frame is one of a closed class of English words that name a
  category or a relation rather than an idea ("concept", "type", "process",
  "refers", "called", "occurs"): grammar, not any field's knowledge, so the
  list holds for every deck;
- a piece (or a core sentence) frames when it has a frame word and each of
  its other words is one too, a word of the question, a word many of the
  deck's answers use, or a word too common in English to carry an idea
  (`Unit.generic`); a negation is never framing ("is not necessary" is the
  answer).

A framing core sentence moves the core on to the next sentence
(`ideas.core_size`), and so does a short genus sentence ("It is a type of
regularization used for training RNNs.", "A form of regularization useful in
training neural networks."): it names the class, the next sentence tells the
thing apart from the rest of it, and an answer that names only the class is
part of the answer; a framing piece beside a defining one is optional; and
frame words are left out of a point's wording when other words remain, so an
answer need not repeat "refers to the process of".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mlquiz.core.grading.derive.words import Unit, content_units, text_units

# The frame words (FRAME_WORDS: "concept", "type", "refers", ...) are listed in
# `words.py`, so that each word's `Unit.frame` is worked out once, when it is read.


def frame_word(unit: Unit) -> bool:
    """A word that names a category or a relation, not an idea."""
    # Worked out once per word (`Unit.frame`): asked of every word of every point.
    return unit.frame


def framing_test(
    question_stems: frozenset[str], common: Callable[[Unit], bool]
) -> Callable[[str], bool]:
    """Does a text only frame (see the module docstring)? `common`: a word
    many of the deck's answers use."""

    def frames(text: str) -> bool:
        framed = False
        # Word by word, not `content_units(text)`: most texts answer no at their
        # first content word, and a core sentence is asked this only once.
        for u in text_units(text):
            if not u.content:
                continue
            if u.negator or u.negative:
                return False
            if u.frame:
                framed = True
            elif not (u.generic or u.stems <= question_stems or common(u)):
                return False
        return framed

    return frames


def without_frame(units: list[Unit]) -> list[Unit]:
    """A point's words without its frame words, when other words remain."""
    kept = [u for u in units if not u.frame]
    return kept if kept else units


# "a type of", "a form of": the genus of a definition.
_GENUS = re.compile(
    r"\b(?:type|kind|form|sort|category|class|family|variant|subset|branch)\s+of\b", re.I
)
# A genus sentence of more content words than this tells the thing apart itself
# ("a type of machine learning where an agent learns to ...").
GENUS_WORDS = 8


def only_genus(sentence: str) -> bool:
    """Does a short sentence only name the class the thing belongs to?"""
    return bool(_GENUS.search(sentence)) and len(content_units(sentence)) <= GENUS_WORDS


# A question answered by a list: "What are the types of ...?", "How to avoid
# ...?", "Examples of ...".
_ASKS_FOR_ITEMS = re.compile(
    r"^\s*(?:how|name|list|give|what\s+are|which\s+are)\b"
    r"|\b(?:types|kinds|examples|ways|steps|methods|techniques)\b",
    re.I,
)


def lead_in_to_list(
    question: str,
    sentences: list[str],
    first: int,
    core: int,
    announces: Callable[[list[str], int], bool],
) -> bool:
    """Is the core (`sentences[first:core]`) a lead-in to the list after it ("ML algorithms can be
    categorized into several types based on ... . Here are some common types:
    - Supervised ...")? When the question asks for a list, the list is the
    answer, and the sentence before it sets it up."""
    return (
        core == first + 1  # one sentence, no list of its own
        and core < len(sentences)
        and announces(sentences, core)
        and bool(_ASKS_FOR_ITEMS.search(question))
    )


# A sentence about the interview or the question itself, not about its subject
# (an interview-prep article's asides): "This is one of the most frequently
# asked deep learning interview questions.", "If you are going for a deep
# learning interview, you definitely know ...". A learner answers the
# question, not the article's remarks on it: such a sentence is no key point.
INTERVIEW_TALK = re.compile(r"\binterview(?:s|ers?|ees?)?\b|\bthis\s+question\b", re.I)


def without_interview_talk(sentences: list[str], first: int) -> list[str]:
    """The sentences without those from `first` on that talk of the interview
    or the question (`INTERVIEW_TALK`); at least one stays. They are left out
    of the key points only: the grader still reads the whole reference, and
    left out of it too they lifted wrong answers (on the real decks' answers,
    1 right answer lifted for 2 wrong ones)."""
    kept = sentences[:first] + [s for s in sentences[first:] if not INTERVIEW_TALK.search(s)]
    return kept if len(kept) > first else sentences
