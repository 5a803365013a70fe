"""This session's answers, for a database found damaged while the game runs.

Every answer the database takes is committed at once, so a database found
damaged mid-session (`database.Store` moves it aside and starts a fresh one)
holds answers given since the game started that the fresh one lacks. `Rescue`
remembers each answer as the database takes it (with its latest override)
and, when the file is replaced:

1. writes them all to `<damaged file>.answers.json` beside the moved file
   (the unsaved-answers format, so `mlquiz save-unsaved` reads it: after
   `mlquiz restore latest` that command adds them to the restored backup),
   and keeps that copy whole with every answer given after;
2. records them again through the service's journal, into the fresh
   database; any the disk refuses stay in the journal's unsaved file, as
   any refused answer does;
3. keeps a notice for the player (`take_notices`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mlquiz.core.fileio import create_new, free_path, write_atomic
from mlquiz.core.session import Attempt
from mlquiz.core.store.journal import Journal, dumps, key


class Rescue:
    """The answers stored since the game began, and what to do when the file goes."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal
        self._stored: dict[tuple[str, int], Attempt] = {}
        self._notices: list[str] = []
        # The copy beside the last damaged file, kept whole from then on.
        self._copy: Path | None = None

    def stored(self, attempt: Attempt) -> None:
        """`attempt` (or its override) is in the database now."""
        self._stored[key(attempt)] = attempt
        self._write_copy()

    def _write_copy(self) -> None:
        if self._copy is not None:
            try:
                write_atomic(self._copy, dumps(list(self._stored.values())))
            except OSError:
                pass  # the answers are in the database; the copy is a convenience

    def forget(self, attempt: Attempt) -> None:
        """`attempt` was taken back (an undo): a database replaced later does not get it."""
        if self._stored.pop(key(attempt), None) is not None:
            self._write_copy()

    def replaced(self, moved: Path | None, store: Callable[[Attempt], object]) -> None:
        """The database was replaced by a fresh one (`moved`: where the damaged file
        went; None if another mlquiz moved it): give it this session's answers."""
        attempts = list(self._stored.values())
        copy = self._keep_copy(moved, attempts) if moved is not None else None
        self._copy = copy or self._copy
        for attempt in attempts:
            self._journal.record(attempt, store)
        where = f"was moved to {moved}" if moved is not None else "was replaced"
        notice = f"Your answer database was damaged; it {where} and a new one was started"
        if attempts:
            kept = len(attempts) - len(self._journal.attempts)
            notice += f", with the {kept} answer{'s' if kept != 1 else ''} of this session"
            if copy is not None:
                notice += (
                    f" (also kept in {copy}: after `mlquiz restore latest`, "
                    f"`mlquiz save-unsaved {copy}` adds them to that backup)"
                )
        self._notices.append(notice + ".")

    @staticmethod
    def _keep_copy(moved: Path, attempts: list[Attempt]) -> Path | None:
        if not attempts:
            return None
        target = free_path(moved.with_name(moved.name + ".answers.json"))
        try:
            create_new(target, dumps(attempts))
        except OSError:
            return None
        return target

    def take_notices(self) -> list[str]:
        """What happened since last asked (each notice once)."""
        notices, self._notices = self._notices, []
        return notices
