"""The one object the UI talks to: decks, sessions, answers, history.

`GameService` owns the deck list, the store and the clock. A screen asks it to
start a session, passes every answer through `submit` (which grades, stores
and commits before returning, and says in what it returns whether the
database took it) and asks it for summaries. Nothing in here draws; nothing
in the UI opens a file.

Importing this module is cheap: the grader (rapidfuzz, stemmer), the deck
loader (tomli) and the database are loaded the first time they are needed,
so the menu can appear before any of them.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlquiz.core import modes
from mlquiz.core.answered import Answered, Saved
from mlquiz.core.clock import Clock, system_clock
from mlquiz.core.decks.registry import DeckRegistry, Scan
from mlquiz.core.errors import BackupError, StorageError
from mlquiz.core.modes import Mode
from mlquiz.core.session import Attempt, GraderLike, Hint, Session, SessionResults
from mlquiz.core.store.journal import Journal
from mlquiz.core.verdicts import Verdict

if TYPE_CHECKING:
    from datetime import datetime, tzinfo

    from mlquiz.core.cards import Card, Deck
    from mlquiz.core.challenge import (
        Challenge,
        ChallengeAnswer,
        ChallengeResults,
        ChallengeRun,
    )
    from mlquiz.core.errors import DeckError
    from mlquiz.core.progress import Progress
    from mlquiz.core.settings import Settings
    from mlquiz.core.store.database import Store
    from mlquiz.core.store.queries import SessionSummary


@dataclass(frozen=True)
class MenuSummary:
    """What the menu shows beside a deck."""

    deck_id: str
    cards: int
    missed: int
    last_session: SessionSummary | None
    # Cards FSRS has due by the end of today (local time), overdue ones included,
    # and when the next card not yet due comes due (None: nothing scheduled);
    # `due_now` are those due already, which a review asks first. See
    # `due.due_counts`.
    due_today: int = 0
    next_due: datetime | None = None
    due_now: int = 0


@dataclass(frozen=True)
class MissedEntry:
    """One row of the missed-cards browser."""

    card: Card
    misses: int
    attempts: int
    last_answer: str
    last_verdict: str
    last_answered_at: str
    # Key points missed on this card, most often missed first: (label, times).
    missed_points: tuple[tuple[str, int], ...]

    @property
    def reference(self) -> str:
        return self.card.answer


class GameService:
    """Decks, the store and sessions behind one door.

    `data_dir` holds the database (default: `locations.data_dir()`);
    `config_dir` the settings file (default: `locations.config_dir()`).
    `clock` gives the time of every action; `monotonic` (seconds, never set
    back or forward) runs the timed challenge's countdown. `grader_factory(deck)`
    builds a grader and `deck_scanner()` lists the decks (defaults: see
    `DeckRegistry`).
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
        # Attempts the store refused (disk full, read-only): kept for a retry, and
        # copied to a file as they come, so a crash loses none of them.
        self.journal = Journal(clock)
        # Why the daily backup failed as the store opened (never fatal; the game says so).
        self.backup_error: BackupError | None = None

    # -- places ---------------------------------------------------------------

    @property
    def database_path(self) -> Path:
        if self._data_dir is not None:
            return self._data_dir / "mlquiz.sqlite3"
        from mlquiz.core.locations import database_path

        return database_path()

    @property
    def settings_path(self) -> Path:
        if self._config_dir is not None:
            return self._config_dir / "settings.json"
        from mlquiz.core.settings import default_path

        return default_path()

    # -- decks (see core/decks/registry.py) ------------------------------------

    def decks(self) -> list[Deck]:
        return self.registry.decks()

    def deck_errors(self) -> list[DeckError]:
        return self.registry.errors()

    def deck(self, deck_id: str) -> Deck:
        return self.registry.deck(deck_id)

    def add_deck(self, deck: Deck) -> None:
        self.registry.add(deck)

    def grader(self, deck: Deck) -> GraderLike:
        return self.registry.grader(deck)

    # -- store ----------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The database, opened on first use (may raise `StorageError`)."""
        if self._store is None:
            from mlquiz.core.store.database import Store

            self._store = Store(self.database_path, clock=self.clock)
            self._daily_backup()
        return self._store

    def _daily_backup(self) -> None:
        """At most one backup a day, taken as the store opens (see core/store/backup.py)."""
        from mlquiz.core.store.backup import backup_if_due

        try:
            backup_if_due(self.database_path, now=self.clock())
        except BackupError as error:
            # A missed backup must not stop play; a disk problem shows on the first write.
            self.backup_error = error

    def open_store(self) -> Path | None:
        """Open the database now; returns where a corrupt one was moved, if any.

        Call it from a worker at start-up so the UI can say "your database was
        damaged and moved to ..." in one sentence.
        """
        return self.store.recovered_from

    def close(self) -> None:
        """Close the database (the next use opens it again).

        Not safe while another thread is in a call: the game waits for its
        service thread first (`ui.service_thread.shutdown`).
        """
        if self._store is not None:
            self._store.close()
            self._store = None

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
        deck = self.deck(deck_id)
        cards = modes.practice_cards(deck, count=count, shuffle=shuffle, tag=tag, rng=rng)
        options = {"count": count, "shuffle": shuffle, "tag": tag}
        return self._start(deck, cards, Mode.QUIZ, options)

    def start_review(
        self, deck_id: str, count: int | None = None, tag: str | None = None
    ) -> Session:
        """A review: the cards FSRS has due (most overdue first), then the missed ones.

        The session may have no cards (nothing due or missed): check `session.total`.
        """
        deck = self.deck(deck_id)
        cards = modes.review_cards(self.store, deck, self.clock(), count=count, tag=tag)
        options = {"count": count, "tag": tag}
        return self._start(deck, cards, Mode.REVIEW, options)

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
        saved = self.journal.record(attempt, store or self._store_attempt)
        card = session.deck.card(attempt.card_id)
        return Answered(attempt, card, session.grade_of(attempt), saved, scored)

    def _store_attempt(self, attempt: Attempt) -> None:
        self.store.record_attempt(attempt)

    # -- answers the database refused (see core/store/journal.py) ----------------

    @property
    def unsaved(self) -> list[Attempt]:
        """Attempts graded but not stored because writing failed."""
        return self.journal.attempts

    @property
    def unsaved_file(self) -> Path | None:
        """The file the unsaved attempts were copied to, if any."""
        return self.journal.file

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

    # -- timed challenge ------------------------------------------------------
    # The rules (countdown, points, streaks) are in core/challenge.py. Every
    # answer is stored here like a quiz answer (flagged timed), so it is
    # scheduled and missed like any other.

    def start_challenge(
        self,
        deck_id: str,
        duration_s: int,
        tag: str | None = None,
        rng: random.Random | None = None,
    ) -> Challenge:
        """A timed run over the deck's cards (those with `tag`), shuffled by `rng`.

        The run is stored as begun (a run that never ends never ranks); its
        countdown starts now. Raises ValueError when no card carries `tag`.
        """
        from mlquiz.core.challenge import Challenge, challenge_cards, shuffled

        deck = self.deck(deck_id)
        pool = challenge_cards(deck.cards, tag)
        if not pool:
            raise ValueError(f"no card of deck {deck_id!r} has the tag {tag!r}")
        rng = rng or random.Random()
        options = {"duration_s": duration_s, "tag": tag}
        cards = shuffled(pool, rng)
        session = self.start_session(deck_id, cards, Mode.CHALLENGE, timed=True, options=options)
        try:
            run_id: int | None = self.store.start_challenge_run(
                session.id, deck.id, duration_s, tag, session.started_at
            )
        except StorageError:
            run_id = None  # play on; the run is recorded at the end if the disk recovers
        return Challenge(
            session,
            duration_s,
            monotonic=self.monotonic,
            pool=pool,
            rng=rng,
            tag=tag,
            run_id=run_id,
        )

    def challenge_submit(self, challenge: Challenge, answer: str) -> Answered:
        """Grade, score and store `answer`; if time was up, it was the last one."""
        scored = challenge.submit(answer, self.clock())
        return self._answered(challenge.session, scored.attempt, scored)

    def challenge_skip(self, challenge: Challenge) -> Answered:
        scored = challenge.skip(self.clock())
        return self._answered(challenge.session, scored.attempt, scored)

    def challenge_hint(self, challenge: Challenge) -> Hint:
        return challenge.hint(self.clock())

    def challenge_next(self, challenge: Challenge) -> Card:
        """The next card (after the feedback); the countdown runs again."""
        return challenge.next(self.clock())

    def challenge_finish(self, challenge: Challenge, pending_answer: str = "") -> ChallengeResults:
        """End a run whose time is up, grading `pending_answer` (the text left in the box) first.

        Records the run and returns its results with the best table. Calling
        it again returns the same results. If the store refuses the pending
        answer, it is scored all the same, waits in `unsaved`, and the run is
        still ended and recorded as far as the disk allows (`saved` says).
        """
        if challenge.recorded is None:
            final = challenge.finish(pending_answer, self.clock())
            if final is not None:
                self._answered(challenge.session, final.attempt, final)
            elif challenge.last is not None and challenge.last.final:
                final = challenge.last  # Enter came after the limit: that was the last one
            self._end_challenge(challenge, final)
        assert challenge.recorded is not None
        return challenge.recorded

    def challenge_abandon(self, challenge: Challenge) -> ChallengeResults:
        """Stop a run early (Escape): stored as abandoned, its answers kept, never ranked."""
        if challenge.recorded is None:
            challenge.abandon()
            self._end_challenge(challenge, None)
        assert challenge.recorded is not None
        return challenge.recorded

    def challenge_bests(self, deck_id: str, duration_s: int) -> list[ChallengeRun]:
        """The personal-best table of the deck at this duration (top 10, best first)."""
        from mlquiz.core.challenge import BEST_TABLE_SIZE

        return self.store.challenge_bests(deck_id, duration_s, limit=BEST_TABLE_SIZE)

    def _end_challenge(self, challenge: Challenge, final: ChallengeAnswer | None) -> None:
        """End the session, store how the run ended and rank it; sets `challenge.recorded`."""
        session = challenge.session
        results = replace(challenge.results(session.started_at, None), final_answer=final)
        now = self.clock()
        session.end(now)
        results = replace(results, ended_at=session.ended_at)
        try:
            if session.attempts:
                self.store.end_session(session.id, now)
            previous = self.challenge_bests(results.deck_id, results.duration_s)
            if challenge.run_id is None:  # the disk refused at the start
                challenge.run_id = self.store.start_challenge_run(
                    session.id, results.deck_id, results.duration_s, results.tag, session.started_at
                )
            results = replace(results, run_id=challenge.run_id)
            self.store.end_challenge_run(results)
            bests = tuple(self.challenge_bests(results.deck_id, results.duration_s))
        except StorageError:
            # Show the results anyway, marked unsaved; the answers wait in `unsaved`.
            challenge.recorded = replace(results, saved=False)
            return
        rank = next((i + 1 for i, run in enumerate(bests) if run.id == results.run_id), None)
        challenge.recorded = replace(
            results,
            bests=bests,
            rank=rank,
            new_best=rank == 1 and not results.abandoned,
            previous_best=previous[0].score if previous else None,
        )

    # -- summaries ------------------------------------------------------------

    def menu_summary(self, deck_id: str) -> MenuSummary:
        deck = self.deck(deck_id)
        card_ids = {card.id for card in deck.cards}
        missed = [m for m in self.store.missed(deck_id, details=False) if m.card_id in card_ids]
        from datetime import datetime

        from mlquiz.core.due import due_counts

        rows = self.store.card_state_rows(deck_id)
        dues = (datetime.fromisoformat(row[5]) for row in rows if row[1] in card_ids)
        due = due_counts(dues, self.clock(), self.tz)
        return MenuSummary(
            deck_id=deck_id,
            cards=len(deck.cards),
            missed=len(missed),
            last_session=self.store.last_session(deck_id),
            due_today=due.today,
            next_due=due.next,
            due_now=due.now,
        )

    def progress(self, deck_id: str | None = None) -> Progress:
        """Everything the stats screen shows, for one deck or (None) every deck.

        Accuracy per day and per session (last 50), cards by state, the key
        points missed most often, the day streak, time spent, each card's
        recall probability now, due today and next due; see `core.progress`.
        Tens of ms at 100,000 answers: call it from a worker.
        """
        from mlquiz.core.progress import progress

        if deck_id is None:
            decks = self.decks()
        else:
            decks = [self.deck(deck_id)]
        cards = {(deck.id, card.id) for deck in decks for card in deck.cards}
        return progress(self.store, deck_id, cards, self.clock(), self.tz)

    def has_answers(self, deck_id: str) -> bool:
        """Whether any answer to the deck is stored."""
        return self.store.last_session(deck_id) is not None

    def missed_browse(self, deck_id: str) -> list[MissedEntry]:
        """The missed cards in review order, with the last answer and the points missed."""
        deck = self.deck(deck_id)
        by_id = {card.id: card for card in deck.cards}
        return [
            MissedEntry(
                card=by_id[m.card_id],
                misses=m.misses,
                attempts=m.attempts,
                last_answer=m.last_answer,
                last_verdict=m.last_verdict,
                last_answered_at=m.last_answered_at,
                missed_points=m.missed_points,
            )
            for m in self.store.missed(deck_id)
            if m.card_id in by_id
        ]

    def stats(self) -> dict[str, Any]:
        """The data of `mlquiz stats --json` (see `progress.stats_report`)."""
        from mlquiz.core.progress import stats_report

        try:
            known = self.decks()
        except Exception:  # a deck scan problem must not hide the history
            known = []
        return stats_report(self.store, known, self.clock(), self.tz)

    # -- settings -------------------------------------------------------------

    def load_settings(self) -> tuple[Settings, Path | None]:
        """The saved settings, and where a broken settings file was moved (or None)."""
        from mlquiz.core.settings import load_settings

        return load_settings(self.settings_path, now=self.clock())

    def save_settings(self, settings: Settings) -> Path:
        from mlquiz.core.settings import save_settings

        return save_settings(settings, self.settings_path)
