"""Absolute claims in an answer's items: "only", "always", "automatically",
"can't", "never", and invented limits with a number ("deleted after 30 days").

Read by the claims reader (claims.py) on the items it cuts; kept apart from it
because what makes an item absolute is a question of its own words against the
reference's, while claims.py cuts answers into items and reads lists.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlquiz.core.grading.claim_words import (
    BEFORE_A_LIMIT,
    BEFORE_A_TIME,
    COUNTS,
    GATES,
    HEDGES,
    LIMITS,
    MAXES_OUT,
    SPECIFIC_RE,
    TIME_UNITS,
)
from mlquiz.core.text import stem

if TYPE_CHECKING:
    from mlquiz.core.grading.claims import Claims, Item
    from mlquiz.core.grading.reader import Token

# Absolute families: the answer's words (folded), and the reference stems
# that make the same claim ("only" is "single", "always" is "each").
_STRONG: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "only": (
        frozenset({"only", "solely", "exclusively", "sole", "exactly"}),
        frozenset({"onli", "singl", "sole", "exclus", "one", "certain", "specif", "support"}),
    ),
    "always": (
        frozenset({"always", "ever", "forever"}),
        frozenset({"alway", "ever"}),
    ),
    "automatically": (
        frozenset({"automatically", "automatic", "default", "itself", "themselves"}),
        frozenset({"automat", "autom", "default", "autolog"}),  # "automated" is "autom"
    ),
    "refuses": (
        frozenset({"refuses", "refuse", "refused", "forbids", "forbid", "disallows", "disallow"}),
        frozenset({"refus", "forbid", "disallow", "reject"}),
    ),
}
# Every word that can make an absolute: an answer with none needs no reading by items.
ABSOLUTE_WORDS = frozenset(w for words, _ in _STRONG.values() for w in words)

# Reference stems that make an "only" only in an item that says them too: "a
# dedicated page only for runs" restates the reference; "only runs from
# notebooks" next to it does not.
_ONLY_WHEN_SAID = frozenset({"dedic"})

# After "auto", word endings that make it a name, not "automatically" + a verb.
_NOT_A_VERB = ("ing", "ion", "ml")
# Endings of a name only joined to "auto" ("autoscaler", "auto-loader"): apart,
# "auto trigger", "auto register" are "automatically" + a verb.
_JOINED_NAME = ("er", "ers")

# Words of the "automatically" family only after "by": "by default", "by itself".
_AFTER_BY = frozenset({"default", "itself", "themselves"})
# After a negator, words that make it an absolute: "no limit", "doesn't even".
_ABSOLUTE_AFTER_NOT = frozenset({"limit", "limits", "restriction", "restrictions", "even", "way"})
WEAK = frozenset({"every", "all", "any", "entire", "whole", "full", "everything", "anything"})
_WEAK_REFERENCE = frozenset({"everi", "all", "ani", "entir", "whole", "full", "each", "everyth"})
_NEGATIONS_IN_REFERENCE = frozenset({"not", "no", "never", "without", "nothing"})
# A reference that says what something falls short of ("requirements exceed
# built-in serving") licenses a "can't" ("gRPC the managed option can't give"),
# but not a denial of everything ("Databricks can't serve models at all").
_SHORT_OF_IN_REFERENCE = frozenset({"beyond", "exceed"})
_WHOLLY = frozenset({"all", "any", "anything", "whatsoever"})
_LIMITING_AFTER_NOT = frozenset({"support", "possibl", "allow", "abl", "work"})
# A necessity ("must", "has to") laid on everything ("every flavor must be in
# every model", "each run has to sit in its own experiment"): an invented rule,
# when nothing the card knows accounts for its item. "you have to log custom
# metrics yourself" says a point; a "must" with no "every" may be the reference's
# own meaning in other words, so it needs the quantifier too.
NECESSITY = frozenset({"must", "has", "have", "need", "needs", "required"})
_NECESSITY_AFTER = {"has": "to", "have": "to", "need": "to", "needs": "to", "required": "to"}
_NECESSITY_REFERENCE = frozenset({"must", "requir", "need", "necessari", "mandatori"})
_EVERYTHING = frozenset({"every", "each", "all", "any"})
# The words `absolute_word` reads (besides negators): any other word of an item is passed by.
_READ = ABSOLUTE_WORDS | NECESSITY | WEAK


def absolute(claims: Claims, item: Item) -> str | None:
    """The absolute the item claims and the reference does not make, or None.

    "only", "always", "automatically", "refuses", "no limit", "doesn't
    even" count in any item, unless the reference makes the same kind of
    claim ("only" is "single" or "certain"; "automatically" is
    "automatically"); "only" is also no claim when the reference itself
    states a limit ("does not capture by default"). "can't" and "never"
    count only in an item nothing else accounts for and when they negate
    nothing the card knows. The weak quantifiers ("every", "all", "any
    runtime") are no claim here: too many right answers use them.
    """
    return absolute_word(claims, item, weak=False)


def _vouched(claims: Claims, item: Item, t: int) -> bool:
    """Does one of the card's `also_true` phrases say the absolute's very word,
    inside the item ("notebook ... default": "each notebook gets its own
    experiment by default")? The deck vouches for that extra: no claim."""
    ev = claims.ev
    compiled = ev.compiled
    if not compiled.also_true:
        return False
    p = ev.answer.content.index(t) if t in ev.answer.content else -1
    first = len(compiled.all_patterns) - len(compiled.also_true)
    inside = set(item.content)
    return any(
        p in match.positions and inside.issuperset(match.positions)
        for n in ev._live
        if n >= first
        for match in ev.find(compiled.all_patterns[n])
    )


def absolute_word(
    claims: Claims, item: Item, weak: bool = True, backing: frozenset[str] | None = None
) -> str | None:
    """`backing`: the reference's stems that may back the item's absolute, when
    not all of them (`derived_absolutes`: the sentences that share its words)."""
    limit = _invented_limit(claims, item)
    if limit is not None:
        return limit
    ev = claims.ev
    tokens = ev.answer.tokens
    reference = _reference_absolutes(claims) if backing is None else backing
    limited = bool(reference & _NEGATIONS_IN_REFERENCE)
    unaccounted: bool | None = None
    points = claims.point_positions
    for k, t in enumerate(item.tokens):
        tok = tokens[t]
        if not tok.negator and tok.word not in _READ:
            continue  # most words: no family, no necessity, no weak quantifier
        before = tokens[item.tokens[k - 1]].word if k else ""
        after = tokens[item.tokens[k + 1]] if k + 1 < len(item.tokens) else None
        for family, (words, equivalents) in _STRONG.items():
            if tok.word in words and not (
                reference & equivalents or _said_as_referenced(claims, item, reference, family)
            ):
                if family == "always" and (
                    _point_after(claims, item, t, points) or claims.told(item.sentence)
                ):
                    # "serving always resolves it from one place": the
                    # absolute qualifies a key point said after it; in
                    # "Spark always keeps it all in memory" nothing after
                    # it is a point, so it is a claim of its own.
                    continue
                gate = after is not None and after.word in GATES  # "only after review"
                if family == "only" and (
                    before in ("not", "if") or gate or limited or claims.told(item.sentence)
                ):
                    continue  # "not only X but Y" affirms X; "we only ..." tells
                if tok.word in _AFTER_BY and before != "by":
                    continue  # "the model itself", "a default value"
                if _names_a_thing(ev.text, tok, after):
                    continue  # "auto-retrains" claims; "auto-scaling" names a feature
                if tok.word == "exactly" and not _counts(after):
                    continue  # "exactly one version" is an "only"; "exactly the params" is not
                if _vouched(claims, item, t):
                    continue  # "a notebook gets its own experiment by default": the card says so
                return f"by {tok.word}" if tok.word in _AFTER_BY else tok.word
        if tok.word in NECESSITY and _necessity(claims, item, k, reference):
            return tok.word if tok.word == "must" else f"{tok.word} to"
        if not tok.negator:
            if weak and tok.word in WEAK and not (reference & _WEAK_REFERENCE):
                if unaccounted is None:
                    unaccounted = claims.unaccounted(item)
                if unaccounted:
                    return tok.word
            continue
        if limited:
            continue
        limiting = before == "can" or (after is not None and after.stem in _LIMITING_AFTER_NOT)
        if limiting and reference & _SHORT_OF_IN_REFERENCE:
            if _WHOLLY.isdisjoint(tokens[u].word for u in item.tokens[k + 1 :]):
                continue
        known = _negated_known(claims, t)
        if known:
            if (tok.word == "never" or limiting) and not claims.told(item.sentence):
                # "jobs can't pass params to notebooks": a limit on what the card
                # says is also true (its `also_true` phrases), and nothing else.
                if known <= claims.only_also_true:
                    return "can't" if before == "can" else tok.word
            continue
        if after is not None and after.word in _ABSOLUTE_AFTER_NOT:
            return f"{tok.word} {after.word}"
        if (tok.word == "never" or limiting) and not claims.told(item.sentence):
            # "our k8s team never touched the code": a story, not a rule.
            if unaccounted is None:
                unaccounted = claims.unaccounted(item)
            if unaccounted:
                return "can't" if before == "can" else tok.word
    return None


def _necessity(claims: Claims, item: Item, k: int, reference: frozenset[str]) -> bool:
    """Is the item's `k`-th word a necessity laid on everything that the reference
    does not state, in an item nothing the card knows accounts for?"""
    tokens = claims.ev.answer.tokens
    word = tokens[item.tokens[k]].word
    needed = _NECESSITY_AFTER.get(word)
    if needed is not None and (
        k + 1 >= len(item.tokens) or tokens[item.tokens[k + 1]].word != needed
    ):
        return False  # "has a flavor", "the needs of the team"
    if reference & _NECESSITY_REFERENCE or claims.told(item.sentence):
        return False
    if _EVERYTHING.isdisjoint(tokens[t].word for t in item.tokens):
        return False
    # "since each run has to be logged anyway", asked why logging is valuable:
    # what is needed ("be logged") is all the card's or its question's own
    # words, no invented rule. "must live in its own separate experiment" is.
    known = claims.ev.compiled.known
    needs = [
        t for t in (tokens[u] for u in item.tokens[k + 1 :]) if not (t.stop or t.word in HEDGES)
    ]
    if needs and all(t.stem in known for t in needs):
        return False
    return claims.unaccounted(item)


def _names_a_thing(text: str, tok: Token, after: Token | None) -> bool:
    """Is an "automatically" typed as the "auto" of a name ("auto-scaling",
    "auto scaler", "auto-termination") rather than before a verb ("auto-promotes")?"""
    typed = text[tok.start : tok.end].lower()
    if not typed.startswith("auto") or typed.startswith("automat"):
        return False
    if after is None or after.word.endswith(_NOT_A_VERB):
        return True
    joined = after.start == tok.end or text[tok.end : after.start] == "-"
    return joined and after.word.endswith(_JOINED_NAME)


def _counts(tok: Token | None) -> bool:
    """Is `tok` a count ("one", "2", "a single")?"""
    return tok is not None and (tok.word.isdigit() or tok.word in COUNTS or tok.word == "single")


def _said_as_referenced(claims: Claims, item: Item, reference: frozenset[str], family: str) -> bool:
    """Does the item say an "only" the reference makes with a word that
    counts only when said (see `_ONLY_WHEN_SAID`)?"""
    if family != "only":
        return False
    said = reference & _ONLY_WHEN_SAID
    return bool(said) and any(claims.ev.answer.tokens[t].stem in said for t in item.tokens)


def _reference_absolutes(claims: Claims) -> frozenset[str]:
    """The reference's stems, as read for the absolutes it makes. "specific"
    limits ("only specific libraries"); "specifications" shares its stem
    and limits nothing ("environment specifications")."""
    reference = claims.ev.compiled.reference_stems
    if "specif" in reference and not SPECIFIC_RE.search(claims.ev.card.answer):
        return reference - {"specif"}
    return reference


def _point_after(claims: Claims, item: Item, token_index: int, points: set[int]) -> bool:
    """Does the item say a key point after the token at `token_index`?"""
    content = claims.ev.answer.content
    return any(content[p] > token_index for p in item.content if p in points)


def _invented_limit(claims: Claims, item: Item) -> str | None:
    """A limit with a number that the reference does not state ("deleted after
    30 days", "no more than 100 runs", "only the last 7 days"): the words of
    an invented limitation. Not in a story told in the first person ("it sat
    in staging for a week while we ..."), nor when the reference has numbers."""
    ev = claims.ev
    tokens = ev.answer.tokens
    words = [tokens[t].word for t in item.tokens]
    numbers = [k for k, w in enumerate(words) if w.isdigit() or w in COUNTS]
    if not numbers or item.code or _reference_counts(claims) or claims.told(item.sentence):
        return None  # (in code, "LIMIT 1" and "max_evals=50" are arguments, no limitation)
    for k in numbers:
        before = words[max(k - 2, 0) : k]
        after = words[k + 1] if k + 1 < len(words) else ""
        timed = after in TIME_UNITS and bool(before) and before[-1] in BEFORE_A_TIME
        if k >= 3 and tuple(before) == ("out", "at"):
            # As typed: typo correction reads the rare "maxes" as "makes".
            verb = tokens[item.tokens[k - 3]]
            if ev.text[verb.start : verb.end].lower() in MAXES_OUT:
                before = words[k - 3 : k]
        if (
            timed
            or tuple(before) in BEFORE_A_LIMIT
            or (before and before[-1] in LIMITS)
            or len(before) == 3
        ):
            first = tokens[item.tokens[max(k - len(before), 0)]]
            last = tokens[item.tokens[k + 1 if timed else k]]
            return ev.text[first.start : last.end]
    return None


def _reference_counts(claims: Claims) -> bool:
    """Does the card's reference answer itself give numbers?"""
    return any(w.isdigit() or w in COUNTS for w in claims.ev.compiled.reference_stems)


def _negated_known(claims: Claims, token_index: int) -> set[int]:
    """The content positions of matches the card knows that the negator at
    `token_index` negates (within six words after it)."""
    ev = claims.ev
    positions = {p for p, t in enumerate(ev.answer.content) if t > token_index}
    nearby = {p for p in positions if ev.answer.content[p] - token_index <= 6}
    return nearby & claims.covered


_PAIR_RE = re.compile(r"([a-z]+)\s*/\s*([a-z]+)")


def narrowed_point(claims: Claims, item: Item) -> int | None:
    """The essential point an "only" item narrows to one half of what the point
    states as a pair, or None: "only batch serving" against "batch/online
    serving". Such a claim denies the point (incorrect), where an "only" on
    anything else is an invented limit (partial). An answer that names both
    halves, neither denied ("only delta tables or parquet files" for
    "Delta/Parquet"), narrows nothing. ("Only one/the latest X" against a
    plural X is not read: it is as often about something else, "only one
    version can be in production".)"""
    ev = claims.ev
    tokens = ev.answer.tokens
    content = [tokens[t] for t in item.tokens if not tokens[t].stop]
    words = [t.word for t in content]
    if "only" not in words:
        return None
    at = words.index("only")
    if at + 1 >= len(content):
        return None
    taken = content[at + 1].stem  # the word "only" takes ("only batch serving")
    # What the answer says, not denies: "only batch serving, models can't be
    # served online" names "online" only to deny it.
    denying = {t.clause for t in ev.answer.tokens if t.negator}
    said = {t.stem for t in ev.answer.tokens if t.clause not in denying}
    for k, point in enumerate(ev.points):
        if not point.required:
            continue
        for first, second in _PAIR_RE.findall(point.label.lower()):
            halves = {stem(first), stem(second)}
            if taken in halves and not halves <= said:
                return k  # one of the point's pair, and only it
    return None


def beyond_the_reference(absolute: str | None) -> str:
    """Why an absolute the reference does not make is against the answer, in
    words a learner reads at once: the absolute quoted alone ("only"), or for
    an invented limit with a number ("deleted after 30 days") no second quote
    of words the line has just quoted."""
    words = re.findall(r"[a-z0-9]+", (absolute or "").lower())
    if any(w.isdigit() or w in COUNTS for w in words):
        return "The reference sets no such limit."
    return f"The reference doesn't say “{absolute}”: that claim goes beyond it."
