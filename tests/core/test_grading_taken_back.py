# ruff: noqa: E501  (tables of typed answers read best one per line)
"""False accepts last round's review found on the built-in deck (issue 12),
each beside the answer that stays right:

- bare terms cut by semicolons are a list, as the same terms cut by commas
  are;
- a contrast closing a list ("instead of ...") is no item of it;
- a keyword argument switched off (`log_models=False`) says no point.
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


@pytest.mark.parametrize(
    "answer",
    [
        "None; Staging; Production; Frozen; Archived",
        "None; Staging; Production; Canary; Archived",
    ],
)
def test_a_stage_list_with_an_invented_stage_is_wrong_however_it_is_cut(
    grader: Grader, answer: str
) -> None:
    """Semicolons cut a list of bare terms as commas do: the one
    invented stage makes it wrong, and the feedback names it."""
    result = grader.grade("17", answer)
    assert result.verdict == "incorrect", result.reasons
    assert result.false_claim is not None
    assert result.false_claim in ("Frozen", "Canary")


@pytest.mark.parametrize(
    "answer",
    [
        "None; Staging; Production; Archived",
        "None, Staging, Production and Archived",
        "none, staging, production & archived",
    ],
)
def test_the_four_stages_cut_any_way_are_correct(grader: Grader, answer: str) -> None:
    assert grader.grade("17", answer).verdict == "correct"


def test_a_list_ending_on_a_remark_after_a_semicolon_is_no_wrong_item(grader: Grader) -> None:
    """Only single bare terms cut by semicolons are joined: "; from memory"
    after a list of several items is a remark, not a fifth stage."""
    result = grader.grade("17", "None, Staging, Production, Archived; from memory")
    assert result.verdict == "correct", result.reasons


def test_a_keyword_argument_switched_off_says_no_point(grader: Grader) -> None:
    """`log_models=False` turns model logging off: its words ("log", "models")
    earn no "parameters, metrics and models", where `log_models=True` does."""
    off = grader.grade("11", "mlflow.autolog(log_models=False)")
    on = grader.grade("11", "mlflow.autolog(log_models=True)")
    assert off.verdict != "correct"
    assert "parameters, metrics and models" not in off.found
    assert on.verdict == "correct"


@pytest.mark.parametrize(
    "contrast", ["instead of one request at a time", "vs one request at a time"]
)
def test_a_contrast_closing_a_list_is_no_wrong_item(grader: Grader, contrast: str) -> None:
    """What the thing is not ("instead of one request at a time") closes the
    list with a contrast: no item of it, so no wrong item (a false reject of
    the ninth writer's set)."""
    answer = (
        f"it's running a trained model over a whole big table at once, maybe nightly, {contrast}."
    )
    result = grader.grade("23", answer)
    assert result.verdict == "correct", result.reasons


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # "and" inside an item joins one thing: no item of its own (issue 12
        # review of g12: both were incorrect when "and" cut bare terms).
        (
            "16",
            "versioning, stage transitions, audit trails and compliance, single source of truth",
        ),
        ("30", "less duplication, consistency, maintenance and evolution"),
    ],
)
def test_and_inside_a_bare_term_is_no_cut(grader: Grader, card: str, answer: str) -> None:
    assert grader.grade(card, answer).verdict != "incorrect"


@pytest.mark.parametrize(
    "answer",
    [
        "None; Staging; Production; Archived; plus aliases",
        "None, Staging, Production, Archived, plus aliases",
    ],
)
def test_a_semicolon_list_with_a_remark_reads_as_the_comma_list(
    grader: Grader, answer: str
) -> None:
    """Semicolons join bare terms only when every piece is one: "plus aliases"
    is a remark added to the list, no invented stage (issue 12 review of g12:
    the semicolon version was incorrect where the comma version was correct)."""
    result = grader.grade("17", answer)
    assert result.verdict == "correct", result.reasons


def test_or_rather_names_a_wrong_item(grader: Grader) -> None:
    """ "or rather Deleted" replaces the last stage with an invented one: no
    contrast that says what the thing is not (issue 12 review of g12: correct)."""
    result = grader.grade("17", "None, Staging, Production, Archived, or rather Deleted")
    assert result.verdict == "incorrect", result.reasons


@pytest.mark.parametrize(
    "answer",
    [
        "new versions start at stage=None, then Staging, Production, Archived",
        "new versions start at current_stage = None, then Staging, Production, Archived",
    ],
)
def test_a_stage_set_to_none_is_no_switch_turned_off(grader: Grader, answer: str) -> None:
    """Only the card's own keyword forms (`log_models=`) are switched off by
    False/None: `stage=None` names the first stage (issue 12 review of g12:
    both were partial)."""
    result = grader.grade("17", answer)
    assert result.verdict == "correct", result.reasons


@pytest.mark.parametrize("value", ["false", "0"])
def test_other_spellings_of_off_switch_the_argument_off(grader: Grader, value: str) -> None:
    result = grader.grade("11", f"mlflow.autolog(log_models={value})")
    assert "parameters, metrics and models" not in result.found


def test_disable_false_switches_nothing_off(grader: Grader) -> None:
    """`disable=False` leaves autologging on: graded as before g12."""
    assert (
        grader.grade("11", "mlflow.autolog(disable=False)").verdict
        == grader.grade("11", "mlflow.autolog()").verdict
    )


@pytest.mark.parametrize(
    ("answer", "point"),
    [
        # Compliance is no latency or protocol need (g12's "native ... can't
        # ... reach" phrase read it as one).
        (
            "Because native serving can't reach HIPAA compliance.",
            "latency / protocol requirements beyond built-in",
        ),
        # Next to Databricks' own services is no integration with the
        # company's microservices (g12's bare "alongside ... services").
        (
            "We keep the model alongside the Databricks feature store services.",
            "integration with existing microservices",
        ),
    ],
)
def test_card_27_reasons_need_their_own_words(grader: Grader, answer: str, point: str) -> None:
    """Review of fix12: card 27's phrases added in g12 were too broad and
    earned a reason the answer does not give."""
    result = grader.grade("27", answer)
    assert point not in result.found
    assert result.verdict == "incorrect", result.reasons


@pytest.mark.parametrize(
    "answer",
    [
        # The value ends the sentence or is typed in capitals (review of fix12:
        # both were correct).
        "I'd call mlflow.autolog with log_models=False.",
        "mlflow.autolog(log_models=FALSE)",
        "mlflow.autolog(log_models=False, log_input_examples=True)",
        "mlflow.autolog(log_input_examples=True, log_models=false)",
    ],
)
def test_a_call_that_switches_the_models_off_earns_no_models_point(
    grader: Grader, answer: str
) -> None:
    """In the call that switches model logging off, another keyword argument
    of the same point (`log_input_examples=True`) does not earn it back."""
    result = grader.grade("11", answer)
    assert "parameters, metrics and models" not in result.found
    assert result.verdict != "correct", result.reasons


@pytest.mark.parametrize(
    "answer",
    [
        "mlflow.autolog(log_input_examples=True)",
        # Another call, not the one switched off, says the point.
        "mlflow.autolog(log_models=False); mlflow.sklearn.autolog(log_input_examples=True)",
        "mlflow.autolog(log_models=0.5)",
    ],
)
def test_the_models_point_said_outside_the_switched_off_call_counts(
    grader: Grader, answer: str
) -> None:
    result = grader.grade("11", answer)
    assert "parameters, metrics and models" in result.found
    assert result.verdict == "correct", result.reasons
