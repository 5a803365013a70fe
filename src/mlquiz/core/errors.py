"""The errors that reach the player: each says which file (or what) and what is wrong.

They live here, apart from the code that raises them, so the screens and the
command line can catch them (`except StorageError`) without importing the
database, the deck parser or the importers, which start-up defers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a deck file."""

    path: str
    line: int | None
    problem: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.problem}" if where else self.problem


class DeckError(ValueError):
    """A deck file that cannot be used.

    `path`, `line` and `problem` describe the first problem; `problems` holds
    all of them (at least one), in file order. `str()` gives one line per
    problem, each as `path:line: problem`.
    """

    def __init__(
        self,
        path: str | Path,
        line: int | None,
        problem: str,
        problems: list[Problem] | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        self.problems = list(problems) if problems else [Problem(self.path, line, problem)]
        super().__init__(str(self))

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> DeckError:
        first = problems[0]
        return cls(first.path, first.line, first.problem, problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class DeckImportError(ValueError):
    """A file that cannot be imported. `str()` is `path:line: problem`."""

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.problem}"


class StorageError(Exception):
    """The database cannot be used; the message names the file and says why."""


class BackupError(Exception):
    """A backup or restore could not be done; the message names the file and why."""


class UnsavedFileError(Exception):
    """An unsaved-answers file the game did not write: says which file, which answer,
    what is wrong."""


class ExportError(ValueError):
    """Nothing can be exported as asked; the message says why."""
