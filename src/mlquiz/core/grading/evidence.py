"""What one answer says about one card: the evidence the judge reads.

`Evidence` gathers, once, which key points the answer says (and which it
negates, and through what: a phrase, an example, a code form, another tool's
words), and answers the judge's questions about the answer: does it say a
known confusion or false claim, deny the question, list terms
(`term_list.py`), give steps out of order, fit another card better
(`other_cards.py`)? Each question is computed when a step first asks. The
checklist, the contradicted list and the notes the learner sees are read
from the same evidence as the verdict.
"""

from __future__ import annotations

from mlquiz.core.cards import Card, FalseClaim
from mlquiz.core.grading import topic
from mlquiz.core.grading.absolutes import ABSOLUTE_WORDS
from mlquiz.core.grading.answer import Answer
from mlquiz.core.grading.claim_words import COUNT_STEMS
from mlquiz.core.grading.claims import Claims
from mlquiz.core.grading.code_forms import (
    CodeForm,
    find_form,
    set_aside,
    switched_off,
)
from mlquiz.core.grading.compiled import CompiledCard
from mlquiz.core.grading.cross_index import CrossCardIndex
from mlquiz.core.grading.other_cards import OtherCards
from mlquiz.core.grading.patterns import CODE, Match, Origin, Pattern
from mlquiz.core.grading.said_scope import (
    aside,
    contrasted,
    ended,
    inside_calls,
    likened,
    negator_of,
    stated_negators,
    styled,
    turned_to_new,
)
from mlquiz.core.grading.term_list import TermList
from mlquiz.core.text import stem
from mlquiz.core.verdicts import CONTRADICTED, FOUND, MISSED, PointStatus

# Words that, with a negator, make an opening clause a flat denial ("no need").
_DENIAL_FILLER = frozenset("really important help helps need needed difference real true".split())
# Words before a confusion's phrase that hold it up as a contrast, not a claim:
# "unlike batch scoring, online serving ..." names batch scoring to set it aside.
# How far back in its clause a set-aside word ("instead of", "rather than")
# still sets aside a false claim's words.

# Verbs too light to say anything next to the question's own words, and "because".
_LIGHT_VERBS = frozenset(
    stem(w) for w in "because keep make help get have has give take put".split()
)

# The stems of the words that can make an absolute, as answers index them.
ABSOLUTE_STEMS = frozenset(stem(w) for w in ABSOLUTE_WORDS)

# A key point's status and the match behind it (None when missed).
PointEvidence = tuple[PointStatus, Match | None]


class Evidence(OtherCards, TermList):
    """One answer (`text`, read into `answer`) against one compiled card."""

    confusion_match: Match | None = None  # where `card_confusion` found the mix-up

    def __init__(
        self, compiled: CompiledCard, text: str, answer: Answer, cross: CrossCardIndex
    ) -> None:
        self.compiled = compiled
        self.card: Card = compiled.card
        self.text = text
        self.answer = answer
        self.cross = cross
        self._lowered = text.lower()
        # One look for any code form's literal text: most answers hold none.
        code_said = compiled.code_said(self._lowered)
        self._code_possible = code_said is not None
        self.code_said = code_said or []
        self._code_found: dict[tuple[str, Origin], list[Match]] = {}
        self._live = compiled.live_patterns(answer.by_stem)
        self._found: dict[tuple[int, bool], list[Match]] = {}
        self._other_cards: list[str] | None = None
        # The first false claim, once looked for.
        self._false_claim_read = False
        self._false_claim_found: tuple[FalseClaim, str] | None = None
        # Points earned only through another tool's words with partial credit.
        self.analogy_only: set[int] = set()
        self._notes: tuple[str, ...] = ()
        # A wording the player accepted for this card says the answer (and no
        # more): no other card's closer wording makes it that card's answer.
        self.accepted_as_own = False
        # Points said, then denied in a later clause of their own (see
        # `_point_statuses`): point -> the denial.
        self.said_then_denied: dict[int, Match] = {}
        self.statuses = self._point_statuses()
        self._claims: Claims | None = None
        self._count()

    def _count(self) -> None:
        points = []
        required = []
        required_found = 0
        any_found = False
        missed = self.compiled.missed_results()
        for k, (status, match) in enumerate(self.statuses):
            found = status == FOUND
            if match is None and status == MISSED:
                result = missed[k]  # (as `point_result` gives it, without the calls)
            else:
                result = self.compiled.point_result(k, status, match, self.span(match), self.text)
            points.append(result)
            any_found = any_found or found
            if result.required:
                required.append(result)
                required_found += found
        self.points = tuple(points)
        self.required = required
        self.required_found = required_found
        self.any_found = any_found
        self.all_required = bool(required) and required_found == len(required)

    def credit(self, indices: tuple[int, ...]) -> bool:
        """Count the key points at `indices` as said, with no words to mark (a wording
        the player taught says them, see grading/wordings.py). A point the answer
        negates stays contradicted. Returns whether any point changed."""
        changed = False
        for i in indices:
            if self.statuses[i][0] == MISSED:
                self.statuses[i] = (FOUND, None)
                changed = True
        if changed:
            self._count()
        return changed

    # -- matching -----------------------------------------------------------------

    def find(self, pattern: Pattern, one_claim: bool = False) -> list[Match]:
        """Where the answer says one of the card's patterns (see `Answer.find`);
        each pattern is looked for once per answer, however many steps ask."""
        number = self.compiled.number[id(pattern)]
        if number not in self._live:
            return []
        key = (number, one_claim)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self.answer.find(pattern, one_claim)
        return found

    def find_code(self, form: CodeForm, origin: Origin) -> list[Match]:
        """Where the answer says a code form, as a match over the words it spans."""
        if not self._code_possible or form.anchor not in self._lowered:
            return []  # as `find_form` says, before hashing a key
        key = (form.source, origin)
        cached = self._code_found.get(key)
        if cached is not None:
            return cached
        matches = []
        for start, end in find_form(form, self.text, self._lowered):
            positions = tuple(
                i
                for i, tok in enumerate(self.answer.content_tokens)
                if tok.end > start and tok.start < end
            )
            if positions:
                matches.append(Match(positions, False, origin))
        self._code_found[key] = matches
        return matches

    def _point_statuses(self) -> list[PointEvidence]:
        """Each point's status, one phrase of the answer serving one point only.

        Without this, "model registry" would also say "MLflow Models" through
        its "model". The most specific points (longest matches) choose first;
        a later point is found only through a match that adds a word of its own.
        A point the answer negates anywhere is not found, whatever else says it:
        the checklist never ticks what the answer denies.
        """
        points = self.compiled.points
        found: list[list[Match]] = [[] for _ in points]
        negated: list[Match | None] = [None] * len(points)
        point_patterns = self.compiled.point_patterns
        # The words of a false claim earn no point ("model serving" is no
        # "MLflow Models" when serving is the claim).
        claimed_false: set[int] = set()
        denied_by: dict[int, int] = {}  # point -> the pattern of its first denial
        said: dict[int, set[str]] = {}  # pattern -> the words that said it
        negatable = self.answer.has_negator  # else no match is negated
        if not self._live.isdisjoint(self.compiled.claim_numbers):
            claimed_false = {
                p
                for c in self.compiled.false_claims
                for pattern in self.live_only(c.patterns)
                for m in self.find(pattern, one_claim=True)
                if not m.negated
                for p in m.positions
            }
        off: set[int] = set()
        if self.compiled.keyword_groups and "=" in self.text:
            # `mlflow.autolog(log_models=False)` says no "models" point.
            off = switched_off(self.text, self.answer.content_tokens, self.compiled.keyword_groups)
            claimed_false |= off
        live = self._live
        if not self.code_said and (not live or min(live) >= len(point_patterns)):
            self._set_aside = set()  # nothing can say a point (a third of wrong answers)
            return [(MISSED, None)] * len(points)
        cache, answer_find = self._found, self.answer.find  # `find`, its number known
        points_end = len(point_patterns)
        for n in sorted(self._live):
            if n >= points_end:
                break  # confusion and vague patterns are numbered after the points
            pattern, i = point_patterns[n]
            # (The first look for each: only one-claim finds of false claims came before.)
            matches = cache[(n, False)] = answer_find(pattern, False)
            for match in matches:
                if self.echo(match) or claimed_false.issuperset(match.positions):
                    continue
                if match.origin.kind == "analogy" and contrasted(self.answer, match):
                    continue  # "unlike SageMaker, ..." sets the tool aside
                if match.negated:
                    denied_by[i] = denied_by.get(i, n)
                    negated[i] = negated[i] or match
                else:
                    found[i].append(match)
                    if negatable:  # `said` serves only to weigh a denial
                        said.setdefault(n, set()).add(self.answer.tok(match.first).stem)
        for i, form, origin in self.code_said:
            code = self.find_code(form, origin)
            if code:
                # `log_input_examples=True` beside `log_models=False`
                # earns back no point the call switched off.
                found[i].extend(m for m in code if not off.issuperset(m.positions))
        noted: dict[int, list[Match]] = {}  # analogies set aside for plain words
        partial_credit = self.compiled.has_partial_credit  # (no card but a few)
        for i, matches in enumerate(found):
            if not matches:
                continue
            partial = [m for m in matches if m.origin.credit == "partial"] if partial_credit else []
            if partial:
                analogy_words = {p for m in partial for p in m.positions}
                plain = [m for m in matches if analogy_words.isdisjoint(m.positions)]
                if plain:
                    # The answer names the tool and also says the point in
                    # words of its own: the plain words earn it (the
                    # analogy's note is still shown).
                    noted[i] = partial
                    found[i] = matches = plain
                else:
                    # Said through another tool's words only: partial credit.
                    self.analogy_only.add(i)
                    found[i] = matches = partial
            if len(matches) > 1:  # (most points: one match)
                matches.sort(key=lambda m: (-len(m.positions), m.first))
        # A clause that states a negation as a point says it ("no log_param
        # calls" for "without manual log calls") denies nothing else.
        stated = (
            {p for ms in found for m in ms if m.negation_stated for p in self.clause_of(m)}
            if any(negated)
            else set()
        )
        used = stated_negators(self.answer, found) if any(negated) else {}
        for i, bad in enumerate(negated if any(negated) else ()):  # (none, in most answers)
            if (
                bad is not None
                and not found[i]
                and bad.first > used.get(negator_of(self.answer, bad), len(self.answer.content))
            ):
                # "he did not repeat it and started from the best run": the "not"
                # says "prevents duplicate effort"; it denies nothing after that
                # point's words. Words inside them ("nobody sees the others' runs,
                # which prevents duplicate effort") it still denies.
                # (Nor is what follows ticked: the checklist never shows a point
                # right after a negator.)
                negated[i] = None
                continue
            if bad is None or not found[i] or set(bad.positions) <= stated:
                continue
            ctoks = self.answer.content_tokens
            if ctoks[bad.first].clause != ctoks[bad.last].clause:
                continue  # "won't fit ..., otherwise ... sklearn": two claims
            other_names = said.get(denied_by[i], set()) - {self.answer.tok(bad.first).stem}
            if other_names and len(point_patterns[denied_by[i]][0].slots) == 1:
                continue  # "GitHub, not GitLab": one of the point's names over another
            if any(self.answer.substitutes(m, bad, m.origin.kind == "analogy") for m in found[i]):
                continue  # "the champion alias instead of stages": a way of saying it
            if not any(set(bad.positions) <= set(m.positions) for m in found[i]):
                # Denied in one place and said in another: the checklist
                # never ticks what the answer denies ("Spark DataFrames ...
                # on one machine rather than a cluster").
                if all(
                    (m.last < bad.first or m.first > bad.last)
                    and ctoks[m.last].clause != ctoks[bad.first].clause
                    and ctoks[m.first].clause != ctoks[bad.last].clause
                    for m in found[i]
                ):
                    # Said, and denied in a clause of its own, before or after it
                    # ("comparing runs gets easier ... runs in different
                    # experiments can never be compared though"): a false claim
                    # added to the answer, whichever comes first.
                    self.said_then_denied[i] = bad
                found[i] = []
        order = sorted(
            filter(found.__getitem__, range(len(points))), key=lambda i: -len(found[i][0].positions)
        )
        claimed: set[int] = set()
        statuses: list[PointEvidence] = [  # found points below; unfound ones as denied or not
            (MISSED, None) if m is None else (CONTRADICTED, m) for m in negated
        ]
        for i in order:
            chosen = next((m for m in found[i] if not claimed.issuperset(m.positions)), None)
            if chosen is not None:
                if self._is_unit(chosen):
                    claimed.update(chosen.positions)
                statuses[i] = (FOUND, chosen)
        if self.analogy_only:
            self.analogy_only &= {i for i, (s, _) in enumerate(statuses) if s == FOUND}
        # Another tool's words set aside for the answer's own: still no mix-up.
        self._set_aside = {p for ms in noted.values() for m in ms for p in m.positions}
        # Notes of any evidence that said a found point, chosen or not: an
        # answer that moves the @champion alias back gets the alias note even
        # when a plain phrase is what ticked the point.
        if self.compiled.has_notes:
            self._notes = tuple(
                dict.fromkeys(
                    m.origin.note
                    for i, (s, _) in enumerate(statuses)
                    if s == FOUND
                    for m in found[i] + noted.get(i, [])
                    if m.origin.note
                )
            )
        return statuses

    def clause_of(self, match: Match) -> range:
        """Content positions of the clause(s) the match spans."""
        ctoks = self.answer.content_tokens
        start, end = match.first, match.last + 1
        while start > 0 and ctoks[start - 1].clause == ctoks[match.first].clause:
            start -= 1
        while end < len(ctoks) and ctoks[end].clause == ctoks[match.last].clause:
            end += 1
        return range(start, end)

    def echo(self, match: Match) -> bool:
        """A match made only of the question's words repeats it, whatever the phrase."""
        question = self.compiled.question_stems
        ctoks = self.answer.content_tokens
        for p in match.positions:
            if ctoks[p].stem not in question:
                return False
        return True

    def _is_unit(self, match: Match) -> bool:
        """Adjacent words in one clause ("model registry") say one thing together.

        Steps of a list ("train -> eval") are separate clauses, so a phrase
        spanning them does not stop each step from counting on its own.
        """
        if self.card.ordered:
            return False  # steps are separate ideas, however close: "train eval"
        if len(match.positions) == 1:
            return True  # one word (most matches): a unit whatever its clause
        # Adjacent as typed: "Models and the Registry" names two things even
        # though only stop words stand between them.
        indices = [self.answer.content[p] for p in match.positions]
        clause = self.answer.tokens[indices[0]].clause
        return indices[-1] - indices[0] == len(indices) - 1 and all(
            self.answer.tokens[i].clause == clause for i in indices
        )

    def span(self, match: Match | None) -> tuple[int, int] | None:
        if match is None:
            return None
        return (self.answer.tok(match.first).start, self.answer.tok(match.last).end)

    def words(self, match: Match | None) -> str:
        """The answer's words behind a match, as typed."""
        span = self.span(match)
        return "" if span is None else self.text[span[0] : span[1]]

    def may_be_list(self) -> bool:
        """Cheap test before reading items: the answer has two item breaks."""
        return Claims.may_be_list(self.text)

    def may_claim_absolute(self) -> bool:
        """Cheap test before reading items: a word that can make an absolute."""
        answer = self.answer
        if answer.has_negator or not ABSOLUTE_STEMS.isdisjoint(answer.by_stem):
            return True
        # A count can make an invented limit ("deleted after 30 days").
        return any(map(str.isdigit, answer.by_stem)) or not COUNT_STEMS.isdisjoint(answer.by_stem)

    @property
    def claims(self) -> Claims:
        """The answer read item by item (`claims.py`)."""
        if self._claims is None:
            self._claims = Claims(self)
        return self._claims

    def release(self) -> None:
        """Let the item reading go once the grade is made: `Claims` refers back to
        this evidence, a cycle that would leave every object of the grade (its
        tokens, matches, items) for the garbage collector to find, instead of
        being freed at once (half of all grades read items)."""
        self._claims = None

    # -- the card's own points ------------------------------------------------------
    # (required, required_found, any_found, all_required are set in __init__.)

    def out_of_order(self) -> bool:
        """Found points whose first words come in another order than the card's."""
        return bool(self.steps_out_of_place())

    def steps_out_of_place(self) -> list[int]:
        """The found steps (point numbers) that break the card's order: those
        outside the longest run of found steps already in order."""
        said = [(i, m) for i, (s, m) in enumerate(self.statuses) if s == FOUND and m]
        if len(said) < 2:
            return []
        # Steps said by the same words share their place: "mlflow.sklearn.log_model(m)"
        # is the trained model and its logging, in one call.
        found = [
            (i, min(n.first for _, n in said if not set(n.positions).isdisjoint(m.positions)))
            for i, m in said
        ]
        # Longest non-decreasing subsequence of answer positions, in card order.
        best: list[list[int]] = []
        for k, (_, pos) in enumerate(found):
            earlier = [best[j] for j in range(k) if found[j][1] <= pos]
            chain: list[int] = max(earlier, key=lambda c: len(c)) if earlier else []
            best.append([*chain, k])
        longest: list[int] = max(best, key=lambda c: len(c))
        keep = set(longest)
        return [found[k][0] for k in range(len(found)) if k not in keep]

    def strong_evidence(self) -> bool:
        """The answer says its card in words of its own, beyond the deck's
        shared vocabulary ("model", "Delta", "tracking") and the question's
        words: three essential points, two that each have such a word, or one
        said in a phrase of several words with one."""
        shared = self.cross.shared | self.compiled.question_stems
        said, own = 0, []
        for point, (status, match) in zip(self.points, self.statuses, strict=True):
            if status != FOUND or match is None or not point.required:
                continue
            said += 1
            if any(self.answer.tok(p).stem not in shared for p in match.positions):
                own.append(match)
        return said >= 3 or len(own) >= 2 or any(len(m.positions) > 1 for m in own)

    def says_vague(self) -> bool:
        """A vague wording of the card, said and not negated."""
        if self._live.isdisjoint(self.compiled.vague_numbers):
            return False
        return any(
            not m.negated and not self.echo(m)
            for p in self.live_only(self.compiled.vague)
            for m in self.find(p)
        )

    def only_question_words(self) -> bool:
        """The answer repeats the question: nothing but its words, or several
        of them with light verbs ("organizing runs into experiments keeps runs
        organized")."""
        answer, aside = self.answer, topic.remarks(self.answer)
        question = self.compiled.question_stems
        content = zip(answer.content, answer.content_tokens, strict=True)
        stems = [t.stem for i, t in content if i not in aside]
        if not stems or not all(s in question or s in _LIGHT_VERBS for s in stems):
            return False
        return all(s in question for s in stems) or len(set(stems) & question) >= 2

    def notes(self) -> tuple[str, ...]:
        """Notes of the evidence that said found points ("MLflow now prefers aliases...")."""
        return self._notes

    # -- evidence against the answer --------------------------------------------------

    def live_only(self, patterns: list[Pattern]) -> list[Pattern]:
        """The patterns whose every slot the answer has a word for (the others
        cannot match): most of a card's patterns, for most answers, are not."""
        number, live = self.compiled.number, self._live
        return [p for p in patterns if number[id(p)] in live]

    def card_confusion(self) -> str | None:
        """The message of the first confusion of the card the answer claims."""
        compiled = self.compiled
        live = self._live & compiled.confusion_numbers
        # Numbered in the card's order of confusions, and of their phrases.
        for n in sorted(live):
            for match in self.find(compiled.all_patterns[n], one_claim=True):
                if (
                    not match.negated
                    and not contrasted(self.answer, match)
                    and not aside(self.answer, match)
                    and not self.answer.unclaimed(match)
                    and not self._earned().issuperset(match.positions)
                    and not inside_calls(self.answer, self.text, match)
                    and not styled(self.answer, self.text, match)
                    and not ended(self.answer, match)
                ):
                    self.confusion_match = match
                    return compiled.confusion_message[n]
        return None

    def _earned(self) -> set[int]:
        """Words that earned a key point: no mix-up ("batch endpoints" on batch scoring)."""
        found = {p for status, m in self.statuses if status == FOUND and m for p in m.positions}
        return found | self._set_aside

    def false_claim(self) -> tuple[FalseClaim, str] | None:
        """The first of the card's false claims the answer makes, with its words."""
        if not self._false_claim_read:
            self._false_claim_found = self._find_false_claim()
            self._false_claim_read = True
        return self._false_claim_found

    def _find_false_claim(self) -> tuple[FalseClaim, str] | None:
        card = self.compiled
        if self._live.isdisjoint(card.claim_numbers) and not (
            card.has_claim_code and self._code_possible
        ):
            return None
        for compiled in self.compiled.false_claims:
            for pattern in self.live_only(compiled.patterns):
                for match in self.answer.claimed(self.find(pattern, one_claim=True)):
                    if not (
                        match.negated
                        or contrasted(self.answer, match, False)
                        or aside(self.answer, match)
                        or likened(self.answer, match)
                    ):
                        return compiled.claim, self.words(match)
            for form in compiled.code:
                for match in self.find_code(form, CODE):  # "... instead of dbfs:/tmp/m.pkl"
                    start = self.answer.tokens[self.answer.content[match.first]].start
                    if not (
                        contrasted(self.answer, match, False)
                        or set_aside(self.text, start)
                        or aside(self.answer, match, negators=True)
                        or self._past_of_a_story(match)
                    ):
                        return compiled.claim, self.words(match)
        return None

    def _past_of_a_story(self, match: Match) -> bool:
        """Is the code in a sentence told in the first person, before every key
        point the answer says ("we saved models to dbfs:/... After we moved to
        the registry we had numbered versions ...")? The old way of a story, set
        against the new one."""
        head = self.answer.tokens[self.answer.content[match.first]]
        firsts = [m.first for status, m in self.statuses if status == FOUND and m is not None]
        return (
            turned_to_new(self.answer, match, firsts)
            and self.strong_evidence()
            and self.claims.told(head.sentence)
        )

    def bare_denial(self) -> bool:
        """An answer that opens by denying the premise: "it isn't, ...", "you can't"."""
        tokens = self.answer.tokens
        first_clause = [t for t in tokens if t.clause == tokens[0].clause]
        if len(first_clause) > 6 or len(first_clause) == len(tokens):
            return False
        if not any(t.negator for t in first_clause):
            return False
        # "staging isn't live: ..." states a fact; "it isn't", "you can't roll
        # back", "no real difference" deny. Deny = nothing but the question's
        # words and filler around the negator.
        return all(
            t.stop
            or t.negator
            or t.stem in self.compiled.question_stems
            or t.word in _DENIAL_FILLER
            for t in first_clause
        )
