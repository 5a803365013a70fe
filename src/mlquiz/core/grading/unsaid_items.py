"""A part of what the question asks that a derived card's answer leaves unsaid.

The blend of whole-answer signals (`derived`) lifts an answer that says
enough of the reference's words to correct, though an essential point is
missed: the points' phrases are guesses, and a paraphrase misses them. Some
misses are no paraphrase but a part of the question left unanswered, and the
answer is partial at most:

- one of two things a question counts ("the two factors": `list_items`);
- an item of the reference's list: a reference's enumeration ("min/max
  values, null counts, row counts per file", or one bullet per item) is cut
  into one essential point per item, and "min and max values for columns"
  says the reference's own words while the question asked for the list;
- a part the learner says they do not know ("not sure about the rest");
- the second of two things the question asks, when the answer is one plain
  claim ("prevents overfitting" for "what is it and why is it useful?").

Measured on the labeled answers of every real deck (bench/data/decks, every
answers file): see each rule's docstring.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mlquiz.core.grading.derive.clean import clean_text
from mlquiz.core.grading.evidence import Evidence
from mlquiz.core.grading.list_items import a_part_missing
from mlquiz.core.grading.results import PointResult
from mlquiz.core.verdicts import FOUND

# An item of a list has at most this many words ("row counts per file").
ITEM_WORDS = 4
# An answer of fewer words than this that leaves an item out names part of the list.
SHORT_ANSWER = 16

# Where one sentence of a reference ends: its list items are not another's.
_SENTENCE_END = re.compile(r"[.;!?\n]+(?:\s|$)")
_ASIDE = re.compile(r"\([^()]*\)")
_AND_END = re.compile(r"(?:^|\W)(?:and|&)$", re.IGNORECASE)
_AND_START = re.compile(r"(?:and|&)\b", re.IGNORECASE)
# An item offered as one of several alternatives ("cost function, loss
# function or error function": any name will do).
# Steps of a procedure, not items of a list ("Divide a problem ..., solve them
# recursively, and then combine the solutions"): an answer may sum them up.
_STEPS = re.compile(r"\bthen\b", re.IGNORECASE)
_ALTERNATIVE = re.compile(r"\bor\b", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _label_pattern(label: str) -> str:
    """The label's words with anything but words between them ("min/max")."""
    words = _words(label.replace("…", " ")) or ["(?!)"]
    return r"\b" + r"\W+".join(map(re.escape, words)) + r"\b"


def _item(sentence: str, label: str) -> int | None:
    """Where the label stands in `sentence` as an item of its comma list
    (after a comma, a colon or "and", before a comma, "and" or the end), or
    None: "exposing an endpoint:" opens a code block, no list."""
    for match in re.finditer(_label_pattern(label), sentence, re.IGNORECASE):
        before, after = sentence[: match.start()].rstrip(), sentence[match.end() :].lstrip()
        opens = not before or before.endswith((",", ":")) or _AND_END.search(before)
        if opens and (not after or after.startswith(",") or _AND_START.match(after)):
            return match.start()
    return None


def item_unsaid(
    reference: str, points: Sequence[PointResult], covers: Sequence[float], words: int
) -> str | None:
    """The label of an item of one of the reference's comma lists that a
    short answer leaves wholly unsaid, while it says another item of that
    list: "min and max values for columns" for "min/max values, null counts,
    row counts per file", or "impute w/ median" for a bullet "Imputation:
    ..." beside a bullet "Deletion: ...". Not an item offered as an
    alternative ("cost function, loss function or error function": any name
    will do). On the labeled answers of the real decks that the blend graded
    correct, this caught 9 labeled partial or incorrect and marked down 1
    labeled correct ("$$$" for "higher cost")."""
    if words >= SHORT_ANSWER:
        return None
    essential = [(p, c) for p, c in zip(points, covers, strict=True) if p.required]
    found = [p for p, _ in essential if p.status == FOUND]
    unsaid = [p for p, c in essential if p.status != FOUND and c == 0.0]
    if not found or not unsaid:
        return None
    text = clean_text(reference)
    bulleted = _bullet_unsaid(text, points, unsaid)
    if bulleted is not None:
        return bulleted
    unsaid = [p for p in unsaid if len(_words(p.label)) <= ITEM_WORDS]
    for sentence in _SENTENCE_END.split(text):
        sentence = _ASIDE.sub(" ", sentence)  # labels leave asides out
        if sentence.count(",") < 2 or _STEPS.search(sentence):
            continue  # a list of three or more, cut by commas; not a procedure's steps
        if not any(_item(sentence, p.label) is not None for p in found):
            continue
        for point in unsaid:
            place = _item(sentence, point.label)
            if place is not None and not _ALTERNATIVE.search(sentence[place:]):
                return point.label
    return None


def _bullet_unsaid(
    text: str, points: Sequence[PointResult], unsaid: Sequence[PointResult]
) -> str | None:
    """The label of an unsaid point that opens an item of a bulleted list
    ("- Deletion: Remove rows/columns") where a said essential point opens another."""
    said = [p for p in points if p.status == FOUND]
    found = [p for p in said if p.required]
    runs: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.startswith("- "):
            runs[-1].append(_ASIDE.sub(" ", line[2:]))
        elif runs[-1]:
            runs.append([])
    for run in runs:
        if len(run) < 2:
            continue
        heads = [_opens(run, p.label) for p in found]
        if not any(h is not None for h in heads):
            continue
        for point in unsaid:
            at = _opens(run, point.label)
            # Not an item another point of which is said ("Consider" of
            # "Consider using async I/O", said as "use async I/O").
            if at is not None and not any(
                re.search(_label_pattern(p.label), run[at], re.IGNORECASE) for p in said
            ):
                return point.label
    return None


def _opens(lines: list[str], label: str) -> int | None:
    """Which of `lines` the label opens, if any."""
    for i, line in enumerate(lines):
        if re.match(_label_pattern(label), line.lstrip(), re.IGNORECASE):
            return i
    return None


# The learner says they do not know part of it: "not sure about the rest",
# "dynamic I'm not sure", "I forget which one", "boosting is different
# somehow". Not a hedge that opens a full answer ("I'm not 100% sure, but I
# think ..."), nor the forget gate of an LSTM.
#
# "Not sure" about something, or alone: not a hedge on a clause that follows
# ("not sure you need ImageNet, but ...", "not sure that's a hard rule").
ADMITTED_GAP = re.compile(
    r"\bnot (?:\d+\s*% )?sure\b(?!,? but\b)(?! what)"
    r"(?=\s*(?:$|[.,;:!?)]|(?:about|abt|of|how|which|why|when|where|whether|if)\b))"
    r"|\b(?:don'?t|do not|can'?t|cannot) (?:remember|recall)\b"
    r"|\bforg[eo]t (?:which|what|how|the)\b|\bsomehow\b|\balways mix\b",
    re.IGNORECASE,
)
# Who is not sure, cannot remember or forgets: the learner ("I'm not sure",
# "? don't remember the formula", "dynamic I'm not sure"), not the subject
# of the answer ("plain RNNs can't remember long-range context", "the
# examples it is not sure about", "the cell can forget the old context").
_LEARNER_SAYS = re.compile(
    r"(?:^|[.,;:!?()\u2013\u2014-]|\b(?:i|i'?m|i am|im|i'd|and|but))"
    r"\s*(?:(?:really|honestly|just|still|also|totally|\w+ly)\s+)?$",
    re.IGNORECASE,
)


# A question that asks two things: "What is X, and why is it used?", "What
# is X? When do we need it?", "which has the most and which the least?". Not
# a comparison ("the difference between X and Y"): one side's property is
# the difference ("in a circular linked list the last node points to the
# head"), and Mohler et al.'s graders gave 7 such answers full marks of 15
# this rule marked down.
ASKS_TWO_THINGS = re.compile(
    r"\band\s+(?:what|how|when|why|which|where)\b|\?\s+(?:what|how|when|why|which|where)\b",
    re.IGNORECASE,
)
# What joins two claims in an answer: punctuation, an arrow or "=", a
# conjunction ("because", "so", "while", ...).
_JOINS_CLAIMS = re.compile(
    r"[,;.+:=(]|->|→|\s-\s|\b(?:and|because|so|but|while|whereas|then|since|as|unlike|vs|or|"
    r"which|if|when)\b"
    # A purpose ("capping gradient norms to stop exploding gradients": what it
    # is, and what for), not "to" before a noun ("a penalty to the loss").
    r"|\bto\s+(?!(?:the|a|an|its|their|each|every|all|one|it|them|this|that|these|those)\b)[a-z]",
    re.IGNORECASE,
)


# One plain claim answers one of two things when it is shorter than this:
# every one the rule caught on the decks had at most 9 words ("prevents
# overfitting", "bagging train models on random subset of the data"), and a
# sentence of 11 or more says both without a conjunction ("Skip connections
# add earlier layers' outputs to later layers to let gradients flow through
# very deep networks"; review13: 10 such right answers marked down, none caught).
ONE_CLAIM_WORDS = 10


def one_claim_for_two(question: str, answer: str) -> bool:
    """Does a question that asks two things get one plain claim ("prevents
    overfitting" for "Explain what regularization is and why it is useful",
    "iaas is the most" for "which has the most ... and which the least")?
    It answers one of them at most. On the labeled answers of the real decks
    that the blend graded correct, 8 such answers were labeled partial, none
    correct ("bayes rule for class probs + assumes features independent"
    joins two)."""
    if not ASKS_TWO_THINGS.search(question) or len(answer.split()) >= ONE_CLAIM_WORDS:
        return False
    return not _JOINS_CLAIMS.search(answer.strip().rstrip(".!? "))


# The gap is a part left out when at least this many words of answer come before it.
GAP_AFTER_WORDS = 3

# A question that asks what one term is ("What is model complexity?", a
# glossary's bare term, "Definition: Artificial Intelligence (AI)"): a comma
# list in its definition describes the term ("a broad range of problem
# solving, creativity, and adaptability", "by considering samples,
# measurement, and visualization"), and a definition need not name every
# item. The list rule caught no answer on such a card of the decks; it
# marked down 4 right definitions of review13.
DEFINITION = re.compile(
    r"\s*(?:(?:what is|what's|define)\s+(?:an?\s+|the\s+)?[^?,:]{1,40}\?\s*"
    r"|definition:[^?]*|(?:[\w'./+-]+\s*){1,4}(?:\([^()?]*\)\s*)*)$",
    re.IGNORECASE,
)


# A doubt that stands alone at the end of the answer ("... an instance
# profile? Not 100% sure.", "..., not sure"): after a sentence end, a comma
# or "but", with nothing after it but punctuation.
_CLOSING_DOUBT = re.compile(r"(?:^|[.?!,;]|\bbut)\s*(?:(?:i'?m|i am|im)\s+)?$", re.IGNORECASE)
# A doubt the learner then overrules in the same sentence ("I always mix it
# up with precision, but this is recall"): "but" and a claim after it, whose
# first word may be a contraction ("but I'm pretty sure it's harmonic").
_OVERRULED = re.compile(r"^[^.?!;]*?\bbut\s+[\w'\u2019]+\s+\w+", re.IGNORECASE)


def closes_as_a_hedge(answer: str, gap: re.Match[str]) -> bool:
    """Is the doubt a hedge of the whole answer, not a part left out? "Not
    sure." or "not 100% sure" alone at its end names no part ("not sure
    about the rest" and "dynamic I'm not sure" do), and "I always mix it up,
    but this is recall" commits to the answer: the learner doubts what they
    said, which the rest of the grading weighs."""
    after = answer[gap.end() :]
    if _OVERRULED.match(after) and not ADMITTED_GAP.search(after):
        return True
    if not gap.group().lower().startswith("not"):
        return False
    return not after.strip(" .!?)\t\n") and bool(_CLOSING_DOUBT.search(answer[: gap.start()]))


def admits_a_gap(answer: str) -> bool:
    """Does the learner say they do not know a part (`ADMITTED_GAP`), after
    some of the answer ("Not sure what this question means. ..." opens one),
    in their own voice (`_LEARNER_SAYS`; "somehow" needs no subject)?"""
    for gap in ADMITTED_GAP.finditer(answer):
        before = answer[: gap.start()]
        if len(before.split()) < GAP_AFTER_WORDS or closes_as_a_hedge(answer, gap):
            continue
        if gap.group().lower() == "somehow" or _LEARNER_SAYS.search(before):
            return True
    return False


def part_unsaid(ev: Evidence, points: Sequence[PointResult], covers: Sequence[float]) -> str | None:
    """Why the answer is part of what the question asks, not all of it, or
    None: one of two things it counts is unsaid (`list_items.a_part_missing`),
    an item of the reference's list (`item_unsaid`), a part the learner says
    they do not know (`ADMITTED_GAP`), or the second of two things asked
    (`one_claim_for_two`). On the labeled answers of the real decks that the
    blend graded correct, the learner's own "not sure about the rest" came
    with 7 answers labeled partial or incorrect and none labeled correct."""
    question, reference, answer = ev.card.question, ev.card.answer, ev.text
    if a_part_missing(question, reference, points, covers):
        return "The question asks for two things: one of them is missing."
    item = (
        None
        if DEFINITION.match(question)
        else item_unsaid(reference, points, covers, len(answer.split()))
    )
    if item is not None:
        return f"Part of the list: “{item}” is not there."
    if admits_a_gap(answer):
        return "You said you do not know part of it: that part is not answered."
    if one_claim_for_two(question, answer):
        return "The question asks two things: this answers one of them."
    return None
