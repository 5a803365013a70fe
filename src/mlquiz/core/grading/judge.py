"""The verdict: named steps over the evidence, in order; the first that decides wins.

Each step reads the `Evidence` and returns a `Decision` or None (no opinion).
The order is the grader's policy, evidence against an answer first:

1. no answer at all;
2. a known confusion of the card, claimed (not held up as a contrast);
3. a bare denial of the question's premise;
4. an essential point negated (partial when the answer said it, then denied
   it in a clause added after: a false claim added to a right answer);
5. a false claim of the card that contradicts an essential point, or one
   made with nothing right beside it (but an invented automation in place
   of a point the answer does not say is partial, naming it), or an "only"
   that narrows an essential point stated as a pair to one half of it;
6. a list of the card's points with one item nothing accounts for;
7. steps out of order on a sequence card: partial, naming the step;
8. every essential point said, but as unpunctuated keywords (a salad);
9. every essential point said: correct, unless a false claim, an absolute
   the reference does not make, a doubt ("not sure X"), or another tool's
   words (partial credit) come with it, which make it partial;
10. none of its own points, but every essential point of another card;
11. a list of terms that states nothing;
12. one key point said in passing by an answer about something else;
13. some points: partial, naming what is missing (and any false claim);
14. only a vague wording of the card: partial (incorrect said about something else);
15. nothing: incorrect (saying why: the question repeated, or no point).

`score` turns a decision into the score: the share of the essential points
said, an optional point said adding half of one (one left out costs nothing),
bounded by the verdict.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mlquiz.core.grading import absolutes, topic
from mlquiz.core.grading.appended import appended_claim
from mlquiz.core.grading.claim_words import BENEFITS
from mlquiz.core.grading.claims import ITEM_TURNS
from mlquiz.core.grading.evidence import Evidence
from mlquiz.core.grading.mixups import added_mixup
from mlquiz.core.grading.other_cards import BETTER_FIT_MARGIN, BETTER_FIT_MARGIN_OVER_COMPLETE
from mlquiz.core.grading.results import PARTIAL_CAP, GradeResult
from mlquiz.core.grading.wrong_part import wrong_part
from mlquiz.core.verdicts import CONTRADICTED, FOUND, Verdict

if TYPE_CHECKING:
    from mlquiz.core.grading.wordings import Taught

OPTIONAL_WEIGHT = 0.5


@dataclass(frozen=True)
class Decision:
    """A verdict and why; `zero` scores it 0 whatever was found, `vague` is the
    partial of a vague wording (scored at least 0.25)."""

    verdict: Verdict
    reasons: tuple[str, ...]
    confusion: str | None = None
    zero: bool = False
    vague: bool = False
    false_claim: str | None = None

    def __init__(
        self,
        verdict: Verdict,
        reasons: tuple[str, ...],
        confusion: str | None = None,
        zero: bool = False,
        vague: bool = False,
        false_claim: str | None = None,
    ) -> None:
        # Every grade makes one: set at once, as results.py's values are.
        self.__dict__.update(
            verdict=verdict,
            reasons=reasons,
            confusion=confusion,
            zero=zero,
            vague=vague,
            false_claim=false_claim,
        )


Step = Callable[[Evidence], Decision | None]


def no_answer(ev: Evidence) -> Decision | None:
    if not ev.answer.content:
        return Decision(Verdict.INCORRECT, ("No answer given.",), zero=True)
    return None


def known_confusion(ev: Evidence) -> Decision | None:
    confusion = ev.card_confusion()
    if confusion is None:
        return None
    words = added_mixup(ev)
    if words is not None and _contradicting_claim(ev) is not None:
        return None  # wrong, for the claim: step 5 names it, with its correction
    if words is not None:
        # "compare configs, plot, rerun the best; plus MLflow auto-registers the
        # best one": the whole answer, then a mix-up added to it.
        reasons = ("Right, but with a mix-up added.", f"Not so: “{words}”. {confusion}")
        return Decision(Verdict.PARTIAL, reasons, confusion, false_claim=words)
    return Decision(Verdict.INCORRECT, (confusion,), confusion, zero=True)


def bare_denial(ev: Evidence) -> Decision | None:
    # A denial needs a negator, and an answer with none (most) has no negator flag.
    if ev.answer.has_negator and ev.bare_denial():
        reason = "The answer denies what the question takes as true."
        return Decision(Verdict.INCORRECT, (reason,), zero=True)
    return None


def essential_point_negated(ev: Evidence) -> Decision | None:
    contradicted = [p.label for p in ev.required if p.status == CONTRADICTED]
    if contradicted:
        added = _denial_added(ev)
        if added is not None:
            reason = f"Not so: “{added}”. That denies a point the answer makes elsewhere."
            return Decision(
                Verdict.PARTIAL, ("Right, but with a false claim.", reason), false_claim=added
            )
        what = "a key point" if len(contradicted) == 1 else "key points"
        reason = f"The answer denies {what}: " + ", ".join(contradicted) + "."
        return Decision(Verdict.INCORRECT, (reason,), zero=True)
    return None


def _contradicting_claim(ev: Evidence) -> str | None:
    """The words of a false claim of the card that denies one of its essential
    points ("a model can only have one flavor"): beside a mix-up added to the
    answer, the answer is not right plus a slip, it is wrong (step 5 says why)."""
    found = ev.false_claim()
    if found is None or not found[0].contradicts:
        return None
    return found[1] if any(p.label == found[0].contradicts for p in ev.required) else None


# Words that make a denial a retraction of what was said before it ("no wait,
# it doesn't do versioning", "people say ..., but actually ...", "that's the
# theory; in practice ..."): the answer takes the point back, incorrect.
_RETRACTING = frozenset("actually wait practice theory supposedly allegedly say says said".split())
# The same in words a learner types to take something back, where one word
# alone is no retraction ("from scratch", "a second model", "error correction").
_RETRACTING_RE = re.compile(
    r"\b(?:scratch|strike) that\b|\bon second thoughts?\b"
    r"|\bcorrection\s*:|\bi take (?:that|it) back\b",
    re.IGNORECASE,
)


def _denial_added(ev: Evidence) -> str | None:
    """The words of a denial added after the answer said what it denies, in a
    clause of its own, when every negated essential point was said so and the
    rest of the answer says its card in words of its own: the answer is right,
    with a false claim added (the checklist still shows the point denied)."""
    denied = ev.said_then_denied
    negated = [k for k, p in enumerate(ev.points) if p.required and p.status == CONTRADICTED]
    if not denied or not all(k in denied for k in negated) or not ev.strong_evidence():
        return None
    if not _RETRACTING.isdisjoint(ev.answer.words) or _RETRACTING_RE.search(ev.text):
        return None  # "no wait, it doesn't ...": the last word is the denial
    clause = ev.clause_of(denied[negated[0]])
    first, last = ev.answer.tok(clause.start), ev.answer.tok(clause.stop - 1)
    # From the clause's first word, stop words too ("it doesn't do versioning").
    start = min(
        (t.start for t in ev.answer.tokens if t.clause == first.clause and t.start <= first.start),
        default=first.start,
    )
    return ev.text[start : last.end]


# Words that make a claim one of invented automation ("promoted automatically").
_AUTOMATIC = frozenset({"automatically", "automatic", "auto", "itself", "themselves"})


def _invented_automation(ev: Evidence, against: str, words: str) -> bool:
    """A claim that something happens by itself ("you test it before Production,
    and it gets promoted automatically after 7 days"), beside a right part said
    in words of the card's own: a false claim added to the answer, partial. The
    same whether or not the answer also says the point it is read against: a
    promotion automated after a review ("once someone approves, a webhook
    promotes it automatically") is true, and saying more right things never
    grades an answer lower."""
    if _AUTOMATIC.isdisjoint(re.findall(r"[a-z]+", words.lower())):
        return False
    return any(p.label == against for p in ev.points) and ev.strong_evidence()


# An approval the answer states, and what can promote a version after one.
_APPROVAL_RE = re.compile(
    r"\b(?:approv\w*|review\w*|sign(?:s|ed)?[ -]?off|signoffs?)\b", re.IGNORECASE
)
# What can promote a version by itself once it is approved. A "job", "script"
# or "pipeline" alone is no promoter: "the training job's model is promoted
# automatically" names the model, not what promotes it.
_PROMOTER_RE = re.compile(
    r"\b(?:webhooks?|ci|cd|cicd|ci/cd|github actions|jenkins|azure devops)\b", re.IGNORECASE
)
# Between the approval and the claim, words that waive the approval or deny
# the promoter ("review is optional", "approvals can be skipped", "instead of
# a webhook, the registry itself ..."): no true automation after an approval,
# the card's own correction stands.
_WAIVED_RE = re.compile(
    r"\b(?:no|not|never|without|instead|unlike|rather|optional|skip\w*|itself|\w+n['’]t)\b",
    re.IGNORECASE,
)
_NOTHING_BY_ITSELF = (
    "The registry promotes nothing by itself; after an approval, a registry webhook"
    " or a CI job you set up can promote the version."
)


def _promoter_after_approval(ev: Evidence, words: str) -> bool | None:
    """For an automation the answer types after an approval it states: True
    when a promoter is named between the two ("after approval a webhook
    promotes it automatically"), False when none is; None with no approval
    before it or no automation in the words."""
    if _AUTOMATIC.isdisjoint(re.findall(r"[a-z]+", words.lower())):
        return None
    at = ev.text.find(words)
    approval = None if at < 0 else next(_APPROVAL_RE.finditer(ev.text, 0, at), None)
    if approval is None or _WAIVED_RE.search(ev.text, approval.start(), at + len(words)):
        return None
    return bool(_PROMOTER_RE.search(ev.text, approval.end(), at + len(words)))


def _automation_after_approval(ev: Evidence, against: str, words: str) -> bool | None:
    """For an invented automation typed after an approval the answer states:
    True when it names what promotes (a webhook, a CI job: true, no false
    claim), False when nothing does ("..., then it promotes automatically");
    None for any other claim, whose correction is the card's."""
    if not against or not _invented_automation(ev, against, words):
        return None
    return _promoter_after_approval(ev, words)


def false_claim_against_the_answer(ev: Evidence) -> Decision | None:
    found = ev.false_claim()
    if found is None:
        return _narrowed(ev)
    claim, words = found
    against = claim.contradicts
    contradicted = bool(against) and any(p.label == against and p.required for p in ev.points)
    if contradicted and _invented_automation(ev, against, words):
        return None  # partial, naming the claim (`every_essential_point`, `some_points`)
    if contradicted and _promoter_after_approval(ev, words):
        # True however little else the answer says: graded on its points.
        return None
    if contradicted or not ev.strong_evidence():
        for i, point in enumerate(ev.points):
            if point.label == against and point.status == FOUND:
                # The checklist shows what the claim contradicts as contradicted,
                # as the verdict reads it, never ticked.
                ev.statuses[i] = (CONTRADICTED, ev.statuses[i][1])
                ev._count()
        reason = f"Not so: “{words}”. {claim.correction}"
        return Decision(Verdict.INCORRECT, (reason,), zero=True, false_claim=words)
    return None


def _narrowed(ev: Evidence) -> Decision | None:
    """An "only" that narrows an essential point stated as a pair to one
    of them ("only batch serving" for "batch/online serving") denies the point:
    incorrect, the point shown as denied. Only an answer that says something of
    its card and has an "only" is read."""
    if not ev.any_found or "only" not in ev.answer.words:
        return None
    item = ev.claims.absolute_claim()
    k = absolutes.narrowed_point(ev.claims, item) if item is not None else None
    if item is None or k is None:
        return None
    ev.statuses[k] = (CONTRADICTED, ev.statuses[k][1])
    ev._count()
    words = item.text(ev)
    label = ev.points[k].label
    reason = f"Not so: “{words}”. The key point is “{label}”: all of it, not just one part."
    return Decision(Verdict.INCORRECT, (reason,), zero=True, false_claim=words)


# What can start a new item inside one sentence (claims.py cuts items at
# commas, colons, slashes, arrows, bullets, "2)" and turns): a superset of
# those breaks, each counted at least once.
_BREAK_CHARS = frozenset(",;:/|+→⇒-•*>")
_NUMBERED_RE = re.compile(r"\d[).]")


def _may_hold_list_sentence(ev: Evidence) -> bool:
    """Cheap test before reading items: a list needs one sentence of three items,
    so two breaks or turns at least; most answers that pass `may_be_list` do so
    through their full stops alone."""
    text = ev.text
    breaks = sum(map(text.count, _BREAK_CHARS))  # each character counted in C
    if breaks < 2:
        breaks += len(_NUMBERED_RE.findall(text))
        breaks += sum(map(ITEM_TURNS.__contains__, ev.answer.words))
    return breaks >= 2


def wrong_list_item(ev: Evidence) -> Decision | None:
    if not ev.any_found or not ev.may_be_list() or not _may_hold_list_sentence(ev):
        return None
    item = ev.claims.wrong_list_item()
    if item is None:
        return None
    words = wrong_part(ev, item)
    reason = f"“{words}” is wrong: one wrong item makes the list wrong."
    found = ev.false_claim()
    if found is not None and (found[1] in words or words in found[1]):
        reason += " " + found[0].correction  # the claim's words, or a part of them
    return Decision(Verdict.INCORRECT, (reason,), false_claim=words)


def steps_out_of_order(ev: Evidence) -> Decision | None:
    if not ev.card.ordered:
        return None
    misplaced = ev.steps_out_of_place()
    if not misplaced:
        return None
    labels = [ev.points[i].label for i in misplaced]
    where = "comes at another step" if len(labels) == 1 else "come at other steps"
    reason = "Out of order: “" + "”, “".join(labels) + f"” {where} of the flow."
    missing = [p.label for p in ev.required if p.status != FOUND]
    reasons = (reason, "Missing: " + ", ".join(missing) + ".") if missing else (reason,)
    return Decision(Verdict.PARTIAL, reasons)


_TERM_LIST = "A list of terms, not an answer: say how they relate."


def _steps_named(ev: Evidence) -> bool:
    """Steps of a sequence card named in their order, cut by commas or arrows
    ("train, log, register, deploy"): the flow in short, not a list of terms."""
    return (
        ev.card.ordered
        and ev.required_found >= 2
        and not ev.unpunctuated()
        and not ev.steps_out_of_place()
    )


def keyword_salad(ev: Evidence) -> Decision | None:
    # Nouns strung together with no punctuation at all: a salad that happens
    # to contain the right words states nothing.
    if ev.all_required and ev.is_term_list() and ev.unpunctuated() and not ev.compiled.is_list:
        if ev.card.ordered and not ev.steps_out_of_place():
            return None  # "load delta train eval log mlflow": the steps, in order
        return Decision(Verdict.INCORRECT, (_TERM_LIST,))
    return None


# Words that can open a claim added inside the first sentence: a benefit, or
# a turn ("..., but it only works on GPUs").
_ADDS = BENEFITS | ITEM_TURNS


def _claim_against(ev: Evidence) -> tuple[str, str] | None:
    """(reason, words) of a false claim or an absolute the answer makes, or None."""
    found = ev.false_claim()
    after_approval = None
    if found is not None:
        claim, words = found
        if claim.contradicts and _promoter_after_approval(ev, words):
            after_approval = True  # a named promoter after an approval: true in any answer
        else:
            after_approval = _automation_after_approval(ev, claim.contradicts, words)
    if found is not None and after_approval is None:
        claim, words = found
        return f"Not so: “{words}”. {claim.correction}", words
    if found is not None and not after_approval:
        return f"Not so: “{found[1]}”. {_NOTHING_BY_ITSELF}", found[1]
    # After an approval, a webhook or CI job that promotes "automatically" says
    # what is true: neither a false claim nor an absolute.
    automation = found[1] if found is not None else ""
    may = ev.may_claim_absolute() or not absolutes.NECESSITY.isdisjoint(ev.answer.words)
    item = ev.claims.absolute_claim() if may else None
    words = item.text(ev) if item is not None else ""
    if item is not None and not (automation and (words in automation or automation in words)):
        absolute = absolutes.absolute(ev.claims, item)
        return f"Not so: “{words}”. {absolutes.beyond_the_reference(absolute)}", words
    # An added claim is a sentence after the first, or a benefit ("..., and it
    # makes training cheaper"): none in most answers, which then need not be
    # cut into items here.
    tokens = ev.answer.tokens
    several = bool(tokens) and (
        tokens[-1].sentence != tokens[0].sentence or not _ADDS.isdisjoint(ev.answer.words)
    )
    added = (ev.claims.added_claim() if several else None) or appended_claim(ev.claims)
    if added is not None:
        words = added.text(ev)
        return f"Not so: “{words}”. The reference says nothing like that.", words
    return None


def every_essential_point(ev: Evidence) -> Decision | None:
    if not ev.all_required:
        return None
    against = _claim_against(ev)
    if against is not None:
        reason, words = against
        return Decision(
            Verdict.PARTIAL, ("Right, but with a false claim.", reason), false_claim=words
        )
    if ev.answer.doubted:
        # "log the table version ... not sure delta even has versions": the
        # learner doubts what the answer rests on.
        reason = "Right, but said in doubt of part of it."
        return Decision(Verdict.PARTIAL, (reason,))
    other = ev.better_fit(BETTER_FIT_MARGIN_OVER_COMPLETE)
    if other is not None:
        reason = f"That fits another question better: “{other.question}”"
        return Decision(Verdict.PARTIAL, (reason,), reason)
    analogies = [ev.points[i] for i in sorted(ev.analogy_only) if ev.points[i].required]
    if analogies:
        reason = "Said by analogy, for partial credit: " + "; ".join(
            f"“{p.label}” {_in_terms_of(p.via)}" for p in analogies
        )
        return Decision(Verdict.PARTIAL, (reason + ".",))
    return Decision(Verdict.CORRECT, ("Every essential point is there.",))


def _in_terms_of(via: str) -> str:
    """ "in terms of ONNX / a Docker image" from a point's "by analogy with
    ONNX / a Docker image: partial credit": the sentence already says it is an
    analogy worth partial credit, so the tool is all that is left to name."""
    tool = via.removeprefix("by analogy with ").removesuffix(": partial credit")
    return f"in terms of {tool}" if tool != via else f"({via})"


def answers_another_card(ev: Evidence) -> Decision | None:
    other = None if ev.required_found else ev.other_card()
    if other is not None:
        confusion = f"That answers another question: “{other.question}”"
        return Decision(Verdict.INCORRECT, (confusion,), confusion, zero=True)
    return None


def term_list(ev: Evidence) -> Decision | None:
    if ev.is_term_list() and not ev.compiled.is_list and not _steps_named(ev):
        return Decision(Verdict.INCORRECT, (_TERM_LIST,))
    return None


def about_something_else(ev: Evidence) -> Decision | None:
    found = [p for p in ev.points if p.status == FOUND]
    if len(found) != 1 or not (
        topic.about_something_else(ev)
        or topic.tells_of_the_noun(ev)
        or topic.one_noun_in_passing(ev)
    ):
        return None
    reason = (
        f"That is about something else: it mentions “{found[0].words}”"
        " but does not answer the question."
    )
    return Decision(Verdict.INCORRECT, (reason,))


def some_points(ev: Evidence) -> Decision | None:
    if ev.any_found:
        # Half its own card's essential points or more: another card's answer
        # only when it fits that card by far (as for a complete answer).
        own = ev.required_found * 2 >= len(ev.required) and ev.required_found >= 2
        other = ev.better_fit(BETTER_FIT_MARGIN_OVER_COMPLETE if own else BETTER_FIT_MARGIN)
        if other is not None:
            reason = f"That answers another question: “{other.question}”"
            return Decision(Verdict.INCORRECT, (reason,), reason, zero=True)
        missing = [p.label for p in ev.required if p.status != FOUND]
        reasons: tuple[str, ...] = ("Missing: " + ", ".join(missing) + ".",)
        against = _claim_against(ev)
        if against is not None:
            return Decision(Verdict.PARTIAL, (*reasons, against[0]), false_claim=against[1])
        return Decision(Verdict.PARTIAL, reasons)
    return None


def vague_direction(ev: Evidence) -> Decision | None:
    if ev.says_vague() and not ev.only_question_words():
        if topic.about_something_else(ev):
            # "It's like CloudWatch Logs for the job: it stores what the script
            # prints": a vague wording of the card, said about something else.
            reason = "That is about something else: it does not answer the question."
            return Decision(Verdict.INCORRECT, (reason,))
        reason = "The right direction, but too vague to show the idea."
        return Decision(Verdict.PARTIAL, (reason,), vague=True)
    return None


def nothing_said(ev: Evidence) -> Decision:
    if ev.only_question_words():
        return Decision(Verdict.INCORRECT, ("The answer only repeats the question.",))
    return Decision(Verdict.INCORRECT, ("None of the key points is there.",))


STEPS: tuple[Step, ...] = (
    no_answer,
    known_confusion,
    bare_denial,
    essential_point_negated,
    false_claim_against_the_answer,
    wrong_list_item,
    steps_out_of_order,
    keyword_salad,
    every_essential_point,
    answers_another_card,
    term_list,
    about_something_else,
    some_points,
    vague_direction,
    nothing_said,
)


def decide(ev: Evidence, steps: tuple[Step, ...] = STEPS) -> tuple[Step, Decision]:
    """The first step that decides, and its decision."""
    for step in steps:
        decision = step(ev)
        if decision is not None:
            return step, decision
    raise AssertionError("the last step always decides")


def judge(
    ev: Evidence, steps: tuple[Step, ...] = STEPS, taught: Taught | None = None
) -> GradeResult:
    """The grade of the answer: the first step's decision, scored.

    `taught` is a wording the player taught that the answer says
    (grading/wordings.py): evidence that counts before the steps run (an
    accepted wording's points), and a bound on what they decide (a rejected
    one's cap at partial).
    """
    if taught is not None:
        taught.credit(ev)
    step, decision = decide(ev, steps)
    result = score(ev, something_against(ev, step, decision))
    return taught.decided(ev, result) if taught is not None else result


def something_against(ev: Evidence, step: Step, decision: Decision) -> Decision:
    """An incorrect verdict always names something against the answer (issue 19): a
    negated point, a mix-up, a false claim, a wrong item, another card's
    answer, an answer about something else, a list of terms. Every step that
    says incorrect names one but the last, which says nothing is there: it
    must not say so while a key point is found and none is negated (partial,
    then)."""
    if (
        decision.verdict == Verdict.INCORRECT
        and step is nothing_said
        and any(p.status == FOUND for p in ev.points)
        and not any(p.status == CONTRADICTED for p in ev.points)
    ):
        return Decision(Verdict.PARTIAL, ("Part of the answer is there.",))
    return decision


def score(ev: Evidence, decision: Decision) -> GradeResult:
    """`decision` as a grade, with its score (see the module docstring)."""
    points = ev.points
    total = len(ev.required) or 1.0  # the required points, counted by `Evidence._count`
    got: float = 0  # (a loop, not a generator: every grade comes here)
    for p in points:
        if p.status == FOUND:
            got += 1 if p.required else OPTIONAL_WEIGHT
    value = got / total
    if decision.zero:
        value = 0.0
    elif decision.verdict == Verdict.CORRECT:
        # Every essential point is there: full marks. Optional points are
        # shown as found or not, but leaving one out costs nothing.
        value = 1.0
    elif decision.verdict == Verdict.PARTIAL:
        value = min(max(value, 0.25 if decision.vague else 0.1), PARTIAL_CAP)
    else:
        value = min(value, 0.2)
    return GradeResult(
        verdict=decision.verdict,
        score=round(value, 3),
        points=points,
        text=ev.text,
        confusion=decision.confusion,
        reasons=decision.reasons,
        notes=ev.notes(),
        false_claim=decision.false_claim,
    )
