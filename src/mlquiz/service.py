"""The one object the UI talks to: decks, sessions, answers, history.

`GameService` owns the deck list, the store and the clock. A screen asks it to
start a session, passes every answer through `submit` (which grades, stores
and commits before returning) and asks it for summaries. Nothing in here
draws; nothing in the UI opens a file.

Importing this module is cheap: the grader (rapidfuzz, stemmer), the deck
loader (tomli) and the database are loaded the first time they are needed,
so the menu can appear before any of them.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlquiz.core import modes
from mlquiz.core.clock import Clock, system_clock
from mlquiz.core.fileio import create_new, write_atomic
from mlquiz.core.session import Attempt, Hint, Session, SessionResults

if TYPE_CHECKING:
    from datetime import datetime, tzinfo

    from mlquiz.core.cards import Card, Deck
    from mlquiz.core.challenge import (
        Challenge,
        ChallengeAnswer,
        ChallengeResults,
        ChallengeRun,
    )
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
    back or forward) runs the timed challenge's countdown. `grader_factory(deck)` builds a
    grader (default: `mlquiz.core.grading.grader.Grader`); `deck_scanner()` returns an
    object with `decks` and `errors` (default: `decks.library.scan_decks`, which
    reads the built-in decks and the user's decks folder).
    """

    def __init__(
        self,
        data_dir: Path | str | None = None,
        *,
        config_dir: Path | str | None = None,
        clock: Clock = system_clock,
        monotonic: Callable[[], float] = time.monotonic,
        grader_factory: Callable[[Deck], Any] | None = None,
        deck_scanner: Callable[[], Any] | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        self._data_dir = Path(data_dir) if data_dir is not None else None
        self._config_dir = Path(config_dir) if config_dir is not None else None
        self.clock = clock
        self.monotonic = monotonic
        # The learner's zone for "today" (due today, days, streak); None: the computer's.
        self.tz = tz
        self._grader_factory = grader_factory
        self._deck_scanner = deck_scanner
        self._decks: dict[str, Deck] | None = None
        self._deck_errors: list[Any] = []
        self._graders: dict[str, Any] = {}
        self._store: Store | None = None
        # Attempts the store refused (disk full, read-only): kept for a retry, and
        # copied to `unsaved_file` as they come, so a crash loses none of them.
        self._unsaved: list[Attempt] = []
        self.unsaved_file: Path | None = None
        # Whether `unsaved_file` holds every unsaved attempt (its last write worked).
        self.unsaved_copied = False
        # The daily backup made when the store opened, or why it failed (never fatal).
        self.last_backup: Path | None = None
        self.backup_error: Exception | None = None

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

    # -- decks ----------------------------------------------------------------

    def decks(self) -> list[Deck]:
        """Every deck that loaded, built-in first (scanned once; see `reload_decks`)."""
        if self._decks is None:
            self.reload_decks()
        assert self._decks is not None
        return list(self._decks.values())

    def deck_errors(self) -> list[Any]:
        """The decks that failed to load (`DeckError`s naming file and line)."""
        self.decks()
        return list(self._deck_errors)

    def reload_decks(self) -> None:
        scanner = self._deck_scanner
        if scanner is None:
            from mlquiz.core.decks.library import scan_decks

            scanner = scan_decks
        scan = scanner()
        self._decks = {deck.id: deck for deck in scan.decks}
        self._deck_errors = list(scan.errors)
        self._graders.clear()

    def deck(self, deck_id: str) -> Deck:
        decks = {d.id: d for d in self.decks()}
        try:
            return decks[deck_id]
        except KeyError:
            raise KeyError(f"no deck with id {deck_id!r}") from None

    def add_deck(self, deck: Deck) -> None:
        """Make a deck loaded from elsewhere (`mlquiz --deck path`) playable."""
        self.decks()
        assert self._decks is not None
        self._decks[deck.id] = deck
        self._graders.pop(deck.id, None)

    def grader(self, deck: Deck) -> Any:
        """The deck's grader, built once per deck (it precompiles the phrases), or
        loaded from the cache of compiled graders next to the database."""
        grader = self._graders.get(deck.id)
        if grader is None:
            if self._grader_factory is not None:
                grader = self._grader_factory(deck)
            else:
                from mlquiz.core.grading.cache import cached_grader

                grader = cached_grader(deck, self.database_path.parent / "cache")
            self._graders[deck.id] = grader
        return grader

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
        from mlquiz.core.errors import BackupError
        from mlquiz.core.store.backup import backup_if_due

        try:
            self.last_backup = backup_if_due(self.database_path, now=self.clock())
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
        return self._start(deck, cards, modes.QUIZ, options)

    def start_review(
        self, deck_id: str, count: int | None = None, tag: str | None = None
    ) -> Session:
        """A review: the cards FSRS has due (most overdue first), then the missed ones.

        The session may have no cards (nothing due or missed): check `session.total`.
        """
        deck = self.deck(deck_id)
        cards = modes.review_cards(self.store, deck, self.clock(), count=count, tag=tag)
        options = {"count": count, "tag": tag}
        return self._start(deck, cards, modes.REVIEW, options)

    def start_session(
        self,
        deck_id: str,
        cards: list[Card] | tuple[Card, ...],
        mode: str,
        *,
        timed: bool = False,
        options: dict[str, Any] | None = None,
    ) -> Session:
        """A session over cards chosen by the caller (for modes built elsewhere)."""
        return self._start(self.deck(deck_id), cards, mode, options or {}, timed=timed)

    def _start(
        self,
        deck: Deck,
        cards: Any,
        mode: str,
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
            from mlquiz.core.errors import StorageError

            try:
                self.store.start_session(session.id, deck.id, mode, now, options)
            except StorageError:
                # A full or read-only disk must not stop play: record_attempt makes
                # the session row later, and until then answers wait in `unsaved`.
                pass
        return session

    def hint(self, session: Session) -> Hint:
        return session.hint(self.clock())

    def submit(self, session: Session, answer: str) -> Attempt:
        """Grade `answer`, commit it to the database, and return it.

        If the store cannot be written (`StorageError`), the attempt is still
        part of the session (the learner sees the verdict) and the error is
        raised for the UI to report; `unsaved` lists what did not reach disk.
        """
        attempt = session.submit(answer, self.clock())
        self._record(attempt)
        return attempt

    def skip(self, session: Session) -> Attempt:
        attempt = session.skip(self.clock())
        self._record(attempt)
        return attempt

    def override(self, session: Session, attempt: Attempt, verdict: str | None) -> Attempt:
        """ "I was right" ("correct") / "I was wrong" ("incorrect"); None undoes it."""
        updated = session.override(attempt, verdict)
        if any(_key(a) == _key(updated) for a in self._unsaved):
            self._record(updated)
        else:
            from mlquiz.core.errors import StorageError

            try:
                self.store.set_override(updated.session_id, updated.seq, verdict)
            except StorageError:
                # record_attempt upserts it on a retry.
                self._set_unsaved([*self._unsaved, updated])
                raise
        return updated

    def advance(self, session: Session) -> Card | None:
        return session.advance(self.clock())

    def finish(self, session: Session) -> SessionResults:
        """End the session (finished or left early) and return its results."""
        now = self.clock()
        session.end(now)
        if session.attempts:
            self.store.end_session(session.id, now)
        return session.results()

    @property
    def unsaved(self) -> list[Attempt]:
        """Attempts graded but not stored because writing failed."""
        return list(self._unsaved)

    def export_unsaved(self, folder: Path | str | None = None) -> Path:
        """Write the unsaved attempts to a JSON file; returns its path.

        The first call makes a new file, `mlquiz-unsaved-<time>.json`, in
        `folder` (default: the current directory), failing that in the temp
        folder, then the home folder, since the data folder is what failed; it
        never overwrites a file that is there, and never leaves one half
        written. Later calls replace that same file whole, so it always holds
        every unsaved attempt. The format is `core.store.journal`'s. Raises OSError
        if none of the folders can be written (`unsaved_file`, if set, still
        holds the attempts as they were at its last write).
        """
        return self._write_unsaved(self._unsaved, folder)

    def _write_unsaved(self, attempts: list[Attempt], folder: Path | str | None = None) -> Path:
        from mlquiz.core.store import journal as unsaved

        payload = unsaved.dumps(attempts)
        earlier = self.unsaved_file
        if earlier is not None:
            try:
                write_atomic(earlier, payload)
                return earlier
            except OSError:
                pass  # that folder went away or filled up: start a new file elsewhere
        self.unsaved_file = self._new_unsaved_file(folder, payload)
        if earlier is not None:
            # The new file holds all of them; the old one, only some (and the
            # player may have been told its path): remove it if that is possible.
            try:
                earlier.unlink(missing_ok=True)
            except OSError:
                pass
        return self.unsaved_file

    def _new_unsaved_file(self, folder: Path | str | None, payload: str) -> Path:
        import tempfile

        stamp = self.clock().strftime("%Y%m%d-%H%M%S")
        places = []
        try:
            places.append(Path(folder) if folder is not None else Path.cwd())
        except OSError:  # the folder the game was started in was deleted
            pass
        places += [Path(tempfile.gettempdir()), Path.home()]
        error: OSError = OSError("no folder to export to")
        for place in places:
            # A clash with an existing file gets a random suffix; it is never overwritten.
            for suffix in ("", f"-{os.urandom(3).hex()}"):
                target = place / f"mlquiz-unsaved-{stamp}{suffix}.json"
                try:
                    create_new(target, payload)
                except FileExistsError as exc:
                    error = exc
                    continue
                except OSError as exc:
                    error = exc
                    break
                return target
        raise error

    def _set_unsaved(self, attempts: list[Attempt]) -> None:
        """Make `attempts` the unsaved ones, their file written first, so that whoever
        sees them in `unsaved` (the app, from its own thread) finds the file too.
        With none left the file is removed: its answers are all in the database. A
        file that cannot be written leaves them in memory."""
        if attempts:
            try:
                self._write_unsaved(attempts)
                self.unsaved_copied = True
            except OSError:
                self.unsaved_copied = False
            self._unsaved = attempts
            return
        self._unsaved = []
        if self.unsaved_file is not None:
            try:
                self.unsaved_file.unlink(missing_ok=True)
            except OSError:
                pass
            self.unsaved_file = None

    def save_unsaved_file(self, path: Path | str) -> tuple[int, int]:
        """Store the answers of an `mlquiz-unsaved-*.json` file (see `core.store.journal`).

        Returns (answers added, answers already stored). An answer already
        stored (same session and position) is skipped, so a file saved twice
        adds nothing the second time; answers older than what is stored are
        scheduled by replaying the card.
        Raises UnsavedFileError for a file the game did not write, StorageError
        if the database cannot take them; the file itself is left as it is.
        """
        from mlquiz.core.store import journal as unsaved

        attempts = unsaved.read(path)
        stored = {
            (session_id, row["seq"])
            for session_id in {a.session_id for a in attempts}
            for row in self.store.session_attempts(session_id)
        }
        # An answer already stored is left as it is: the file may be older than
        # an override given since.
        new = [a for a in attempts if _key(a) not in stored]
        for attempt in new:
            self.store.record_attempt(attempt)
        return len(new), len(attempts) - len(new)

    def retry_unsaved(self) -> int:
        """Try to store the unsaved attempts again; returns how many are still unsaved."""
        for attempt in list(self._unsaved):
            self._record(attempt)
        return len(self._unsaved)

    def _record(self, attempt: Attempt) -> None:
        from mlquiz.core.errors import StorageError

        others = [a for a in self._unsaved if _key(a) != _key(attempt)]
        try:
            self.store.record_attempt(attempt)
        except StorageError:
            self._set_unsaved([*others, attempt])
            raise
        if len(others) != len(self._unsaved):  # it was unsaved, and now it is stored
            self._set_unsaved(others)

    # -- timed challenge ------------------------------------------------------
    # The rules (countdown, points, streaks) are in core/challenge.py. Every
    # answer goes through `submit`/`skip` above, so it is stored, scheduled
    # and missed like any other, flagged timed.

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
        from mlquiz.core.errors import StorageError

        deck = self.deck(deck_id)
        pool = challenge_cards(deck.cards, tag)
        if not pool:
            raise ValueError(f"no card of deck {deck_id!r} has the tag {tag!r}")
        rng = rng or random.Random()
        options = {"duration_s": duration_s, "tag": tag}
        cards = shuffled(pool, rng)
        session = self.start_session(deck_id, cards, modes.CHALLENGE, timed=True, options=options)
        try:
            run_id: int | None = self.store.start_challenge_run(
                session.id, deck.id, duration_s, tag, session.started_at
            )
        except StorageError:
            run_id = None  # play on; the run is recorded at the end if the disk recovers
        return Challenge(
            session,
            duration_s,
            door=self,
            monotonic=self.monotonic,
            pool=pool,
            rng=rng,
            tag=tag,
            run_id=run_id,
        )

    def challenge_submit(self, challenge: Challenge, answer: str) -> ChallengeAnswer:
        """Grade, store and score `answer`; if time was up, it was the last one."""
        return challenge.submit(answer)

    def challenge_skip(self, challenge: Challenge) -> ChallengeAnswer:
        return challenge.skip()

    def challenge_hint(self, challenge: Challenge) -> Hint:
        return challenge.hint()

    def challenge_next(self, challenge: Challenge) -> Card:
        """The next card (after the feedback); the countdown runs again."""
        return challenge.next()

    def challenge_finish(self, challenge: Challenge, pending_answer: str = "") -> ChallengeResults:
        """End a run whose time is up, grading `pending_answer` (the text left in the box) first.

        Records the run and returns its results with the best table. Calling
        it again returns the same results. If the store refuses the pending
        answer, it is scored all the same, waits in `unsaved`, and the run is
        still ended and recorded as far as the disk allows (`saved` says).
        """
        if challenge.recorded is None:
            from mlquiz.core.errors import StorageError

            try:
                graded = challenge.finish(pending_answer)
            except StorageError:
                graded = None  # the run has ended; the answer is `challenge.last`
            if graded is None and challenge.last is not None and challenge.last.final:
                graded = challenge.last
            self._end_challenge(challenge, graded)
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
        from dataclasses import replace

        from mlquiz.core.errors import StorageError

        session = challenge.session
        results = replace(challenge.results(session.started_at, None), final_answer=final)
        try:
            self.finish(session)  # sets session.ended_at even if the write fails
            results = replace(results, ended_at=session.ended_at)
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
            challenge.recorded = replace(results, ended_at=session.ended_at, saved=False)
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
        """The data of `mlquiz stats --json` (see `Store.stats` for the keys).

        Every known deck appears, with zeros if it has no answers yet; decks
        that have answers but are no longer installed appear too. Each deck
        also carries `Progress.as_dict()`'s keys (due_today, next_due, streak,
        seconds_total, seconds_today, states, missed_points, by_day,
        by_session, recall); the top level adds `streak` and `seconds_total`
        over all decks.
        """
        stats = self.store.stats()
        decks = stats["decks"]
        try:
            known = self.decks()
        except Exception:  # a deck scan problem must not hide the history
            known = []
        for deck in known:
            decks.setdefault(
                deck.id,
                {
                    "attempts": 0,
                    "sessions": 0,
                    "correct": 0,
                    "partial": 0,
                    "incorrect": 0,
                    "skipped": 0,
                    "overridden": 0,
                    "accuracy": 0.0,
                    "missed": [],
                    "last_session": None,
                },
            )
        stats["decks"] = dict(sorted(decks.items()))
        from mlquiz.core.progress import progress

        now = self.clock()
        installed = {deck.id: deck for deck in known}
        for deck_id, entry in stats["decks"].items():
            deck = installed.get(deck_id)
            cards = {(deck_id, card.id) for card in deck.cards} if deck else None
            extra = progress(self.store, deck_id, cards, now, self.tz).as_dict()
            entry.update({k: v for k, v in extra.items() if k not in entry and k != "answers"})
        overall = progress(self.store, None, None, now, self.tz)
        stats["streak"] = overall.streak
        stats["seconds_total"] = round(overall.seconds_total, 1)
        return stats

    # -- settings -------------------------------------------------------------

    def load_settings(self) -> tuple[Settings, Path | None]:
        """The saved settings, and where a broken settings file was moved (or None)."""
        from mlquiz.core.settings import load_settings

        return load_settings(self.settings_path, now=self.clock())

    def save_settings(self, settings: Settings) -> Path:
        from mlquiz.core.settings import save_settings

        return save_settings(settings, self.settings_path)


def _key(attempt: Attempt) -> tuple[str, int]:
    return (attempt.session_id, attempt.seq)
