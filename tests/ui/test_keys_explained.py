"""Keys that keep a typed answer and explain themselves (issue 16, items 1 and 5):
Escape over a typed answer asks first, F1 opens the help at the screen's own
keys, and the command palette offers the game's actions, not Textual's tools."""

from __future__ import annotations

from mlquiz.ui.screens.help import HelpScreen, section_id
from mlquiz.ui.screens.menu import MenuScreen
from mlquiz.ui.screens.quiz import QuizScreen
from mlquiz.ui.screens.results import ResultsScreen
from mlquiz.ui.widgets.answer_box import AnswerBox
from tests.support.pilot import CORRECT, settle

SIZE = (100, 32)
DRAFT = "A single execution of training code whose params and"


async def start_quiz(pilot) -> QuizScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, QuizScreen)
    return pilot.app.screen


def section_on_top(help_screen: HelpScreen) -> str:
    """The text of the help's first line in view (a section's title, or a key's row)."""
    dialog = help_screen.query_one("#help-dialog")
    top = dialog.content_region.y
    for widget in dialog.query(".help-section"):
        if widget.region.y == top:
            return str(widget.render())
    return ""


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- item 1: one Escape does not throw a typed answer away ---------------------


async def test_one_escape_keeps_a_typed_answer_on_screen_and_says_how_to_leave(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        quiz = await start_quiz(pilot)
        await pilot.press(*DRAFT)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is quiz
        assert quiz.query_one(AnswerBox).text == DRAFT
        assert any("Escape again" in message for message in notices(app))
        # The draft can still be submitted as typed.
        await pilot.press("enter")
        await settle(pilot)
        assert quiz.session.attempts[-1].answer == DRAFT


async def test_a_second_escape_leaves_without_the_draft(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        quiz = await start_quiz(pilot)
        quiz.query_one(AnswerBox).insert(CORRECT["run"])
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"half an answer")
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.results.answered == 1  # the draft was not graded


async def test_escape_over_an_empty_box_or_the_feedback_leaves_at_once(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_quiz(pilot)
        await pilot.press("space", "escape")  # only blanks typed: nothing to lose
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
        quiz = await start_quiz(pilot)
        quiz.query_one(AnswerBox).insert(CORRECT["run"])
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")  # on the feedback: the answer is saved
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)


async def test_an_escape_on_one_card_does_not_confirm_leaving_on_the_next(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        quiz = await start_quiz(pilot)
        await pilot.press(*"alpha")
        await pilot.press("escape")  # asks
        await pilot.press("enter")  # submits instead
        await settle(pilot)
        await pilot.press("enter")  # next card
        await settle(pilot)
        await pilot.press(*"beta", "escape")
        await settle(pilot)
        assert app.screen is quiz
        assert quiz.query_one(AnswerBox).text == "beta"


# -- item 5: F1 at the screen's own keys; a palette for players -----------------


async def test_f1_in_a_quiz_opens_the_help_at_the_quiz_keys(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        quiz = await start_quiz(pilot)
        await pilot.press(*"draft")
        await pilot.press("f1")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen) and help_screen.section == "Quiz"
        dialog = help_screen.query_one("#help-dialog")
        assert dialog.scroll_y > 0  # at 24 rows the Menu section is scrolled past
        assert section_on_top(help_screen) == "Quiz  (this screen)"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is quiz and quiz.query_one(AnswerBox).text == "draft"


async def test_f1_opens_each_screen_at_its_own_section(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert app.screen.section == "Menu"
        await pilot.press("escape", "s")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert app.screen.section == "Results, stats and missed cards"


async def test_the_palette_has_no_textual_tools_and_shows_the_challenge_unsearched(make_app):
    from textual.command import CommandList, CommandPalette

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.pause(0.5)  # the discovery hits arrive in a worker
        assert isinstance(app.screen, CommandPalette)
        commands = app.screen.query_one(CommandList)
        shown = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        titles = " ".join(shown)
        for hidden in ("Keys\n", "Maximize", "Screenshot"):
            assert hidden not in titles
        assert "Keys and help" in titles
        challenge = next(i for i, text in enumerate(shown) if "Timed challenge" in text)
        # On screen without scrolling: the list shows every hit it has.
        assert commands.max_scroll_y == 0, shown
        assert challenge < commands.option_count


async def test_keys_and_help_from_the_palette_closes_on_escape_back_into_the_quiz(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        quiz = await start_quiz(pilot)
        await pilot.press(*"my draft")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"keys")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen) and app.screen.section == "Quiz"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is quiz
        assert quiz.query_one(AnswerBox).text == "my draft"


async def test_ctrl_c_says_how_to_quit_in_plain_words(make_app):
    """ctrl+c (a reflex from other terminal programs) says which key quits; its
    notice is plain text like every other, so it must not carry Textual markup
    that would be shown as written ("Press [b]ctrl+q[/b]")."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        quiz = await start_quiz(pilot)
        await pilot.press(*"draft")
        await pilot.press("ctrl+c")
        await settle(pilot)
        said = " ".join(notices(app))
        assert "ctrl+q" in said and "quit" in said
        assert "[" not in said
        assert app.screen is quiz and quiz.query_one(AnswerBox).text == "draft"


async def test_ctrl_c_over_a_typed_answer_says_ctrl_q_drops_it_and_escape_asks(make_app):
    """ctrl+c with an answer typed and not submitted: "Press ctrl+q to quit" alone led a
    player to quit at once and lose the answer. The notice says ctrl+q quits without
    it, and points to Enter (submit) and Escape (which asks first); ctrl+q still quits
    at once. Over an empty box the notice stays the plain one."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        quiz = await start_quiz(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert notices(app) == ["Press ctrl+q (or ctrl+c again) to quit mlquiz."]
        app.clear_notifications()
        await pilot.press(*"draft")
        await pilot.press("ctrl+c")
        await settle(pilot)
        [said] = notices(app)
        assert "not submitted" in said and "ctrl+q quits mlquiz at once without it" in said
        assert "Enter submits it" in said and "Escape" in said and "asks first" in said
        assert app.screen is quiz and quiz.query_one(AnswerBox).text == "draft"
        await pilot.press("escape")  # the key it points to does ask
        await settle(pilot)
        assert app.screen is quiz and quiz.query_one(AnswerBox).text == "draft"


async def test_ctrl_c_twice_quits_unless_an_answer_is_typed(make_app):
    """ctrl+c twice quits, as in other terminal programs (a new user pressed it
    twice and stayed in); with an answer typed and not submitted it never does,
    since the answer would be lost: the notice points to Enter, Escape, ctrl+q."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        quiz = await start_quiz(pilot)
        await pilot.press(*"draft")
        await pilot.press("ctrl+c", "ctrl+c")
        await settle(pilot)
        assert app.is_running and app.screen is quiz
        assert quiz.query_one(AnswerBox).text == "draft"
        await pilot.press("escape", "escape")  # leave the session, then ctrl+c twice
        await settle(pilot)
        await pilot.press("ctrl+c", "ctrl+c")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_second_ctrl_c_long_after_the_first_only_tells_again(make_app, monkeypatch):
    import mlquiz.ui.app as app_module

    monkeypatch.setattr(app_module, "QUIT_AGAIN_SECONDS", -1.0)  # "too late", always
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c", "ctrl+c")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MenuScreen)
        assert len(notices(app)) == 2


def screen_lines(app) -> list[str]:
    """The screen as the player sees it, one string a row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_f1_opens_the_card_browser_editor_and_settings_at_their_own_keys(make_app):
    """The browser, its history, the card editor and the schedule settings have their
    own sections of the help: F1 there opened at the Menu's."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for keys, section in (
            (("t",), "Menu"),  # a dialog: F1 did nothing over one
            (("escape", "a"), "All cards (the card browser)"),
            (("h",), "All cards (the card browser)"),
            (("escape", "e"), "Card editor"),
            (("escape", "escape", "d"), "Schedule settings"),
        ):
            await pilot.press(*keys)
            await settle(pilot)
            await pilot.press("f1")
            await settle(pilot)
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen) and help_screen.section == section
            # Scrolled down to it (these sections are near the end, so as far as it goes).
            dialog = help_screen.query_one("#help-dialog")
            title = help_screen.query_one(f"#{section_id(section)}")
            assert dialog.scroll_y > 0 or section == "Menu"
            assert dialog.content_region.contains_region(title.region)
            assert str(title.render()) == f"{section}  (this screen)"
            await pilot.press("escape")
            await settle(pilot)


async def test_a_long_key_description_wraps_under_itself_not_under_the_keys(make_app):
    """At 80 columns "r  w  feedback: I was right · I was wrong (not on a skip)" takes
    two lines: the second starts where the description does, so the keys column
    stays clear."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        lines = screen_lines(app)
        first = next(n for n, line in enumerate(lines) if "feedback: I was right" in line)
        column = lines[first].index("feedback: I was right")
        follow = lines[first + 1]
        assert follow[column:].strip().startswith("skip)")
        assert not follow[column - 14 : column].strip("│ ")
