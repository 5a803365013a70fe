"""The quiz session: flow, scoring, hints, skips, overrides and results.

A fake grader stands in for the real one: a key point is found when its label
appears in the answer, so every verdict here is easy to predict.
"""

from __future__ import annotations

import random
from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, timedelta

import pytest

from mlquiz.core.cards import Card, Deck, KeyPoint
from mlquiz.core.modes import practice_cards
from mlquiz.core.session import HINT_PENALTY, Session, SessionError, hint_text
from tests.support.factories import LabelGrader
from tests.support.factories import make_deck as make_test_deck


def make_deck(n: int = 4) -> Deck:
    """Points "alpha" and "beta gamma"; odd cards have a hint and the tag "odd"."""
    return make_test_deck(
        n=n,
        labels=("alpha", "beta gamma"),
        question="Question {i}?",
        answer="alpha and beta {i}",
        hint=lambda i: "starts with a" if i % 2 else "",
        tags=lambda i: ("even",) if i % 2 == 0 else ("odd",),
    )


T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def make_session(deck: Deck | None = None, mode: str = "quiz") -> Session:
    deck = deck or make_deck()
    return Session(deck, deck.cards, LabelGrader(deck), mode=mode, session_id="s1", started_at=T0)


def test_walks_cards_in_order_and_finishes():
    """current/index/total follow submit+advance, and finished is true past the last card."""
    session = make_session()
    seen = []
    assert session.total == 4 and session.index == 0 and not session.finished
    for i in range(4):
        seen.append(session.current.id)
        session.submit("alpha", at(10 * (i + 1)))
        session.advance()
    assert seen == ["1", "2", "3", "4"]
    assert session.finished and session.current is None


@pytest.mark.parametrize(
    ("answer", "verdict", "score"),
    [
        ("alpha and beta gamma", "correct", 1.0),
        ("alpha only", "partial", 0.5),
        ("nothing", "incorrect", 0.0),
    ],
)
def test_submit_records_the_graders_verdict(answer, verdict, score):
    """submit returns an Attempt carrying the grader's verdict, score and labels."""
    session = make_session()
    attempt = session.submit(answer, at(12))
    assert attempt.verdict == verdict == attempt.effective_verdict
    assert attempt.score == pytest.approx(score)
    assert attempt.session_id == "s1" and attempt.deck_id == "demo" and attempt.card_id == "1"
    assert attempt.answered_at == at(12) and attempt.elapsed == 12.0
    assert attempt.mode == "quiz" and attempt.timed is False and attempt.seq == 0
    assert session.grade_of(attempt).verdict == verdict  # the full result, for feedback


def test_attempt_is_frozen_and_keeps_labels_and_confusion():
    """Attempt is an immutable record with found/missed/contradicted and the confusion."""
    session = make_session()
    attempt = session.submit("an experiment with not beta gamma", at(1))
    assert attempt.found == () and attempt.missed == ("alpha",)
    assert attempt.contradicted == ("beta gamma",)
    assert attempt.confusion == "that is an experiment"
    with pytest.raises(FrozenInstanceError):
        attempt.verdict = "correct"  # type: ignore[misc]


def test_elapsed_runs_from_the_card_being_shown():
    """Elapsed time runs from advance(now): reading feedback is not charged to the next card."""
    session = make_session()
    session.submit("alpha", at(5))
    session.advance(at(30))
    second = session.submit("alpha", at(42))
    assert second.elapsed == 12.0


def test_running_score_and_counts():
    """The running score sums card scores; counts tally verdicts; percent is per answered card."""
    session = make_session()
    for answer in ("alpha beta gamma", "alpha", "zzz"):
        session.submit(answer, at(1))
        session.advance()
    assert session.score == pytest.approx(1.5)
    assert session.percent == pytest.approx(0.5)
    assert session.counts() == {"correct": 1, "partial": 1, "incorrect": 1}


def test_hint_ladder_levels():
    """Hints go: how many key points, then first letters, then the card's hint text."""
    session = make_session()  # card 1 has a hint text
    assert session.hint(at(1)).text == "2 key points"
    assert session.hint(at(2)).text == "a…  b… g…"
    third = session.hint(at(3))
    assert (third.level, third.text) == (3, "starts with a")
    with pytest.raises(SessionError):
        session.hint(at(4))


@pytest.mark.parametrize(
    ("label", "initials"),
    [
        ("logged as a unit", "l… a… a… u…"),
        ("latency / protocol requirements", "l… p… r…"),
        ("(optional) batch - or streaming", "o… b… o… s…"),
        ("train → serve", "t… s…"),
        ("A + B", "A… B…"),
    ],
)
def test_first_letters_are_of_words_only(label, initials):
    """The second hint gives each word's first letter; a slash or a dash is no word."""
    card = Card(id="c", question="q", answer="a", points=(KeyPoint(label, ("x",)),))
    assert hint_text(card, 2) == initials


def test_no_third_hint_without_hint_text():
    """A card without hint text offers two hint levels only."""
    session = make_session()
    session.submit("x", at(1))
    session.advance()  # card 2: no hint text
    session.hint(at(2))
    session.hint(at(3))
    assert not session.can_hint()
    with pytest.raises(SessionError):
        session.hint(at(4))


def test_hint_text_counts_required_points():
    """Level 1 says how many key points, and how many are required when some are optional."""
    card = Card(
        id="c",
        question="q",
        answer="a",
        points=(KeyPoint("one", ("one",)), KeyPoint("two", ("two",), required=False)),
    )
    assert hint_text(card, 1) == "2 key points (1 required)"


@pytest.mark.parametrize("hints", [0, 1, 2, 3])
def test_each_hint_lowers_the_score(hints):
    """Each hint multiplies the card's score by HINT_PENALTY (0.85) and is recorded."""
    session = make_session()
    for i in range(hints):
        session.hint(at(i))
    attempt = session.submit("alpha beta gamma", at(10))
    assert attempt.hints_used == hints
    assert attempt.score == pytest.approx(HINT_PENALTY**hints)
    assert attempt.verdict == "correct"


def test_skip_is_incorrect_with_every_point_missed():
    """skip records an incorrect, flagged attempt with score 0 and every key point missed."""
    session = make_session()
    attempt = session.skip(at(7))
    assert attempt.skipped and attempt.verdict == "incorrect" and attempt.score == 0
    assert attempt.missed == ("alpha", "beta gamma") and attempt.answer == ""
    assert session.grader.calls == []


def test_one_answer_per_card():
    """A card is answered once: a second submit, a skip or a hint before advance is refused."""
    session = make_session()
    session.submit("alpha", at(1))
    for action in (lambda: session.submit("x", at(2)), lambda: session.skip(at(2))):
        with pytest.raises(SessionError):
            action()
    with pytest.raises(SessionError):
        session.hint(at(2))


def test_advance_needs_an_answer():
    """advance before the current card is answered or skipped is refused."""
    session = make_session()
    with pytest.raises(SessionError):
        session.advance()


@pytest.mark.parametrize(
    ("answer", "override", "counts"),
    [
        ("zzz", "correct", {"correct": 1, "partial": 0, "incorrect": 0}),
        ("alpha beta gamma", "incorrect", {"correct": 0, "partial": 0, "incorrect": 1}),
        ("alpha", None, {"correct": 0, "partial": 1, "incorrect": 0}),
    ],
)
def test_override_keeps_the_graders_verdict(answer, override, counts):
    """An override is stored beside the grader's verdict and wins in counts and score."""
    session = make_session()
    attempt = session.submit(answer, at(1))
    updated = session.override(attempt, override)
    assert updated.verdict == attempt.verdict
    assert updated.override == override
    assert updated.effective_verdict == (override or attempt.verdict)
    assert session.attempts == [updated]
    assert session.counts() == counts


def test_override_after_hints_keeps_the_hint_penalty():
    """ "I was right" after one hint earns 0.85, not 1."""
    session = make_session()
    session.hint(at(0))
    attempt = session.submit("zzz", at(1))
    assert session.override(attempt, "correct").effective_score == pytest.approx(0.85)


def test_override_rejects_unknown_verdicts():
    """Only correct, partial, incorrect (or None) are verdicts."""
    session = make_session()
    attempt = session.submit("zzz", at(1))
    with pytest.raises(ValueError):
        session.override(attempt, "right")


def test_a_skipped_card_cannot_be_called_right_or_wrong():
    """A skip has no answer: "I was right" on it would turn a skip into full marks."""
    session = make_session()
    attempt = session.skip(at(1))
    for verdict in ("correct", "incorrect"):
        with pytest.raises(SessionError):
            session.override(attempt, verdict)
    assert session.attempts[0].effective_score == 0
    assert session.override(attempt, None).override is None  # clearing is harmless


def test_results_summary():
    """results() gives score, counts with overrides, time taken and one row per answered card."""
    session = make_session()
    a = session.submit("alpha beta gamma", at(10))
    session.advance()
    b = session.submit("alpha", at(25))
    session.advance()
    session.skip(at(40))
    session.override(b, "correct")
    session.end(at(60))
    results = session.results()
    assert (results.correct, results.partial, results.incorrect) == (2, 0, 1)
    assert results.skipped == 1 and results.answered == 3 and results.total == 4
    assert results.score == pytest.approx(2.0)
    assert results.percent == pytest.approx(2 / 3)
    assert results.duration == 60.0
    assert [r.card_id for r in results.rows] == ["1", "2", "3"]
    assert results.rows[0].verdict == a.verdict
    assert results.rows[1].overridden and results.rows[1].verdict == "correct"
    assert results.rows[2].missed == ("alpha", "beta gamma") and results.rows[2].skipped


def test_leaving_early_keeps_answers():
    """end() mid-session finishes it; the answers given so far are in the results."""
    session = make_session()
    session.submit("alpha", at(3))
    session.end(at(5))
    assert session.finished
    assert session.results().answered == 1
    with pytest.raises(SessionError):
        session.advance()
        session.submit("x", at(6))


def test_empty_session_is_finished_at_once():
    """A session with no cards (nothing to review) starts finished, with empty results."""
    deck = make_deck()
    session = Session(deck, (), LabelGrader(deck), mode="review", session_id="s", started_at=T0)
    assert session.finished and session.current is None
    assert session.results().answered == 0 and session.results().percent == 0


def test_timed_flag_is_carried():
    """A timed session marks every attempt timed."""
    deck = make_deck()
    session = Session(
        deck,
        deck.cards,
        LabelGrader(deck),
        mode="challenge",
        session_id="s",
        started_at=T0,
        timed=True,
    )
    assert session.submit("alpha", at(1)).timed


@pytest.mark.parametrize("seed", [0, 1, 42])
def test_shuffle_is_repeatable_with_a_seed(seed):
    """The same seed gives the same order; shuffling draws from the whole deck before the cut."""
    deck = make_deck(20)
    first = practice_cards(deck, count=5, shuffle=True, rng=random.Random(seed))
    again = practice_cards(deck, count=5, shuffle=True, rng=random.Random(seed))
    assert [c.id for c in first] == [c.id for c in again]
    assert len(first) == 5


@pytest.mark.parametrize(
    ("count", "tag", "expected"),
    [
        (None, None, ["1", "2", "3", "4", "5", "6"]),
        (2, None, ["1", "2"]),
        (None, "even", ["2", "4", "6"]),
        (2, "odd", ["1", "3"]),
        (10, None, ["1", "2", "3", "4", "5", "6"]),
    ],
)
def test_practice_cards_count_and_tag(count, tag, expected):
    """Unshuffled practice keeps deck order, filters by tag, then cuts to count."""
    deck = make_deck(6)
    assert [c.id for c in practice_cards(deck, count=count, tag=tag)] == expected
