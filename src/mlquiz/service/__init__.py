"""The one object the UI talks to: decks, sessions, answers, history.

`GameService` owns the deck list, the store and the clock. A screen asks it to
start a session, passes every answer through `submit` (which grades, stores
and commits before returning, and says in what it returns whether the
database took it) and asks it for summaries. Nothing in here draws; nothing
in the UI opens a file.

It is one object made of parts: this module is the door itself (decks, the
store, sessions and each answer, the unsaved-answer journal, the settings);
`challenge.py` is the timed challenge, `reports.py` what the menu and stats
read, `controls.py` the learner's controls (limits, undo, the card browser,
FSRS parameters), each a mixin of `GameService` so screens talk to one
object. The parts import only the core, never this module.

Importing this package is cheap: the grader (rapidfuzz, stemmer), the deck
loader (tomli) and the database are loaded the first time they are needed,
so the menu can appear before any of them.
"""

from __future__ import annotations

import os
import random
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from mlquiz.core.clock import Clock, system_clock
from mlquiz.core.decks.registry import DeckRegistry, Scan
from mlquiz.core.errors import BackupError, StorageError
from mlquiz.core.settings import Settings
from mlquiz.core.summaries import MenuSummary, MissedEntry
from mlquiz.service.challenge import ChallengeRuns
from mlquiz.service.controls import LearnerControls
from mlquiz.service.reports import Reports

__all__ = ["GameService", "MenuSummary", "MissedEntry"]

# Sessions, their answers and the unsaved-answer journal (core/session.py,
# answered.py, modes.py, store/journal.py, store/rescue.py and cards.py under
# them) are imported where a session starts or an answer is stored: the menu
# needs none of them, and they cost its first frame ~10 ms (bench/startup.py).
if TYPE_CHECKING:
    from datetime import tzinfo

    from mlquiz.core.answered import Answered, BecameLeech
    from mlquiz.core.cards import Card, Deck
    from mlquiz.core.challenge import ChallengeAnswer
    from mlquiz.core.decks.index import DeckInfo
    from mlquiz.core.errors import DeckError
    from mlquiz.core.modes import Mode
    from mlquiz.core.session import Attempt, GraderLike, Hint, Session, SessionResults
    from mlquiz.core.store.database import Store
    from mlquiz.core.store.journal import Journal
    from mlquiz.core.store.rescue import Rescue
    from mlquiz.core.teaching import Teaching
    from mlquiz.core.verdicts import Verdict


class StoreNews(NamedTuple):
    """What one opening of the database found: where a damaged database was moved
    (`recovered`), why it cannot be used (`error`), why the day's backup failed."""

    recovered: Path | None = None
    error: StorageError | None = None
    backup_error: BackupError | None = None


class GameService(ChallengeRuns, Reports, LearnerControls):
    """Decks, the store and sessions behind one door.

    `data_dir` holds the database (default: `locations.data_dir()`);
    `config_dir` the settings file (default: `locations.config_dir()`).
    `clock` gives the time of every action; `monotonic` (seconds, never set
    back or forward) runs the timed challenge's countdown. `grader_factory(deck)`
    builds a grader and `deck_scanner()` lists the decks (defaults: see
    `DeckRegistry`). `settings` are the player's (the app keeps them current;
    each deck's schedule settings are read from them). The timed challenge is
    `ChallengeRuns`', the summaries `Reports`', the learner's controls (limits,
    browser, undo, leeches) `LearnerControls`'.
    """

    def __init__(
        self,
        data_dir: Path | str | None = None,
        *,
        config_dir: Path | str | None = None,
        clock: Clock = system_clock,
        monotonic: Callable[[], float] = time.monotonic,
        grader_factory: Callable[[Deck], GraderLike] | None = None,
        deck_scanner: Callable[[], Scan] | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        self._data_dir = Path(data_dir) if data_dir is not None else None
        self._config_dir = Path(config_dir) if config_dir is not None else None
        self.clock = clock
        self.monotonic = monotonic
        # The learner's zone for "today" (due today, days, streak); None: the computer's.
        self.tz = tz
        self.registry = DeckRegistry(
            lambda: self.database_path.parent / "cache",
            scanner=deck_scanner,
            grader_factory=grader_factory,
        )
        self._store: Store | None = None
        # The unsaved-answer journal and the rescue (`journal`, `rescue`), made on first use.
        self._journal: Journal | None = None
        self._rescue: Rescue | None = None
        # Why the daily backup failed as the store opened (never fatal; the game says so).
        self.backup_error: BackupError | None = None
        self._teaching: Teaching | None = None
        self.settings = Settings()
        # The (deck, tag) pairs whose figures the menu showed: kept for the next start
        # when the database closes (`close`, core/menu_snapshot.py).
        self._menu_keys: dict[tuple[str, str | None], None] = {}
        # The last count of each, with what it depended on (`Reports._count_menu`):
        # reused at close while nothing it depends on changed.
        self._menu_counted: dict[tuple[str, str | None], tuple[Any, ...]] = {}
        # What opening the database found, for the game to tell (`take_store_news`):
        # appended on the service thread, taken on the UI's (deque ends are thread-safe).
        self._store_news: deque[StoreNews] = deque()
        self._told_store_failure = False
        # The game trusts a file as a clean close stamped it at open and compares its
        # CRC once its menu is up (`check_database_in_background`): a fast start.
        self.verify_stamp_later = False

    @property
    def journal(self) -> Journal:
        """Attempts the store refused (disk full, read-only): kept for a retry, and
        copied to a file as they come, so a crash loses none of them."""
        if self._journal is None:
            from mlquiz.core.store.journal import Journal

            self._journal = Journal(self.clock)
        return self._journal

    @property
    def rescue(self) -> Rescue:
        """This session's stored answers, for a database found damaged mid-session."""
        if self._rescue is None:
            from mlquiz.core.store.rescue import Rescue

            self._rescue = Rescue(self.journal)
        return self._rescue

    def take_rescue_notices(self) -> list[str]:
        """What the rescue of a damaged database has to say (see `rescue`); nothing
        before the first answer was stored, without loading it."""
        return [] if self._rescue is None else self._rescue.take_notices()

    # -- places ---------------------------------------------------------------

    @property
    def database_path(self) -> Path:
        if self._data_dir is not None:
            return self._data_dir / "mlquiz.sqlite3"
        from mlquiz.core.locations import database_path

        return database_path()

    @property
    def _snapshot_path(self) -> Path:
        """Where the menu's figures are kept between games (core/menu_snapshot.py)."""
        return self.database_path.parent / "cache" / "menu-summaries.marshal"

    @property
    def settings_path(self) -> Path:
        if self._config_dir is not None:
            return self._config_dir / "settings.json"
        from mlquiz.core.settings import default_path

        return default_path()

    # -- decks (see core/decks/registry.py) ------------------------------------

    def deck_infos(self) -> list[DeckInfo]:
        """Every deck as the menu lists it (title, card count, tags): no card is read."""
        return self.registry.infos()

    def deck_info(self, deck_id: str) -> DeckInfo:
        return self.registry.info(deck_id)

    def decks(self) -> list[Deck]:
        """Every deck with its cards (each deck's cards are loaded the first time)."""
        return self.registry.decks()

    def deck_errors(self) -> list[DeckError]:
        return self.registry.errors()

    def deck(self, deck_id: str) -> Deck:
        return self.registry.deck(deck_id)

    def add_deck(self, deck: Deck) -> None:
        self.registry.add(deck)

    def grader(self, deck: Deck) -> GraderLike:
        """The deck's grader, with the player's taught wordings of the deck."""
        grader = self.registry.grader(deck)
        self.teaching.attach(deck, grader)
        return grader

    @property
    def teaching(self) -> Teaching:
        """Taught wordings: teach, forget, list, import, export (core/teaching.py)."""
        if self._teaching is None:
            from mlquiz.core.teaching import Teaching

            self._teaching = Teaching(lambda: self.store, self.registry, self.clock, self.tz)
        return self._teaching

    # -- store ----------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The database, opened on first use (may raise `StorageError`).

        Opening it checks the file (a damaged one is moved aside), takes the
        day's backup, and notes what it found for the game to tell
        (`take_store_news`): at start-up, or, when the menu's figures came
        from the last game's snapshot, at the first action that needs it."""
        if self._store is None:
            from mlquiz.core.store.database import Store

            try:
                store = Store(
                    self.database_path, clock=self.clock, verify_later=self.verify_stamp_later
                )
            except StorageError as error:
                if not self._told_store_failure:
                    self._told_store_failure = True
                    self._store_news.append(StoreNews(error=error))
                raise
            self._store = store
            store.on_replaced.append(lambda moved: self.rescue.replaced(moved, self._store_attempt))
            self.backup_error = None
            self._daily_backup()
            self._store_news.append(StoreNews(store.recovered_from, None, self.backup_error))
        return self._store

    @property
    def store_is_open(self) -> bool:
        return self._store is not None

    def take_store_news(self) -> list[StoreNews]:
        """What opening the database found since last asked, one `StoreNews` an opening
        (a database that cannot be used is told once)."""
        news = []
        while self._store_news:
            news.append(self._store_news.popleft())
        return news

    def _daily_backup(self) -> None:
        """At most one backup a day, taken as the store opens (see core/store/backup.py)."""
        from mlquiz.core.store.backup import backup_if_due

        try:
            store = self._store
            verify = store.verify_now if store is not None else None
            backup_if_due(self.database_path, now=self.clock(), before=verify)
        except BackupError as error:
            # A missed backup must not stop play; a disk problem shows on the first write.
            self.backup_error = error

    def check_database_in_background(self) -> None:
        """Compare the database with its stamp, and run the weekly full check if due,
        each on a thread (the game does, once its menu is up)."""
        self.store.verify_in_background()
        self.store.start_full_check_if_due()

    def open_store(self) -> Path | None:
        """Open the database now; returns where a corrupt one was moved, if any.

        Call it from a worker at start-up so the UI can say "your database was
        damaged and moved to ..." in one sentence.
        """
        return self.store.recovered_from

    def close(self) -> None:
        """Close the database (the next use opens it again), keeping the menu's figures
        of the decks the menu showed for the next start (core/menu_snapshot.py).

        Not safe while another thread is in a call: the game waits for its
        service thread first (`ui.service_thread.shutdown`).
        """
        store = self._store
        if store is None:
            return
        entries = None
        if self._menu_keys and not store.read_only:
            try:
                version = store.data_version()
                entries = self.menu_entries()
                if store.data_version() != version:  # another program wrote meanwhile
                    entries = None
            except StorageError:
                entries = None
        store.close()
        self._store = None
        self._menu_counted.clear()  # its marks are this store's
        if entries is not None:
            from mlquiz.core.menu_snapshot import database_stamp, write_snapshot

            write_snapshot(self._snapshot_path, database_stamp(self.database_path), entries)

    # -- sessions -------------------------------------------------------------

    def start_quiz(
        self,
        deck_id: str,
        count: int | None = None,
        shuffle: bool = True,
        tag: str | None = None,
        rng: random.Random | None = None,
    ) -> Session:
        """A normal quiz: `count` cards (None: all), shuffled or in deck order."""
        from mlquiz.core import modes

        deck = self.deck(deck_id)
        held = self.held_cards(deck_id)
        cards = modes.practice_cards(
            deck, count=count, shuffle=shuffle, tag=tag, rng=rng, held=held
        )
        options = {"count": count, "shuffle": shuffle, "tag": tag}
        return self._start(deck, cards, modes.Mode.QUIZ, options)

    def start_review(
        self,
        deck_id: str,
        count: int | None = None,
        tag: str | None = None,
        new_cards: bool = True,
    ) -> Session:
        """A review: the cards FSRS has due (most overdue first), then the missed ones,
        then (unless `new_cards` is false: "review what I missed") the day's new
        cards, within the deck's daily limits (`review_plan`).

        The session may have no cards (nothing due, missed or new): check `session.total`.
        """
        from mlquiz.core import modes

        deck = self.deck(deck_id)
        plan = self.review_plan(deck_id)
        if not new_cards:
            plan = replace(plan, new=())
        cards = modes.review_cards(self.store, deck, self.clock(), count=count, tag=tag, plan=plan)
        options = {"count": count, "tag": tag}
        return self._start(deck, cards, modes.Mode.REVIEW, options)

    def start_listed_review(self, deck_id: str, card_ids: Sequence[str]) -> Session:
        """A review of the cards the missed-cards browser lists, in its order (most
        missed first), so Enter asks what the player sees; suspended and buried ones
        are left out, as any review leaves them."""
        from mlquiz.core import modes

        deck = self.deck(deck_id)
        held = self.held_cards(deck_id)
        by_id = {card.id: card for card in deck.cards}
        cards = [by_id[i] for i in card_ids if i in by_id and i not in held]
        return self._start(deck, cards, modes.Mode.REVIEW, {"cards": list(card_ids)})

    def start_session(
        self,
        deck_id: str,
        cards: list[Card] | tuple[Card, ...],
        mode: Mode,
        *,
        timed: bool = False,
        options: dict[str, Any] | None = None,
    ) -> Session:
        """A session over cards chosen by the caller (for modes built elsewhere)."""
        return self._start(self.deck(deck_id), cards, mode, options or {}, timed=timed)

    def _start(
        self,
        deck: Deck,
        cards: Sequence[Card],
        mode: Mode,
        options: dict[str, Any],
        timed: bool = False,
    ) -> Session:
        from mlquiz.core.session import Session

        now = self.clock()
        session = Session(
            deck,
            cards,
            self.grader(deck),
            mode=mode,
            session_id=os.urandom(16).hex(),  # uuid4-like; uuid itself costs 10 ms to import
            started_at=now,
            timed=timed,
        )
        schedule = self.deck_settings(deck.id)
        session.retention = schedule.desired_retention
        session.scheduled = not timed or schedule.challenge_schedules
        if session.total:
            try:
                self.store.start_session(session.id, deck.id, mode, now, options)
            except StorageError:
                # A full or read-only disk must not stop play: record_attempt makes
                # the session row later, and until then answers wait in `unsaved`.
                pass
        return session

    def hint(self, session: Session) -> Hint:
        return session.hint(self.clock())

    def submit(self, session: Session, answer: str) -> Answered:
        """Grade `answer`, commit it to the database, and say what it came to.

        If the store cannot be written, the attempt is still part of the
        session (the learner sees the verdict), it waits in `unsaved` (and
        its file), and the result's `saved` says so and where the copy is.
        """
        return self._answered(session, session.submit(answer, self.clock()))

    def skip(self, session: Session) -> Answered:
        return self._answered(session, session.skip(self.clock()))

    def override(
        self, session: Session, attempt: Attempt, verdict: Verdict | str | None
    ) -> Answered:
        """ "I was right" ("correct") / "I was wrong" ("incorrect"); None undoes it."""
        updated = session.override(attempt, verdict)

        def store_override(attempt: Attempt) -> None:
            self.store.set_override(attempt.session_id, attempt.seq, attempt.override)
            self.rescue.stored(attempt)

        # An attempt still unsaved is stored whole; should the override's own
        # write fail, the journal keeps the attempt and record_attempt upserts it.
        held = self.journal.holds(updated)
        return self._answered(
            session, updated, store=self._store_attempt if held else store_override
        )

    def advance(self, session: Session) -> Card | None:
        return session.advance(self.clock())

    def finish(self, session: Session) -> SessionResults:
        """End the session (finished or left early) and return its results; their
        `saved` says whether the end reached the database."""
        from mlquiz.core.answered import Saved

        now = self.clock()
        session.end(now)
        saved = Saved()
        if session.attempts:
            try:
                self.store.end_session(session.id, now)
            except StorageError as error:
                saved = Saved(ok=False, error=str(error))
        return replace(session.results(), saved=saved)

    def _answered(
        self,
        session: Session,
        attempt: Attempt,
        scored: ChallengeAnswer | None = None,
        store: Callable[[Attempt], object] | None = None,
    ) -> Answered:
        """Store `attempt` (or keep it in the journal) and say what it came to."""
        from mlquiz.core.answered import Answered

        leech: list[BecameLeech | None] = []

        def store_attempt(attempt: Attempt) -> None:
            leech.append(self._store_attempt(attempt))

        saved = self.journal.record(attempt, store or store_attempt)
        card = session.deck.card(attempt.card_id)
        became = leech[0] if leech else None
        return Answered(attempt, card, session.grade_of(attempt), saved, scored, became)

    def _store_attempt(self, attempt: Attempt) -> BecameLeech | None:
        """Store it; a card whose lapses reach the deck's leech threshold becomes a leech."""
        state = self.store.record_attempt(attempt)
        self.rescue.stored(attempt)
        rule = self.deck_settings(attempt.deck_id).leech_rule
        if state is None or state.lapses < rule.threshold:
            return None
        return self.store.mark_leech(attempt, rule)

    # -- answers the database refused (see core/store/journal.py) ----------------

    @property
    def unsaved(self) -> list[Attempt]:
        """Attempts graded but not stored because writing failed."""
        return [] if self._journal is None else self._journal.attempts

    @property
    def unsaved_file(self) -> Path | None:
        """The file the unsaved attempts were copied to, if any."""
        return None if self._journal is None else self._journal.file

    @property
    def unsaved_copied(self) -> bool:
        """Whether `unsaved_file` holds every unsaved attempt (its last write worked)."""
        return self.journal.copied

    def export_unsaved(self, folder: Path | str | None = None) -> Path:
        """Write the unsaved attempts to their file now (see `Journal.export`)."""
        return self.journal.export(folder)

    def retry_unsaved(self) -> int:
        """Try to store the unsaved attempts again; returns how many are still unsaved."""
        return self.journal.retry(self._store_attempt)

    def save_unsaved_file(self, path: Path | str) -> tuple[int, int]:
        """Store the answers of an `mlquiz-unsaved-*.json` file (see `core.store.journal`).

        Returns (answers added, answers already stored). An answer already
        stored (same session and position) is skipped, so a file saved twice
        adds nothing the second time; answers older than what is stored are
        scheduled by replaying the card.
        Raises UnsavedFileError for a file the game did not write, StorageError
        if the database cannot take them; the file itself is left as it is.
        """
        from mlquiz.core.store import journal

        attempts = journal.read(path)
        stored = {
            (session_id, row["seq"])
            for session_id in {a.session_id for a in attempts}
            for row in self.store.session_attempts(session_id)
        }
        # An answer already stored is left as it is: the file may be older than
        # an override given since.
        new = [a for a in attempts if journal.key(a) not in stored]
        for attempt in new:
            self.store.record_attempt(attempt)
        return len(new), len(attempts) - len(new)

    # -- settings -------------------------------------------------------------

    def load_settings(self) -> tuple[Settings, Path | None]:
        """The saved settings, and where a broken settings file was moved (or None)."""
        from mlquiz.core.settings import load_settings

        settings, broken = load_settings(self.settings_path, now=self.clock())
        self.settings = settings
        return settings, broken

    def save_settings(self, settings: Settings) -> Path:
        from mlquiz.core.settings import save_settings

        self.settings = settings
        return save_settings(settings, self.settings_path)
