"""An answer's content words, indexed by stem, and where it says a pattern.

A pattern matches when its slots appear in order within one sentence, each
within its gap of the one before. A match is negated when a negator comes
shortly before it in the same clause ("does not log params"), stands inside
it ("log no params"), or a dismissal follows it ("params don't matter").
A match whose words lie on both sides of a negation's reach ("both read it
instead of each project ...", "doesn't fit in memory, single node
otherwise") says one part and sets aside the other: it is neither said nor
denied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mlquiz.core.grading.patterns import NEAR_GAP, Match, Pattern
from mlquiz.core.grading.reader import Token
from mlquiz.core.text import NEGATORS, STOPWORDS

_SENTENCE_END_RE = re.compile(r"[?.!\n]")

# How many words back from a matched phrase a negator still negates it.
NEGATION_REACH = 5

# Words that open a new thought in unpunctuated typing: a negation before them
# does not reach past them.
_HEDGES = frozenset({"maybe", "perhaps", "probably"})

# After a negator, words that make it doubt, not denial: "not sure it scores".
_DOUBTS = frozenset({"sure", "certain", "know", "remember", "recall", "100"})
# Before such a negator, words that keep the learner as the one in doubt ("I'm
# not sure", "honestly don't know"); a thing or "it" before it is no doubt of
# the learner's: "autolog doesn't know my KPI" says what autolog lacks.
_DOUBTER = frozenset(
    "i im ive we do does did am is are was be really honestly just still tbh".split()
)
_THINGS = frozenset({"it", "they", "he", "she", "this", "that", "which"})
# Subjects that open a statement of their own after what "instead of" or
# "rather than" takes: "instead of SQL it runs the model" says the running.
_SUBJECT_PRONOUNS = frozenset({"it", "they", "you", "we", "i", "he", "she"})
# Words that open a sentence about how things were before.
_BEFORE = frozenset({"before", "previously", "formerly", "originally"})
# A story of the learner's own ("I had 300 runs in one experiment and couldn't
# find anything"), and the words by which it goes on to the fix ("now each use
# case has its own", "mlflow fixed that").
_STORYTELLER = frozenset({"i", "we", "my", "our", "me", "us"})
_RESOLVED = frozenset({"now", "fixed", "solved"})
# Words that open a condition: "if you can't recover the rows you can't
# explain the model" says both are needed; it denies neither.
_CONDITIONS = frozenset({"if", "unless"})
# Words that open the other world an answer sets against its own: "otherwise
# only the person who logged a run could see it", "without lineage, nobody
# knows ...". What is said there is what the card's idea prevents.
_COUNTERFACTUAL = frozenset({"otherwise"})
_WITHOUT = frozenset({"without"})

# After a negator, verbs of doing again: "no need to rebuild X" denies the
# rebuilding, not X.
_REDOING = frozenset(
    """
    rebuild rebuilding recompute recomputing reimplement reimplementing rewrite
    rewriting redo redoing recreate recreating duplicate duplicating reinvent
    reinventing recode recoding re
    """.split()
)

# How far apart, in words of one clause, a negator and a "without" make a
# need ("can't debug or reproduce a model without the snapshot").
_WITHOUT_REACH = 8

# "X doesn't matter", "X isn't needed": words that dismiss what came before.
_DISMISSALS = frozenset(
    {"matter", "matters", "needed", "necessary", "important", "required", "relevant", "exist"}
)
_CONJUNCTIONS = frozenset({"and", "or", "so", "then"})
# After "so", words that open a consequence of its own: "so the script ...".
_DETERMINERS = frozenset({"the", "your", "our", "my", "their", "its", "each", "every"})
_NEW_STATEMENT = frozenset(
    {"can", "could", "will", "would", "should", "may", "might", "must", "is", "are", "it"}
    | {"they", "you", "we", "i", "he", "she", "this", "that", "get", "gets", "lets"}
)
# Words that set aside what follows them, as a negator does: "without a
# review", "on one machine rather than a cluster", "instead of files".
_SETS_ASIDE = {"without": "", "rather": "than", "instead": "of"}

# Words that say what follows makes no difference: "the same model whatever
# data you train on", "regardless of the snapshot". Within a phrase they deny
# what it pairs ("same ... data": the model depends on the data); "regardless
# of", "irrespective of", "independent of" also before it, as a negator does.
_INDIFFERENT = frozenset({"regardless", "irrespective", "independent", "independently"})
_WHATEVER = frozenset({"whatever", "whichever"})
# "whatever" after these is what a verb or preposition takes, not indifference:
# "depends on whatever data you feed it", "the version of whichever table".
_TAKES_WHATEVER = frozenset(
    """
    of on for to from with in into onto about by at over under use uses used using
    is are was be load loads loaded loading read reads pick picks pull pulls serve
    serves deploy deploys get gets take takes run runs point points call calls
    """.split()
)

# `_negated`'s answer for a match that a negation covers only in part.
_MIXED = "mixed"
# A one-word phrase stating no negation: `Answer.asserts` reads one word as it.
_ONE_WORD = Pattern((), (), False)

# Words where an answer turns to the other side of a contrast.
_TURNS = frozenset(
    {"but", "whereas", "however", "while", "although", "though", "unless", "otherwise"}
)
# Participles without "-ed" that say a verb in the passive ("features built once").
_IRREGULAR_PARTICIPLES = frozenset(
    "built kept made written shown held fed taken given sent known done".split()
)
_SUBJECT_PRONOUNS = frozenset("i we you they he she it someone everyone".split())
# Words that call for the negation scan as a negator does.
_NEGATION_SCAN_WORDS = frozenset(_SETS_ASIDE) | _INDIFFERENT | _WHATEVER
# ... or that is a negator. (`Answer` finds a negator among its words by this set:
# no negator may be a stop word, or content words alone would have to be looked at.)
_NEGATION_SCAN_OR_NEGATOR = _NEGATION_SCAN_WORDS | NEGATORS
assert NEGATORS.isdisjoint(STOPWORDS)


@dataclass(slots=True)
class Answer:
    """The content words of an answer, indexed by stem (one per grade: slots)."""

    tokens: list[Token]
    content: list[int] = field(default_factory=list)  # indices of non-stop tokens
    by_stem: dict[str, list[int]] = field(default_factory=dict)  # stem -> content positions

    # Per content word: a counter that moves on at each sentence and each
    # contrast ("but", "whereas"), so one claim is never read across a turn.
    segment: list[int] = field(default_factory=list)
    content_tokens: list[Token] = field(default_factory=list)
    # Per content word its stem and its sentence (what matching reads most).
    stems: list[str] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    # Every token's word, in order (set tests on them run in C).
    words: list[str] = field(init=False, repr=False, compare=False)
    # Most answers hold no negator at all; then no match needs a negation scan.
    has_negator: bool = False
    # Negators that take what the reference negates itself (shared_negations.py).
    shared: frozenset[int] = frozenset()
    # The answer as typed, to tell a question ("isn't a run just ...?") from a denial.
    text: str = ""
    # Something the card knows was said in doubt ("not sure delta has versions").
    doubted: bool = False
    # (the cross-card index, its reference overlaps of this answer): asked by
    # two steps of one grade, worked out once (see `CrossCardIndex.answer_overlaps`).
    overlaps: tuple[object, dict[str, float]] | None = field(
        default=None, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        segment = 0
        sentence = 0
        clause = 0
        tokens = self.tokens
        words = self.words = [tok.word for tok in tokens]
        # A clause that ends on a turn ("single node otherwise", "slow though")
        # is the other side of the contrast from its first word. Most answers
        # hold no turn at all: then neither the clauses nor the words are looked at.
        turns = not _TURNS.isdisjoint(words)
        last = len(tokens) - 1
        turned: set[int] = set()
        if turns:
            turned = {
                tok.clause
                for k, tok in enumerate(tokens)
                if tok.word in _TURNS and (k == last or tokens[k + 1].clause != tok.clause)
            }
        # Every word goes through here on every grade: comprehensions, not one
        # loop of appends (a third of the bytecode run per word).
        content = self.content = [i for i, tok in enumerate(tokens) if not tok.stop]
        content_tokens = self.content_tokens = [tokens[i] for i in content]
        stems = self.stems = [tok.stem for tok in content_tokens]
        self.sentences = [tok.sentence for tok in content_tokens]
        by_stem = self.by_stem
        for k, stem in enumerate(stems):
            found = by_stem.get(stem)
            if found is None:
                by_stem[stem] = [k]
            else:
                found.append(k)
        if content and not turns and tokens[-1].sentence == tokens[0].sentence:
            # One sentence and no turn (most answers): one segment, the first
            # (0), or the second when the answer opens after a sentence end.
            self.segment = [0 if tokens[0].sentence == 0 else 1] * len(content)
        elif content:
            segments = self.segment
            for tok in tokens:
                if tok.sentence != sentence or (
                    turns
                    and (tok.word in _TURNS or (tok.clause != clause and tok.clause in turned))
                ):
                    segment += 1
                    sentence = tok.sentence
                clause = tok.clause
                if not tok.stop:
                    segments.append(segment)
        # A word that calls for the negation scan, or a negator among the content
        # words: a token is a negator when its word is one of NEGATORS, none of
        # them a stop word (reader.py), so one set test in C over the words says it.
        if not _NEGATION_SCAN_OR_NEGATOR.isdisjoint(words):
            self.has_negator = True

    def tok(self, content_pos: int) -> Token:
        return self.content_tokens[content_pos]

    def asserts(self, content_pos: int) -> bool:
        """Is the content word at `content_pos` said as a phrase of it would be:
        not under a negator ("no clusters") nor in doubt ("not sure it adds
        clusters"), as `find` reads a match (the checklist's words said)?"""
        if not self.has_negator:
            return True
        return self._negated(_ONE_WORD, content_pos, content_pos) in (False, _MIXED)

    def unclaimed(self, match: Match) -> bool:
        """Words of a mix-up that the answer does not claim: said not to work
        ("pandas on my laptop could never do it": a negator right after, in
        its clause), or read across ", and" into a statement of its own ("as
        a job, and each week's run lands in the same experiment")."""
        tokens, start, end = self.tokens, self.content[match.first], self.content[match.last]
        if any(
            tokens[i].word == "and" and tokens[i - 1].clause != tokens[i].clause
            for i in range(start + 1, end)
        ):
            return True
        after = tokens[end + 1 : end + 7]
        return any(t.negator and t.clause == tokens[end].clause for t in after)

    def claimed(self, matches: list[Match]) -> list[Match]:
        """The matches the answer claims: none said of a world it sets apart."""
        return [match for match in matches if not self.hypothetical(match)]

    def hypothetical(self, match: Match) -> bool:
        """Is the match said of a world the answer does not claim: inside a
        condition that a later clause of its sentence goes on from ("if you
        don't track it, nobody knows which data the deployed model saw"), in a
        clause opened by "otherwise", or in the consequence of a "without ..."
        clause ("without tracking, only its author sees a run")? A claim in
        the consequence of a condition ("if you register it, the old version
        is overwritten") is the answer's own."""
        tokens = self.tokens
        head = tokens[self.content[match.first]]
        clause = [t for t in tokens if t.clause == head.clause]
        opening = clause[0].word
        if opening in _COUNTERFACTUAL:
            return True
        if opening in _CONDITIONS:
            # A condition of need: the clauses after it say what goes wrong
            # ("..., nobody knows"). "If you register a new one the old versions
            # are overwritten, so keep copies" has no comma to end its condition:
            # its claim is the answer's own.
            return any(
                t.sentence == head.sentence and t.clause > head.clause and t.negator for t in tokens
            )
        previous = next((t for t in tokens if t.clause == head.clause - 1), None)
        return (
            previous is not None
            and previous.sentence == head.sentence
            and (previous.word in _WITHOUT)
        )

    def find(self, pattern: Pattern, one_claim: bool = False) -> list[Match]:
        """Every place the pattern is said, earliest first (one per start).

        `one_claim` keeps the match from crossing a "but" or "whereas": a
        confusion is one claim ("go distributed when it fits"), which a correct
        answer's "distributed on Spark, but if everything fits" is not.
        """
        by_stem = self.by_stem
        first = pattern.slots[0]
        if len(first) == 1:  # most slots: one look-up, no set made
            for stem in first:
                starts: list[int] = by_stem.get(stem, [])
        else:
            starts = []
            several = False  # starts from two stems of the slot need sorting
            # The slot's stems the answer has, found in C (a slot may have dozens).
            for stem in by_stem.keys() & first:
                several = bool(starts)
                starts.extend(by_stem[stem])
            if several:
                starts.sort()
        matches = []
        single = len(pattern.slots) == 1
        # Without a negator in the answer (most answers) no match is negated.
        scan = self.has_negator and not pattern.negated
        origin, stated = pattern.origin, pattern.negated
        for start in starts:
            positions = (start,) if single else self._extend(pattern, start, one_claim)
            if positions is None:
                positions = self._passive(pattern, start)
                if positions is None:
                    continue
            if not scan:
                matches.append(Match(positions, False, origin, stated))
                continue
            negated = self._negated(pattern, positions[0], positions[-1])
            if negated is None:
                self.doubted = True
                continue  # doubted ("not sure it does X"): neither said nor denied
            if negated is _MIXED:
                continue  # said in part, set aside in part: neither
            matches.append(Match(positions, negated is True, origin, stated))
        return matches

    def _extend(self, pattern: Pattern, start: int, one_claim: bool) -> tuple[int, ...] | None:
        if len(pattern.slots) == 1:
            return (start,)
        positions = [start]
        # Sentences and segments only grow along the answer: the first word of a
        # slot within the gap is the one, if it is in the sentence (and segment).
        stems, sentences, segments = self.stems, self.sentences, self.segment
        tokens = self.content_tokens
        sentence = sentences[start]
        segment = segments[start]
        pos = start
        size = len(stems)
        for slot, gap in pattern.steps:
            for nxt in range(pos + 1, min(pos + gap + 2, size)):
                if stems[nxt] in slot:
                    break
            else:
                return None
            if sentences[nxt] != sentence or (one_claim and segments[nxt] != segment):
                return None
            # "the logging side for runs, the packaging format": two items. A comma
            # between `pos` and a word before `nxt` stands between `pos` and `nxt` too.
            if one_claim and gap <= NEAR_GAP and self._listed_apart(tokens[pos], tokens[nxt]):
                return None
            positions.append(nxt)
            pos = nxt
        return tuple(positions)

    def _passive(self, pattern: Pattern, start: int) -> tuple[int, ...] | None:
        """A verb-object pair said the other way round, in the passive: "every
        run tracked in mlflow" for "track ... runs", "features shared" for
        "share ... features". Only a two-word pattern, its verb a participle
        ("-ed", "built", "kept", ...) next to its object, no subject between."""
        if len(pattern.slots) != 2:
            return None
        word = self.content_tokens[start].word
        if not (word.endswith("ed") or word in _IRREGULAR_PARTICIPLES):
            return None
        before = start - 1
        if before < 0 or self.stems[before] not in pattern.slots[1]:
            return None
        if self.segment[before] != self.segment[start]:
            return None
        # Only "is", "was", "gets" between: "the model we trained" is active.
        between = self.tokens[self.content[before] + 1 : self.content[start]]
        if any(t.word in _SUBJECT_PRONOUNS or t.clause != between[0].clause for t in between):
            return None
        return (before, start)

    def _listed_apart(self, before: Token, after: Token) -> bool:
        """Does a comma or semicolon stand between two words (items of a list)?"""
        if before.clause == after.clause:
            return False  # nearly always
        between = self.text[before.end : after.start]
        return "," in between or ";" in between

    def substitutes(self, said: Match, denied: Match, analogy: bool) -> bool:
        """Does the answer put `said` in place of `denied`: another tool's word
        before an "instead of" in one clause ("move the champion alias instead
        of stages"), or any words in a later clause after an "instead of" that
        opens its own ("instead of writing the steps, you write a program")?
        Then `denied` is set aside as a way of saying, not as what is said."""
        first = self.content[denied.first]
        clause = self.tokens[first].clause
        for k in range(first - 1, max(first - NEGATION_REACH, 0) - 1, -1):
            tok = self.tokens[k]
            if tok.clause != clause:
                return False
            if (
                tok.word in ("instead", "rather")
                and self.tokens[k + 1].word == _SETS_ASIDE[tok.word]
            ):
                said_first, said_end = (
                    self.tokens[self.content[said.first]],
                    self.content[said.last],
                )
                if analogy and said_end < k and self.tokens[said_end].clause == clause:
                    return True
                opens = k == 0 or self.tokens[k - 1].clause != clause
                return opens and said_first.clause > clause and said_first.sentence == tok.sentence
        return False

    def _asks(self, negator: int) -> bool:
        """Is the negator the "n't" of a question's opening ("isn't a run ...?",
        "doesn't it log ...?"): a question that offers an answer, not a denial."""
        tok = self.tokens[negator]
        opening = [t for t in self.tokens if t.sentence == tok.sentence][:2]
        if tok not in opening or not self.text:
            return False
        m = _SENTENCE_END_RE.search(self.text, tok.end)
        return m is not None and m.group() == "?"

    def _without_after(self, end_tok: int, clause: int) -> bool:
        """Does "without" follow the match closely, in its clause ("can't
        reproduce it without the snapshot")?"""
        for tok in self.tokens[end_tok + 1 : end_tok + 1 + _WITHOUT_REACH]:
            if tok.clause != clause:
                return False
            if tok.word == "without":
                return True
        return False

    def _without_before(self, negator: int, clause: int) -> bool:
        """Does "without" come shortly before the negator, in its clause
        ("without the snapshot you can't debug")?"""
        for tok in self.tokens[max(0, negator - _WITHOUT_REACH) : negator]:
            if tok.clause == clause and tok.word == "without":
                return True
        return False

    def _negator_near(self, without: int, end_tok: int, clause: int) -> bool:
        """Is the "without" at `without` itself part of a need, with a negator
        of its clause shortly before it or after the match ("you can't debug
        without it", "no reproducing without it", "without it you can't
        debug")?"""
        before = self.tokens[max(0, without - _WITHOUT_REACH) : without]
        after = self.tokens[end_tok + 1 : without + _WITHOUT_REACH + 1]
        return any(tok.clause == clause and tok.negator for tok in (*before, *after))

    def _learner_doubts(self, negator: int) -> bool:
        """Is the negator before "sure"/"know" the learner's doubt ("not sure",
        "I don't know if"), not what a thing lacks ("autolog doesn't know my KPI")?"""
        clause = self.tokens[negator].clause
        for tok in reversed(self.tokens[:negator]):
            if tok.clause != clause or tok.word in _TURNS or tok.word in _CONJUNCTIONS:
                return True
            if tok.word in _DOUBTER:
                continue
            # "... though I'm not sure" doubts; "autolog/it doesn't know" does not.
            return tok.stop and tok.word not in _THINGS
        return True

    def _told_before(self, negator: int) -> bool:
        """Is the negator in a sentence told of how things were before ("Before
        we split them I couldn't find last month's model", "we used to have
        pickles and nobody knew which one was live") while a later sentence
        goes on, or in a story of the learner's that goes on to the fix ("on my
        team nobody could see each other's notebooks, mlflow fixed that")? The
        old problem the answer's idea solves: nothing is denied."""
        tokens = self.tokens
        sentence = tokens[negator].sentence
        words = [t.word for t in tokens if t.sentence == sentence]
        # A story that goes on, in a later clause, to the fix: "... and couldn't
        # find anything, so I made separate experiments. Now ...".
        clause = tokens[negator].clause
        if not _STORYTELLER.isdisjoint(words) and any(
            t.word in _RESOLVED and t.clause != clause for t in tokens[negator + 1 :]
        ):
            return True
        if tokens[-1].sentence == sentence:
            return False  # the last sentence: nothing tells what came after
        return words[0] in _BEFORE or ("used", "to") in zip(words, words[1:], strict=False)

    def _condition_of_need(self, negator: int) -> bool:
        """Is the negator one of two in a condition and its consequence ("if you
        can't recover the rows, you can't explain the model")? Then each says
        what the other needs: nothing is denied."""
        tokens = self.tokens
        sentence = tokens[negator].sentence
        words = [k for k, t in enumerate(tokens) if t.sentence == sentence]
        opening = next((k for k in words if tokens[k].word in _CONDITIONS), None)
        if opening is None or opening > negator:
            return False
        negators = [k for k in words if k > opening and tokens[k].negator]
        return len(negators) >= 2

    def _new_statement(self, after: int, upto: int) -> bool:
        """Does a statement of its own start between token `after` and token
        `upto`: a new clause, a turn ("but"), or "and"/"so" with a subject
        ("..., so the script never changes")?"""
        tokens = self.tokens
        for k in range(after + 1, upto + 1):
            tok = tokens[k]
            if tok.clause != tokens[after].clause or tok.word in _TURNS:
                return True
            if tok.word in _CONJUNCTIONS and k + 1 < len(tokens):
                nxt = tokens[k + 1].word
                if nxt in _NEW_STATEMENT or (tok.word == "so" and nxt in _DETERMINERS):
                    return True
        return False

    def _indifferent(self, i: int, inside: bool) -> bool:
        """Does token `i` say that what follows makes no difference? "regardless
        of", "irrespective of", "independent(ly) of"; inside a match also
        "whatever"/"whichever" where no verb or preposition takes it ("the same
        model whatever data", not "trained on whatever data")."""
        tokens = self.tokens
        word = tokens[i].word
        nxt = tokens[i + 1].word if i + 1 < len(tokens) else ""
        if word in _INDIFFERENT:
            return nxt == "of"
        if not inside or word not in _WHATEVER:
            return False
        return i == 0 or tokens[i - 1].word not in _TAKES_WHATEVER

    def _reach(self, negator: int, first: int, last: int) -> bool | str:
        """A negation at token `negator`, before the match: True when it
        covers the whole match, `_MIXED` when a statement of its own starts
        inside the match ("doesn't fit in memory, single node otherwise")."""
        content = self.content
        if self.segment[first] != self.segment[last]:
            return _MIXED
        if self._new_statement(max(negator, content[first]), content[last]):
            return _MIXED
        return True

    def _negated(self, pattern: Pattern, first: int, last: int) -> bool | str | None:
        """Is the matched phrase under a negator ("does not log params")? None
        when the negator only says the learner is unsure ("not sure it does X",
        "don't know if X"): X is doubted, neither said nor denied. `_MIXED`
        when the negation covers only part of the match: "instead of X" and
        "rather than X" set aside X, not what comes before them, and a
        negation's reach ends where a statement of its own starts."""
        if pattern.negated or not self.has_negator:
            return False  # the phrase states the negation itself, or nothing negates
        start_tok = self.content[first]
        end_tok = self.content[last]
        head = self.tokens[start_tok]
        # Negators inside the match ("log no params", "change params without
        # touching code") count too, unless they start a statement of their own.
        for i in range(start_tok + 1, end_tok):
            tok = self.tokens[i]
            nxt = self.tokens[i + 1].word
            if tok.word in _SETS_ASIDE and _SETS_ASIDE[tok.word] == nxt:
                return _MIXED  # "both read it instead of each project ..."
            if i in self.shared:
                continue  # "without labels" said as the reference says it
            if tok.negator or tok.word == "without" or self._indifferent(i, inside=True):
                return _MIXED if self._new_statement(start_tok, i) else True
        steps = 0
        i = start_tok - 1
        while i >= 0 and steps < NEGATION_REACH:
            tok = self.tokens[i]
            if tok.clause != head.clause or tok.word == "but" or tok.word in _HEDGES:
                break  # "... doesn't break things maybe someone approves": a new thought
            # "don't repeat work and can reuse runs": a new verb after "and"
            # starts a new statement, out of the negator's reach.
            if tok.word in _CONJUNCTIONS and i + 1 < start_tok:
                if self.tokens[i + 1].word in _NEW_STATEMENT:
                    break
            nxt = self.tokens[i + 1].word if i + 1 < len(self.tokens) else ""
            if i in self.shared:
                pass  # "no labels" said as the reference says it: no denial
            elif tok.negator:
                # "not only X but also Y" affirms X; "isn't it X?" asks;
                # "can't X without Y" says X needs Y, it denies nothing.
                if nxt in {"only", "just"} or self._asks(i):
                    return False
                if nxt in _DOUBTS and self._learner_doubts(i):
                    return None
                if self._condition_of_need(i):
                    return False  # "if you can't recover the rows you can't explain it"
                if self._told_before(i):
                    return _MIXED  # "before we split them I couldn't find ...": the old problem
                if nxt in _REDOING and i + 1 < start_tok:
                    # "don't rebuild the same features": the redoing is denied,
                    # what would be redone is not.
                    return False
                if self._without_after(end_tok, head.clause):
                    return False
                if self._without_before(i, head.clause):
                    return False  # "without the snapshot you can't debug"
                return self._reach(i, first, last)
            if tok.word in _INDIFFERENT and self._indifferent(i, inside=False):
                # "regardless of the snapshot": only what "of" takes, not what
                # follows it ("regardless of framework, models depend on ...").
                if all(t.stop for t in self.tokens[i + 2 : start_tok]):
                    return self._reach(i, first, last)
            sets_aside = tok.word in _SETS_ASIDE and _SETS_ASIDE[tok.word] in ("", nxt)
            if sets_aside and i not in self.shared:
                # "can't debug without the snapshot": Y is needed, not set aside.
                if tok.word == "without" and self._negator_near(i, end_tok, head.clause):
                    return False
                # "instead of SQL it runs the model": what "of" takes is set
                # aside; a subject after it opens the statement that is said.
                taken = i + (1 if tok.word == "without" else 2)
                if any(t.word in _SUBJECT_PRONOUNS for t in self.tokens[taken + 1 : start_tok]):
                    return False
                return self._reach(i, first, last)
            steps += 1
            i -= 1
        # "serialization doesn't matter", "config isn't needed": dismissed after.
        after = [t for t in self.tokens[end_tok + 1 : end_tok + 5] if t.clause == head.clause]
        for j, tok in enumerate(after[:-1]):
            if tok.negator and after[j + 1].word in _DISMISSALS:
                return True
        return False
