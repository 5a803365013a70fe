# ruff: noqa: E501  (tables of typed answers read best one per line)
"""False accepts last round's review found on the built-in deck (issue 12),
each beside the answer that stays right:

- a right answer, then a retraction and something else: the learner ends on
  the something else, and that is graded ("Correction: it's only a faster
  file system");
- bare terms cut by semicolons are a list, as the same terms cut by commas
  are;
- a keyword argument switched off (`log_models=False`) says no point.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from mlquiz.core.decks.library import resolve_deck
from mlquiz.core.grading.grader import Grader
from mlquiz.core.wording import Wording, WordingKind


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(resolve_deck("databricks-mlflow"))


RIGHT_16 = "It provides versioning, stage transitions, audit trails and a single source of truth."
RIGHT_17 = "None, Staging, Production, Archived."


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        ("16", f"{RIGHT_16} Correction: it's only a faster file system"),
        ("16", f"{RIGHT_16} No wait, it's really just a file system"),
        ("16", f"{RIGHT_16} Scratch that, it only stores files"),
        ("16", f"{RIGHT_16} — on second thought, it's only a faster file system"),
        ("17", f"{RIGHT_17} Wait, no: Dev, Staging, Prod"),
        ("17", f"{RIGHT_17} Sorry, I mean Dev, Staging, Prod"),
    ],
)
def test_a_right_answer_taken_back_is_graded_on_what_replaces_it(
    grader: Grader, card: str, answer: str
) -> None:
    """The words after the retraction are the learner's answer: never correct
    when they alone are not, and the feedback says what was graded."""
    result = grader.grade(card, answer)
    assert result.verdict != "correct", result.reasons
    assert result.reasons[0].startswith("Taken back")
    # The checklist is the replacement's: nothing it does not say is ticked.
    ticked = {p.label for p in result.points if p.status == "found"}
    assert "versioning" not in ticked and "None" not in ticked
    for p in result.points:
        if p.span is not None:
            assert result.text[p.span[0] : p.span[1]].strip()


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        ("16", RIGHT_16),
        # A slip corrected into the right answer keeps the whole answer's grade.
        ("17", "None, Staging, Prod, Archived. Sorry, I mean Production."),
        # A cue that opens the answer takes back nothing.
        ("17", "Correction: none, staging, production, archived"),
        # "actually" and "I mean" alone take nothing back.
        (
            "16",
            "I mean it's basically versioning, stage transitions, an audit trail and a single source of truth",
        ),
        (
            "16",
            "It actually gives you versioning, stage transitions, audit trails and a single source of truth.",
        ),
    ],
)
def test_answers_that_take_nothing_back_stay_correct(
    grader: Grader, card: str, answer: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "correct", result.reasons


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


def test_built_in_serving_that_cannot_keep_up_is_the_latency_reason(grader: Grader) -> None:
    """Card 27's reason "latency and protocol requirements exceed built-in
    serving" is most often said as what built-in serving can't do: the point,
    not its denial (it read as negating the point: incorrect)."""
    result = grader.grade(
        "27",
        "we run the fraud model on our EKS cluster next to the payment services, with our own HPA"
        " autoscaling rules and gRPC, because the built-in endpoint couldn't hit our p99 latency target",
    )
    assert result.verdict == "correct", result.reasons
    assert "latency / protocol requirements beyond built-in" in result.found
    # Saying Databricks cannot serve at all is still no reason of the card's.
    assert grader.grade("27", "databricks can't serve models so you need kubernetes").verdict == (
        "incorrect"
    )


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


# The review of g12 (issue 12): answers graded correct on main, each made
# incorrect or partial by a retraction cue that was none ("actually", "no
# wait" inside a sentence, "I was wrong about that", "hmm, no, that's about
# it") or by words after a real cue that add to, refine or confirm the answer.
NOT_TAKEN_BACK = [
    (
        "11",
        "It automatically records params, metrics and models for supported libraries, actually no manual log calls needed at all.",
    ),
    (
        "13",
        "To log custom metrics, artifacts or metadata that autologging doesn't capture by default, so you don't forget that stuff.",
    ),
    (
        "26",
        "Deploying models behind real-time endpoints with Databricks model serving or MLflow model serving, so there's no wait for predictions.",
    ),
    (
        "16",
        f"{RIGHT_16} I used to think files were enough, I was wrong about that.",
    ),
    (
        "9",
        "It makes it easier to compare models, search past runs and keep a tidy history per project. Actually, it's just good hygiene.",
    ),
    (
        "4",
        "An open-source platform integrated into Databricks that tracks experiments, manages models and packages them for reproducible deployment. Hmm, no, that's about it.",
    ),
    ("17", f"{RIGHT_17} Wait, no, I'm sure that's it."),
    (
        "11",
        "A feature that automatically records parameters, metrics and models for supported libraries. Correction: not for every library, only supported ones like sklearn.",
    ),
    (
        "6",
        "Logging parameters, metrics and code versions for runs so they can be compared and reproduced. On second thought, also model artifacts.",
    ),
    (
        "39",
        "Change which version is marked Production, or point serving at an earlier version. Wait, no, actually also you can use aliases.",
    ),
    ("17", f"{RIGHT_17} Correction: newer MLflow uses aliases instead of stages."),
    ("17", f"{RIGHT_17} Correction: Archived, not Deleted."),
    (
        "7",
        "A single execution of training code whose parameters, metrics and artifacts are logged as a unit. Wait no, evaluation code too: a single execution of training or evaluation code.",
    ),
    (
        "38",
        "Train, log to MLflow, register, promote to Staging for tests, promote to Production when validated, serving. Scratch that, you register after validation? No, register first.",
    ),
]


@pytest.mark.parametrize(("card", "answer"), NOT_TAKEN_BACK)
def test_words_that_take_nothing_back_keep_a_right_answer_right(
    grader: Grader, card: str, answer: str
) -> None:
    """Only a cue opening a sentence or clause takes back, and only words after
    it that replace the answer with something of their own lower it."""
    result = grader.grade(card, answer)
    assert result.verdict == "correct", result.reasons
    assert not result.reasons[0].startswith("Taken back")


def test_an_accepted_wording_is_graded_whole(grader: Grader) -> None:
    """The player accepted this answer as it is, retraction and all: the words
    after the retraction do not overrule the player (g12 graded it incorrect)."""
    said = f"{RIGHT_16} Correction: it's only a faster file system"
    taught = datetime(2025, 12, 3, 12, 0, tzinfo=UTC)
    grader = Grader(resolve_deck("databricks-mlflow"))
    grader.use_wordings([Wording("databricks-mlflow", "16", WordingKind.ACCEPTED, said, taught)])
    assert grader.grade("16", said).verdict == "correct"
    assert grader.grade("16", said, wordings=False).verdict == "incorrect"


def _cpu(grader: Grader, answer: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        grader.grade("16", answer)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("cue", ["wait", "hmm", "no wait", "wait, no"])
def test_a_cue_before_a_long_run_of_spaces_costs_no_more_than_plain_text(
    grader: Grader, cue: str
) -> None:
    """The retraction search is linear: "wait" and 20,000 spaces took 12.8 s on
    g12 (a `\\s*[,.]*\\s*` run backtracking on spaces). Against a plain answer
    of the same length, the same order of time."""
    plain = _cpu(grader, f"{RIGHT_16} {'x' * len(cue)}{' ' * 20_000}")
    cued = _cpu(grader, f"{RIGHT_16} {cue}{' ' * 20_000}")
    assert cued < 5 * max(plain, 0.002), (cued, plain)


def test_one_item_of_the_card_said_alone_after_a_retraction_drops_the_rest(
    grader: Grader,
) -> None:
    """ "Correction: it is just versioning" names only the card's item, but
    alone: the other three benefits are taken back."""
    result = grader.grade("16", f"{RIGHT_16} Correction: it is just versioning.")
    assert result.verdict == "partial", result.reasons
    assert result.reasons[0].startswith("Taken back")
