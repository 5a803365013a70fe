"""Key points derived from a card's answer, for decks imported from elsewhere.

An imported card has a question and a reference answer but no key points.
This module cuts the answer into the ideas it lists and gives each idea the
wordings the grader should accept, so an imported deck grades reasonably with
no hand editing and is easy to refine by hand:

- The answer is cut into pieces at sentence ends, semicolons, commas and
  list "and"s, and before words that open a new idea ("so", "when",
  "where", ...). Steps joined by arrows ("train -> log -> register") become
  an ordered card, one point per step.
- A piece's role comes from the word that opens it: examples ("e.g.",
  "such as", "like", a parenthesis) and details ("using", "often",
  "without") are optional points; contrasts ("rather than", "instead of")
  are dropped, since a learner may well mention them to reject them.
- Each point gets the piece's content words in order, with `...` gaps (its
  core, without generic verbs), and a few pairs of neighbouring content
  words, the rarest first. An answer earns the point only by saying one of
  these: the grader then reads "correct" only when every essential idea is
  said in at least two words that belong together.
- One word alone says a point only when that word is the idea: the piece's
  only word of its own (a list item such as "Archived"), or a rare, specific
  term of a short piece ("broadcasting models" -> "broadcasting"), judged by
  how few of the deck's answers use it and by its length or its written form
  (UDF, MLflow). Never an everyday word ("columns", "time"), a word common to
  many answers, a word of the question (the grader demotes those), or a word
  another point of the card also uses.
- The other single words become the card's `vague` wordings: an answer that
  says nothing else but one of them is worth "partial", never "correct".
- Phrases that `mlquiz deck check` would warn about (one word many answers
  use, only the question's words) are left out, but a point's last phrase
  and the steps of an ordered card are kept.
- "Unity Catalog (UC)" puts `uc = "unity catalog"` into the glossary, and a
  few everyday shorthands (params, config, prod, ...) are added when the
  deck uses the word they stand for.

Only deck-independent rules live here: nothing may be tuned to one deck.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import snowballstemmer

from mlquiz.core.cards import Card, Deck, KeyPoint
from mlquiz.core.grading import NEGATORS, STOPWORDS, lint_deck
from mlquiz.core.grading import stem as _grader_stem

_STEMMER = snowballstemmer.stemmer("english")

# Words too vague to identify an idea on their own: they may sit inside a
# phrase but never form one alone, and the "core" of a piece leaves them out.
GENERIC = frozenset(
    """
    provide provides provided providing allow allows allowed allowing enable enables
    enabled enabling make makes made making help helps helped helping ensure ensures
    ensuring let lets easier easy important useful able various different multiple
    certain specific same other others each every all only well etc something
    someone anything everything thing things set sets part parts kind type types
    good better best often typically usually commonly generally basically mainly
    main key core whole entire new old given based related relevant instead
    during within across between among through throughout beyond toward towards
    upon until before after around against along inside outside without
    generate generates generated generating produce produces produced producing
    perform performs performed performing
    """.split()
)

# Everyday words: however rare in a deck, one of these alone never says an
# idea ("columns" is not "named columns"), nor even points the right way.
EVERYDAY = frozenset(
    """
    another actually already although always anybody anymore anything anywhere
    because becomes between changes changing columns column content control
    correct current default details example examples exactly general however
    history information instead machine machines message minimum maximum
    missing nothing numbers network normally overall perhaps picture possible
    present problem problems process processes program project quickly reasons
    records related request results running section several similar simple
    simply someone something sometimes somewhere special standard started
    support systems through together towards traffic usually various version
    versions whether working writing reading written
    time times data table tables file files name names value values server
    user users list lists place step steps system thing world person people
    """.split()
)
_EVERYDAY_STEMS = frozenset(_STEMMER.stemWords(sorted(EVERYDAY)))

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
_OPTIONAL_ROLES = frozenset({"example", "detail", "means"})
# Words that open a piece without changing its role; taken off the front.
_LIST_JOINERS = ("and then", "and also", "and", "or", "plus", "as well as", "also")

_SPLIT_OPENERS = re.compile(
    r"\s+(?=(?:" + "|".join(re.escape(w) for w, _ in _OPENERS) + r")\b)", re.IGNORECASE
)
_ARROW = re.compile(r"\s*(?:→|->|=>|⇒|⟶|—>|-->)\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|\s*;\s*|\n+")
_PAREN = re.compile(r"\s*\(([^()]*)\)")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*(?:[-/][^\W_]+(?:['’][^\W_]+)*)*")
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z0-9]{1,9}$")

MAX_PHRASES = 10
# Pairs of neighbouring words offered per point, besides its whole wording.
MAX_PAIRS = 6
MAX_VAGUE = 8
# A clause with at most this many words of its own may be said by one
# specific term alone ("broadcast" for "broadcasting models").
SHORT_PIECE = 2
# A word is rare when one answer uses it, or at most one answer in this many.
RARE_SHARE = 20
# A word this long (or written as a name: UDF, MLflow, k8s) is a term.
SPECIFIC_LENGTH = 7
MAX_LABEL_WORDS = 7

# Everyday shorthand, written form -> the word it stands for. An entry goes
# into an imported deck's glossary only when the deck uses the full word.
SHORTHAND = {
    "params": "parameters",
    "param": "parameter",
    "hyperparams": "hyperparameters",
    "hyperparam": "hyperparameter",
    "config": "configuration",
    "configs": "configurations",
    "env": "environment",
    "envs": "environments",
    "repo": "repository",
    "repos": "repositories",
    "prod": "production",
    "dev": "development",
    "eval": "evaluation",
    "evals": "evaluations",
    "info": "information",
    "perf": "performance",
    "stats": "statistics",
    "docs": "documentation",
    "impl": "implementation",
    "app": "application",
    "apps": "applications",
    "dir": "directory",
    "dirs": "directories",
    "mgmt": "management",
    "preds": "predictions",
    "pred": "prediction",
    "feats": "features",
    "exp": "experiment",
    "exps": "experiments",
    "k8s": "kubernetes",
    "sklearn": "scikit learn",
    "scikit": "scikit learn",
    "xgb": "xgboost",
    "df": "dataframe",
    "dfs": "dataframes",
    "data frame": "dataframe",
    "data frames": "dataframes",
    "ml": "machine learning",
    "db": "database",
    "dbs": "databases",
    "mem": "memory",
    "ram": "memory",
    "ver": "version",
    "vers": "versions",
    "reqs": "requirements",
    "tb": "terabyte",
    "gb": "gigabyte",
    "nn": "neural network",
    "auth": "authentication",
    "admin": "administrator",
}


# --------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class DerivedCard:
    points: tuple[KeyPoint, ...]
    ordered: bool = False
    # Single words of the answer too weak to say a point alone: worth a
    # "partial" verdict when nothing else is said, never a "correct" one.
    vague: tuple[str, ...] = ()


@dataclass
class DerivedDeck:
    cards: list[DerivedCard]
    glossary: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------
# Words


@lru_cache(maxsize=50_000)
def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.casefold())
    word = "".join(ch for ch in word if not unicodedata.combining(ch))
    return word.replace("'", "").replace("’", "")


def _stem(word: str) -> str:
    """The grader's stem, overrides included ("staging" is not "stage")."""
    return _grader_stem(word)


@dataclass(frozen=True)
class _Unit:
    """One word of a piece as written ("single-node", "batch/online")."""

    text: str

    @cached_property
    def parts(self) -> tuple[str, ...]:
        """Folded sub-words: "batch/online" -> ("batch", "online")."""
        return tuple(p for p in re.split(r"[-/]", _fold(self.text)) if p)

    @cached_property
    def stems(self) -> frozenset[str]:
        return frozenset(_stem(p) for p in self.parts)

    @cached_property
    def stop(self) -> bool:
        return all(p in STOPWORDS for p in self.parts)

    @cached_property
    def negator(self) -> bool:
        return any(p in NEGATORS or p in _NEGATIVE_CONTRACTIONS for p in self.parts)

    @cached_property
    def negative(self) -> bool:
        """A word that negates by meaning ("unnecessary", "avoid") rather than form."""
        return any(_stem(p) in _NEGATIVE_STEMS for p in self.parts)

    @cached_property
    def generic(self) -> bool:
        return all(p in GENERIC for p in self.parts)

    def phrase(self, question_stems: frozenset[str] = frozenset()) -> str:
        """The unit as a phrase word: "batch/online" and synonyms are alternatives.

        A synonym that is a word of the question is left out: it would let an
        answer that only echoes the question earn the point.
        """
        words = [a for a in self.text.split("/") if a]
        if len(self.parts) == 1:
            for synonym in _synonyms(self.parts[0]):
                if synonym not in words and _stem(synonym) not in question_stems:
                    words.append(synonym)
        return "|".join(words)


# Words that say "no X" by their meaning.
_NEGATIVE_STEMS = frozenset(
    _STEMMER.stemWords(
        """
        unnecessary unneeded avoid prevent reduce eliminate skip less fewer lack free
        minimize remove without instead
        """.split()
    )
)

# Words learners use for one another, whatever the subject. Each group's
# words become alternatives of each other in derived phrases. Only broad,
# deck-independent equivalences belong here.
SYNONYM_GROUPS = (
    "metrics scores measurements",
    "artifacts files outputs",
    "parameters settings",
    "train fit",
    "training fitting",
    "predictions inferences",
    "predict infer",
    "plots charts graphs figures",
    "interface ui",
    "centralized central",
    "scalable scale scaling",
    "large big huge",
    "fast quick rapid",
    "efficiently efficient quickly",
    "automatically automatic",
    "manual manually",
    "custom bespoke",
    "history record",
    "duplicate duplication redundant",
    "consistency consistent uniform",
    "deploy release ship",
    "endpoints endpoint api",
    "dataset data",
    "test validate",
    "tests validation",
    "schedule scheduled schedulable",
    "package bundle",
    "dependencies requirements",
    "monitor watch",
    "folder directory",
    "previous earlier older prior",
    "restore revert",
    "relationship link connection",
    "trace track",
    "group grouping collection",
    "libraries frameworks",
    "simple easy",
    "reduce decrease lower",
    "improve increase",
    "separate split",
    "compare comparison",
    "reproduce reproducible replicate",
    "versions versioned",
    "reuse share",
    "approvals approval",
    "audit audits",
    "storage store",
    "team teammates colleagues",
    "mistakes errors",
    "cost costs price",
)
_SYNONYMS: dict[str, tuple[str, ...]] = {}
for _group in SYNONYM_GROUPS:
    _words = tuple(_group.split())
    for _word in _words:
        _SYNONYMS.setdefault(_word, tuple(w for w in _words if w != _word))
del _group, _words, _word


def _synonyms(word: str) -> tuple[str, ...]:
    """Synonyms of the word as written (or its plural/singular), never by stem:
    "scores" are metrics, but "scoring" a batch is not measuring it."""
    for form in (word, word + "s", word[:-1] if word.endswith("s") else ""):
        if form in _SYNONYMS:
            return _SYNONYMS[form]
    return ()


# Negative contractions as _fold leaves them (apostrophes dropped).
_NEGATIVE_CONTRACTIONS = frozenset(
    """
    cannot cant wont dont doesnt didnt isnt arent wasnt werent couldnt wouldnt
    shouldnt havent hasnt hadnt mustnt neednt aint
    """.split()
)


@lru_cache(maxsize=200_000)
def _units(text: str) -> tuple[_Unit, ...]:
    # Cached: a deck's pieces are cut, counted and phrased many times over.
    return tuple(_Unit(m.group()) for m in _WORD.finditer(text))


def _content(units: tuple[_Unit, ...] | list[_Unit]) -> list[_Unit]:
    return [u for u in units if not u.stop or u.negator]


# --------------------------------------------------------------------------
# Cutting an answer into pieces


@dataclass
class _Piece:
    text: str  # the words the phrases come from
    role: str  # "main", "example", "detail", "means" or "drop"
    label: str  # the words the learner sees (may keep the opener: "when ...")


def _protect(text: str) -> str:
    """Dots of abbreviations out of the way of sentence splitting."""
    text = re.sub(r"\be\.\s?g\.,?", "eg", text, flags=re.IGNORECASE)
    text = re.sub(r"\bi\.\s?e\.,?", "ie", text, flags=re.IGNORECASE)
    text = re.sub(r"\betc\.", "etc", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(vs|approx|incl|esp)\.", r"\1", text, flags=re.IGNORECASE)
    return text


def _opener(text: str) -> tuple[str, str] | None:
    lowered = text.lower()
    for word, role in _OPENERS:
        if lowered == word or lowered.startswith(word + " ") or lowered.startswith(word + ","):
            return word, role
    return None


def _strip_joiner(text: str) -> str:
    lowered = text.lower()
    for joiner in _LIST_JOINERS:
        if lowered.startswith(joiner + " "):
            return text[len(joiner) + 1 :].strip()
    return text


def _count(text: str) -> int:
    return len(_content(_units(text)))


def _split_openers(chunk: str) -> list[str]:
    """A comma chunk cut before each opener; "a feature that ..." stays whole.

    A relative clause ("that", "which", "whose") only starts a new piece when
    what it describes has two content words or more: "A feature that records
    X" is one idea, "A single execution of code whose params ..." is two.
    """
    parts: list[str] = []
    for part in (p.strip() for p in _SPLIT_OPENERS.split(chunk)):
        if not part:
            continue
        word = part.split(" ", 1)[0].lower()
        if parts and word in _RELATIVES and _count(parts[-1]) < 2:
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    return parts


def _split_list_head(chunks: list[str]) -> list[str]:
    """'Provide an environment for A, B, and C' -> the head, then A, B, C.

    When every later comma item is short, the first item of the list is the
    words after the first chunk's last preposition.
    """
    if len(chunks) < 3 or _count(chunks[0]) < 4:
        return chunks
    if any(_count(_strip_joiner(c)) > 3 for c in chunks[1:]):
        return chunks
    matches = list(_LIST_PREPOSITION.finditer(chunks[0]))
    if not matches:
        return chunks
    match = matches[-1]
    head, item = chunks[0][: match.start()].strip(), chunks[0][match.end() :].strip()
    if _count(head) < 1 or not 1 <= _count(item) <= 3:
        return chunks
    return [head, item] + chunks[1:]


def _pieces(sentence: str) -> list[_Piece]:
    """The pieces of one sentence (no parentheses, no arrows) with their roles."""
    pieces: list[_Piece] = []
    role = "main"
    chunks = _split_list_head([c.strip() for c in sentence.split(",") if c.strip()])
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
                label = part if word in _LABEL_KEEPS_OPENER else body
                part = body
            elif not (index == 0 and position and role != "main" and _continues(part)):
                role = "main"
            if part and _content(_units(part)):
                pieces.append(_Piece(part, role, label))
    return pieces


def _continues(item: str) -> bool:
    """Does a comma item carry on the example or detail list before it?"""
    first = item.split(" ", 1)[0].lower()
    return _count(item) <= 3 and first not in _PREPOSITIONS


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
class _Idea:
    """One future key point: a piece, or a group of example pieces."""

    alternatives: list[str]  # texts, any of which says the idea
    role: str
    label_text: str


def _ideas(answer: str) -> tuple[list[_Idea], bool, list[tuple[str, str]]]:
    """The ideas of an answer, whether they are ordered steps, and abbreviations."""
    text = _protect(" ".join(answer.split()) if "\n" not in answer else answer)
    abbreviations: list[tuple[str, str]] = []
    extras: list[_Idea] = []

    def take_parenthesis(match: re.Match[str]) -> str:
        inner = match.group(1).strip()
        before = text[: match.start()]
        expansion = _abbreviation(before, inner)
        if expansion:
            abbreviations.append((inner.lower(), expansion.lower()))
            return ""
        reverse = _reverse_abbreviation(before, inner)
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
        items = [i for i in items if _content(_units(i))]
        if items:
            extras.append(_Idea(items, role, body))
        return ""

    flat = _PAREN.sub(take_parenthesis, text)
    steps = [s.strip(" .;") for s in _ARROW.split(flat)]
    ideas: list[_Idea] = []
    ordered = len([s for s in steps if s]) >= 2
    if ordered:
        for step in steps:
            if _content(_units(step)):
                ideas.append(_Idea(_or_split(step), "main", step))
        return ideas + extras, True, abbreviations

    for sentence in _SENTENCE_END.split(flat):
        sentence = sentence.strip(" .;:-")
        if not sentence:
            continue
        line = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", sentence)  # list bullets
        pieces = _pieces(line)
        group: _Idea | None = None
        for piece in pieces:
            if piece.role == "drop":
                group = None
                continue
            if piece.role == "example" and group is not None:
                group.alternatives.extend(_or_split(piece.text))
                group.label_text += ", " + piece.label
                continue
            idea = _Idea(_or_split(piece.text), piece.role, piece.label)
            ideas.append(idea)
            group = idea if piece.role == "example" else None
    return ideas + extras, False, abbreviations


def _or_split(text: str) -> list[str]:
    """'by changing X or by directing Y' -> both, as alternatives of one idea.

    Only parallel wordings split: each alternative opens like the first (the
    same word, or two -ing words). "a dataset stored in Delta or Parquet to
    generate predictions" is one idea with a choice of two words inside it.
    """
    parts = [p.strip() for p in re.split(r"\s+or\s+", text) if p.strip()]
    # "the data or model does not fit" is one idea: split only whole phrases.
    if len(parts) < 2 or any(_count(p) < 2 for p in parts):
        return [text]
    first = parts[0].split(" ", 1)[0].lower()
    for part in parts[1:]:
        word = part.split(" ", 1)[0].lower()
        if word != first and not (word.endswith("ing") and first.endswith("ing")):
            return [text]
    return parts


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w).lower()


def _abbreviation(before: str, inner: str) -> str | None:
    """'Unity Catalog' for before='... Unity Catalog', inner='UC'."""
    if not _ABBREVIATION.match(inner) or sum(ch.isupper() for ch in inner) < 2:
        return None
    letters = inner[:-1] if inner.endswith("s") and inner[:-1].isupper() else inner
    letters = "".join(ch for ch in letters if ch.isalpha()).lower()
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", before.replace("-", " "))
    for size in range(1, min(len(letters), 8) + 1):
        candidate = words[-size:]
        if len(candidate) < size:
            break
        significant = [w for w in candidate if w.lower() not in {"of", "and", "for", "the", "to"}]
        if _initials(significant) == letters or _initials(candidate) == letters:
            if len(candidate) < 2 and len(letters) > 1:
                return None
            return " ".join(candidate)
    return None


def _reverse_abbreviation(before: str, inner: str) -> tuple[str, str] | None:
    """'UC (Unity Catalog)' -> ("uc", "unity catalog")."""
    match = re.search(r"\b([A-Z][A-Za-z0-9]{1,9})\s*$", before)
    if not match or sum(ch.isupper() for ch in match.group(1)) < 2:
        return None
    short = match.group(1)
    expansion = _abbreviation(inner, short)
    if expansion and expansion == " ".join(inner.replace("-", " ").split()):
        return short.lower(), inner.strip().lower()
    return None


# --------------------------------------------------------------------------
# Phrases


def _phrase(
    units: list[_Unit], question_stems: frozenset[str] = frozenset(), gap: str = " "
) -> str:
    return gap.join(u.phrase(question_stems) for u in units)


def _label(text: str, taken: set[str]) -> str:
    words = text.strip(" ,.;:").split()
    while words and words[0].lower() in _LABEL_SKIP and len(words) > 1:
        words.pop(0)
    label = " ".join(words[:MAX_LABEL_WORDS])
    if len(words) > MAX_LABEL_WORDS:
        label += " …"
    label = label or text.strip() or "point"
    base, n = label, 2
    while label in taken:
        label = f"{base} ({n})"
        n += 1
    taken.add(label)
    return label


_LABEL_SKIP = frozenset("a an the to it its they this these there".split())


@dataclass
class _DeckWords:
    """How often each stem appears across the deck's answers (cards, not words)."""

    doc_freq: dict[str, int]
    cards: int

    def common(self, unit: _Unit) -> bool:
        """A word many answers use, as `mlquiz deck check` counts it: in three
        answers or more, and in a quarter of them."""
        return any(self._common(s) for s in unit.stems)

    def _common(self, stem: str) -> bool:
        n = self.doc_freq.get(stem, 0)
        return n >= 3 and n * 4 >= self.cards

    def rare(self, unit: _Unit) -> bool:
        """Used by one answer only, or by one in twenty."""
        return all(
            (n := self.doc_freq.get(s, 0)) <= 1 or n * RARE_SHARE <= self.cards for s in unit.stems
        )

    def frequency(self, unit: _Unit) -> int:
        return max((self.doc_freq.get(s, 0) for s in unit.stems), default=0)


def _specific(unit: _Unit, deck: _DeckWords) -> bool:
    """A rare, specific term ("Hyperopt", "broadcast", "parquet") that can say
    an idea on its own: rare across the deck's answers, and long or written as
    a name (an acronym, inner capitals, digits), and never an everyday word."""
    if unit.generic or unit.negator or unit.negative or not deck.rare(unit):
        return False
    if any(p in EVERYDAY or _stem(p) in _EVERYDAY_STEMS for p in unit.parts):
        return False
    text = unit.text
    letters = "".join(ch for ch in text if ch.isalpha())
    named = (
        (len(letters) >= 2 and letters.isupper())
        or any(ch.isupper() for ch in text[1:])
        or any(ch.isdigit() for ch in text)
    )
    return len(text) >= SPECIFIC_LENGTH or (named and len(text) >= 3)


def _point_phrases(
    idea: _Idea,
    question_stems: frozenset[str],
    deck: _DeckWords,
    others: frozenset[str],
    ordered: bool,
    weak: list[_Unit] | None = None,
) -> list[str]:
    """The wordings of one idea, most complete first.

    - the content words of the clause in order, with `...` gaps between them;
    - a few pairs of neighbouring content words, the rarest first;
    - one word alone only when that word is the idea: the clause's only word
      of its own, or a rare, specific term of a short clause.

    The idea's other words of its own go into `weak`: the card's vague wordings.
    """
    phrases: list[str] = []
    seen: set[tuple[frozenset[str], ...]] = set()

    def add(units: list[_Unit], gap: str = " ") -> None:
        if not units:
            return
        key = tuple(u.stems for u in units)
        if key in seen:
            return
        if all(u.stems <= question_stems for u in units):
            return  # only the question's words: the grader would never count it
        if len(units) == 2 and units[0].text == "no" and deck.common(units[1]):
            return
        seen.add(key)
        phrases.append(_phrase(units, question_stems, gap))

    def own_word(unit: _Unit) -> bool:
        return not unit.stems <= question_stems

    singles: list[_Unit] = []  # one word that is the whole idea
    for text in idea.alternatives:
        content = _content(_units(text))
        if not content:
            continue
        negated = [i for i, u in enumerate(content) if u.negator]
        if negated:
            # A negation is part of the idea ("does not fit"): every phrase keeps
            # it, or an answer saying the same would read as contradicting it.
            n = negated[0]
            add(content, _FAR)
            add(content[n : n + 2])
            add(content[n : n + 3])
            continue
        core = [u for u in content if not u.generic]
        if not core or (len(core) == 1 and deck.common(core[0])):
            # "related runs": alone, "runs" would match answers about anything.
            core = content
        own = [u for u in core if own_word(u)]
        add(core, _FAR if len(core) > 2 else " ")
        if len(content) <= SHORT_PIECE + 1:
            add(content)  # the short clause as written: "provides versioning"
        if len(core) == 2:
            add([core[1], core[0]])  # "model training" is also "training models"
        for i, unit in enumerate(core):
            if not unit.negative:
                continue
            # "overhead is unnecessary" is also "no overhead", and "reduces
            # duplication" is "no duplication": without this phrase the grader
            # would read "no overhead" as a contradiction.
            for other in core[max(i - 1, 0) : i] + core[i + 1 : i + 2]:
                if own_word(other) and not other.negative and not deck.common(other):
                    add([_Unit("no"), other])
        pairs: list[tuple[tuple[int, int], list[_Unit]]] = []
        if len(core) > 2:
            for i, first in enumerate(core):
                for j in range(i + 1, min(i + 3, len(core))):
                    second = core[j]
                    if not (own_word(first) or own_word(second)):
                        continue
                    if deck.common(first) and deck.common(second):
                        continue  # two everyday words of the deck say nothing together
                    rank = (j - i, deck.frequency(first) + deck.frequency(second))
                    pairs.append((rank, [first, second]))
        before = len(singles)
        if ordered:
            # A step of a sequence is short; its own words name it.
            singles.extend(own)
        elif len(own) == 1 and (len(content) == 1 or not deck.common(own[0])):
            singles.append(own[0])  # the clause's one word of its own is the idea
        elif len(own) <= SHORT_PIECE:
            singles.extend(u for u in own if _specific(u, deck) and not (u.stems & others))
        chosen = singles[before:]
        for unit in chosen:
            if len(unit.text) >= 3 or unit.text.isupper():
                add([unit])
        if weak is not None:
            weak.extend(u for u in own if u not in chosen and not u.negative)
        pairs.sort(key=lambda item: item[0])
        for _, pair in pairs[:MAX_PAIRS]:
            add(pair)
    return phrases[:MAX_PHRASES]


_FAR = " ... "


def _card_points(
    question: str, answer: str, deck: _DeckWords
) -> tuple[DerivedCard, list[tuple[str, str]]]:
    ideas, ordered, abbreviations = _ideas(answer)
    question_stems = frozenset(
        s for u in _content(_units(question)) if not u.negator for s in u.stems
    )
    # Stems per idea, to keep a word two points share from counting alone.
    idea_stems = [
        frozenset(
            s
            for text in idea.alternatives
            for u in _content(_units(text))
            if not u.generic
            for s in u.stems
        )
        for idea in ideas
    ]
    points: list[KeyPoint] = []
    taken: set[str] = set()
    weak: list[_Unit] = []
    for index, idea in enumerate(ideas):
        others = frozenset().union(*(s for j, s in enumerate(idea_stems) if j != index))
        phrases = _point_phrases(idea, question_stems, deck, others, ordered, weak)
        if not phrases:
            continue
        required = idea.role not in _OPTIONAL_ROLES
        points.append(KeyPoint(_label(idea.label_text, taken), tuple(phrases), required))
    if points and not any(p.required for p in points):
        # Only examples or details: the answer is what they are.
        points = [KeyPoint(p.label, p.phrases, True) for p in points]
    if not points:
        points = [_fallback_point(answer, question_stems)]
    ordered = ordered and sum(p.required for p in points) >= 2
    return DerivedCard(tuple(points), ordered, _vague(weak, question_stems, deck)), abbreviations


def _vague(weak: list[_Unit], question_stems: frozenset[str], deck: _DeckWords) -> tuple[str, ...]:
    """The words of the answer that point the right way without saying a
    point: rarer ones first, none the deck uses everywhere, none too short."""
    seen: set[frozenset[str]] = set()
    words: list[_Unit] = []
    for unit in weak:
        if unit.stems in seen or unit.generic or deck.common(unit) or len(unit.text) < 4:
            continue
        if any(p in EVERYDAY or _stem(p) in _EVERYDAY_STEMS for p in unit.parts):
            continue
        seen.add(unit.stems)
        words.append(unit)
    words.sort(key=deck.frequency)
    return tuple(u.phrase(question_stems) for u in words[:MAX_VAGUE])


def _fallback_point(answer: str, question_stems: frozenset[str]) -> KeyPoint:
    """An answer with nothing to cut (e.g. "Yes."): the answer's own words."""
    units = [u for u in _units(answer)]
    words = [u for u in units if not (u.stems <= question_stems)] or units
    text = _phrase(words, question_stems) if words else answer.strip()
    return KeyPoint(_label(answer, set()), (text or "answer",), True)


def derive_deck_points(cards: list[tuple[str, str]]) -> DerivedDeck:
    """Key points for every (question, answer), and the deck's glossary."""
    doc_freq: dict[str, int] = {}
    for _, answer in cards:
        for stem in {s for u in _content(_units(answer)) for s in u.stems}:
            doc_freq[stem] = doc_freq.get(stem, 0) + 1
    deck = _DeckWords(doc_freq, len(cards))
    derived: list[DerivedCard] = []
    glossary: dict[str, str] = {}
    for question, answer in cards:
        card, abbreviations = _card_points(question, answer, deck)
        derived.append(card)
        for short, meaning in abbreviations:
            glossary.setdefault(short, meaning)
    _add_shorthand(glossary, cards)
    return DerivedDeck(_lint_clean(derived, cards, glossary), glossary)


def _lint_clean(
    derived: list[DerivedCard], cards: list[tuple[str, str]], glossary: dict[str, str]
) -> list[DerivedCard]:
    """Leave out the phrases `mlquiz deck check` would warn about.

    The grader reads an answer through the glossary and its own stemmer, so
    a phrase is checked the way lint_deck checks it: one word that many
    answers use, or nothing but the question's words. A point keeps its last
    phrase whatever it is: a list item ("Production") is its own word.
    Steps of an ordered card keep their words too.
    """
    deck = Deck(
        id="derived",
        title="",
        description="",
        cards=tuple(
            Card(id=str(i), question=q, answer=a, points=d.points or (KeyPoint("x", ("x",)),))
            for i, ((q, a), d) in enumerate(zip(cards, derived, strict=True))
        ),
        glossary=glossary,
    )
    warnings: dict[tuple[str, str], list[str]] = {}
    for warning in lint_deck(deck):
        warnings.setdefault((warning.card_id, warning.label), []).append(warning.message)
    out: list[DerivedCard] = []
    for i, card in enumerate(derived):
        points = []
        for point in card.points:
            said = warnings.get((str(i), point.label), [])
            if card.ordered:
                # A step's one word is the step ("train -> log -> register"),
                # and the order it must come in is evidence enough.
                said = [m for m in said if "question's own words" in m]
            kept = tuple(
                p for p in point.phrases if not any(m.startswith(f"phrase {p!r} ") for m in said)
            )
            points.append(KeyPoint(point.label, kept or point.phrases, point.required))
        out.append(DerivedCard(tuple(points), card.ordered, card.vague))
    return out


def _add_shorthand(glossary: dict[str, str], cards: list[tuple[str, str]]) -> None:
    words: set[str] = set()
    for question, answer in cards:
        folded = [_fold(w) for w in re.findall(r"[^\W_]+", f"{question} {answer}")]
        words.update(folded)
        words.update(f"{a} {b}" for a, b in zip(folded, folded[1:], strict=False))
    # Abbreviations written in the deck itself ("ML", "UC") must not be
    # re-expanded into something else, nor may a real word of the deck.
    stems = {" ".join(_stem(p) for p in w.split()) for w in words}
    for short, meaning in SHORTHAND.items():
        if short in glossary or short in words:
            continue
        wanted = " ".join(_stem(p) for p in meaning.split())
        if wanted in stems or _stem(meaning.replace(" ", "")) in stems:
            glossary[short] = meaning
