"""Wide and tall terminals (issue 16, item 8): answers at a reading width, a
feedback box only as tall as its content, "You keep missing" using the room
it has, and at 120x40 a stats screen that fits without a scroll bar of its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from mlquiz.core.clock import FixedClock
from mlquiz.core.decks.library import DeckScan, load_deck
from mlquiz.service import GameService
from mlquiz.ui.app import QuizApp, prepare
from mlquiz.ui.widgets.answer_box import AnswerBox
from tests.support.pilot import CORRECT, settle

READING_WIDTH = 104  # the quiz's column at most (quiz.tcss)


async def test_at_160_columns_the_quiz_reads_in_a_centred_column(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        question = quiz.query_one("#quiz-question").region
        box = quiz.query_one(AnswerBox)
        assert question.width <= READING_WIDTH
        assert box.outer_size.width <= READING_WIDTH
        # Centred: as much room on the left as on the right, give or take a cell.
        assert abs(question.x - (160 - question.right)) <= 1
        box.insert(CORRECT["run"])
        await pilot.press("enter")
        await settle(pilot)
        panel = quiz.query_one("#quiz-feedback")
        area = quiz.query_one("#quiz-feedback-area")
        assert panel.region.width <= READING_WIDTH
        # As tall as what it shows (plus its border), not the whole screen below.
        content = panel.virtual_size.height + 2
        assert panel.region.height == content < area.region.height
        assert panel.max_scroll_y == 0


async def test_at_80x24_a_long_feedback_scrolls_inside_its_box(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        quiz.query_one(AnswerBox).insert("It is a group of runs " * 30)
        await pilot.press("enter")
        await settle(pilot)
        panel = quiz.query_one("#quiz-feedback")
        footer_top = app.screen.query_one("Footer").region.y
        assert panel.region.bottom <= footer_top  # nothing drawn under the footer
        assert panel.max_scroll_y > 0  # the panel scrolls, not the screen
        assert app.screen.max_scroll_y == 0


def many_cards_deck(path: Path, cards: int = 40) -> Path:
    lines = ['id = "many"', 'title = "Many cards"', 'description = "For the stats layout."']
    for n in range(1, cards + 1):
        lines += [
            "",
            "[[cards]]",
            f'id = "{n}"',
            f'question = "Which two parts make up the thing number {n} of this rather long deck?"',
            'answer = "Alpha and beta."',
            "",
            "[[cards.points]]",
            f'label = "alpha, the first part of thing {n}"',
            'phrases = ["alpha"]',
            "",
            "[[cards.points]]",
            'label = "beta"',
            'phrases = ["beta"]',
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stats_app(tmp_path: Path) -> QuizApp:
    deck = load_deck(many_cards_deck(tmp_path / "many.toml"), source="built-in")
    clock = FixedClock(datetime(2025, 3, 3, 9, 0, tzinfo=UTC))
    service = GameService(
        tmp_path / "data",
        config_dir=tmp_path / "config",
        clock=clock,
        deck_scanner=lambda: DeckScan(decks=[deck]),
        tz=UTC,
    )
    for day in (2, 1):  # every card answered, beta missed twice on each
        clock.now = datetime(2025, 3, 3, 9, 0, tzinfo=UTC) - timedelta(days=day)
        session = service.start_quiz("many", shuffle=False)
        while session.current is not None:
            clock.tick(20)
            service.submit(session, "beta" if int(session.current.id) % 3 else "alpha")
            if service.advance(session) is None:
                break
        service.finish(session)
    clock.now = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    startup = prepare(service)
    return QuizApp(service, startup)


async def test_at_120x40_the_stats_fit_with_no_scroll_bar_of_their_own(tmp_path):
    app = stats_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.pause()
        body = app.screen.query_one("#stats-body")
        assert body.max_scroll_y == 0, (body.size, body.virtual_size)
        table = app.screen.query_one("#stats-recall")
        assert table.max_scroll_y > 0  # 40 cards: the table scrolls, inside itself
        assert table.region.bottom <= body.region.bottom
    app.service.close()


async def test_you_keep_missing_puts_a_long_question_under_its_point_rather_than_cut_it(tmp_path):
    app = stats_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.pause()
        missed = app.screen.query_one("#stats-missed")
        width = missed.content_region.width
        lines = str(missed.render()).splitlines()
        assert lines and all(len(line) <= width for line in lines), (width, lines)
        # Each of the five points with its card's question whole, under it.
        text = " ".join(line.strip() for line in lines)
        questions = [card.question for card in app.service.deck("many").cards]
        assert sum(question in text for question in questions) == 5, (width, lines)
        assert "…" not in text
    app.service.close()


def test_snapshot_feedback_at_160x45(snap_compare, make_app):
    """The feedback in the centred reading column, its box as tall as its content."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        box = pilot.app.screen.query_one(AnswerBox)
        box.cursor_blink = False
        box.insert(CORRECT["run"])
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(), run_before=run_before, terminal_size=(160, 45))
