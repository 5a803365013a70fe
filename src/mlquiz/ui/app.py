"""The Textual app and `run`, the one way into the game.

`run` reads the deck index and the settings before the screen appears, so
the deck list is complete on the first frame and an unknown `--deck` is a
plain error message instead of a broken screen. It also gets the first deck's
summary, so the menu is composed with its final text (every change to it
after mount would cost another layout pass before the menu is ready): the
figures the last game kept when it closed the database, while nothing they
depend on has changed (`keep_summary`, core/menu_snapshot.py), else from the
database, opened then (`open_store`: a quick check of the file, a daily
backup). In the first case the database is opened at the first action that
needs it (a quiz, a review, the stats, another deck's figures), and what
opening it found (a damaged file moved aside, a backup that failed, a
database that cannot be used) is told then, within a second; in the second,
once the screen is up. The app receives the service and what `prepare` found;
screens receive what they need from it. (An app started with neither, as in
the tests, opens the database on the service thread as it mounts, and the
menu's summary line fills in a moment later.)
"""

from __future__ import annotations

import asyncio
import gc
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES

from mlquiz.core.errors import BackupError, DeckError, StorageError
from mlquiz.core.terminal_text import shown, shown_line
from mlquiz.ui.breakpoints import breakpoint_classes
from mlquiz.ui.screens.menu import MenuScreen, first_deck
from mlquiz.ui.service_thread import call
from mlquiz.ui.service_thread import shutdown as shutdown_service_thread
from mlquiz.ui.signals import exit_on_signals, retake_terminal_on_continue
from mlquiz.ui.unsaved_exit import export_folder, keep_unsaved, say
from mlquiz.ui.widgets.too_small import cover, too_small, uncover

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.geometry import Size

    from mlquiz.core.decks.index import DeckInfo
    from mlquiz.core.settings import Settings
    from mlquiz.core.summaries import MenuSummary
    from mlquiz.service import GameService


QUIT_AGAIN_SECONDS = 2.0  # a second ctrl+c within this time quits


@dataclass
class Startup:
    """What `prepare` read before the app started.

    `deck_id` is the deck to select on the menu (from `--deck`), `notices` the
    problems to tell the user once the screen is up, as (message, severity).
    """

    decks: list[DeckInfo]
    settings: Settings
    deck_id: str | None = None
    notices: list[tuple[str, str]] = field(default_factory=list)
    # The decks that failed to load, one line each (`path:line: problem`): the
    # menu lists them, where they stay, instead of a toast that went away (or
    # covered the reference answer if a quiz had started).
    broken_decks: list[str] = field(default_factory=list)
    # Filled by `open_store`: whether it ran, where a damaged database was moved,
    # why the database cannot be used, and the summary of the menu's first deck
    # (or by `keep_summary`, which leaves the database closed: `summary_kept`).
    store_opened: bool = False
    summary_kept: bool = False
    recovered: Path | None = None
    store_error: StorageError | None = None
    summary: MenuSummary | None = None


# Seconds after start-up before the weekly full check of the database begins.
FULL_CHECK_DELAY = 3.0

# Seconds after the menu is up before what a quiz needs first is imported.
PRELOAD_DELAY = 0.5


class StartupError(Exception):
    """The game cannot start (an unknown or broken `--deck`); the message says why."""


def prepare(service: GameService, deck: str | None = None) -> Startup:
    """Load the decks and settings; raise `StartupError` for a `--deck` that cannot be played."""
    from mlquiz.core.decks.library import resolve_deck

    notices: list[tuple[str, str]] = []
    # The deck index: titles, card counts and tags, no card read (core/decks/index.py).
    decks = service.deck_infos()
    broken_decks = [_first_problem(error) for error in service.deck_errors()]

    deck_id = None
    if deck:
        known = {d.id for d in decks}
        if deck in known:
            deck_id = deck
        else:
            try:
                loaded = resolve_deck(deck)
            except DeckError as error:
                raise StartupError(str(error)) from None
            service.add_deck(loaded)
            decks = service.deck_infos()
            deck_id = loaded.id

    settings, broken = service.load_settings()
    if broken is not None:
        notices.append((f"Your settings file was unreadable; it was moved to {broken}.", "warning"))
    if settings.theme not in BUILTIN_THEMES:
        settings = replace(settings, theme="textual-dark")
    return Startup(
        decks=decks,
        settings=settings,
        deck_id=deck_id,
        notices=notices,
        broken_decks=broken_decks,
    )


def _first_problem(error: object) -> str:
    """`name.toml:3: problem`: a deck error's first problem with the file's name
    (the menu's column is narrow; `mlquiz deck list` gives the whole path)."""
    problems = getattr(error, "problems", None)
    if not problems:
        return str(error)
    first = problems[0]
    name = Path(first.path).name
    return f"{name if first.line is None else f'{name}:{first.line}'}: {first.problem}"


def keep_summary(service: GameService, startup: Startup) -> bool:
    """Give the menu's first deck the figures the last game kept, if they still hold
    (core/menu_snapshot.py): then the database stays closed until first needed.
    Returns whether it did."""
    deck_id = first_deck(startup.decks, startup.deck_id)
    if deck_id is None:
        return False
    summary = service.kept_menu_summary(deck_id, _menu_tag(startup, deck_id))
    if summary is None:
        return False
    startup.summary = summary
    startup.summary_kept = True
    return True


def _menu_tag(startup: Startup, deck_id: str) -> str | None:
    """The tag the menu counts with: the filter, when the deck has that tag
    (MenuScreen.effective_tag)."""
    tag = startup.settings.tag
    if not any(deck.id == deck_id and tag in deck.tags for deck in startup.decks):
        return None
    return tag


def open_store(service: GameService, startup: Startup) -> None:
    """Open the database and read the summary of the deck the menu shows first.

    Before the app starts, so the menu's first frame is complete. A database
    that cannot be used is not an error here: the app says why once it is up
    (see `QuizApp._store_opened`) and play goes on, each answer copied to a file.
    """

    startup.store_opened = True
    try:
        startup.recovered = service.open_store()
    except StorageError as error:
        startup.store_error = error
        return
    deck_id = first_deck(startup.decks, startup.deck_id)
    if deck_id is None:
        return
    try:
        startup.summary = service.menu_summary(deck_id, _menu_tag(startup, deck_id))
    except StorageError:
        pass  # the menu reads it again once mounted and says it cannot


class QuizApp(App[int]):
    """mlquiz: the menu first; every other screen is pushed from there."""

    CSS_PATH = "app.tcss"
    TITLE = "mlquiz"
    # Compact layouts for small terminals; the .tcss keys off these classes.
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (60, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    BINDINGS = [
        # A priority binding, so F1 also works over a dialog (the tag picker, a card's
        # answers, accepting a wording): a modal screen stops the app's other keys.
        Binding("f1", "help", "Help", priority=True),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self, service: GameService, startup: Startup) -> None:
        super().__init__()
        self.service = service
        self.startup = startup
        self.settings = startup.settings
        # The service schedules each deck by its settings: it reads the same ones.
        service.settings = startup.settings
        self.theme = startup.settings.theme
        # Below the minimum size a notice covers the screen and keys wait (see too_small.py).
        self._too_small = False
        # Whether the player was told where the answers the database refused go.
        self._told_unsaved = False
        # When ctrl+c last said how to quit: pressed again soon after, it quits.
        self._ctrl_c_at = float("-inf")

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal, its input parser made to take a paste
        whole and clean (ui/paste.py)."""
        from mlquiz.ui.paste import install

        driver_class = super().get_driver_class()
        install(driver_class)
        return driver_class

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification of the game (screens' too) is plain text with its
        controls made visible: many name a deck, a file or an error that quotes
        deck text, which must never be read as markup or reach the terminal."""
        super().notify(
            shown(str(message)),
            title=shown_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_default_screen(self) -> Screen:
        return self._fitted(
            MenuScreen(
                self.service,
                self.startup.decks,
                self.settings,
                deck_id=self.startup.deck_id,
                summary=self.startup.summary,
                broken=self.startup.broken_decks,
            )
        )

    def push_screen(self, screen, *args, **kwargs):
        if isinstance(screen, Screen):
            self._fitted(screen)
        return super().push_screen(screen, *args, **kwargs)

    def _fitted(self, screen: Screen) -> Screen:
        """Give `screen` the breakpoint classes of the current size before its first layout.

        Textual adds them when the screen gets its first Resize, which comes
        after the screen has been laid out and drawn once without them: every
        screen was drawn twice more, at widths it never keeps (on the menu,
        three full redraws and ~25 ms of the start-up; issue 3).
        """
        horizontal, vertical = screen.HORIZONTAL_BREAKPOINTS, screen.VERTICAL_BREAKPOINTS
        classes = breakpoint_classes(
            self.size,
            self.HORIZONTAL_BREAKPOINTS if horizontal is None else horizontal,
            self.VERTICAL_BREAKPOINTS if vertical is None else vertical,
        )
        # A screen pushed again (not done today) is mounted: restyle it then.
        screen.update_classes(classes, update=screen.is_mounted)
        return screen

    def on_mount(self) -> None:
        exit_on_signals(self)  # SIGTERM/SIGHUP: quit as the user would, terminal restored
        retake_terminal_on_continue(self)
        for message, severity in self.startup.notices:
            self.notify(message, severity=severity, timeout=10, markup=False)  # type: ignore[arg-type]
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        # Immediate: a screen pushed while the terminal is too small is covered
        # before its first layout at that size.
        self.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)
        self._fit(self.size)
        # A write can fail at any moment (a disk filling up, a damaged file):
        # look for answers left unsaved, or a database replaced.
        self.set_interval(1.0, self._watch_unsaved, name="unsaved answers")
        if self.startup.store_opened:
            self._tell_store_news()
        elif not self.startup.summary_kept:
            self._open_store()
        # else: the database opens at the first action that needs it, and
        # `_watch_unsaved` tells what opening it found.
        self.set_timer(PRELOAD_DELAY, _preload_sessions, name="preload")

    @work(group="store")
    async def _open_store(self) -> None:
        try:
            await call(self.service.open_store)
        except StorageError:
            pass  # the news below says why
        self._tell_store_news()

    def _tell_store_news(self) -> None:
        for news in self.service.take_store_news():
            self._store_opened(news.recovered, news.error, news.backup_error)

    def _store_opened(
        self,
        recovered: Path | None,
        error: StorageError | None,
        backup_error: BackupError | None = None,
    ) -> None:
        """Say what opening the database found: it cannot be used, or it was damaged,
        or today's backup of it failed."""
        if error is not None:
            # Play goes on: each answer is copied to a file as it is given (the
            # service's `unsaved_file`), and on quit its path is printed (see `run`).
            self._told_unsaved = True
            self.notify(
                f"Cannot use your answer database: {error}; your answers will be "
                f"written to a file in {export_folder()} as you give them.",
                severity="error",
                timeout=15,  # it would cover the feedback's right half all along
                markup=False,
            )
            return
        if recovered is not None:
            self.notify(
                f"Your answer database was damaged; it was moved to {recovered} "
                "and a new one was started (quit and run `mlquiz restore` to go back "
                "to a backup).",
                severity="error",
                timeout=30,
                markup=False,
            )
        if backup_error is not None:
            # Once, as the game opens: play goes on, and tomorrow's start tries again.
            self.notify(
                f"Today's backup of your answers could not be made: {backup_error}. Your "
                "answers are still saved; `mlquiz backup` tries again.",
                severity="warning",
                timeout=10,
                markup=False,
            )
        # The file compared with its stamp (a CRC of every byte) and the weekly full
        # check, once the start-up is over (each on a thread of its own; damage
        # found is handled at the next read or answer, before any write).
        self.set_timer(FULL_CHECK_DELAY, self._check_database)

    @work(group="store")
    async def _check_database(self) -> None:
        try:
            await call(self.service.check_database_in_background)
        except StorageError:
            pass  # the next read or write says what is wrong

    def _watch_unsaved(self) -> None:
        """Say once that answers are not reaching the database and where they go
        instead; and that a database found damaged mid-session was replaced. Also what
        opening the database found, when that waited for the first action needing it."""
        self._tell_store_news()
        for notice in self.service.take_rescue_notices():
            self.notify(notice, severity="error", timeout=30)
        if self._told_unsaved or not self.service.unsaved:
            return
        self._told_unsaved = True
        copy = self.service.unsaved_file
        self.notify(
            "Your answers are not being saved to the database; each one is written to "
            f"{copy} instead."
            if copy is not None and self.service.unsaved_copied
            else "Your answers are not being saved; they are kept in memory and will be "
            f"written to a file in {export_folder()} when you quit.",
            severity="error",
            timeout=15,
            markup=False,
        )

    # -- a terminal too small ---------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size)

    def _screen_changed(self, screen: Screen) -> None:
        if self._too_small:
            self._fit(self.size)

    def _fit(self, size: Size) -> None:
        """Cover the current screen with the notice below the minimum size; uncover above."""
        self._too_small = too_small(size)
        if self._too_small:
            cover(self.screen, size)
        else:
            for screen in self.screen_stack:
                uncover(screen)

    async def on_event(self, event: events.Event) -> None:
        # While the notice is up, keys would act on a screen nobody can see: only
        # ctrl+q (quit) and ctrl+c (which says how to quit) get through.
        if (
            self._too_small
            and isinstance(event, (events.Key, events.Paste))
            and not event.is_forwarded
            and getattr(event, "key", None) not in ("ctrl+q", "ctrl+c")
        ):
            return
        await super().on_event(event)

    # -- settings -------------------------------------------------------------

    def _theme_changed(self, theme: object) -> None:
        self._remember(theme=self.theme)

    def on_menu_screen_options_changed(self, event: MenuScreen.OptionsChanged) -> None:
        self._remember(count=event.count, shuffle=event.shuffle, tag=event.tag)

    def on_menu_screen_feedback_changed(self, event: MenuScreen.FeedbackChanged) -> None:
        self._remember(timed_feedback=event.feedback)

    def on_menu_screen_deck_settings_changed(self, event: MenuScreen.DeckSettingsChanged) -> None:
        self._remember(decks={**self.settings.decks, event.deck_id: event.settings})
        for screen in self.screen_stack:  # its counts follow the new limits
            if isinstance(screen, MenuScreen):
                screen.refresh_summary()

    def _remember(self, **changes: object) -> None:
        settings = self.settings.with_changes(**changes)
        if settings != self.settings:
            self.settings = settings
            self.service.settings = settings
            self._save_settings(settings)

    @work(exclusive=True, group="settings")
    async def _save_settings(self, settings: Settings) -> None:
        # The theme picker changes the theme on every highlighted row: wait a
        # moment so a run of changes is written once (exclusive cancels the rest).
        await asyncio.sleep(0.4)
        try:
            await call(self.service.save_settings, settings)
        except OSError as error:
            self.notify(
                f"Your settings could not be saved: {error}", severity="warning", markup=False
            )

    # -- actions --------------------------------------------------------------

    def action_help(self) -> None:
        from mlquiz.ui.screens.help import HelpScreen, help_section

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)  # F1 again closes it
        else:
            self.push_screen(HelpScreen(help_section(self.screen)))

    def action_help_quit(self) -> None:
        """ctrl+c: say which key quits, and quit when pressed again soon after (the
        reflex of other terminal programs), unless an answer is typed and not
        submitted: that one would be lost, so only the quit key drops it. Textual's
        own notice is markup ("[b]ctrl+q[/b]"), which `notify` above shows as written."""
        # The app's own keys: over a dialog, `active_bindings` leaves them out.
        keys = [key for key, binding in self._bindings if binding.action in ("quit", "app.quit")]
        if not keys:
            return
        warning = getattr(self.screen, "quit_warning", lambda key: None)(keys[0])
        now = time.monotonic()
        if warning is None and now - self._ctrl_c_at <= QUIT_AGAIN_SECONDS:
            self.exit()  # as the quit key does (App.action_quit)
            return
        self._ctrl_c_at = now if warning is None else float("-inf")
        self.notify(
            warning or f"Press {keys[0]} (or ctrl+c again) to quit mlquiz.",
            title="Do you want to quit?",
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from mlquiz.ui.commands import palette_commands

        yield from palette_commands(self, screen, super().get_system_commands(screen))


def _preload_sessions() -> None:
    """What starting a session needs, which the menu (~10 ms sooner without it) does
    not: loaded as the player reads the menu (bench/first_question.py --pause)."""
    import mlquiz.core.answered
    import mlquiz.core.modes
    import mlquiz.core.session
    import mlquiz.core.store.journal
    import mlquiz.core.store.rescue  # noqa: F401


def run(deck: str | None = None) -> int:
    """Play: `mlquiz` and `mlquiz --deck ID_OR_PATH`. Returns the exit status."""
    from mlquiz.service import GameService

    service = GameService()
    # The CRC of the database is compared once the menu is up (`_check_database`).
    service.verify_stamp_later = True
    try:
        startup = prepare(service, deck)
    except StartupError as error:
        print(f"mlquiz: {error}", file=sys.stderr)
        service.close()
        return 1
    from mlquiz.core.store.games import hold

    if not keep_summary(service, startup):
        open_store(service, startup)
    app = QuizApp(service, startup)
    # Everything made so far (modules, the decks, the settings) lives until
    # exit: take it out of the garbage collector's full passes, each of which
    # would walk it again. The first full pass fell while the menu was being
    # drawn; with this, start-up to quit takes ~60 ms less (bench/startup.py).
    gc.freeze()  # for the rest of the process, like each deck loaded to play:
    service.registry.freeze_loaded = True  # (core/decks/registry.py)
    try:
        # Marks this game as holding the database, so `mlquiz restore` waits for it.
        with hold(service.database_path, service.clock()):
            app.run()
    finally:
        # Quitting cancelled the workers, not the service calls they awaited (an
        # answer being stored): let those finish before anything else uses the service.
        shutdown_service_thread()
        # The debounced save may not have run if the app quit right after a change.
        if app.settings != startup.settings:
            try:
                service.save_settings(app.settings)
            except OSError as error:
                say(f"mlquiz: could not save settings: {error}")
        keep_unsaved(service)
        service.close()
    return app.return_code or 0
