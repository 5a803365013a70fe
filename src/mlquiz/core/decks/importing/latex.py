"""Anki's LaTeX and MathJax as text a terminal can show.

Anki renders `[$]...[/$]`, `[$$]...[/$$]` and `[latex]...[/latex]` as images
and `\\(...\\)`, `\\[...\\]` (and `$$...$$`) with MathJax; a terminal shows the
source, `[$$]\\text{Precision} = \\frac{\\text{TP}}{\\text{TP} + \\text{FP}}[/$$]`.
`render_latex` writes each formula as plain text instead, `Precision =
(TP)/(TP + FP)`: text commands give their text, `\\frac{a}{b}` is `a/b`
(parenthesised when a side has more than one term), Greek letters and common
operators their Unicode characters, `x_{i}` is `x_i` and `e^{-x}` `e^(-x)`.
Nothing is dropped: an unknown command keeps its name (`\\sigmoid` is
`sigmoid`), and only markup without content (`\\left`, `\\displaystyle`,
spacing) goes. A lone `$...$` is not read as a formula: in a published answer
it is more often a price than maths.
"""

from __future__ import annotations

import re
import unicodedata

from mlquiz.core.markup import Enclosure, sub_enclosed

_ANKI_FORMULA = r"\[\$\$\](.*?)\[/\$\$\]|\[\$\](.*?)\[/\$\]|\[latex\](.*?)\[/latex\]|\$\$(.+?)\$\$"
_FORMULA = re.compile(_ANKI_FORMULA + r"|\\\[(.+?)\\\]|\\\((.+?)\\\)", re.DOTALL | re.IGNORECASE)
# In Markdown, "\[1\]" is an escaped bracket, not MathJax.
_FORMULA_NO_MATHJAX = re.compile(_ANKI_FORMULA, re.DOTALL | re.IGNORECASE)
_CODE = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`)", re.DOTALL)
# The formulas that run to a closing marker (`sub_enclosed` reads them in
# linear time), and where any formula starts.
_ANKI_ENCLOSURES = (
    Enclosure("[", r"\[\$\$\]", r"\[/\$\$\]"),
    Enclosure("[", r"\[\$\]", r"\[/\$\]"),
    Enclosure("[", r"\[latex\]", r"\[/latex\]"),
    Enclosure("$", r"\$\$", r"\$\$", 1),
)
ENCLOSURES = (
    *_ANKI_ENCLOSURES,
    Enclosure("\\", r"\\\[", r"\\\]", 1),
    Enclosure("\\", r"\\\(", r"\\\)", 1),
)
FORMULA_START = re.compile(r"[\[$\\]")
_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|[{}_^]|[^\\{}_^]+", re.DOTALL)

# Commands whose argument is text shown as it is.
_TEXT_COMMANDS = frozenset(
    "text textrm textbf textit textsf texttt textnormal mathrm mathbf mathit mathsf mathtt "
    "mathbb mathcal mathfrak mathscr boldsymbol bm operatorname mbox hbox substack "
    "underline overline".split()
)
# Markup without content of its own: sizes, styles, spacing.
_NO_CONTENT = frozenset(
    "left right big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr middle displaystyle "
    "textstyle scriptstyle limits nolimits nonumber notag label".split()
)
_SPACE = frozenset("quad qquad , ; : > space enspace thinspace medspace thickspace".split())
_FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
# Accents over one letter: the letter with the combining mark.
_ACCENTS = {
    "hat": "\u0302",
    "widehat": "\u0302",
    "bar": "\u0304",
    "tilde": "\u0303",
    "widetilde": "\u0303",
    "vec": "\u20d7",
    "dot": "\u0307",
    "ddot": "\u0308",
}
# Operators and relations with a character of their own (LaTeX's names).
_SYMBOLS = {
    "cdot": "·",
    "times": "×",
    "div": "÷",
    "pm": "±",
    "mp": "∓",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "neq": "≠",
    "ne": "≠",
    "approx": "≈",
    "sim": "~",
    "simeq": "≃",
    "equiv": "≡",
    "propto": "∝",
    "infty": "∞",
    "sum": "Σ",
    "prod": "Π",
    "int": "∫",
    "partial": "∂",
    "nabla": "∇",
    "in": "∈",
    "notin": "∉",
    "subset": "⊂",
    "subseteq": "⊆",
    "cup": "∪",
    "cap": "∩",
    "forall": "∀",
    "exists": "∃",
    "gets": "←",
    "leftarrow": "←",
    "to": "→",
    "rightarrow": "→",
    "Rightarrow": "⇒",
    "implies": "⇒",
    "iff": "⇔",
    "mapsto": "↦",
    "ldots": "…",
    "cdots": "⋯",
    "dots": "…",
    "vdots": "⋮",
    "lvert": "|",
    "rvert": "|",
    "vert": "|",
    "mid": "|",
    "lVert": "‖",
    "rVert": "‖",
    "Vert": "‖",
    "langle": "⟨",
    "rangle": "⟩",
    "lfloor": "⌊",
    "rfloor": "⌋",
    "lceil": "⌈",
    "rceil": "⌉",
    "circ": "∘",
    "odot": "⊙",
    "otimes": "⊗",
    "oplus": "⊕",
    "top": "ᵀ",
    "prime": "′",
    "neg": "¬",
    "land": "∧",
    "lor": "∨",
    "emptyset": "∅",
}
_OPERATOR = re.compile(r"[\s+\-*/=<>≤≥≠≈±·×÷,]")


def render_latex(text: str, *, mathjax: bool = True) -> str:
    """`text` with each Anki or MathJax formula written as plain text; code
    (a `span` or a fenced block) is left as written: `\\(\\d+\\)` there is a regex.
    Without `mathjax` (Markdown), `\\(...\\)` and `\\[...\\]` are escaped brackets."""
    if "[" not in text and "\\" not in text and "$$" not in text:
        return text
    formula = _FORMULA if mathjax else _FORMULA_NO_MATHJAX
    enclosures = ENCLOSURES if mathjax else _ANKI_ENCLOSURES
    pieces = _CODE.split(text)
    # Odd pieces are the code the split kept.
    return "".join(
        p if k % 2 else sub_enclosed(p, formula, _render_match, enclosures, FORMULA_START)
        for k, p in enumerate(pieces)
    )


def _render_match(match: re.Match[str]) -> str:
    body = next(g for g in match.groups() if g is not None)
    rendered = " ".join(_render(body).split())
    return rendered or match.group(0)  # a formula of markup only stays as written


def _render(source: str) -> str:
    tokens = _TOKEN.findall(source)
    out, _ = _sequence(tokens, 0, closing=False)
    return out


def _sequence(tokens: list[str], i: int, *, closing: bool) -> tuple[str, int]:
    """Render tokens from `i` up to the `}` that closes the group (when `closing`)."""
    parts: list[str] = []
    while i < len(tokens):
        token = tokens[i]
        if token == "}":
            if closing:
                return "".join(parts), i + 1
            parts.append("}")  # unbalanced: kept as written
            i += 1
            continue
        if token == "{":
            inner, i = _sequence(tokens, i + 1, closing=True)
            parts.append(inner)
            continue
        if token in ("_", "^"):
            arg, i = _argument(tokens, i + 1)
            parts.append(
                token + (arg if len(arg) <= 1 or not _OPERATOR.search(arg) else f"({arg})")
            )
            continue
        if token.startswith("\\"):
            text, i = _command(token, tokens, i + 1)
            parts.append(text)
            continue
        parts.append(token.replace("~", " ").replace("&", " "))
        i += 1
    return "".join(parts), i


def _argument(tokens: list[str], i: int) -> tuple[str, int]:
    """One argument: a `{group}`, a command, or a single character."""
    while i < len(tokens) and tokens[i][:1].isspace():
        tokens[i] = tokens[i].lstrip()
        if tokens[i]:
            break
        i += 1
    if i >= len(tokens):
        return "", i
    token = tokens[i]
    if token == "{":
        return _sequence(tokens, i + 1, closing=True)
    if token.startswith("\\"):
        return _command(token, tokens, i + 1)
    if token in ("}", "_", "^"):
        return "", i
    # Plain text: the argument is its first character, the rest stays for later.
    if len(token) > 1:
        tokens[i] = token[1:]
        return token[0], i
    return token, i + 1


def _command(token: str, tokens: list[str], i: int) -> tuple[str, int]:
    """A command's text, and the index after its arguments."""
    name = token[1:].rstrip("*")
    if len(name) == 1 and not name.isalpha():
        if name == "\\":
            return "\n", i
        if name in ",;:> ":
            return " ", i
        if name == "!":
            return "", i
        if name == "|":
            return "‖", i
        return name, i  # \{ \} \% \$ \& \# \_
    if name in _FRACTIONS:
        top, i = _argument(tokens, i)
        bottom, i = _argument(tokens, i)
        follows = tokens[i][:1] if i < len(tokens) else ""
        space = " " if follows.isalnum() or follows == "\\" else ""
        return f"{_grouped(top)}/{_grouped(bottom)}{space}", i
    if name == "sqrt":
        degree = ""
        if i < len(tokens) and tokens[i].startswith("["):
            close = tokens[i].find("]")
            if close > 0:
                degree = tokens[i][1:close]
                rest = tokens[i][close + 1 :]
                if rest:
                    tokens[i] = rest
                else:
                    i += 1
        radicand, i = _argument(tokens, i)
        root = {"": "√", "3": "∛", "4": "∜"}.get(degree, f"{degree}√")
        return f"{root}({radicand.strip()})", i
    if name in _ACCENTS:
        base, i = _argument(tokens, i)
        base = base.strip()
        if len(base) == 1:  # one character where there is one (ŷ), else with the mark
            return unicodedata.normalize("NFC", base + _ACCENTS[name]), i
        return f"{name}({base})", i
    if name in ("begin", "end"):
        _, i = _argument(tokens, i)  # the environment's name: markup
        return " ", i
    if name in _TEXT_COMMANDS:
        return _argument(tokens, i)
    if name in _NO_CONTENT:
        return "", i
    if name in _SPACE:
        return " ", i
    if name in _SYMBOLS:
        return _SYMBOLS[name], i
    greek = _greek(name)
    if greek:
        return greek, i
    # A function (\log, \max) or a command unknown here: its name, as a word
    # (apart from a letter or digit that follows: `\log x` is "log x").
    follows = tokens[i][:1] if i < len(tokens) else ""
    return (name + " " if follows.isalnum() else name), i


def _grouped(side: str) -> str:
    """A fraction's side, parenthesised when it has more than one term."""
    side = side.strip()
    if not _OPERATOR.search(side) or _parenthesised(side):
        return side
    return f"({side})"


def _parenthesised(side: str) -> bool:
    """Is `side` one "(...)" already (not "(a) + (b)")?"""
    if not (side.startswith("(") and side.endswith(")")):
        return False
    depth = 0
    for k, ch in enumerate(side):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and k < len(side) - 1:
            return False
    return True


def _greek(name: str) -> str:
    """`alpha` -> α, `Gamma` -> Γ, `varepsilon` -> ε; "" for any other name."""
    letter = name[3:] if name.startswith("var") else name
    letter = "lamda" if letter.lower() == "lambda" else letter
    case = "CAPITAL" if letter[:1].isupper() else "SMALL"
    try:
        return unicodedata.lookup(f"GREEK {case} LETTER {letter.upper()}")
    except KeyError:
        return ""
