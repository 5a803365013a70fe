"""Formula-only references on imported decks (issue 19): a card whose answer
is a formula ("CV = σ/μ" rendered from LaTeX, a symbol glossary under it) is
answered by a formula; a wrong formula that names the same quantity is wrong,
not "the heart of the reference" because it repeats the left-hand side."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader

F1_LATEX = (
    "$$F_1 = 2 \\cdot \\frac{\\text{Precision} \\cdot \\text{Recall}}"
    "{\\text{Precision} + \\text{Recall}}$$"
)
MOCHI = """---
card_id: a1
---
What is the **coefficient of variation** formula?
---
$$CV = \\frac{\\sigma}{\\mu}$$

- $CV$: coefficient of variation
- $\\sigma$: standard deviation
- $\\mu$: mean
---
card_id: a2
---
What is the **precision** formula?
---
$$\\text{Precision} = \\frac{TP}{TP + FP}$$

- $TP$: true positives
- $FP$: false positives
---
card_id: a3
---
What is the **F1 score** formula?
---
F1_LATEX
---
card_id: a4
---
What does an **encoder** do?
---
It maps the input to a short code.
""".replace("F1_LATEX", F1_LATEX)


def _grader(tmp_path: Path) -> tuple[Grader, list]:
    path = tmp_path / "deck.md"
    path.write_text(MOCHI, encoding="utf-8")
    deck = import_deck(path).deck
    return Grader(deck), list(deck.cards)


def test_a_wrong_formula_for_a_formula_card_is_incorrect(tmp_path: Path) -> None:
    grader, cards = _grader(tmp_path)
    cv, precision, f1 = cards[0], cards[1], cards[2]
    assert grader.grade(cv, "CV = sigma / sqrt(n)").verdict == "incorrect"
    assert grader.grade(precision, "TP / (TP + FN)").verdict == "incorrect"
    assert grader.grade(f1, "(precision + recall) / 2").verdict == "incorrect"


def test_the_right_formula_as_typed_is_correct(tmp_path: Path) -> None:
    grader, cards = _grader(tmp_path)
    cv, precision, f1 = cards[0], cards[1], cards[2]
    assert grader.grade(cv, "CV = sigma / mu").verdict == "correct"
    assert grader.grade(precision, "TP / (TP + FP)").verdict == "correct"
    assert grader.grade(f1, "2 * precision * recall / (precision + recall)").verdict == "correct"
    assert grader.grade(f1, "2 * (precision * recall) / (precision + recall)").verdict == "correct"
    for card in cards:
        assert grader.grade(card, card.answer).verdict == "correct"


def test_capital_sigma_is_a_sum_not_the_letter_sigma() -> None:
    """ "σ/μ" names sigma; "Σ" in "1/n Σ x_i" is a sum: a formula with a sum
    sign shares no term with the coefficient of variation's."""
    from mlquiz.core.grading.formulas import formulas

    def read(term: str) -> str:
        return term.lower()

    (cv,) = formulas("CV = σ/μ", read)
    (mean,) = formulas("x̄ = 1/n Σ x_i", read)
    assert "sigma" in cv.terms and "sigma" not in " ".join(mean.terms)
