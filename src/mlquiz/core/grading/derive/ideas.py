"""Cutting a reference answer into the ideas it lists (see the package docstring).

An answer is cut into pieces at sentence ends, semicolons, commas and list
"and"s, and before words that open a new idea; each piece gets a role from
its opener (main, example, detail, means, or drop). Steps joined by arrows
make an ordered card. "Unity Catalog (UC)" gives an abbreviation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from mlquiz.core.grading.derive.abbreviations import abbreviation, reverse_abbreviation
from mlquiz.core.grading.derive.framing import lead_in_to_list, only_genus, without_interview_talk
from mlquiz.core.grading.derive.lines import BULLET as _BULLET
from mlquiz.core.grading.derive.lines import announces as _announces
from mlquiz.core.grading.derive.lines import announces_list as _announces_list
from mlquiz.core.grading.derive.lines import named_item as _named_item
from mlquiz.core.grading.derive.protect import protect
from mlquiz.core.grading.derive.second_thing import second_thing_defined
from mlquiz.core.grading.derive.sections import NO_SECTIONS, Sections, without_labels
from mlquiz.core.grading.derive.words import content_units, has_content, one_of, says_only

# A piece opened by one of these words has this role. Longer openers first.
_OPENERS: tuple[tuple[str, str], ...] = (
    ("for example", "example"),
    ("for instance", "example"),
    ("such as", "example"),
    ("including", "example"),
    ("like", "example"),
    ("eg", "example"),
    ("ie", "example"),
    ("rather than", "drop"),
    ("instead of", "drop"),
    ("as opposed to", "drop"),
    ("without", "detail"),
    ("often", "detail"),
    ("typically", "detail"),
    ("usually", "detail"),
    ("optionally", "detail"),
    ("especially", "detail"),
    ("if possible", "detail"),
    ("etc", "drop"),
    # "In other words, ..." says again what was said: no idea of its own.
    ("in other words", "detail"),
    ("using", "means"),
    ("via", "means"),
    ("so that", "main"),
    ("so", "main"),
    ("when", "main"),
    ("whenever", "main"),
    ("where", "main"),
    ("which", "main"),
    ("while", "main"),
    ("whereas", "main"),
    ("because", "main"),
    ("since", "main"),
    ("before", "main"),
    ("after", "main"),
    ("then", "main"),
    ("that", "main"),
    ("whose", "main"),
)
OPTIONAL_ROLES = frozenset({"example", "detail", "means"})
# Words that open a piece without changing its role; taken off the front.
_LIST_JOINERS = ("and then", "and also", "and", "or", "plus", "as well as", "also")
_JOINER_STARTS = frozenset("aopAOP")  # what a joiner starts with, either case

MAX_STEP_WORDS = 8


_SPLIT_OPENERS = re.compile(r"\s+(?=" + one_of([w for w, _ in _OPENERS]) + r"\b)", re.IGNORECASE)
_ARROW = re.compile(r"\s*(?:→|->|=>|⇒|⟶|—>|-->)\s*")
# What each arrow holds ("-->" holds "->"): a text with none has no arrow.
_ARROW_MARKS = ("→", "->", "=>", "⇒", "⟶", "—>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|\s*;\s*|\n+")
# `_SENTENCE_END` for a text with no semicolon and no line break (most answers),
# where its other two ways cannot match: the same cuts, a quarter of the time.
_SENTENCE_END_ONLY = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_PAREN = re.compile(r"\s*\(([^()]*)\)")

# --------------------------------------------------------------------------
# Cutting an answer into pieces


@dataclass
class _Piece:
    text: str  # the words the phrases come from
    role: str  # "main", "example", "detail", "means" or "drop"
    label: str  # the words the learner sees (may keep the opener: "when ...")


# The openers by their first word, in `_OPENERS` order: only those can open a
# text whose first word (up to a space or a comma) is that word.
_OPENERS_BY_FIRST: dict[str, list[tuple[str, str]]] = {}
for _word, _role in _OPENERS:
    _OPENERS_BY_FIRST.setdefault(_word.split(" ", 1)[0], []).append((_word, _role))
_FIRST_WORD = re.compile(r"[^ ,]*")


def _opener(text: str) -> tuple[str, str] | None:
    lowered = text.lower()
    first = _FIRST_WORD.match(lowered)
    for word, role in _OPENERS_BY_FIRST.get(first.group() if first else "", ()):
        if lowered == word or lowered.startswith(word + " ") or lowered.startswith(word + ","):
            return word, role
    return None


def _strip_joiner(text: str) -> str:
    if not text or text[0] not in _JOINER_STARTS:
        return text
    lowered = text.lower()
    for joiner in _LIST_JOINERS:
        if lowered.startswith(joiner + " "):
            return text[len(joiner) + 1 :].strip()
    return text


def count_words(text: str) -> int:
    return len(content_units(text))


def _split_openers(chunk: str) -> list[str]:
    """A comma chunk cut before each opener; "a feature that ..." stays whole.

    A relative clause ("that", "which", "whose") only starts a new piece when
    what it describes has two content words or more: "A feature that records
    X" is one idea, "A single execution of code whose params ..." is two.
    """
    parts: list[str] = []
    for part in (p.strip() for p in _split_at_openers(chunk)):
        if not part:
            continue
        word = part.split(" ", 1)[0].lower()
        if parts and word in _RELATIVES and count_words(parts[-1]) < 2:
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    return parts


# `_SPLIT_OPENERS` matched without IGNORECASE in lowercased text (its words are
# lower case): for ASCII text the same places, found in half the time.
_SPLIT_OPENERS_LOWER = re.compile(_SPLIT_OPENERS.pattern)


def _split_at_openers(chunk: str) -> list[str]:
    """`_SPLIT_OPENERS.split(chunk)`."""
    if not chunk.isascii():
        return _SPLIT_OPENERS.split(chunk)
    lowered = chunk.lower()  # ASCII: each letter in its place, word edges kept
    if _SPLIT_OPENERS_LOWER.search(lowered) is None:
        return [chunk]
    return _SPLIT_OPENERS.split(chunk)


def _split_list_head(chunks: list[str]) -> list[str]:
    """'Provide an environment for A, B, and C' -> the head, then A, B, C.

    When every later comma item is short, the first item of the list is the
    words after the first chunk's last preposition.
    """
    if len(chunks) < 3 or count_words(chunks[0]) < 4:
        return chunks
    if any(count_words(_strip_joiner(c)) > 3 for c in chunks[1:]):
        return chunks
    matches = list(_LIST_PREPOSITION.finditer(chunks[0]))
    if not matches:
        return chunks
    match = matches[-1]
    head, item = chunks[0][: match.start()].strip(), chunks[0][match.end() :].strip()
    if count_words(head) < 1 or not 1 <= count_words(item) <= 3:
        return chunks
    return [head, item] + chunks[1:]


def _split_last_item(chunks: list[str]) -> list[str]:
    """'A, B, C and D' (no comma before "and"): the last chunk is two items
    when the chunks before it are short items too."""
    if len(chunks) < 2 or any(count_words(c) > 3 for c in chunks[:-1]):
        return chunks
    last = re.split(r"\s+(?:and|or)\s+", chunks[-1])
    if len(last) != 2 or any(count_words(p) == 0 or count_words(p) > 3 for p in last):
        return chunks
    return chunks[:-1] + last


def _pieces(sentence: str, pair: bool = False) -> list[_Piece]:
    """The pieces of one sentence (no parentheses, no arrows) with their roles;
    `pair`: the question asks for two things, so a sentence "A and B" of two
    short items is those two."""
    pieces: list[_Piece] = []
    role = "main"
    chunks = _split_list_head([c.strip() for c in sentence.split(",") if c.strip()])
    chunks = _split_last_item(chunks)
    if pair and len(chunks) == 1:
        two = re.split(r"\s+and\s+", chunks[0])
        if len(two) == 2 and all(1 <= count_words(p) <= PAIR_ITEM_WORDS for p in two):
            chunks = two
        elif len(two) == 2 and all(1 <= count_words(p) <= LONG_PAIR_ITEM_WORDS for p in two):
            # "Frequency of calls and the token price of the model assigned to
            # each node": a longer pair is two items when they open alike (a
            # noun each, not "and then ..."), as the question asks for two.
            if not _opener(two[1]) and two[1].split(" ", 1)[0].lower() not in _PAIR_NOT_ITEM:
                chunks = two
    for position, chunk in enumerate(chunks):
        for index, part in enumerate(_split_openers(chunk)):
            part = _strip_joiner(part)
            opener = _opener(part)
            label = part
            if opener is not None:
                word, new_role = opener
                # The answer's first words set no role: "Using X to ..." is the answer.
                role = new_role if pieces else "main"
                body = part[len(word) :].strip(" ,:")
                if word == "where" and pieces and _NAMES_A_SYMBOL.match(body):
                    role = "detail"  # "log n, where n is the number of ...": a notation
                label = part if word in _LABEL_KEEPS_OPENER else body
                part = body
            elif not (index == 0 and position and role != "main" and _continues(part)):
                role = "main"
            if part and content_units(part):
                pieces.append(_Piece(part, role, label))
    return _without_filler(pieces)


# "n is the number of elements", "x_i are the values": what a symbol stands for.
# A definition only ("n is the number of ..."), not a condition on the letter
# ("R is installed", "k is chosen", "p is below 0.05").
_NAMES_A_SYMBOL = re.compile(
    r"[^\W\d_](?:_\w+)?\s+(?:(?:is|are)\s+(?:the|a|an)|denotes|represents|stands for)\s", re.I
)


# A question that asks for two things ("What are the two ...?").
ASKS_FOR_TWO = re.compile(r"\b(?:two|both|2)\b", re.IGNORECASE)
# A question that asks for things in the plural ("Which hardware units are
# primary ...?", "What are the ...?"): "A and B" answers it with two.
ASKS_FOR_SEVERAL = re.compile(
    r"^\s*(?:what|which)\s+(?:are|were)\b|^\s*(?:what|which)\s+(?:[a-z-]+\s+){0,3}?[a-z-]+s\s+(?:are|were)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=8)  # asked of a card's question by `cut_ideas`, then by `points`
def asks_for_two(question: str) -> bool:
    """Does the question ask for two things, or for things in the plural?"""
    return bool(ASKS_FOR_TWO.search(question) or ASKS_FOR_SEVERAL.search(question))


# Each of the two items of "A and B" has at most this many words.
PAIR_ITEM_WORDS = 4
# ... or, when the question says how many ("the two factors"), this many.
LONG_PAIR_ITEM_WORDS = 10
# Words that open a clause, not a second item, after "and".
_PAIR_NOT_ITEM = frozenset("then so thus therefore it they this that is are can will".split())


def _without_filler(pieces: list[_Piece]) -> list[_Piece]:
    """Pieces that are one everyday word ("Instead", "Now", "in the course",
    "work") beside longer ones are filler, not ideas: a list of single words
    ("None, Staging, Production") keeps them all."""
    words = [content_units(p.text) for p in pieces]
    if not any(len(w) >= 2 for w in words):
        return pieces
    return [p for p, w in zip(pieces, words, strict=True) if len(w) >= 2 or not w[0].everyday]


def _continues(item: str) -> bool:
    """Does a comma item carry on the example or detail list before it?"""
    first = item.split(" ", 1)[0].lower()
    return count_words(item) <= 3 and first not in _PREPOSITIONS


_RELATIVES = frozenset({"that", "which", "whose"})
# Openers that read well at the start of a label ("when the data ...").
_LABEL_KEEPS_OPENER = frozenset(
    """
    when whenever where while whereas because since before after without often
    typically usually optionally especially using via
    """.split()
)
_PREPOSITIONS = frozenset(
    "with for in on by to from at of into onto about over under via through".split()
)
_LIST_PREPOSITION = re.compile(r"\b(?:for|of|in|on|to|with|about|into|including|as)\s+", re.I)


@dataclass
class Idea:
    """One future key point: a piece, or a group of example pieces."""

    alternatives: list[str]  # texts, any of which says the idea
    role: str
    label_text: str
    # Where the idea stands: in the answer's core (its first sentence, or as
    # many as the question asks for), a list item of it, or the elaboration.
    place: str = "core"
    sentence: int = 0  # the sentence (or list line) it comes from
    reply: bool = False  # a bare yes or no: `alternatives` are its phrase
    frame: bool = False  # only frames the definition ("refers to the process of")


_YES_NO = frozenset(
    "yes no not nope yeah yep true false never always correct incorrect right wrong "
    "absolutely definitely indeed course all at".split()
)


def core_size(
    question: str, sentences: list[str], frames: Callable[[str], bool] | None = None
) -> int:
    """How many leading sentences make the answer's core.

    One per question the card asks ("What is X? Why?" asks two), more while
    a sentence announces a list (ends with ":"), says nothing but yes or no
    ("Not at all! ...") or only frames (`frames`: "It is a concept in machine
    learning."): the next sentence then carries the answer.
    """
    asked = max(1, question.count("?"))
    size = min(asked, len(sentences))
    while size < len(sentences):
        last = sentences[size - 1].rstrip()
        if last.endswith(":") and not _named_item(sentences, size - 1):
            size += 1
            while size < len(sentences) and _BULLET.match(sentences[size]):
                if _announces(sentences, size):
                    break  # "- Each variant suits ... based on:": another list
                size += 1  # the whole list it announces
            continue
        if says_only(last, _YES_NO) is not False:  # nothing else: no words at all too
            size += 1
            continue
        if frames is not None and frames(_BULLET.sub("", last)):
            size += 1
            continue
        if frames is not None and size == 1 and only_genus(last):
            size += 1  # "It is a type of regularization for RNNs." names only the class
            continue
        break
    return max(size, 1)


# A line break inside a sentence (Markdown wraps a paragraph or a list item
# at any width): the next line goes on in lower case after a line with no
# end punctuation, so it is the same sentence.
_SOFT_WRAP = re.compile(r"(?<=[^\s.!?:;])[ \t]*\n(?=[ \t]*[a-z])")


def cut_ideas(
    answer: str,
    question: str = "",
    frames: Callable[[str], bool] | None = None,
    sections: Sections = NO_SECTIONS,
) -> tuple[list[Idea], bool, list[tuple[str, str]]]:
    """The ideas of an answer, whether they are ordered steps, and abbreviations.

    Ideas outside the answer's core (`core_size`) are elaboration: a main
    piece there becomes a "detail" (an optional point). `frames` tells a
    text that only frames a definition (`framing.framing_test`): such a core
    sentence moves the core on, and such a piece beside the defining one is
    a detail. `sections`: the deck's section labels (`sections.py`): a
    labeled sentence and those after it are elaboration, without the label."""
    text = protect(" ".join(answer.split()) if "\n" not in answer else answer)
    if "\n" in text:  # (a soft wrap is a line break)
        text = _SOFT_WRAP.sub(" ", text)
    abbreviations: list[tuple[str, str]] = []
    extras: list[Idea] = []

    def take_parenthesis(match: re.Match[str]) -> str:
        inner = match.group(1).strip()
        before = text[: match.start()]
        expansion = abbreviation(before, inner)
        if expansion:
            abbreviations.append((inner.lower(), expansion.lower()))
            return ""
        reverse = reverse_abbreviation(before, inner)
        if reverse:
            abbreviations.append(reverse)
            return ""
        opener = _opener(inner)
        if opener is not None and opener[1] == "drop":
            return ""
        role = "example" if opener is not None else "detail"
        body = inner[len(opener[0]) :].strip(" ,:") if opener else inner
        items = [
            _strip_joiner(i.strip()) for i in re.split(r",|;|\s+or\s+|\s+and\s+", body) if i.strip()
        ]
        items = [i for i in items if content_units(i)]
        if items:
            extras.append(Idea(items, role, body))
        return ""

    flat = _PAREN.sub(take_parenthesis, text)
    # Most answers have no arrow: found in C before the pattern scans every space.
    arrows = any(mark in flat for mark in _ARROW_MARKS)
    steps = [s.strip(" .;") for s in (_ARROW.split(flat) if arrows else [flat])]
    ideas: list[Idea] = []
    # Steps are short ("train -> log -> register"); an arrow inside a long
    # explanation ("A -> B" in one sentence of many) orders nothing.
    ordered = len([s for s in steps if s]) >= 2 and all(
        count_words(s) <= MAX_STEP_WORDS for s in steps
    )
    if ordered:
        for step in steps:
            if content_units(step):
                ideas.append(Idea(_or_split(step), "main", step))
        return ideas + extras, True, abbreviations

    # A leading "- " stays: it marks a list line (`_BULLET`), which the core may take whole.
    ends = _SENTENCE_END if ";" in flat or "\n" in flat else _SENTENCE_END_ONLY
    sentences = [s for s in (_strip_end(raw) for raw in ends.split(flat)) if s]
    sentences = [s for s in sentences if has_content(s)]
    sentences, labeled = without_labels(sentences, sections)
    # "I put recommender systems here since ...": an author's aside is no core.
    aside = 1 if len(sentences) > 1 and _FIRST_PERSON.search(sentences[0]) else 0
    sentences = without_interview_talk(sentences, aside)
    core = aside + core_size(question, sentences[aside:], frames)
    if frames is not None and lead_in_to_list(question, sentences, aside, core, _announces_list):
        aside, core = core, core + core_size(question, sentences[core:], frames)
    leading_list = _leading_list(sentences)
    core = max(core, leading_list)
    if labeled:  # the text before the deck's first label is the answer (`sections.py`)
        core = labeled if sections.layout else min(core, labeled)
    asks_two = asks_for_two(question)
    reply = (
        _LEADING_REPLY.match(sentences[0]) if sentences and _ASKS_YES_NO.search(question) else None
    )
    if reply and question.count("?") >= 2 and core > 1:
        core -= 1  # "No, because X": the yes or no and its reason in one sentence
    named = second_thing_defined(question, sentences, aside, core)
    for number, sentence in enumerate(sentences):
        sentence = sentence.strip(" .;:-")
        line = _BULLET.sub("", sentence)
        if number == 0 and reply and number < core:
            # "No, because data can contain errors": the reply is a point of its
            # own, but not an essential one: the reason given implies it.
            said = _yes_no_idea(reply.group(1) or reply.group(2), number)
            said.role = "detail"
            ideas.append(said)
            line = line[reply.end() :]
        if "-" in line or "–" in line or "—" in line:  # (each `_DASH` has one)
            line = _DASH.sub(", ", line)
        pieces = _pieces(line, pair=number == 0 and asks_two)
        pieces = _without_denied(pieces)
        place = "core" if aside <= number < core or number in named else "more"
        if place == "core" and (number or leading_list) and _BULLET.match(sentences[number]):
            place = "item"
        if place == "core" and _yes_or_no(line):
            ideas.append(_yes_no_idea(line, number))
            continue
        group: Idea | None = None
        piece_is_first = True
        for piece in pieces:
            if piece.role == "drop":
                group = None
                continue
            if piece.role == "example" and group is not None:
                group.alternatives.extend(_or_split(piece.text))
                group.label_text += ", " + piece.label
                continue
            role = piece.role
            if role == "main" and (place == "more" or _announces_list(sentences, number)):
                role = "detail"
            if role == "main" and number in named and not piece_is_first:
                role = "detail"  # its definition is the other thing's answer; the rest elaborates
            if piece.role == "main":
                piece_is_first = False
            frame = frames is not None and frames(piece.text)
            if role == "main" and frame:
                role = "detail"  # "refers to the situation" (where ...): the frame
            idea = Idea(_or_split(piece.text), role, piece.label, place, number, frame=frame)
            ideas.append(idea)
            group = idea if piece.role == "example" else None
    # "node (or tool)": what a parenthesis offers instead is another wording of
    # the answer, when the answer is one idea.
    instead = [e for e in extras if e.label_text.lower().startswith("or ")]
    main = [i for i in ideas if i.place == "core" and i.role == "main" and not i.reply]
    if instead and len(main) == 1:
        for extra in instead:
            main[0].alternatives.extend(extra.alternatives)
        extras = [e for e in extras if e not in instead]
    for extra in extras:
        extra.place = "more"
    return ideas + extras, False, abbreviations


# The first person singular: the author speaking of themselves.
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|my|me)\b")


def _strip_end(raw: str) -> str:
    """A sentence without the spaces and separators around it, but a list
    line's leading "- " (a dash with a space) kept."""
    text = raw.strip(" ;")
    if _BULLET.match(text):
        return text
    return text.strip(" ;-")


# A list line of more words than this is a statement rather than an item.
LIST_ITEM_WORDS = 8


def _leading_list(sentences: list[str]) -> int:
    """How many list lines open the answer, when it opens with two or more
    (an answer that is a bare list: all of it is the core); else 0."""
    count = 0
    while count < len(sentences) and _BULLET.match(sentences[count]):
        count += 1
    if count < 2:
        return 0
    # Lines that are statements, not items ("* NB can be extremely fast
    # compared to ..."): notes on a topic, whose first line is its answer.
    if any(count_words(s) > LIST_ITEM_WORDS for s in sentences[:count]):
        return 0
    return count


# A question that asks yes or no ("Can you trust ...?", "Is X ...?"), also
# after a scenario ("Suppose you fit ... and find it under-fits. Is it a good
# idea to ...?", "Suppose a model takes the form ..., Is it linear?").
_ASKS_YES_NO = re.compile(
    r"(?:^\s*|[.?!:]\s+|,\s+(?=(?-i:[A-Z])))"
    r"(?:is|are|was|were|do|does|did|can|could|should|would|will|has|have|had)\b",
    re.I,
)
# A yes or no that opens a longer sentence: "No, because ...", "Yes - ...";
# a yes needs no comma ("Yes model is still linear"), a no does ("No matter ...").
_LEADING_REPLY = re.compile(
    r"^\s*(?:(yes|no|nope|yep|yeah|absolutely|definitely)\b\s*[,!.:;-]+|(yes)\s)\s*(?=\w)",
    re.I,
)
# A dash between two parts of a sentence ("not about a post - it is a campaign").
_DASH = re.compile(r"\s+[-–—]\s+")


_DENIED = re.compile(r"^(?:(?:it|this|that|they)\s+(?:is|was|are|were)\s+)?not\b", re.I)


def _without_denied(pieces: list[_Piece]) -> list[_Piece]:
    """ "Not a board member, not the CEO - it was an engineer": the pieces the
    sentence denies, before the one it asserts, are a contrast, not the answer."""
    denied = [bool(_DENIED.match(p.text)) for p in pieces]
    if not any(denied) or all(denied) or denied[-1] and not any(denied[denied.index(False) :]):
        return pieces
    last_asserted = max(i for i, d in enumerate(denied) if not d)
    if not any(denied[:last_asserted]):
        return pieces
    return [p for i, p in enumerate(pieces) if not (denied[i] and i < last_asserted)]


def _yes_or_no(line: str) -> bool:
    return says_only(line, _YES_NO) is True


# The phrase of a reference's bare reply, the point of a yes-or-no question.
REPLY_NO = "no|not|nope|never"
REPLY_YES = "yes|yeah|yep|true|correct"
_NEGATIVE_REPLY = frozenset({"no", "not", "nope", "never", "false", "incorrect", "wrong"})


def _yes_no_idea(line: str, sentence: int) -> Idea:
    """A reply that only says yes or no ("Not at all!"): its polarity is the idea."""
    words = {u.parts[0] for u in content_units(line) if u.parts}
    if words & _NEGATIVE_REPLY:
        return Idea([REPLY_NO], "main", "No", "core", sentence, True)
    return Idea([REPLY_YES], "main", "Yes", "core", sentence, True)


_OR = re.compile(r"\s+or\s+")


def _or_split(text: str) -> list[str]:
    """'by changing X or by directing Y' -> both, as alternatives of one idea.

    Only parallel wordings split: each alternative opens like the first (the
    same word, or two -ing words). "a dataset stored in Delta or Parquet to
    generate predictions" is one idea with a choice of two words inside it.
    """
    if "or" not in text:
        return [text]
    parts = [p.strip() for p in _OR.split(text) if p.strip()]
    # "the data or model does not fit" is one idea: split only whole phrases.
    if len(parts) < 2 or any(count_words(p) < 2 for p in parts):
        return [text]
    first = parts[0].split(" ", 1)[0].lower()
    for part in parts[1:]:
        word = part.split(" ", 1)[0].lower()
        if word != first and not (word.endswith("ing") and first.endswith("ing")):
            return [text]
    return parts
