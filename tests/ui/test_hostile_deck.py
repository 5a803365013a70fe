"""A deck and answers full of escape sequences and markup drive nothing (issue 14, F1, F2).

`tests/data/hostile-deck.toml` puts clear-screen, cursor-home, OSC 52
(clipboard), OSC 0 (window title), OSC 8 (hyperlink), SGR, a C1 CSI, bidi
overrides and Textual markup (`[/]`, `[@click=app.quit]...[/]`) in every
field: title, description, questions, answers, hints, tags, point labels,
confusion messages, card ids. The test walks every screen (menu, palette,
help, tag picker, quiz, hint, feedback, the accept-wording dialog, the card
editor, undo, results, missed cards, stats with the forecast and a leech, the
card browser, a card's history, the schedule settings, the challenge's
picker, run and results, a notification) and, on each, renders
the whole screen as the terminal would receive it (the compositor's full
update). Textual itself writes only colours (SGR) and cursor moves there, so
any other ESC, a BEL, a C1 control or a bidi override came from the deck. The
controls must show as their visible pictures ("␛[2J") and the markup as the
literal text it is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from textual import events

from mlquiz.core.clock import FixedClock
from mlquiz.core.deck_settings import LeechRule
from mlquiz.core.decks.library import load_deck
from mlquiz.service import GameService
from mlquiz.ui.app import QuizApp, prepare
from mlquiz.ui.screens.browser import BrowserScreen
from mlquiz.ui.screens.card_editor import CardEditor
from mlquiz.ui.screens.card_history import CardHistoryScreen
from mlquiz.ui.screens.challenge import ChallengeResultsScreen, ChallengeScreen, DurationPicker
from mlquiz.ui.screens.deck_settings import DeckSettingsScreen
from mlquiz.ui.screens.help import HelpScreen
from mlquiz.ui.screens.menu import MenuScreen
from mlquiz.ui.screens.quiz import QuizScreen
from mlquiz.ui.screens.results import ResultsScreen
from mlquiz.ui.screens.review import ReviewScreen
from mlquiz.ui.screens.stats import StatsScreen
from mlquiz.ui.screens.tag_picker import TagPicker
from mlquiz.ui.screens.teaching import AcceptWording
from mlquiz.ui.widgets.answer_box import AnswerBox
from tests.support.factories import FakeMonotonic, make_service
from tests.support.pilot import settle

HOSTILE_DECK = Path(__file__).resolve().parents[1] / "data" / "hostile-deck.toml"
SIZE = (120, 40)
# What Textual writes for a screen: colours and cursor moves, nothing else.
TEXTUAL_OWN = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\d+;\d+H")
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A pasted answer: an OSC 52 clipboard write and colour codes around real words.
PASTED = "\x1b]52;c;cGFzdGVk\x07A single \x1b[31mexecution\x1b[0m, logged together\u202e."


def terminal_output(app: QuizApp) -> str:
    """What a full redraw of the current screen sends to the terminal."""
    update = app.screen._compositor.render_update(full=True)
    return update.render_segments(app.console)


def check_screen(app: QuizApp, seen: dict[str, str]) -> str:
    """Assert the current screen sends nothing from the deck that a terminal acts
    on; returns (and keeps in `seen`) its text."""
    raw = terminal_output(app)
    text = TEXTUAL_OWN.sub("", raw)
    name = type(app.screen).__name__
    leftover = FORBIDDEN.findall(text.replace("\n", ""))
    assert not leftover, f"{name}: control characters reach the terminal: {leftover!r}"
    for sequence in ("\x1b]52", "\x1b[2J", "\x1b[H", "\x1b]0;", "\x1b]8;", "\x1b[?1049l"):
        assert sequence not in raw, f"{name}: {sequence!r} reaches the terminal"
    seen[name] = seen.get(name, "") + text
    return text


def hostile_service(folder: Path, clock: FixedClock, mono: FakeMonotonic) -> GameService:
    deck = load_deck(HOSTILE_DECK, source="user")
    return make_service(folder / "data", clock, decks=[deck], mono=mono)


async def test_f1_f2_a_hostile_deck_drives_nothing_on_any_screen(tmp_path):
    clock, mono = FixedClock(), FakeMonotonic()
    service = hostile_service(tmp_path, clock, mono)
    deck = service.deck("hostile")
    # An answer stored by an older mlquiz, escapes and all: the missed-cards
    # browser shows what the database holds.
    earlier = service.start_quiz("hostile", shuffle=False)
    old = earlier.submit("old answer", clock())
    service.store.record_attempt(replace(old, answer="\x1b]52;c;b2xk\x07old \x1b[2J answer"))
    # Card 1 a leech (a rule of no lapses at all): the stats list it by its question.
    service.store.mark_leech(old, LeechRule(threshold=0, suspend=False))
    startup = prepare(service)
    startup.settings = startup.settings.with_changes(shuffle=False, timed_feedback="until-enter")
    app = QuizApp(service, startup)
    seen: dict[str, str] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        menu = app.screen
        assert isinstance(menu, MenuScreen)
        text = check_screen(app, seen)
        # The title's markup is text; its escapes are pictures.
        assert "Deck [/] end [@click=app.quit]QUITLINK[/]" in text
        assert "␛[2J␛[H␛]52;c;aGFja2Vk␇" in text
        assert "[bold]not bold[/bold]" in text

        # The palette reads its help texts as markup (F2: `[/]` crashed it).
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert type(app.screen).__name__ == "CommandPalette"
        text = check_screen(app, seen)
        assert "A quiz on Deck [/] end [@click=app.quit]QUITLINK[/]" in text
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        check_screen(app, seen)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagPicker)
        text = check_screen(app, seen)
        assert "tag␛[2J" in text and "[/] (2)" in text
        # The tags are sorted: "[/]" first, then the tag with an escape in it.
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert "tag␛[2J" in check_screen(app, seen)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("home", "enter")  # back to all tags
        await settle(pilot)

        # A notification quoting deck text (errors do).
        app.notify(f"Could not start: {deck.title}")
        await pilot.pause()
        assert "QUITLINK" in check_screen(app, seen)

        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        text = check_screen(app, seen)
        assert "What is ␛[2J␛[H an [b]MLflow[/b] run?" in text

        await pilot.press("ctrl+t", "ctrl+t", "ctrl+t")  # up to the card's own hint
        await settle(pilot)
        assert "blink" in check_screen(app, seen)

        # A paste with an OSC 52 and colour codes: the box shows and stores the words.
        box = quiz.query_one(AnswerBox)
        app.post_message(events.Paste(PASTED))  # as the terminal driver does
        await pilot.pause()
        assert box.text == "A single execution, logged together."
        check_screen(app, seen)
        await pilot.press("enter")
        await settle(pilot)
        attempt = quiz.session.attempts[-1]
        assert attempt.answer == "A single execution, logged together."
        stored = service.store.session_attempts(quiz.session.id)
        assert stored[-1]["answer"] == "A single execution, logged together."
        text = check_screen(app, seen)  # the feedback: labels, reference, the answer marked
        assert "single ␛[2J execution [/]" in text
        assert "[@click=app.quit]quit[/]" in text

        await pilot.press("r")  # "I was right": the footer and banner change
        await settle(pilot)
        check_screen(app, seen)

        # The teaching keys (issue 13). Accepting the wording lists the card's key
        # points, labels and all.
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AcceptWording)
        text = check_screen(app, seen)
        assert "single ␛[2J execution [/]" in text and "logged ␛]52;c;bGFiZWw=␇ together" in text
        await pilot.press("escape")
        await settle(pilot)
        # The card editor holds every field of the card: there its controls are left
        # out (saving would store them), and it says so.
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        text = check_screen(app, seen)
        assert "What is  an [b]MLflow[/b] run?" in text
        assert "control characters" in text
        assert not editor.changed  # nothing typed: Escape leaves at once
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is quiz
        await pilot.press("w", "x")  # "I was wrong", then treat answers like it as wrong
        await settle(pilot)
        check_screen(app, seen)
        await pilot.press("enter")
        await settle(pilot)
        box = quiz.query_one(AnswerBox)
        box.insert("experiment")  # the confusion's message
        await pilot.press("enter")
        await settle(pilot)
        assert "An experiment ␛[2J is no thing [/]" in check_screen(app, seen)
        # ctrl+z (issue 17): the card comes back with the answer in the box.
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert quiz.query_one(AnswerBox).text == "experiment"
        assert "Name the ␛[H second" in check_screen(app, seen)
        await pilot.press("enter")
        await settle(pilot)

        await pilot.press("escape")  # the results
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        # The reasons of a wrong answer quote the deck's mix-up message (issue 16).
        assert "An experiment ␛[2J is no thing [/]" in check_screen(app, seen)
        await pilot.press("enter")  # back to the menu
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)

        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        text = check_screen(app, seen)
        assert "alpha ␛]0;PWNED␇" in text or "Name the ␛[H second" in text
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        check_screen(app, seen)  # the due forecast
        leeches = app.screen.query_one("#stats-leeches")
        leeches.scroll_visible(animate=False)  # the leech (card 1), below the fold
        await settle(pilot)
        check_screen(app, seen)
        assert "What is ␛[2J␛[H an [b]MLflow[/b] run?" in str(leeches.render())
        await pilot.press("a")  # all decks: titles in the table
        await settle(pilot)
        check_screen(app, seen)
        await pilot.press("escape")
        await settle(pilot)

        # The learner's controls (issue 17): the card browser, a card's history, the
        # card editor opened from the browser, the schedule settings.
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        text = check_screen(app, seen)
        assert "What is ␛[2J␛[H an [b]MLflow[/b] run?" in text and "2␛[2 Name the ␛[H" in text
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, CardHistoryScreen)
        assert "old ␛[2J answer" in check_screen(app, seen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        check_screen(app, seen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DeckSettingsScreen)
        assert "How Deck [/] end" in check_screen(app, seen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, DurationPicker)
        check_screen(app, seen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChallengeScreen)
        check_screen(app, seen)
        app.screen.query_one(AnswerBox).insert("alpha and beta")
        await pilot.press("enter")
        await settle(pilot)
        check_screen(app, seen)
        await pilot.press("enter")
        await settle(pilot)
        mono.now += 61  # time is up: the results and the best table (tags)
        app.screen.tick()
        await settle(pilot)
        assert isinstance(app.screen, ChallengeResultsScreen)
        check_screen(app, seen)

    # The walk reached every screen, and none was blanked or taken over.
    for name in (
        "MenuScreen",
        "CommandPalette",
        "HelpScreen",
        "TagPicker",
        "QuizScreen",
        "AcceptWording",
        "CardEditor",
        "ResultsScreen",
        "ReviewScreen",
        "StatsScreen",
        "BrowserScreen",
        "CardHistoryScreen",
        "DeckSettingsScreen",
        "DurationPicker",
        "ChallengeScreen",
        "ChallengeResultsScreen",
    ):
        assert name in seen, name
    assert app.return_code in (None, 0)  # the click-to-quit markup never quit
    service.close()


async def test_f2_a_deck_title_is_never_markup_in_the_command_palette(tmp_path):
    """`Deck [/] end` crashed the game on ctrl+p (MarkupError); `[@click=app.quit]X[/]`
    made a link that quits. Both are the title's text now."""
    service = hostile_service(tmp_path, FixedClock(), FakeMonotonic())
    app = QuizApp(service, prepare(service))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert type(palette).__name__ == "CommandPalette"
        text = TEXTUAL_OWN.sub("", terminal_output(app))
        assert "A quiz on Deck [/] end [@click=app.quit]QUITLINK[/]" in text
        # No part of the palette is a link to an action of the app.
        update = palette._compositor.render_update(full=True)
        metas = [
            seg.style.meta for line in update.strips for strip in line for seg in strip if seg.style
        ]
        assert not any("app.quit" in str(meta.get("@click", "")) for meta in metas)
        await pilot.press("escape")
        await settle(pilot)
    assert app.return_code in (None, 0)
    service.close()


async def test_f1_a_broken_deck_named_with_escapes_drives_nothing_on_the_menu(tmp_path):
    """The menu lists a deck that did not load with its first problem (issue 16): the
    file's name and the key it quotes are the deck author's text."""
    from mlquiz.core.errors import DeckError

    path = tmp_path / "bad\x1b[2J.toml"
    path.write_text('id = "b"\ntitle = "t"\n"q\\u001b]52;c;aGk=\\u0007" = 1\n')
    try:
        load_deck(path, source="user")
    except DeckError as error:
        broken = error
    else:
        raise AssertionError("the deck loaded")
    clock, mono = FixedClock(), FakeMonotonic()
    deck = load_deck(HOSTILE_DECK, source="user")
    service = make_service(tmp_path / "data", clock, decks=[deck], errors=[broken], mono=mono)
    app = QuizApp(service, prepare(service))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        check_screen(app, {})
        text = str(app.screen.query_one("#menu-broken").render())
        assert "1 deck not loaded" in text
        assert "bad␛[2J.toml" in text and "unknown key 'q␛]52;c;aGk=␇'" in text
    service.close()
