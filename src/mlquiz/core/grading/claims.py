"""An answer read item by item: what each part claims, and what nothing explains.

A right answer can carry a wrong part: a list with one invented item ("None,
Staging, Production, Deprecated"), or a right definition followed by an
invented limitation ("... but it only works inside Databricks"). Both are
found the same way, for any deck:

- The answer is cut into items: its clauses (commas, colons, brackets,
  arrows, dashes, sentence ends), " / " separators and the turns of a
  contrast ("but", "though", ...).
- An item is accounted for when most of its content words are said by the
  card's evidence (any key point, confusion, false claim, vague or
  `also_true` phrase, code form) or belong to the reference answer.
  Question words, hedges ("I think") and numbers are neither.
- An item makes an absolute claim when it says "only", "always",
  "automatically", "can't", "never" (not negating anything the card knows)
  and the reference makes no such claim; "every", "all", "any", "whole"
  count only in an item nothing accounts for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mlquiz.core.grading.absolutes import WEAK, absolute, absolute_word
from mlquiz.core.grading.claim_words import (
    BENEFIT_REFERENCE,
    DOUBTING,
    HEDGES,
    HEDGING,
    NUMBER_WORDS,
    STATING,
    benefit_claimed,
)
from mlquiz.core.grading.list_cuts import (
    drop_marker,
    everyday_item,
    held_up_as_like,
    likened,
    odd_line,
    opens_bullet_line,
    semicolon_runs,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from mlquiz.core.grading.evidence import Evidence
    from mlquiz.core.grading.reader import Token

# Words that open a statement of their own, or its consequence, not a list item.
_SUBJECTS = frozenset("it its they you this that there which we i so".split())
# Words that start the other side of a contrast: what follows is a claim.
ITEM_TURNS = frozenset(
    {"but", "though", "although", "however", "whereas", "except", "careful", "caveat", "note"}
)
_CLAIM_OPENERS = frozenset({"only", "always", "never"})
_PARALLEL = frozenset({"which", "what", "where", "who", "how"})
_LEADING = frozenset({"and", "or", "also", "plus", "then", "as", "well"})
_NOT_OPENING = _LEADING | ITEM_TURNS
# Words that open a contrast: the item says what the answer is not. ("rather"
# and "unlike" are not among them: "or rather Deleted" replaces an item with a
# wrong one, and "unlike X, it ..." goes on to claim something of its own.)
_CONTRASTS = frozenset({"instead", "versus", "vs"})
# Words by which a contrast goes on to name a thing of its own ("instead of
# Archived it goes to Deleted"): then it is an item like any other.
_CONTRAST_GOES_ON = frozenset(
    {"and", "or", "but", "plus", "also", "then", "it", "its", "they", "we", "you", "this", "so"}
)
# A sentence with one of these tells what the learner did (an answer by
# example): its clauses are a story, not items of a list.
_FIRST_PERSON = frozenset({"i", "we", "my", "our", "me", "us", "im", "ive", "weve"})
# In a list, "my flow: ...", "our pipeline ..." open a story; "... stores all
# of our raw data" later is a claim with a possessive in it.
_POSSESSIVE = frozenset({"my", "our"})


# What separates the items of a list, between two words as typed: commas,
# semicolons, " / ", arrows, dashes ("-", "--", "–", "—"), colons, sentence ends, new lines and
# numbered markers ("2)"). Brackets do not: "(or eval)" belongs to its item.
_CODE_RE = re.compile(r"\w[._]\w|[(){}=\"]|:/|\w/(?:\s|$|,)|\s--?[a-z]\b")
# A character each match of `_CODE_RE` holds (one scan in C; most items have none).
_CODE_CHAR_RE = re.compile(r"[._(){}=\"/-]")
_ITEM_BREAK_RE = re.compile(r"[,;:\n—]|\s[/|+]\s|->|=>|[→⇒]|\s(?:--|[-–•*])\s|^\s*[-•*]\s|[.!?]\s")
# The same, with numbered markers ("2) ") that items read from the words.
_LIST_BREAK_RE = re.compile(_ITEM_BREAK_RE.pattern + r"|\d[).]\s")
# A character every match of `_LIST_BREAK_RE` holds: two matches (they do not
# overlap) need two of these, which one scan in C finds far faster than the
# alternatives tried at every letter of an answer that has none.
_LIST_BREAK_CHAR_RE = re.compile(r"[,;:\n—/|+\->=→⇒–•*.!?)]")
# " / " between two words; the breaks that make it "or" when its sentence has one.
_SLASH_RE = re.compile(r"\s/\s")
_OTHER_BREAK_RE = re.compile(r"[,;\n]|->|=>|[→⇒]|\d\)\s")
_NUMBERED_END_RE = re.compile(r"(?:^|\s)\d[).]\s*$")
# A dash, then one of these: what follows is a claim added to the answer.
_DASH_RE = re.compile(r"\s(?:--|[-–—])\s")
_AFTERTHOUGHT = frozenset({"and", "plus", "also"})


def _relative_clause(item: Item, words: list[str], opening: str) -> bool:
    """ "which you can't get without mlflow", "which is stored ...": the opening
    word followed by a subject or a verb of stating starts a relative clause
    about the list before it, a statement, not one more parallel item."""
    at = [words[t] for t in item.tokens]
    after = at[at.index(opening) + 1 :] if opening in at else []
    return bool(after) and (after[0] in _SUBJECTS or after[0] in STATING)


def _slash_for_or(
    between: str, tokens: list[Token], i: int, text: str, said_point: Callable[[int, int], bool]
) -> bool:
    """Is a " / " the only break before token i, in a sentence whose items
    are cut by commas or semicolons? Then it reads "or" inside one item
    ("protocol needs like websockets / streaming"); with no other break in the
    sentence ("None / Staging / Production"), it separates the items. So it
    does when a word beside it says one of the card's points ("Archived /
    Deleted"): a list of the card's items is still read item by item."""
    if not _SLASH_RE.search(between) or _ITEM_BREAK_RE.search(_SLASH_RE.sub(" ", between)):
        return False
    if said_point(i - 1, i) or said_point(i, i + 1):
        return False
    sentence = tokens[i].sentence
    first = last = i
    while first > 0 and tokens[first - 1].sentence == sentence:
        first -= 1
    while last + 1 < len(tokens) and tokens[last + 1].sentence == sentence:
        last += 1
    return bool(_OTHER_BREAK_RE.search(text, tokens[first].start, tokens[last].end))


@dataclass(slots=True)
class Item:
    """One part of an answer: its tokens, and what the judge needs to know of it."""

    tokens: list[int] = field(default_factory=list)  # token indices
    content: list[int] = field(default_factory=list)  # content positions
    after_turn: bool = False  # follows "but", "though", ... in its sentence
    statement: bool = False  # opens with its own subject ("it only works ...")
    preamble: bool = False  # ends with a colon: "in W&B terms: ..." introduces
    code: bool = False  # written as code (dots or underscores inside words, brackets)
    opens_with_absolute: bool = False  # "..., and only one version can ..."
    considered: list[int] | None = None  # content positions that could claim (cached)
    sentence: int = 0

    def text(self, ev: Evidence) -> str:
        tokens = ev.answer.tokens
        return ev.text[tokens[self.tokens[0]].start : tokens[self.tokens[-1]].end]


class Claims:
    """The items of one answer, against one card's evidence."""

    def __init__(self, ev: Evidence) -> None:
        self.ev = ev
        self._items_read: list[Item] | None = None
        self._covered_positions: set[int] | None = None
        self._only_also_true: set[int] = set()  # found with `covered`
        self._point_positions: set[int] | None = None

    # -- cutting the answer ------------------------------------------------------

    @property
    def items(self) -> list[Item]:
        """The answer's items, cut when a step first asks."""
        if self._items_read is None:
            self._items_read = self._items()
        return self._items_read

    def _items(self) -> list[Item]:
        ev = self.ev
        tokens, words = ev.answer.tokens, ev.answer.words
        position_of = dict(zip(ev.answer.content, range(len(ev.answer.content)), strict=True))
        items: list[Item] = []
        turned_sentence = -1
        previous_end = 0
        current: Item | None = None
        sentence = -1  # the current item's sentence
        depth = 0  # brackets: "(grpc, low ms)" is one item with its words
        text = ev.text

        def said_point(first: int, stop: int) -> bool:
            """Do tokens first..stop-1 say one of the card's points?"""
            positions = {position_of[t] for t in range(first, stop) if t in position_of}
            return not positions.isdisjoint(self.point_positions)

        for i, tok in enumerate(tokens):
            turn = tok.word in ITEM_TURNS
            if turn:
                turned_sentence = tok.sentence
            elif (
                current is not None
                and tok.sentence == sentence
                and (tok.start == previous_end or text[previous_end : tok.start] == " ")
            ):
                # Most words follow a single space: no break, no bracket.
                previous_end = tok.end
                current.tokens.append(i)
                p = position_of.get(i)
                if p is not None:
                    current.content.append(p)
                continue
            # One character of the word itself, so a full stop reads as a
            # sentence end only when a space follows it ("mlflow.autolog").
            between = text[previous_end : tok.start + 1]
            numbered = i > 0 and text[tokens[i - 1].start : previous_end].isdigit()
            previous_end = tok.end
            opened = depth
            depth = max(
                0,
                depth
                + between.count("(")
                + between.count("[")
                - between.count(")")
                - between.count("]"),
            )
            new = (
                current is None
                or tok.sentence != tokens[current.tokens[-1]].sentence
                or (
                    not opened
                    and not depth
                    and bool(_ITEM_BREAK_RE.search(between))
                    and not _slash_for_or(between, tokens, i, text, said_point)
                )
                or (numbered and between[:1] in ").")
                or turn
            )
            if new and tok.word in _AFTERTHOUGHT and _DASH_RE.search(between):
                # "..., for supported libraries - and it works for every library":
                # a dash and "and" add a claim to the answer, as a "but" does.
                turned_sentence = tok.sentence
            if new:
                current = Item(sentence=tok.sentence, after_turn=turned_sentence == tok.sentence)
                items.append(current)
                sentence = tok.sentence
            assert current is not None
            current.tokens.append(i)
            if i in position_of:
                current.content.append(position_of[i])
        items = [item for item in items if drop_marker(item, tokens, text, position_of)]
        turned = -1
        for k, item in enumerate(items):
            last = tokens[item.tokens[-1]]
            item.preamble = ev.text[last.end : last.end + 2].lstrip(" )\"'").startswith(":")
            first = tokens[item.tokens[0]]
            item.code = bool(
                _CODE_CHAR_RE.search(text, first.start, last.end + 2)
                and _CODE_RE.search(text, first.start, last.end + 2)
            )
            # The item's first word after "and", "but", ...
            opening = next((words[t] for t in item.tokens if words[t] not in _NOT_OPENING), "")
            item.opens_with_absolute = opening in _CLAIM_OPENERS
            first_in_sentence = k == 0 or items[k - 1].sentence != item.sentence
            # "which data, which code version, which deployment": a list of
            # parallel items, each opening with the same word, states nothing.
            parallel = (
                opening in _PARALLEL
                and k > 0
                and opening in words[items[k - 1].tokens[0] : items[k - 1].tokens[0] + 3]
                and not _relative_clause(item, words, opening)
            )
            item.statement = (
                (opening in _SUBJECTS or opening in _CLAIM_OPENERS)
                and not first_in_sentence
                and not parallel
            )
            # A statement of its own in a list ("..., and it only works ...")
            # makes what follows in its sentence one claim with it.
            if item.statement:
                turned = item.sentence
            elif turned == item.sentence:
                item.after_turn = True
        return [item for item in items if item.content]

    @property
    def point_positions(self) -> set[int]:
        """Content positions where the answer says a key point, not negated."""
        if self._point_positions is None:
            ev = self.ev
            found = {i for i, (status, _) in enumerate(ev.statuses) if status == "found"}
            out: set[int] = set()
            point_patterns = ev.compiled.point_patterns
            # Only the live patterns can match (numbered points first).
            for n in ev._live:
                if n < len(point_patterns):
                    pattern, i = point_patterns[n]
                    if i in found:
                        for match in ev.find(pattern):
                            if not match.negated:
                                out.update(match.positions)
            # (No code form is in an answer without its literal text: most have none.)
            for i, form, origin in ev.code_said:
                if i in found:
                    for match in ev.find_code(form, origin):
                        out.update(match.positions)
            self._point_positions = out
        return self._point_positions

    @property
    def covered(self) -> set[int]:
        """Content positions said by any of the card's evidence (computed once,
        when a step first asks: most answers never need it)."""
        if self._covered_positions is None:
            self._covered_positions = self._covered()
        return self._covered_positions

    def _covered(self) -> set[int]:
        """Content positions said by any of the card's evidence: key points'
        phrases and code, confusions, false claims, vague and also-true phrases."""
        ev = self.ev
        compiled = ev.compiled
        covered: set[int] = set()
        # Every pattern of the card is numbered; only the live ones can match.
        # The also-true phrases come last: what they alone say is kept apart.
        first_also_true = len(compiled.all_patterns) - len(compiled.also_true)
        also_true: set[int] = set()
        for n in ev._live:
            for match in ev.find(compiled.all_patterns[n]):
                (also_true if n >= first_also_true else covered).update(match.positions)
        for _, form, origin in ev.code_said:
            for match in ev.find_code(form, origin):
                covered.update(match.positions)
        self._only_also_true = also_true - covered
        return covered | also_true

    @property
    def only_also_true(self) -> set[int]:
        """Content positions said only by an also-true phrase: found while the
        covered positions are, so asking for it first finds those too."""
        _ = self.covered
        return self._only_also_true

    def false_claim_positions(self) -> set[int]:
        """Content positions where the answer makes one of the card's false claims."""
        ev = self.ev
        out: set[int] = set()
        if ev._live.isdisjoint(ev.compiled.claim_numbers):
            return out
        for compiled in ev.compiled.false_claims:
            for pattern in ev.live_only(compiled.patterns):
                for match in ev.find(pattern, one_claim=True):
                    if not match.negated:
                        out.update(match.positions)
        return out

    # -- reading the items ------------------------------------------------------

    def _considered(self, item: Item) -> list[int]:
        """The item's content positions that could claim something."""
        if item.considered is None:
            item.considered = self._read_considered(item)
        return item.considered

    def _read_considered(self, item: Item) -> list[int]:
        ev = self.ev
        question = ev.compiled.question_stems
        out = []
        for p in item.content:
            tok = ev.answer.tok(p)
            if tok.negator or tok.word in HEDGES or tok.word.isdigit() or tok.stem in question:
                continue
            if tok.word in NUMBER_WORDS or len(tok.word) < 2:
                continue
            out.append(p)
        return out

    def unaccounted(self, item: Item) -> bool:
        """Most of the item's words are said by nothing the card knows."""
        considered = self._considered(item)
        if not considered:
            return False
        reference = self.ev.compiled.reference_stems
        rest = [
            p
            for p in considered
            if p not in self.covered and self.ev.answer.tok(p).stem not in reference
        ]
        return len(rest) * 2 > len(considered)

    def foreign(self, item: Item) -> bool:
        """Most of the item's words are nowhere in the card: not in its question,
        its reference, nor any of its phrases (an invented item, not a
        paraphrase the phrases missed). "re" + a known word is known ("repackage")."""
        considered, known = self._considered(item), self.ev.compiled.said_right
        stems = [self.ev.answer.tok(p).stem for p in considered]
        rest = [s for s in stems if s not in known and not (s[:2] == "re" and s[2:] in known)]
        return len(rest) * 2 > len(considered)

    def says_point(self, item: Item) -> bool:
        """The item says one of the card's key points (any of its matches, not
        only the one the checklist shows)."""
        return not self.point_positions.isdisjoint(item.content)

    # -- what the judge asks ------------------------------------------------------

    @staticmethod
    def may_be_list(text: str) -> bool:
        """Two item breaks at least: else no list to read, whatever the words."""
        chars = _LIST_BREAK_CHAR_RE.finditer(text)
        if next(chars, None) is None or next(chars, None) is None:
            return False
        breaks = _LIST_BREAK_RE.finditer(text)
        return next(breaks, None) is not None and next(breaks, None) is not None

    def is_list(self) -> bool:
        """Three or more items, most of them short: a list of things, not prose."""
        items = [i for i in self.items if self._considered(i)]
        if len(items) < 3:
            return False
        short = sum(1 for i in items if len(self._considered(i)) <= 8)
        return short * 4 >= len(items) * 3

    def wrong_list_item(self) -> Item | None:
        """In a list whose items say the card's points, an item that is wrong.

        The list is one sentence of three or more items, two of which say a
        key point; the wrong item is one of them, not a claim after a "but"
        or after a statement of its own ("..., and it only works ..."), a
        preamble ("in W&B terms:") nor code. It is wrong when it makes one of
        the card's false claims, or when nothing the card knows accounts for
        it and it shows itself wrong: an absolute the reference does not make
        in words the card has never heard of ("every join runs on the GPU by
        default"), a bare term the card has never heard of in a list of
        bare terms ("None, Staging, Production, Deprecated"), or the one item
        of the sentence, after its first, that says no key point while the
        others all do (an extra claim: "versioning, one source of truth, and
        faster inference because registered models are compiled"), unless the
        sentence is told in the first person (a story, not a list).
        """
        if not self.is_list():
            return None
        claimed = self.false_claim_positions()
        # Each sentence is its own list, but for bare terms cut by semicolons
        # alone (`list_cuts.semicolon_runs`).
        lists = semicolon_runs(self.items, self.ev, self._considered, _LEADING)
        for sentence in sorted(set(lists.values())):
            items = [i for i in self.items if lists[i.sentence] == sentence and self._considered(i)]
            if len(items) < 3 or sum(1 for i in items if self.says_point(i)) < 2:
                continue
            # Bare terms in a list; not a story told in the first person.
            terse = all(len(self._considered(i)) <= 4 for i in items) and not self.told(
                sentence, False
            )
            # Every item but one says a key point: the odd one is an extra claim.
            # A one-word preamble ("Three reasons:", not "Like X:") only announces the list.
            heads = [i for i in items if i.preamble and len(self._considered(i)) < 2]
            heads = [] if likened(self.ev, self.items) else heads
            odd = [i for i in items if not (i in heads or self._says_own_point(i))]
            # A false claim read over two items is the last one's ("code, flavors
            # and the training data"): its end says what is wrong.
            for item in reversed(items):
                if claimed.intersection(item.content) and self._may_be_wrong(item):
                    if not item.opens_with_absolute:
                        return item  # "..., and it compresses the model files"
            for item in items:
                if not self._may_be_wrong(item):
                    continue
                if odd == [item] and self._added(item, items) and self._unsaid(item, sentence):
                    return item  # "..., and it picks the winning model for the team"
                if item.statement:
                    continue
                # Cheapest test first: most items say a point or known words.
                if not self.foreign(item) or not self.unaccounted(item):
                    continue
                if self.says_point(item) and (odd != [item] or not self._added(item, items)):
                    continue
                # A bare term of an answer written in code ("build-docker ... ->
                # push ECR -> deploy in k8s") or in another tool's words ("Like
                # SageMaker Model Monitor: data capture + baseline, ...") names
                # that tool's part, no item.
                written_in_code = any(i.code for i in items) or likened(self.ev, self.items)
                if absolute_word(self, item) not in (None, *WEAK) or (
                    terse
                    and len(self._considered(item)) <= 3
                    and not everyday_item(self.ev, self._considered(item))
                    and not written_in_code
                ):
                    return item
                # ... not an item of the question's own words ("needs an explicit log call").
                echo = len(self._considered(item)) * 2 < len(item.content)
                if (
                    odd == [item]
                    and item is not items[0]
                    and not self.told(sentence, False)
                    and not echo
                ):
                    return item  # "..., write to Delta, and call model.fit inside the UDF"
            if (line := odd_line(self, items, sentence)) is not None:
                return line  # "- conda env\n- flavors\n- the training data, so ..."
        return None

    def _may_be_wrong(self, item: Item) -> bool:
        """Not a claim after a turn, a preamble, code, "like SageMaker" nor a
        contrast that names nothing of its own ("instead of one request at a
        time", "vs one at a time"): what the thing is not is no item of what it is."""
        words = self.ev.answer.words
        rest = [words[t] for t in item.tokens]
        while rest and rest[0] in _LEADING:
            rest = rest[1:]
        if (
            rest
            and (rest[0] in _CONTRASTS or rest[0] == "not")
            and (rest[0] != "instead" or rest[1:2] == ["of"])
            and _CONTRAST_GOES_ON.isdisjoint(rest[1:])
        ):
            return False  # "..., not a full copy of the table": what it is not
        like = self.ev.answer.tokens[item.tokens[0]].word == "like" or held_up_as_like(rest)
        return not (item.after_turn or item.preamble or item.code or like)

    def _unsaid(self, item: Item, sentence: int) -> bool:
        """An item of two words or more, most of them said by nothing the card
        knows, in a list not told in the first person: a claim added to the list."""
        return (
            len(self._considered(item)) >= 2
            and self.unaccounted(item)
            and not self.told(sentence, False)
        )

    def _added(self, item: Item, items: list[Item]) -> bool:
        """Is the item the last of its list, added with "and", "plus", "also", or
        numbered ("... 3) batch scoring 4) labeling the images")?"""
        if item is not items[0] and opens_bullet_line(self.ev, item):
            return True  # "- logs metrics\n- schedules your retraining": a line of its own
        if item is not items[-1]:
            return False
        first = self.ev.answer.tokens[item.tokens[0]]
        return first.word in _LEADING or bool(_NUMBERED_END_RE.search(self.ev.text, 0, first.start))

    def _says_own_point(self, item: Item) -> bool:
        """The item says a key point, in words that are mostly the card's: a
        point's word inside an item made of words the card has never heard of
        ("and turn logging off in production") does not make it one of the list's
        points."""
        if not self.says_point(item):
            return False
        if not (self.foreign(item) and self.unaccounted(item)):
            return True
        # ... unless the item alone says one of the points the checklist shows.
        inside = set(item.content)
        return any(
            match is not None and match.positions and inside.issuperset(match.positions)
            for status, match in self.ev.statuses
            if status == "found"
        )

    def told(self, sentence: int, possessive: bool = True) -> bool:
        """Is the sentence told in the first person ("we had ...", "I logged ...")?
        "I think", "I'm not sure", "I'd say" only hedge what follows: no story.
        With `possessive` False, a "my"/"our" makes a story only at its opening
        (a list's items: "..., and also stores all of our raw data" is a claim)."""
        tokens = self.ev.answer.tokens
        opening = next((k for k, t in enumerate(tokens) if t.sentence == sentence), 0)
        return any(
            t.sentence == sentence
            and t.word in _FIRST_PERSON
            and (possessive or t.word not in _POSSESSIVE or k - opening < 3)
            and HEDGING.isdisjoint(u.word for u in tokens[k + 1 : k + 4])
            for k, t in enumerate(tokens)
        )

    def told_anywhere(self) -> bool:
        """Is any sentence of the answer told in the first person?"""
        return any(self.told(s) for s in {t.sentence for t in self.ev.answer.tokens})

    def added_claim(self) -> Item | None:
        """A sentence after the answer's first that states something ("it
        replaces ...", "a model can be ..."), says no key point, in words the
        card has never heard of (nothing accounts for them, nowhere in the
        card), or with a benefit the reference does not claim ("it also makes
        training cheaper"): a claim added to the answer, unless told in the
        first person or in doubt ("not sure that's it")."""
        tokens = self.ev.answer.tokens
        items = [i for i in self.items if self._considered(i)]
        benefit = BENEFIT_REFERENCE.isdisjoint(self.ev.compiled.reference_stems)
        for item in items[1:]:
            # In the first sentence: a clause of its own ("..., but it only ...").
            first = item.sentence == items[0].sentence
            if (first and not (item.statement or item.after_turn)) or item.preamble or item.code:
                continue
            doubt = any(t.sentence == item.sentence and t.word in DOUBTING for t in tokens)
            states = any(tokens[t].word in STATING for t in item.tokens)
            if not states or self.says_point(item) or self.told(item.sentence):
                continue
            # An invented benefit, hedged or not; unknown words may be the doubt itself.
            if benefit and benefit_claimed(tokens, item.tokens):
                return item
            if not doubt and self.foreign(item) and self.unaccounted(item):
                return item
        return None

    def absolute_claim(self) -> Item | None:
        """An item that claims an absolute the reference does not make."""
        for item in self.items:
            if not item.preamble and absolute(self, item) is not None:
                return item
        return None
