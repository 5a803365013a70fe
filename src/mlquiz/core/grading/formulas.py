"""Formulas in answers and references, compared by their shape (`derived`).

A glossary deck defines precision as "(True Positives)/(True Positives +
False Positives)" and a learner types "TP / (TP + FP)": the same formula in
the deck's own abbreviations ("true positive (TP)" is a card's title), while
"TP / (TP + FN)" has all the same words and is recall. Words cannot tell the
two apart; the formula's shape can. So a formula (two or more of + * / ^
between named terms) is read into a small expression tree: each term as the
grader reads words (glossary applied, stems), sums and products in any order,
parentheses only where they group. Two formulas are the same when their
trees are; the right-hand side of an "=" is the formula ("Precision = ...").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from mlquiz.core.grading.reader import Reader

# A stretch of text a formula may span: words, numbers and operators, no
# sentence punctuation (a formula ends at ":", ",", ";" or a sentence end).
_SPAN = re.compile(r"[A-Za-z0-9_'().+*/^= \t\-−×÷·α-ωΑ-Ω]+")
_OPERATORS = re.compile(r"[+*/^×÷·]")
# Tokens: operators and parentheses, or a term (words, digits).
_TOKEN = re.compile(
    r"\s*(?:([()+*/^=×÷·,−])|(\s-\s|-(?=\s*[(\d]))|([A-Za-z0-9_'.\-]+(?:\s+[A-Za-z][A-Za-z0-9_'\-]*)*))"
)

# A formula is short: a longer stretch without sentence punctuation is prose
# (and reading it as a formula would cost time on a huge answer).
MAX_SPAN = 400
# The first term of a formula has at most this many words ("the true positive rate").
LEAD_WORDS = 4

FORMULA_SAID = "Writes the reference's formula."
FORMULA_WRONG = "That formula differs from the reference's."

Read = Callable[[str], str]  # a term's words as the grader reads them ("tp" -> "true posit")


class Formula:
    """One formula: its canonical form and the terms it names."""

    __slots__ = ("shape", "terms")

    def __init__(self, shape: str, terms: frozenset[str]) -> None:
        self.shape = shape
        self.terms = terms


def formulas(text: str, read: Read) -> list[Formula]:
    """The formulas of `text` (see the module docstring). Prose may run into a
    formula ("recall is TP / (TP + FN) of ..."): each reading whose first term
    keeps only its last words is given, and a formula ends where it stops parsing."""
    found = []
    for match in _SPAN.finditer(text):
        span = match.group(0)
        if len(span) > MAX_SPAN or len(_OPERATORS.findall(span)) < (1 if "=" in span else 2):
            continue
        span = _GREEK.sub(_greek_name, span)
        sides = span.split("=")
        # "F_1 = 2·P·R/(P + R) = 2TP/(2TP + FP + FN)": each right-hand side is
        # the formula; after an "=" one operator is enough ("CV = σ/μ").
        least = 1 if len(sides) > 1 else 2
        for side in sides[1:] or sides:
            tokens = _tokens(side)
            if not tokens or not tokens[0].startswith("#"):
                if tokens:
                    found.extend(_readings(tokens, read, least))
                continue
            words = tokens[0][1:].split()
            for k in range(max(0, len(words) - LEAD_WORDS), len(words)):
                found.extend(_readings(["#" + " ".join(words[k:]), *tokens[1:]], read, least))
    return found


# Where a formula's name stands (`named_formulas`): right before its "=" or
# "is" ("precision = TP/(TP+FP)", "recall is TP/(TP+FN)"), as the label that
# opens a sentence or a list item ("- Precision: TP / (TP + FP)"), or after it with "for"
# ("TP/(TP+FN) for recall"). Anywhere else the word before a formula is prose
# ("the harmonic mean of precision and recall: 2PR/(P+R)" is not recall's).
_NAME_BEFORE = re.compile(r"^\s*(?:the\s+)?([A-Za-z][\w\-]*)\s*(?:=|\bis\b|\bequals\b)", re.I)
_NAME_LABEL = re.compile(r"(?:^|[.;!?\n]\s*)(?:[-*•]\s+)?([A-Za-z][\w\-]*)\s*:\s*$")
_NAME_AFTER = re.compile(r"\bfor\s+(?:the\s+)?([A-Za-z][\w\-]*)\s*$", re.I)
# Two formulas side by side in one stretch of words: "precision is TP/(TP+FP)
# and recall is TP/(TP+FN)" (the reader reads only the first of a stretch).
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_BESIDE = re.compile(r"\s(?:and|while|whereas|but)\s", re.I)


def named_formulas(text: str, read: Read) -> list[tuple[str, Formula]]:
    """The formulas of `text` that stand under a name, with the name as read
    ("precis" for "Precision: TP / (TP + FP)", "precision = TP/(TP+FP)",
    "precision is TP/(TP+FP)" and "TP/(TP+FP) for precision"). A name is a
    word of two letters or more that the reader keeps ("is", "for" or the
    "e" of "i.e." name nothing)."""
    found: list[tuple[str, Formula]] = []
    for match in _SPAN.finditer(text):
        if _RESPECTIVELY.search(match.group(0)):
            continue  # "A and B for precision and recall respectively": names in turn
        label = _NAME_LABEL.search(text[max(0, match.start() - 40) : match.start()])
        for part in _BESIDE.split(match.group(0)):
            said = formulas(part, read)
            if not said:
                continue
            name = _NAME_BEFORE.search(part) or _NAME_AFTER.search(part) or label
            label = None  # a sentence's label names its first formula only
            word = name.group(1) if name else ""
            word = read(word) if len(word) >= 2 else ""
            if word and " " not in word:
                found.extend((word, f) for f in said)
    return found


# Greek letters, as a learner types them ("σ/μ" is "sigma / mu").
_GREEK = re.compile(r"[α-ωΑ-Ω]")


# Capital sigma and pi are operators, not the letters σ and π a formula names.
_OPERATOR_LETTERS = {"Σ": "sum", "Π": "product"}


def _greek_name(match: re.Match[str]) -> str:
    letter = match.group(0)
    name = _OPERATOR_LETTERS.get(letter) or unicodedata.name(letter, "").rsplit(" ", 1)[-1]
    return " " + name.lower() + " "


def _tokens(text: str) -> list[str] | None:
    tokens: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            break
        op, minus, term = match.groups()
        if op:
            tokens.append({"×": "*", "·": "*", "÷": "/", "−": "-"}.get(op, op))
        elif minus:
            tokens.append("-")
        else:
            tokens.append("#" + term)
        pos = match.end()
    return tokens


def _readings(tokens: list[str], read: Read, least: int = 2) -> list[Formula]:
    terms: list[str] = []
    read_tokens = []
    for token in tokens:
        if token.startswith("#"):
            words = read(token[1:])
            if not words:
                return []
            terms.append(words)
            token = "#" + words
        read_tokens.append(token)
    parser = _Parser(read_tokens)
    tree = parser.sum()
    used = read_tokens[: parser.at]
    if tree is None or sum(t in ("+", "*", "/", "^") for t in used) < least:
        return []
    return [Formula(tree, frozenset(t[1:] for t in used if t.startswith("#")))]


class _Parser:
    """sum := product (("+"|"-") product)*; product := power (("*"|"/") power)*;
    power := atom ("^" power)?; atom := term ["(" sum ")"] | "(" sum ")" | "-" atom."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0
        self.products: dict[str, tuple[list[str], list[str]]] = {}

    def _peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def sum(self) -> str | None:
        first = self.product()
        if first is None:
            return None
        parts = [first]
        while self._peek() in ("+", "-"):
            sign = self.tokens[self.at]
            self.at += 1
            nxt = self.product()
            if nxt is None:
                return None
            parts.append(nxt if sign == "+" else f"neg({nxt})")
        return parts[0] if len(parts) == 1 else "sum(" + ",".join(sorted(parts)) + ")"

    def product(self) -> str | None:
        first = self.power()
        if first is None:
            return None
        top: list[str] = []
        bottom: list[str] = []
        self._factor(first, top, bottom)
        while self._peek() in ("*", "/"):
            op = self.tokens[self.at]
            self.at += 1
            nxt = self.power()
            if nxt is None:
                return None
            self._factor(nxt, top, bottom) if op == "*" else self._factor(nxt, bottom, top)
        if len(top) == 1 and not bottom:
            return top[0]
        shape = f"prod({','.join(sorted(top))}/{','.join(sorted(bottom))})"
        self.products[shape] = (top, bottom)
        return shape

    def _factor(self, factor: str, top: list[str], bottom: list[str]) -> None:
        """A parenthesised product's factors join this one's: "2·(P·R)/(P+R)"
        is "2·P·R/(P+R)"."""
        inner = self.products.get(factor)
        if inner is None:
            top.append(factor)
        else:
            top.extend(inner[0])
            bottom.extend(inner[1])

    def power(self) -> str | None:
        base = self.atom()
        if base is None or self._peek() != "^":
            return base
        self.at += 1
        exponent = self.power()
        return None if exponent is None else f"pow({base},{exponent})"

    def atom(self) -> str | None:
        token = self._peek()
        if token is None:
            return None
        self.at += 1
        if token == "-":
            inner = self.atom()
            return None if inner is None else f"neg({inner})"
        if token == "(":
            inner = self.sum()
            if inner is None or self._peek() != ")":
                return None
            self.at += 1
            return inner
        if token.startswith("#"):
            if self._peek() == "(":  # a function: "exp(x)", "max(0, x)"
                self.at += 1
                args = [self.sum()]
                while self._peek() == ",":
                    self.at += 1
                    args.append(self.sum())
                if any(a is None for a in args) or self._peek() != ")":
                    return None
                self.at += 1
                return f"{token[1:]}({','.join(a for a in args if a)})"
            return token[1:]
        return None


class FormulaIndex:
    """The formulas of a deck's derived references, read once, and the terms
    they use (`check`)."""

    def __init__(self, reader: Reader, answers: dict[str, str]) -> None:
        self.reader = reader
        self.answers = answers  # card id -> reference answer, clean text
        self._by_card: dict[str, list[Formula]] = {}
        self._names_by_card: dict[str, dict[str, set[str]]] = {}
        self._terms: frozenset[str] | None = None

    def read(self, term: str) -> str:
        return " ".join(t.stem for t in self.reader.tokens(term) if not t.stop)

    def reference(self, card_id: str) -> list[Formula]:
        known = self._by_card.get(card_id)
        if known is None:
            text = self.answers.get(card_id, "")
            known = self._by_card[card_id] = (
                formulas(text, self.read) if "/" in text or "*" in text or "+" in text else []
            )
        return known

    def _misnamed(self, card_id: str, answer: str) -> bool:
        """Does the answer write one of the reference's formulas under the name
        the reference gives another ("precision = TP / (TP + FN)", recall's)?"""
        named = self._names_by_card.get(card_id)
        if named is None:  # the reference's named formulas, read once per card
            named = self._names_by_card[card_id] = {}
            for name, f in named_formulas(self.answers.get(card_id, ""), self.read):
                named.setdefault(name, set()).add(f.shape)
        if len(named) < 2:
            return False
        return any(
            name in named
            and f.shape not in named[name]
            and any(f.shape in shapes for other, shapes in named.items() if other != name)
            for name, f in named_formulas(answer, self.read)
        )

    def terms(self) -> frozenset[str]:
        """Every term a reference's formula names, across the deck."""
        if self._terms is None:
            self._terms = frozenset(
                t for card_id in self.answers for f in self.reference(card_id) for t in f.terms
            )
        return self._terms

    def check(self, card_id: str, answer: str) -> bool | None:
        """True when the answer writes the reference's formula; False when it
        writes another one in the deck's terms ("TP / (TP + FN)" for
        precision); None when either has no formula, or the answer's is in
        words the deck's formulas never use (it may be right in other words)."""
        reference = self.reference(card_id)
        if not reference or not _OPERATORS.search(answer):
            return None
        said = formulas(answer, self.read)
        if not said:
            return None
        shapes = {f.shape for f in reference}
        if any(f.shape in shapes for f in said):
            if self._misnamed(card_id, answer):
                return False  # the reference's formula under another's name
            return True
        deck_terms = self.terms()
        if any(len(f.terms) >= 2 and f.terms <= deck_terms for f in said):
            return False
        # "sigma / sqrt(n)" for "σ/μ": a formula on the reference's own terms,
        # in another shape, is another formula.
        own_terms = frozenset(t for f in reference for t in f.terms)
        if any(f.terms & own_terms for f in said):
            return False
        return None


# An order of growth: "O(n)", "Θ(n log n)", "Ω(1)" (the big-O family only: a
# one-letter function such as "f(x)" may rightly be written with another
# variable).
_GROWTH = re.compile(r"(?<![\w])([OΘΩ])\s*\(((?:[^()]|\([^()]{0,10}\)){1,30})\)")
_GROWTH_SAME = (
    ("²", "^2"),
    ("³", "^3"),
    ("**", "^"),
    ("*", ""),
    ("·", ""),
    ("×", "x"),
    ("log_2", "log"),
    ("log2", "log"),
    ("lg", "log"),
)
# The orders of growth in one variable, once written alike (`_growth_class`):
# the rule judges these only. "O(V + E)", "O(|V|+|E|)" or "O(n + m)" name
# several variables that an answer may rightly write in another order or
# with other letters.
_ONE_VARIABLE = re.compile(
    r"(?P<one>1)|log(?P<log>[a-z])|(?P<lin>[a-z])|(?P<nl>[a-z])log(?P=nl)"
    r"|(?P<pow>[a-z])\^(?P<k>[23])|2\^(?P<exp>[a-z])|(?P<fact>[a-z])!"
)
# Words before an answer's order of growth that set it aside: "not O(n^2)",
# "unlike the O(n^2) nested loop", "instead of O(n^2)", "down from O(n^2)".
_SET_ASIDE = re.compile(
    # "n't" and "cannot" have no word boundary before them ("isn't", "doesn't").
    r"(?:\b(?:not|no|never|unlike|instead|rather|than|versus|vs|compared|from|avoid\w*)|n't|\bcannot)\b"
    r"[^.,;:!?]{0,30}$",
    re.IGNORECASE,
)

GROWTH_WRONG = "That order of growth is not the reference's."


def _growth_class(inside: str) -> tuple[str, str] | None:
    """("n", "n^2") for "n*n", "n x n", "n²" or "N^2"; ("", "1") for "1";
    None for an order of growth in several variables or none of the usual
    classes ("V + E", "n + m", "nk")."""
    inside = "".join(inside.lower().split())
    for written, same in _GROWTH_SAME:
        inside = inside.replace(written, same)
    inside = inside.replace("log(", "log").replace(")", "").replace("(", "")
    inside = re.sub(r"^([a-z])x\1x\1$", r"\1^3", inside)
    inside = re.sub(r"^([a-z])(?:x)?\1$", r"\1^2", inside)  # "n*n", "n x n"
    match = _ONE_VARIABLE.fullmatch(inside)
    if match is None:
        return None
    if match["one"]:
        return "", "1"
    variable = next(v for v in match.group("log", "lin", "nl", "pow", "exp", "fact") if v)
    return variable, inside


def _growths(text: str, *, answer: bool) -> list[tuple[str, str, str]]:
    """The one-variable orders of growth of `text`: (family, variable, class).
    An answer's order set aside ("not O(n^2) like the nested loop") is left out."""
    out = []
    for match in _GROWTH.finditer(text):
        if answer and _SET_ASIDE.search(text[max(0, match.start() - 40) : match.start()]):
            continue
        known = _growth_class(match.group(2))
        if known is not None:
            out.append((match.group(1), *known))
    return out


def wrong_growth(reference: str, answer: str) -> bool:
    """Does the answer give another order of growth in the reference's
    variable ("O(n^2)" or "O(log n)" for "O(n) time"), and not the
    reference's? The letters are the reference's, so words cannot tell them
    apart (issue 19). Only where the reference gives one order per family
    and variable: "O(n log n) average, O(n^2) worst" is right either way, and
    "O(V + E)" is not judged by this at all."""
    if "(" not in answer:
        return False
    said = _growths(answer, answer=True)
    if not said:
        return False
    given: dict[tuple[str, str], set[str]] = {}
    for family, variable, growth in _growths(reference, answer=False):
        given.setdefault((family, variable), set()).add(growth)
    for family, variable, growth in said:
        key = (family, variable)
        if key not in given:
            # O(1) against the reference's one order in n, or O(n) against its O(1).
            others = [k for k in given if k[0] == family]
            if len(others) != 1 or (variable and others[0][1]):
                continue  # nothing to compare with, or another variable
            key = others[0]
        if len(given[key]) != 1:
            continue  # "O(n log n) average, O(n^2) worst": either is the reference's
        right = next(iter(given[key]))
        if growth != right and (*key, right) not in said:
            return True
    return False
