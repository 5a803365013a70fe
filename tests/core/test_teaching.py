"""Teaching the grader through the service: wordings taught, refused, warned about,
forgotten, listed, carried out and back in a file."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mlquiz.core.clock import FixedClock
from mlquiz.core.decks.library import DeckScan, load_deck
from mlquiz.core.wording import Wording, WordingError, WordingKind
from mlquiz.service import GameService

DATA = Path(__file__).resolve().parents[1] / "data"
START = datetime(2025, 12, 3, 12, 0, tzinfo=UTC)
KNOBS = "one go of the training script that writes down the knobs and the scores"
CORRECT = "One execution of training code where params and metrics are logged together."


def make_service(root: Path, clock: FixedClock) -> GameService:
    deck_file = root / "decks" / "ui-deck.toml"
    if not deck_file.exists():
        deck_file.parent.mkdir(parents=True)
        shutil.copyfile(DATA / "ui-deck.toml", deck_file)
    deck = load_deck(deck_file, source="user")
    return GameService(
        root / "data",
        config_dir=root / "config",
        clock=clock,
        deck_scanner=lambda: DeckScan(decks=[deck]),
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def service(tmp_path: Path, clock: FixedClock):
    service = make_service(tmp_path, clock)
    yield service
    service.close()


def answer_run(service: GameService, text: str):
    session = service.start_quiz("ui-deck", shuffle=False)
    return session, service.submit(session, text)


def test_an_accepted_wording_is_graded_correct_from_the_next_answer(service, clock) -> None:
    """The answer marked partial, "I was right", accepted: the same wording is correct
    next time, and the first answer keeps its verdict in the history."""
    session, first = answer_run(service, KNOBS)
    assert first.attempt.verdict == "partial"
    service.override(session, first.attempt, "correct")
    lesson = service.teaching.teach("ui-deck", "run", KNOBS, WordingKind.ACCEPTED)
    assert lesson.wording.id > 0 and lesson.warnings == ()
    clock.tick(60)
    _, again = answer_run(
        service, "it writes down the knobs and the scores, one go of the training script"
    )
    assert again.attempt.verdict == "correct"
    assert again.grade is not None and again.grade.reasons == ("Accepted: your wording of 3 Dec.",)
    stored = service.store.attempts("ui-deck", "run")
    assert [a["verdict"] for a in stored] == ["partial", "correct"]


def test_the_grader_of_a_running_session_learns_at_once(service) -> None:
    """Taught mid-session, the wording counts for the session's later answers too
    (the session's grader is the deck's)."""
    session = service.start_quiz("ui-deck", shuffle=False)
    service.teaching.teach("ui-deck", "experiment", "the folder for runs", WordingKind.ACCEPTED)
    service.submit(session, KNOBS)
    service.advance(session)
    assert service.submit(session, "the folder for runs").attempt.verdict == "correct"


def test_forgetting_a_wording_brings_the_grader_s_verdict_back(service) -> None:
    service.teaching.teach("ui-deck", "run", KNOBS, WordingKind.ACCEPTED)
    assert answer_run(service, KNOBS)[1].attempt.verdict == "correct"
    assert service.teaching.forget("ui-deck", "run", f"  {KNOBS} ") == 1
    assert answer_run(service, KNOBS)[1].attempt.verdict == "partial"
    assert service.teaching.forget("ui-deck", "run", KNOBS) == 0


def test_a_rejected_wording_makes_a_similar_answer_partial(service) -> None:
    service.teaching.teach("ui-deck", "run", CORRECT, WordingKind.REJECTED)
    answered = answer_run(service, CORRECT)[1]
    assert answered.attempt.verdict == "partial"
    assert answered.grade is not None
    assert "Like an answer you marked wrong on 3 Dec: partial at most." in answered.grade.reasons


@pytest.mark.parametrize(
    ("deck", "card", "text", "points", "message"),
    [
        ("ui-deck", "run", "", None, "empty"),
        ("ui-deck", "run", "x" * 20_000, None, "20,000 characters"),
        ("ui-deck", "run", "it is what it is", None, "no word the grader can match"),
        ("ui-deck", "gone", KNOBS, None, "has no card 'gone'"),
        ("no-deck", "run", KNOBS, None, "There is no deck 'no-deck'"),
        ("ui-deck", "run", KNOBS, ["knobs"], "has no key point 'knobs'"),
        ("ui-deck", "run", KNOBS, [], "Tick at least one key point"),
    ],
    ids=["empty", "20000", "stop-words", "no-card", "no-deck", "no-point", "no-points"],
)
def test_a_wording_that_cannot_be_taught_is_refused_with_the_reason(
    service, deck, card, text, points, message
) -> None:
    with pytest.raises(WordingError, match=message):
        service.teaching.teach(deck, card, text, WordingKind.ACCEPTED, points)
    assert service.store.wordings() == []


def test_the_points_ticked_are_kept_and_the_default_is_every_essential_point(service) -> None:
    one = service.teaching.teach("ui-deck", "run", KNOBS, "accepted", ["single execution"])
    assert one.wording.points == ("single execution",)
    both = ["single execution", "params and metrics logged"]
    assert service.teaching.teach("ui-deck", "run", KNOBS, "accepted", both).wording.points == ()


def test_a_wording_that_answers_another_card_is_kept_to_its_own_with_a_warning(service) -> None:
    """Accepted for the registry card, a wording that answers the experiment card and is
    the run card's known mix-up: warned about, kept, used for the registry card only."""
    text = "a group of runs you can compare side by side"
    lesson = service.teaching.teach("ui-deck", "registry", text, WordingKind.ACCEPTED)
    joined = " ".join(lesson.warnings)
    assert "It also answers card experiment" in joined
    assert "For card run" in joined and "wrong answer" in joined
    assert "It is kept for card registry only." in joined
    grader = service.grader(service.deck("ui-deck"))
    assert grader.grade("registry", text).verdict == "correct"
    assert grader.grade("run", text).verdict == "incorrect"


TWO_CARDS = """
id = "two"
title = "Two cards"
description = "A run and an experiment."

[[cards]]
id = "run"
question = "What is an MLflow run?"
answer = "One execution of training code, its params and metrics logged."

[[cards.points]]
label = "one execution"
phrases = ["single|one execution"]

[[cards.points]]
label = "params and metrics logged"
phrases = ["params ... metrics"]

[[cards]]
id = "experiment"
question = "What does an experiment organise?"
answer = "A group of runs, to compare their metrics."

[[cards.points]]
label = "group of runs"
phrases = ["group of runs"]

[[cards.points]]
label = "compare metrics"
phrases = ["compare ... metrics"]
"""


def test_a_wording_is_not_called_a_wrong_answer_elsewhere_for_answering_its_own_card(
    tmp_path: Path, clock
) -> None:
    """Given to the experiment card, a right answer to the run card is "an answer to
    another question": the run card itself. Teaching it for the run card warned "For
    card experiment it is a wrong answer: That answers another question: What is an
    MLflow run?" (twelve such notes on the built-in deck), which says only that it
    answers the card it is taught for."""
    deck_file = tmp_path / "two.toml"
    deck_file.write_text(TWO_CARDS, encoding="utf-8")
    deck = load_deck(deck_file, source="user")
    service = GameService(
        tmp_path / "data",
        config_dir=tmp_path / "config",
        clock=clock,
        deck_scanner=lambda: DeckScan(decks=[deck]),
    )
    text = "one execution where params and metrics are logged, to compare later"
    other = service.grader(deck).grade("experiment", text, wordings=False)
    assert other.confusion == "That answers another question: “What is an MLflow run?”"
    lesson = service.teaching.teach("two", "run", text, WordingKind.ACCEPTED)
    assert lesson.warnings == ()
    service.close()


def test_a_wording_marked_wrong_for_another_card_is_warned_about(service) -> None:
    service.teaching.teach("ui-deck", "experiment", KNOBS, WordingKind.REJECTED)
    lesson = service.teaching.teach("ui-deck", "run", KNOBS, WordingKind.ACCEPTED)
    assert "You marked answers like this wrong for card experiment." in lesson.warnings


def test_a_wording_the_checks_still_refuse_says_so(service) -> None:
    """Even accepted, the run card's own mix-up is incorrect: the lesson says it does
    not take effect, with the grader's reason, and the wording is kept all the same."""
    lesson = service.teaching.teach("ui-deck", "run", "a group of runs", WordingKind.ACCEPTED)
    assert not lesson.takes_effect and lesson.still_graded == "incorrect"
    assert lesson.why_still == "That is an experiment: a run is one execution inside it."
    assert [w.text for w in service.store.wordings("ui-deck", "run")] == ["a group of runs"]
    assert not lesson.still_by_false_claim
    assert service.teaching.teach("ui-deck", "run", KNOBS, WordingKind.ACCEPTED).takes_effect


def test_ticks_an_accepted_wording_gives_a_refused_answer_are_traced_to_it(service) -> None:
    """The editor's live grade: an accepted wording the grader still refuses ticks the
    essential points beside "incorrect"; `wording_ticks` names the wording's day and
    those points, and nothing when no wording gave ticks or the reasons say it already."""
    teaching = service.teaching
    card = service.deck("ui-deck").card("run")
    refused = teaching.grade_draft("ui-deck", card, "a group of runs")
    assert teaching.wording_ticks("ui-deck", card, "a group of runs", refused) is None
    teaching.teach("ui-deck", "run", "a group of runs", WordingKind.ACCEPTED)
    result = teaching.grade_draft("ui-deck", card, "a group of runs")
    assert result.verdict == "incorrect" and result.wording is None  # verdict unchanged
    ticks = teaching.wording_ticks("ui-deck", card, "a group of runs", result)
    assert ticks is not None and ticks.day == "3 Dec"
    assert ticks.labels == tuple(p.label for p in card.points if p.required)
    teaching.teach("ui-deck", "run", KNOBS, WordingKind.ACCEPTED)
    taken = teaching.grade_draft("ui-deck", card, KNOBS)
    assert taken.verdict == "correct" and taken.reasons == ("Accepted: your wording of 3 Dec.",)
    assert teaching.wording_ticks("ui-deck", card, KNOBS, taken) is None
    wrong = "It is a dashboard for SQL queries."
    graded = teaching.grade_draft("ui-deck", card, wrong)
    assert teaching.wording_ticks("ui-deck", card, wrong, graded) is None


def test_a_wording_a_false_claim_still_refuses_says_it_is_the_false_claim(service) -> None:
    """The game's editor changes key points and mix-ups, not false claims: the lesson
    says which decided, so the player is not sent to an editor that cannot help."""
    text = KNOBS + ", and a run is never resumed"
    lesson = service.teaching.teach("ui-deck", "run", text, WordingKind.ACCEPTED)
    assert lesson.still_graded is not None and lesson.still_by_false_claim
    assert "can be resumed by its run id" in lesson.why_still


MIXUP_IN_CODE = """
id = "mix"
title = "Mix-ups"
description = "Two cards, one with a mix-up written with a small word."

[[cards]]
id = "role"
question = "What is the main role of Databricks in ML workflows?"
answer = "Where features, training and batch scoring run."

[[cards.points]]
label = "training"
phrases = ["training|train"]

[[cards.confusions]]
phrases = ["started|founded|created by"]
message = "That is company history."

[[cards]]
id = "reuse"
question = "What is feature reuse?"
answer = "The same feature tables read by many models."

[[cards.points]]
label = "same feature tables"
phrases = ["feature|features table|tables"]
"""


@pytest.mark.parametrize(
    ("text", "graded_mixup", "warned"),
    [
        # "create" inside a snake_case call name: no mix-up for the grader either
        # (the call names an API, said_scope.inside_calls); no warning.
        ("fs.create_table(name='churn', df=features_df) for the feature table", False, False),
        # "create" without the mix-up's "by": the grader's stem match calls it
        # company history for the role card; no warning.
        ("create a feature table once and every model reads it", True, False),
        # The mix-up's words, in prose: warned, as before.
        ("a feature table, created by the team that founded Spark", True, True),
    ],
    ids=["code", "other-form", "prose"],
)
def test_another_cards_mix_up_is_warned_about_only_when_the_wording_says_it(
    tmp_path: Path, clock, text, graded_mixup, warned
) -> None:
    deck_file = tmp_path / "mix.toml"
    deck_file.write_text(MIXUP_IN_CODE, encoding="utf-8")
    deck = load_deck(deck_file, source="user")
    service = GameService(
        tmp_path / "data",
        config_dir=tmp_path / "config",
        clock=clock,
        deck_scanner=lambda: DeckScan(decks=[deck]),
    )
    # What the grader itself says of the text for the role card.
    confusion = service.grader(deck).grade("role", text).confusion
    assert (confusion == "That is company history.") is graded_mixup
    lesson = service.teaching.teach("mix", "reuse", text, WordingKind.ACCEPTED)
    assert any("For card role" in w for w in lesson.warnings) is warned
    service.close()


def test_teaching_the_other_way_replaces_the_wording(service) -> None:
    service.teaching.teach("ui-deck", "run", KNOBS, WordingKind.ACCEPTED)
    lesson = service.teaching.teach("ui-deck", "run", KNOBS, WordingKind.REJECTED)
    assert lesson.replaced
    assert [w.kind for w in service.store.wordings()] == [WordingKind.REJECTED]


def test_wordings_of_a_card_no_longer_there_are_listed_as_orphans(service) -> None:
    """Kept, listed with why, ignored by grading."""
    service.store.add_wording(Wording("ui-deck", "gone", WordingKind.ACCEPTED, KNOBS, START))
    service.store.add_wording(Wording("old-deck", "1", WordingKind.ACCEPTED, KNOBS, START))
    service.teaching.teach("ui-deck", "run", "one go, knobs and scores written down", "accepted")
    entries = service.teaching.entries()
    assert [e.ignored for e in entries] == [
        "orphaned: deck 'ui-deck' has no card 'gone' now",
        "orphaned: no deck 'old-deck' is installed",
        "",
    ]
    assert entries[2].question == "What is an MLflow run?"
    assert answer_run(service, KNOBS)[1].attempt.verdict == "partial"


def test_two_games_teaching_at_once_keep_both_wordings(tmp_path: Path, clock) -> None:
    one, two = make_service(tmp_path, clock), make_service(tmp_path, clock)
    try:
        one.teaching.teach("ui-deck", "run", KNOBS, "accepted")
        two.teaching.teach("ui-deck", "experiment", "the folder for runs", "accepted")
        assert len(one.teaching.entries()) == len(two.teaching.entries()) == 2
        session = one.start_quiz("ui-deck", shuffle=False)
        one.submit(session, KNOBS)
        one.advance(session)
        assert one.submit(session, "the folder for runs").attempt.verdict == "correct"
    finally:
        one.close()
        two.close()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_wordings_travel_in_a_file_and_come_back(tmp_path: Path, clock, fmt: str) -> None:
    """Exported from one data folder, imported into another: the same wordings, the
    same grading; importing twice adds nothing."""
    first = make_service(tmp_path / "a", clock)
    first.teaching.teach("ui-deck", "run", KNOBS, "accepted", ["single execution"])
    first.teaching.teach("ui-deck", "run", CORRECT, "rejected")
    text, count = first.teaching.export_text(fmt)
    first.close()
    assert count == 2
    path = tmp_path / f"wordings.{fmt}"
    path.write_text(text, encoding="utf-8")
    second = make_service(tmp_path / "b", clock)
    try:
        report = second.teaching.import_file(path)
        assert (report.added, report.present, report.problems) == (2, 0, [])
        assert [(w.text, w.kind, w.points, w.taught_at) for w in second.store.wordings()] == [
            (KNOBS, WordingKind.ACCEPTED, ("single execution",), START),
            (CORRECT, WordingKind.REJECTED, (), START),
        ]
        assert second.teaching.import_file(path).present == 2
        assert answer_run(second, CORRECT)[1].attempt.verdict == "partial"
    finally:
        second.close()


def test_an_import_reads_the_good_rows_and_names_the_bad_ones(service, tmp_path) -> None:
    document = {
        "format": "mlquiz-wordings",
        "version": 1,
        "wordings": [
            {"deck": "ui-deck", "card": "run", "kind": "accepted", "text": KNOBS},
            {"deck": "ui-deck", "card": "run", "kind": "maybe", "text": KNOBS},
            {"deck": "ui-deck", "card": "run", "kind": "accepted", "text": ""},
            {"deck": "ui-deck", "card": "gone", "kind": "accepted", "text": KNOBS},
        ],
    }
    path = tmp_path / "w.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    report = service.teaching.import_file(path)
    assert (report.added, report.orphans) == (2, 1)
    assert report.problems == [
        f"{path}: wording 2: kind 'maybe' is neither 'accepted' nor 'rejected'",
        f"{path}: wording 3: 'text' is missing or empty",
    ]


def test_a_file_that_is_not_wordings_is_refused(service, tmp_path) -> None:
    path = tmp_path / "w.json"
    path.write_text('{"cards": []}', encoding="utf-8")
    report = service.teaching.import_file(path)
    assert report.added == 0
    assert report.problems == [
        f'{path}: not a wordings file (expected {{"format": "mlquiz-wordings", ...}})'
    ]
