"""Is the answer about its card at all? The share of its words the card knows.

An answer about something else can still say one of the card's key points in
passing ("batch scoring is when you apply a model to a whole table": a
definition of batch scoring, asked what Databricks does), or one of its vague
wordings ("it's like CloudWatch Logs for the job: it stores what the script
prints"). Counting the answer's words the card knows (said by its evidence,
or in its question, reference or phrases) tells the two apart from a short
answer on topic, which is mostly the card's words.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlquiz.core.grading.claim_words import HEDGES, NUMBER_WORDS
from mlquiz.core.grading.derive.general import zipf

if TYPE_CHECKING:
    from mlquiz.core.grading.answer import Answer
    from mlquiz.core.grading.evidence import Evidence

# Words in quotes: a table's or a metric's name in code, not the answer's topic.
_QUOTED_RE = re.compile(r"\"[^\"]*\"|'[^'\s][^']*'")

# Below this share of words the card knows, an answer that says one key
# point, or only a vague wording of the card, says it in passing while
# talking about something else.
ON_TOPIC_FLOOR = 0.4
# ... but only in a deck that says enough about its field (its cards' questions,
# references, phrases and evidence: this many stems between them) to tell a
# new topic from its own told in new words: a two-card deck knows a dozen
# words, and "one go of the script that writes down the knobs and the scores"
# is a run in other words there; the built-in deck knows 1,300.
ON_TOPIC_MIN_KNOWN = 300


# Words of a remark about the answer itself ("That's what I remember from the
# course.", "Hope that's right."): a sentence made only of these (and stop
# words) says nothing about the card, for or against.
_REMARK_WORDS = frozenset(
    """
    remember recall recalled course class lecture lectures notes tutorial video
    docs book memory hope right correct answer sure know think guess believe
    idk dunno honestly anyway
    """.split()
)


def remarks(answer: Answer) -> frozenset[int]:
    """Token indices of the answer's sentences that only remark on it, when
    another sentence says something."""
    tokens = answer.tokens
    if not tokens or tokens[-1].sentence == tokens[0].sentence:
        return frozenset()  # one sentence: nearly every answer
    sentences: dict[int, list[int]] = {}
    for i, tok in enumerate(tokens):
        sentences.setdefault(tok.sentence, []).append(i)
    out: set[int] = set()
    for indices in sentences.values():
        words = [tokens[i].word for i in indices if not tokens[i].stop]
        if words and all(w in _REMARK_WORDS for w in words):
            out.update(indices)
    return frozenset(out) if len(out) < len(tokens) else frozenset()


def on_topic_share(ev: Evidence) -> float:
    """The share of the answer's words that the card knows: said by its
    evidence, or in its question, reference or phrases. Hedges are left out,
    and so are words in quotes the card does not know (a table's or a metric's
    name in code): `transition('Staging')` is on topic, `log_metric('auc')`
    is not off it."""
    known = ev.compiled.known
    said = ev.claims.point_positions
    quoted = [m.span() for m in _QUOTED_RE.finditer(ev.text)]
    aside = remarks(ev.answer)
    total = inside = 0
    for p, tok in enumerate(ev.answer.content_tokens):
        if tok.negator or tok.word in HEDGES or tok.word.isdigit():
            continue
        if aside and ev.answer.content[p] in aside:
            continue
        if tok.word in NUMBER_WORDS or len(tok.word) < 2:
            continue  # "x", "y": names in code, or padding
        on_topic = p in said or tok.stem in known
        if not on_topic and any(a < tok.start and tok.end < b for a, b in quoted):
            continue  # a name in quotes ('churn', 'auc'); a known one ('Staging') counts
        total += 1
        inside += on_topic
    return inside / total if total else 1.0


def about_something_else(ev: Evidence) -> bool:
    """Too few of the answer's words are the card's, in a deck that knows its field."""
    return ev.cross.knows_at_least(ON_TOPIC_MIN_KNOWN) and on_topic_share(ev) < ON_TOPIC_FLOOR


# After an answer's opening noun, words that say what it is or does ("pandas
# UDFs use Arrow ...", "feature pipelines in our shop are dbt jobs ...", "udf =
# ..."; "r" is chat for "are"): the answer tells of the noun.
_TELLING = frozenset(
    "is are was were be use uses let lets can cost costs means mean need needs r".split()
)
# What the answer says after it: at least this many words, at most this share of
# them said by the card's evidence or in its reference.
_TOLD_MIN = 3
_TOLD_ACCOUNTED_MAX = 0.25


def tells_of_the_noun(ev: Evidence) -> bool:
    """Does the answer open with its one key point as a noun and go on telling of
    it in words the card has no evidence for ("pandas UDFs use Arrow to move
    data between the JVM and Python", asked how batch scoring is done)? A key
    noun said as the subject of something else, not an answer."""
    found = [
        (i, m) for i, (status, m) in enumerate(ev.statuses) if status == "found" and m is not None
    ]
    if len(found) != 1 or ev.answer.doubted:
        return False
    point, match = found[0]
    tokens, content = ev.answer.tokens, ev.answer.content
    if match.first > 1 or match.origin.kind != "phrase":
        return False
    if not ev.cross.knows_at_least(ON_TOPIC_MIN_KNOWN):
        return False  # a small deck's evidence leaves most right words unsaid
    end = content[match.last]
    if end + 1 < len(tokens) and "=" in ev.text[tokens[end].end : tokens[end + 1].start]:
        verb: int | None = end  # "udf = user defined function in sql"
    else:
        verb = next(
            (
                i
                for i in range(end + 1, min(end + 7, len(tokens)))
                if tokens[i].word in _TELLING and tokens[i].clause == tokens[end].clause
            ),
            None,
        )
    if verb is None:
        return False
    covered = ev.claims.covered
    # The point's own evidence words count as accounted for too: "like churn
    # saved per campaign" tells of custom metrics in the point's example words.
    point_words = ev.compiled.reference_stems | {
        stem_ for p in ev.compiled.points[point].patterns for slot in p.slots for stem_ in slot
    }
    question = ev.compiled.question_stems
    # The noun said again ("custom metrics ... per metric") tells nothing new.
    noun = {ev.answer.content_tokens[p].stem for p in match.positions}
    told = accounted = 0
    for p, tok in enumerate(ev.answer.content_tokens):
        if content[p] <= verb or tok.negator or tok.word in HEDGES or tok.word.isdigit():
            continue
        if tok.word in NUMBER_WORDS or len(tok.word) < 2 or tok.stem in question:
            continue
        if tok.stem in noun:
            continue
        told += 1
        accounted += p in covered or tok.stem in point_words
    return told >= _TOLD_MIN and accounted <= told * _TOLD_ACCOUNTED_MAX


# An answer that says one key point in a word or two: at least this many other
# words, more than this share of them unknown to the card, and at least this
# many of those terms of a trade (rarer in English than this Zipf frequency:
# "dynamodb", "lookup", "sync", "repos"), not everyday words ("timer", "pile").
_PASSING_MAX_WORDS = 2
_PASSING_REST_MIN = 4
_PASSING_UNKNOWN_SHARE = 0.5
_PASSING_TERMS_MIN = 2
_TERM_ZIPF = 4.0
# Answers that say their card another way, which this reading would take for
# another topic: by analogy ("like SageMaker ...", "same as Optuna", "in dbt
# terms"), in doubt ("maybe ...?"), or in code (checked on the text as typed).
_ANALOGY = frozenset("like same similar equivalent terms analogous".split())
_CODE_TEXT_RE = re.compile(r"\w[._]\w|[()=]")


def one_noun_in_passing(ev: Evidence) -> bool:
    """Does the answer's one key point rest on a word or two shared with the
    card ("low latency" in an answer about the Feature Store's online store,
    asked what online serving is), while most of its other words, the
    question's aside, are terms of another subject the card has never heard
    of ("sync", "dynamodb", "lookup")? Partial needs evidence for its own card
    beyond a single shared noun (issue 12). `about_something_else` counts every
    word, the point's and the question's too, and lets such an answer through
    at half its words known. Stories, analogies, doubts and code are left to
    the other steps: their unknown words are often the card said another way
    (labeled partial: "we ran fmin with SparkTrials ...", "Same as Optuna ...")."""
    if ev.compiled.card.derived:
        # A derived card knows only its reference's words: most right answers
        # use others (and there this step would cap a correct blend at partial).
        return False
    found = [m for status, m in ev.statuses if status == "found" and m is not None]
    if len(found) != 1 or ev.answer.doubted or found[0].origin.kind != "phrase":
        return False
    match = found[0]
    if len(set(match.positions)) > _PASSING_MAX_WORDS:
        return False
    if not ev.cross.knows_at_least(ON_TOPIC_MIN_KNOWN):
        return False
    words = ev.answer.words
    if "?" in ev.text or _CODE_TEXT_RE.search(ev.text):
        return False
    if not (_ANALOGY.isdisjoint(words) and HEDGES.isdisjoint(words)):
        return False
    known, question = ev.compiled.known, ev.compiled.question_stems
    rest: list[int] = []  # the other words' positions
    unknown: list[int] = []  # ... of them, those whose stems the card does not know
    for p, tok in enumerate(ev.answer.content_tokens):
        if p in match.positions or tok.stem in question or tok.negator:
            continue
        if tok.word in HEDGES or tok.word.isdigit() or tok.word in NUMBER_WORDS:
            continue
        if len(tok.word) < 2:
            continue
        rest.append(p)
        if tok.stem not in known:
            unknown.append(p)
    if len(rest) < _PASSING_REST_MIN or len(unknown) * 2 <= len(rest):
        return False  # cheap first: the card's evidence can only know more words
    if ev.claims.told_anywhere():
        return False
    covered = ev.claims.covered
    unknown = [p for p in unknown if p not in covered]
    terms = sum(zipf(ev.answer.content_tokens[p].word) < _TERM_ZIPF for p in unknown)
    return len(unknown) > len(rest) * _PASSING_UNKNOWN_SHARE and terms >= _PASSING_TERMS_MIN
