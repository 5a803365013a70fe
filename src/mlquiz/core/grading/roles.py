"""Swapped roles on a derived card: the reference's words for one term said of another.

A reference that contrasts terms ("L2 (Ridge) is the sum of the squares of
the weights, while L1 (Lasso) is the sum of their absolute values") binds
words to each term. An answer that says the same words with the terms
swapped ("L1 is ridge and L2 is lasso") says every word of the reference and
nothing right: whole-answer similarity and key-point coverage cannot tell.

Only a question that names two terms side by side ("L1 vs L2", "Stemming
and lemmatization") is read for them. Within a sentence, the words after a
term (one the question names or that opens a sentence or list line), up to
the next term, are said of it; terms named together ("both L1 and L2 ...")
share what follows. A word belongs to a term when every stretch of the
reference that says it names that term. An answer that names both terms
swaps them when it says, of each, a word that belongs to the other (or, of
one, two such words), and fewer words that belong to the term itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from mlquiz.core.cards import Card
from mlquiz.core.grading.derive.clean import clean_text
from mlquiz.core.grading.per_reader import per_reader
from mlquiz.core.grading.reader import Reader, Token

# The reference read for terms: its first characters (a long answer's
# contrasts are near its start; the grade stays fast on a 1 MB answer).
READ_CHARS = 4000
# One term said with this many words of the other's (and fewer of its own) mixes them up.
MIXED_UP = 2


def _segments(
    tokens: Sequence[Token], terms: frozenset[str], goes_on: frozenset[int] = frozenset()
) -> list[tuple[frozenset[str], set[str]]]:
    """(terms, words) runs: the words after terms in a sentence, up to the next
    term; a sentence in `goes_on` ("It starts with ...") is still said of the
    terms the sentence before it ended with."""
    runs: list[tuple[frozenset[str], set[str]]] = []
    current: list[str] = []  # the terms the words now read are said of
    words: set[str] = set()
    sentence = -1

    def close() -> None:
        if current and words:
            runs.append((frozenset(current), words))

    for token in tokens:
        if token.sentence != sentence:
            close()
            kept = current if token.sentence in goes_on else []
            current, words, sentence = kept, set(), token.sentence
        if token.stem in terms:
            if words or not current:  # a new term: what came before was the last one's
                close()
                current, words = [], set()
            if token.stem not in current:
                current.append(token.stem)
        elif current and not token.negator:
            words.add(token.stem)
    close()
    return runs


# A stop word that orders what a term does ("ELT: load raw then transform"
# against "ETL: transform before loading"): a role word, as "before" is.
_ORDER_WORDS = frozenset({"then"})


def _kept(token: Token) -> bool:
    """Is the token read for roles: a content word or an order word?"""
    return not token.stop or token.word in _ORDER_WORDS


def _keywords_named(tokens: list[Token], text: str) -> list[Token]:
    """The question's tokens, a stop word written in capitals ("the difference
    between WHERE and HAVING", "EXISTS vs IN") read as the name it is."""
    return [
        replace(t, stop=False)
        if t.stop and t.end - t.start >= 2 and text[t.start : t.end].isupper()
        else t
        for t in tokens
    ]


def _stems_said(reader: Reader, text: str) -> set[str]:
    """The stems of the question's content words as the reader reads them."""
    return {t.stem for t in reader.tokens(text) if not t.stop}


def _said_of(tokens: Sequence[Token], terms: frozenset[str]) -> dict[str, set[str]]:
    """Each term's words (`_segments`), a term named with others sharing theirs."""
    said: dict[str, set[str]] = {}
    for named, words in _segments(tokens, terms):
        for term in named:
            said.setdefault(term, set()).update(words)
    return said


# A sentence opened by one of these goes on about the last sentence's term.
_PRONOUNS = frozenset({"it", "this", "they", "these", "its"})
# Words that join the two terms a question contrasts ("L1 vs L2", "bias and variance").
_JOINERS = frozenset({"and", "or", "vs", "versus"})
# Question words that ask how two terms bear on each other, not how they differ
# ("How are primary and foreign keys related?"); not before "to" ("how does it
# relate to L1 and L2": a third thing's relation to the two).
_RELATES = frozenset({"related", "relate", "relates", "relation", "relationship", "relationships"})
_JOINED = re.compile(r"\w\W+(?:and|or|vs|versus)\W+\w", re.IGNORECASE)


def _contrasted_and_heads(question: list[Token]) -> tuple[frozenset[frozenset[str]], set[str]]:
    """The pairs of terms the question names side by side ("X and Y", "X vs Y"),
    and the stems of the head words two terms share ("machine learning" in
    "Inductive ML and Deductive ML")."""
    pairs = set()
    heads: set[str] = set()
    for i in range(1, len(question) - 1):
        before, joiner, after = question[i - 1 : i + 2]
        if joiner.word not in _JOINERS or before.stop or after.stop:
            continue
        if _relates(question, joiner):
            # "How are primary and foreign keys related?": the reference says one
            # term of the other ("join on the primary key of the other table"), so
            # the words after a term are no role of its own to swap.
            continue
        if before.clause == joiner.clause == after.clause and before.stem != after.stem:
            first = _before_shared_head(question, i)
            if first is not None:
                heads.update(t.stem for t in question[question.index(first) + 1 : i])
                before = first
            elif _shared_modifier(question, i):
                # "model accuracy or model performance": the word before each
                # term is one modifier both share; the terms are the words after.
                heads.add(after.stem)
                after = question[i + 2]
            elif i + 2 < len(question):
                # "L2 and L1 regularization": the word after the second term is
                # both terms' head, no term of its own.
                head = question[i + 2]
                if not head.stop and head.clause == after.clause and head.word not in _JOINERS:
                    heads.add(head.stem)
            pairs.add(frozenset((before.stem, after.stem)))
    return frozenset(pairs), heads


def _relates(question: list[Token], joiner: Token) -> bool:
    """Does the joiner's clause ask how its terms relate to each other?"""
    for k, token in enumerate(question):
        if token.word in _RELATES and token.clause == joiner.clause:
            after = question[k + 1].word if k + 1 < len(question) else ""
            if after not in ("to", "with"):
                return True
    return False


def _shared_modifier(question: list[Token], joiner: int) -> bool:
    """ "model accuracy or model performance": the word after the joiner repeats
    the word before the first term, and a term of the same clause follows it."""
    if joiner < 2 or joiner + 2 >= len(question):
        return False
    modifier, after, term = question[joiner - 2], question[joiner + 1], question[joiner + 2]
    return (
        modifier.stem == after.stem
        and modifier.clause == after.clause == term.clause
        and not term.stop
        and term.word not in _JOINERS
        and term.stem != question[joiner - 1].stem
    )


def _before_shared_head(question: list[Token], joiner: int) -> Token | None:
    """ "Inductive machine learning and Deductive machine learning": the term
    before the joiner is what tells the two apart, not the head words both
    share (the words after the second term repeat those before the joiner)."""
    for size in range(1, 4):
        start = joiner - size
        if start < 1 or joiner + 1 + size >= len(question):
            break
        head = [t.stem for t in question[start:joiner]]
        if head == [t.stem for t in question[joiner + 2 : joiner + 2 + size]]:
            first = question[start - 1]
            return None if first.stop or first.clause != question[joiner].clause else first
    return None


@per_reader
def _reference_roles(
    reader: Reader, question: str, reference: str
) -> tuple[frozenset[str], dict[str, frozenset[str]], frozenset[frozenset[str]]]:
    """The reference's terms, for each the words only it is said with, and the
    pairs of terms the question contrasts."""
    asked_text = clean_text(question)[:1000]
    asked_tokens = _keywords_named(reader.tokens(asked_text), asked_text)
    keywords = {t.stem for t in asked_tokens if not t.stop} - _stems_said(reader, asked_text)
    asked = {t.stem for t in asked_tokens if not t.stop}
    contrasted, heads = _contrasted_and_heads(asked_tokens)
    if not contrasted:
        return frozenset(), {}, contrasted
    tokens = [
        t
        for t in reader.tokens(clean_text(reference)[:READ_CHARS])
        if _kept(t) or t.stem in keywords
    ]
    # A sentence's (or list line's) first word, not a verb after "It"
    # ("It starts with general rules": "starts" is no term).
    every = reader.tokens(clean_text(reference)[:READ_CHARS])
    starts = [t for i, t in enumerate(every) if i == 0 or t.sentence != every[i - 1].sentence]
    openers = {t.stem for t in starts if not t.stop}
    goes_on = frozenset(t.sentence for t in starts if t.word in _PRONOUNS)
    present = {t.stem for t in tokens}
    terms = frozenset((asked | openers) & present - heads)
    # A word belongs to a term when every run that says it names that term
    # ("L1 (Lasso) ..." and "both the difference of L1 (Lasso) ...": lasso is L1's).
    # A term of two words ("random forest") names a run with both: the word is
    # still one contrasted term's when no run that says it names the other.
    named_with: dict[str, frozenset[str]] = {}
    named_any: dict[str, frozenset[str]] = {}
    for named, words in _segments(tokens, terms, goes_on):
        for word in words:
            named_with[word] = named_with.get(word, named) & named
            named_any[word] = named_any.get(word, frozenset()) | named
    sides = frozenset().union(*contrasted)
    own: dict[str, set[str]] = {}
    for word, named in named_with.items():
        if word in terms or word in asked:
            continue
        if len(named) == 1:
            own.setdefault(next(iter(named)), set()).add(word)
        elif len(side := named_any[word] & sides) == 1 and side <= named:
            own.setdefault(next(iter(side)), set()).add(word)
    return terms, {term: frozenset(words) for term, words in own.items()}, contrasted


def swapped_roles(reader: Reader, card: Card, answer: Sequence[Token], text: str) -> str | None:
    """Why the answer (its tokens, read from `text`) is wrong when it swaps two
    terms the card's question contrasts (see the module docstring)."""
    if not _JOINED.search(card.question):
        return None  # most questions name no two terms side by side: no reading needed
    terms, own, contrasted = _reference_roles(reader, card.question, card.answer)
    if not contrasted:
        return None
    said = _said_of([t for t in answer if _kept(t) or t.stem in terms], terms)
    for pair in sorted(contrasted, key=sorted):  # the same order every run
        first, second = sorted(pair)
        if first not in said or second not in said:
            continue  # both terms named, each with words of its own run
        first_words, second_words = said[first], said[second]
        first_own, second_own = own.get(first, frozenset()), own.get(second, frozenset())
        right = len(first_words & first_own) + len(second_words & second_own)
        crossed = len(first_words & second_own) + len(second_words & first_own)
        # Each term said with the other's words, or one with two of them, and
        # fewer of their own ("lemmatization chops the ends off words").
        both = bool(first_words & second_own) and bool(second_words & first_own)
        if crossed > right and (both or crossed >= MIXED_UP):
            written = {t.stem: text[t.start : t.end] for t in reversed(answer)}
            one, other = written.get(first, first), written.get(second, second)
            return f"That swaps what the reference says of “{one}” and “{other}”."
    return None


# "L1 regularization (Lasso)": a term, maybe one more word, and its other name.
_ALIASED = re.compile(r"\b([A-Za-z][\w-]*)(?:\s+[A-Za-z][\w-]*)?\s*\(\s*([A-Za-z][\w-]*)\s*\)")
# Words that part two statements within a clause ("lasso is L2 and ridge is L1").
_PARTS = frozenset({"and", "or", "while", "whereas", "but", "vs", "versus"})


@per_reader
def _alias_pairs(reader: Reader, reference: str) -> tuple[tuple[str, str], ...]:
    """The (term, other name) stems a reference pairs in parentheses, when it
    pairs two or more and each term and name once ("L1 regularization (Lasso)
    and L2 regularization (Ridge)")."""
    pairs: list[tuple[str, str]] = []
    for match in _ALIASED.finditer(clean_text(reference)[:READ_CHARS]):
        words = [reader.tokens(match.group(g)) for g in (1, 2)]
        if not all(len(w) == 1 and not w[0].stop for w in words):
            continue
        term, alias = words[0][0].stem, words[1][0].stem
        if term != alias and (term, alias) not in pairs:
            pairs.append((term, alias))
    stems = [s for pair in pairs for s in pair]
    if len(pairs) < 2 or len(set(stems)) != len(stems):
        return ()
    return tuple(pairs)


def crossed_aliases(reader: Reader, card: Card, answer: Sequence[Token], text: str) -> str | None:
    """Why the answer is wrong when it gives a term another term's name ("lasso
    is L2 and ridge is L1" where the reference says "L1 regularization
    (Lasso) and L2 regularization (Ridge)"), and never the right one."""
    if "(" not in card.answer:
        return None
    pairs = _alias_pairs(reader, card.answer)
    if not pairs:
        return None
    parts: list[dict[str, Token]] = [{}]
    clause = None
    for token in answer:
        if token.clause != clause or token.word in _PARTS:
            parts.append({})
            clause = token.clause
        if not token.stop:
            parts[-1].setdefault(token.stem, token)
    right, crossed = 0, None
    for said in parts:
        named = [(i, side) for i, pair in enumerate(pairs) for side in (0, 1) if pair[side] in said]
        if len({i for i, _ in named}) == 1 and len(named) == 2:
            right += 1
        elif len(named) == 2 and named[0][0] != named[1][0] and named[0][1] != named[1][1]:
            # A term and another pair's name, in one statement.
            (i, a), (j, b) = named
            crossed = crossed or (said[pairs[i][a]], said[pairs[j][b]])
    if crossed is None or right:
        return None
    one, other = (text[t.start : t.end] for t in crossed)
    return f"That pairs “{one}” with “{other}”: the reference pairs them otherwise."
