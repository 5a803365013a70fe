"""Cloze cards: the {{c1::answer}} syntax, the cards a note makes, decks with them,
grading against the blank, and Anki cloze notes imported."""

from __future__ import annotations

import random
import re
import time

import pytest

from mlquiz.core.cards import deck_from_value, deck_to_value
from mlquiz.core.cloze import ClozeError, cloze_cards, parse_cloze
from mlquiz.core.decks.parse import parse_deck
from mlquiz.core.decks.toml_writer import deck_to_toml
from mlquiz.core.errors import DeckError
from mlquiz.core.grading.cloze import _TERM
from mlquiz.core.grading.grader import Grader

NOTE = (
    "The {{c1::Model Registry}} keeps {{c2::versions}} of each model, "
    "and {{c1::aliases::a named pointer}} point at one."
)


# -- the syntax -----------------------------------------------------------------------


def test_a_note_makes_one_card_per_blank_number():
    cards = cloze_cards("reg", NOTE, tags=("mlflow",))
    assert [card.id for card in cards] == ["reg.c1", "reg.c2"]
    first, second = cards
    assert (
        first.question
        == "The [...] keeps versions of each model, and [a named pointer] point at one."
    )
    assert second.question == (
        "The Model Registry keeps [...] of each model, and aliases point at one."
    )
    reference = "The Model Registry keeps versions of each model, and aliases point at one."
    assert first.answer == second.answer == reference
    assert [p.label for p in first.points] == ["Model Registry", "aliases"]
    assert [p.label for p in second.points] == ["versions"]
    assert first.tags == ("mlflow",) and first.cloze.number == 1 and first.cloze.text == NOTE


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("No blank here.", "at least one blank", 0),
        ("A {{c1::outer {{c2::inner}} text}} here.", "a blank inside a blank", 14),
        ("Never {{c1::closed", "never closed", 6),
        ("Empty {{c1::  }} answer", "has no answer", 6),
        ("Zero {{c0::x}}", "start at 1", 5),
    ],
)
def test_a_cloze_that_cannot_be_asked_says_why_and_where(text, message, position):
    with pytest.raises(ClozeError, match=message) as raised:
        parse_cloze(text)
    assert raised.value.position == position


def test_braces_that_are_not_blanks_are_text():
    (blank,) = parse_cloze("A dict {'a': 1} and {{c1::f(x)}} here}}")
    assert blank.answer == "f(x)"


# -- in a deck file ----------------------------------------------------------------------

DECK = """\
id = "cz"
title = "Cloze"
description = "Cloze cards"

[[cards]]
id = "plain"
question = "What is a run?"
answer = "One execution."

[[cards.points]]
label = "one execution"
phrases = ["one execution"]

[[cards]]
id = "reg"
tags = ["mlflow"]
cloze = \"\"\"
The {{c1::Model Registry}} keeps
{{c2::versions}} of each model.\"\"\"
"""


def test_a_deck_file_holds_cloze_notes_beside_ordinary_cards():
    deck = parse_deck(DECK, "cz.toml")
    assert [card.id for card in deck.cards] == ["plain", "reg.c1", "reg.c2"]
    assert deck.card("reg.c2").question.endswith("[...] of each model.")


def test_a_deck_with_cloze_cards_survives_the_toml_writer_and_the_cache_values():
    deck = parse_deck(DECK, "cz.toml")
    again = parse_deck(deck_to_toml(deck), "again.toml")
    assert again.cards == deck.cards
    assert deck_from_value(deck_to_value(deck)).cards == deck.cards


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ('cloze = "Nothing to ask."', 8, "cloze: a cloze needs at least one blank"),
        (
            'cloze = """\nfirst line\nsecond {{c1::a {{c2::b}} c}}"""',
            10,
            "cloze: a blank inside a blank",
        ),
        ('cloze = "{{c1::x}}"\nquestion = "Q?"', 9, "a cloze card takes no 'question'"),
        ('cloze = "{{c1::x}}"\nclozed = 1', 9, "unknown key 'clozed'"),
    ],
)
def test_a_broken_cloze_note_is_a_file_line_error(body, line, message):
    text = f'id = "cz"\ntitle = "T"\ndescription = "D"\n\n[[cards]]\nid = "n"\n\n{body}\n'
    with pytest.raises(DeckError) as raised:
        parse_deck(text, "broken.toml")
    problems = [str(p) for p in raised.value.problems]
    assert any(p.startswith(f"broken.toml:{line}:") and message in p for p in problems), problems


def test_a_blank_that_makes_an_id_already_used_is_an_error():
    text = DECK + '\n[[cards]]\nid = "reg.c1"\nquestion = "Q"\nanswer = "A"\n'
    text += '[[cards.points]]\nlabel = "a"\nphrases = ["a"]\n'
    with pytest.raises(DeckError, match='"reg.c1": duplicate card id'):
        parse_deck(text, "dup.toml")


# -- grading --------------------------------------------------------------------------------

GRADING_DECK = """\
id = "g"
title = "G"
description = "D"

[[cards]]
id = "api"
cloze = "Log a number with {{c1::mlflow.log_metric}} and a file with {{c2::log_artifact}}."

[[cards]]
id = "reg"
cloze = "Versions live in the {{c1::Model Registry}}; {{c2::ZORDER}} clusters files."

[[cards]]
id = "short"
cloze = "Training minimises the {{c1::loss}}."

[[cards]]
id = "two"
cloze = "A run logs {{c1::parameters}} and {{c1::metrics}}."

[[cards]]
id = "run"
question = "What is a run?"
answer = "One execution of training code."

[[cards.points]]
label = "one execution"
phrases = ["one|single execution"]
"""


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(parse_deck(GRADING_DECK, "g.toml"))


@pytest.mark.parametrize(
    ("card", "answer", "verdict", "score"),
    [
        ("reg.c1", "Model Registry", "correct", 1.0),
        ("reg.c1", "the model registry", "correct", 1.0),  # case, an article
        ("reg.c1", "Model Regsitry", "correct", 1.0),  # a swap: one edit, allowed
        ("reg.c1", "Modle Registry", "correct", 1.0),  # 5 letters: one edit allowed
        ("short.c1", "lsos", "incorrect", 0.0),  # under 5 letters: exact
        ("short.c1", "Loss", "correct", 1.0),
        ("reg.c1", "Registry", "incorrect", 0.0),
        ("reg.c1", "the MLflow Model Registry", "partial", 0.75),  # said, with more
        ("reg.c1", "not the Model Registry", "incorrect", 0.0),
        ("reg.c2", "zorder", "correct", 1.0),  # case aside
        ("reg.c2", "ZORDR", "incorrect", 0.0),  # capitals: a term, exact
        ("api.c1", "mlflow.log_metric", "correct", 1.0),
        ("api.c1", "mlflow.log_metrics", "incorrect", 0.0),  # code: exact
        ("api.c2", "log_artefact", "incorrect", 0.0),
        ("two.c1", "metrics and parameters", "correct", 1.0),  # any order
        ("two.c1", "parameters, metricks", "correct", 1.0),  # a typo in an ordinary word
        ("two.c1", "parameters", "partial", 0.5),
        ("two.c1", "", "incorrect", 0.0),
    ],
)
def test_a_cloze_answer_is_graded_against_its_blank(grader, card, answer, verdict, score):
    result = grader.grade(card, answer)
    assert (result.verdict, result.score) == (verdict, score)


def test_the_feedback_says_what_was_forgiven_and_what_must_be_exact(grader):
    typo = grader.grade("reg.c1", "Model Regsitry")
    assert any("taken as “Registry”" in reason for reason in typo.reasons)
    assert typo.points[0].span == (0, 14)
    exact = grader.grade("api.c1", "mlflow.log_metrics")
    assert any("must be typed exactly" in reason for reason in exact.reasons)


def test_cloze_cards_leave_the_other_cards_grading_as_before(grader):
    """Phrases are not compiled for cloze cards, so no basic card is judged to fit one."""
    assert grader.grade("run", "one execution of the training code").verdict == "correct"
    assert "reg.c1" not in grader.cards


def test_an_answer_of_underscores_is_graded_in_linear_time(grader):
    """A cloze answer of 10,000 "_" took 1.8 s to grade: a term led by
    underscores was tried at each one, each try reading to the run's end.
    Four times the underscores must cost less than eight times the CPU."""
    best = {}
    for size in (10_000, 40_000):
        answer = "_" * size + "!"
        best[size] = float("inf")
        for _ in range(3):
            started = time.process_time()
            result = grader.grade("reg.c1", answer)
            best[size] = min(best[size], time.process_time() - started)
        assert result.verdict == "incorrect"
    growth = best[40_000] / max(best[10_000], 1e-6)
    assert growth < 8, f"4x the underscores cost {growth:.1f}x the CPU"


def test_terms_are_read_as_the_regular_expression_read_them():
    """`_TERM` now tries a term led by underscores only where their run
    starts: on random texts it finds the same terms as before."""
    pattern = re.compile(r"[^\W_]+(?:[_./:\-'’][^\W_]+)*|_+[^\W_]+(?:_[^\W_]+)*")
    pieces = [*"_a1./:-'’ é!\n", "__", "ab"]
    rng = random.Random(13)
    led = 0
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in _TERM.finditer(text)] == expected, text
        led += any(text[start] == "_" for start, _ in expected)
    assert led > 1000  # the random texts did reach terms led by underscores
