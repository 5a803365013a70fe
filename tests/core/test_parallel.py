"""A big import's card-by-card work shared over the cores by forking
(`core/parallel.py`): the same result as in one process, whatever a child does."""

from __future__ import annotations

import csv
import gc
import os
import signal
import threading
from pathlib import Path

import pytest

from mlquiz.core import parallel
from mlquiz.core.decks.importing.build import import_deck


@pytest.fixture
def two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLQUIZ_PROCESSES", "2")
    # Other tests of the run may leave an idle thread behind (which makes a real
    # import stay in one process): these tests are about the forked work itself.
    monkeypatch.setattr(parallel, "_can_fork", lambda: hasattr(os, "fork"))


def test_items_are_worked_in_two_processes_and_come_back_in_order(two_processes: None) -> None:
    items = list(range(5_000))
    results = parallel.map_items(lambda i: (i * i, os.getpid()), items)
    assert [square for square, _ in results] == [i * i for i in items]
    pids = [pid for _, pid in results]
    assert pids[0] == os.getpid()
    assert pids[-1] != os.getpid()  # the second half was worked by a child


def test_a_failing_child_costs_time_not_the_result(two_processes: None) -> None:
    parent = os.getpid()

    def square(i: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("a child that fails")
        return i * i

    assert parallel.map_items(square, range(5_000)) == [i * i for i in range(5_000)]


def test_a_killed_child_costs_time_not_the_result(two_processes: None) -> None:
    parent = os.getpid()

    def square(i: int) -> int:
        if os.getpid() != parent:
            os._exit(9)  # as if killed (out of memory)
        return i * i

    assert parallel.map_items(square, range(5_000)) == [i * i for i in range(5_000)]


def test_no_fork_while_other_threads_run_or_for_little_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MLQUIZ_PROCESSES", "2")
    assert {pid for pid in parallel.map_items(lambda i: os.getpid(), range(500))} == {os.getpid()}
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        pids = parallel.map_items(lambda i: os.getpid(), range(5_000))
    finally:
        stop.set()
        other.join()
    assert set(pids) == {os.getpid()}


def test_one_process_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLQUIZ_PROCESSES", "1")
    assert set(parallel.map_items(lambda i: os.getpid(), range(5_000))) == {os.getpid()}


def test_work_beside_gives_its_result_and_an_early_exit_ends_the_child(
    two_processes: None,
) -> None:
    with parallel.Beside(lambda: os.getpid()) as job:
        assert job.result() != os.getpid()
    with parallel.Beside(lambda: threading.Event().wait(60)) as job:
        child = job._child
        assert child is not None
    with pytest.raises(ChildProcessError):  # ended and reaped: no process left behind
        os.waitpid(child[0], os.WNOHANG)


def _deck(path: Path, rows: int) -> Path:
    words = [f"{a}{b}" for a in ("spark", "delta", "model", "feature", "batch") for b in "xyzw"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question", "answer"])
        for i in range(rows):
            picked = [words[(i * 7 + k * 3) % len(words)] for k in range(6)]
            answer = f"{' '.join(picked[:3]).capitalize()}, such as {picked[3]}. Not {picked[4]}."
            writer.writerow([f"What is {picked[5]} number {i}?", answer])
    return path


def test_an_import_shared_over_two_processes_writes_the_same_deck(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _deck(tmp_path / "big.csv", 2_400)
    monkeypatch.setenv("MLQUIZ_PROCESSES", "1")
    alone = import_deck(path)
    monkeypatch.setenv("MLQUIZ_PROCESSES", "2")
    monkeypatch.setattr(parallel, "_can_fork", lambda: hasattr(os, "fork"))
    forked: list[int] = []
    fork = parallel._fork

    def counted(*args: object) -> object:
        forked.append(1)
        return fork(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "_fork", counted)
    shared = import_deck(path)
    assert len(forked) >= 4  # derivation's two counts and two passes, and the lint
    assert shared.toml == alone.toml
    assert str(shared.summary) == str(alone.summary)
    assert shared.warnings == alone.warnings


def test_an_import_leaves_frozen_objects_frozen_and_the_collector_on(tmp_path: Path) -> None:
    """A game freezes the decks it loads (`gc.freeze`); an import run in it must
    not thaw them when it hands its own objects to the collector."""
    path = _deck(tmp_path / "small.csv", 20)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        import_deck(path)
        assert gc.get_freeze_count() >= frozen > 0
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    import_deck(path)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_no_process_to_be_had_works_the_chunk_here_and_leaks_no_pipe(
    two_processes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fork failing (a process limit reached) is no error and leaves no pipe open."""

    def no_fork() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    open_before = len(os.listdir("/proc/self/fd"))
    results = parallel.map_items(lambda i: (i, os.getpid()), list(range(4_000)))
    assert results == [(i, os.getpid()) for i in range(4_000)]
    assert len(os.listdir("/proc/self/fd")) == open_before


def test_more_processes_asked_than_useful_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLQUIZ_PROCESSES", "64")
    assert parallel.processes() == parallel.MAX_PROCESSES


def test_a_ctrl_c_landing_in_a_child_just_forked_ends_it_and_never_runs_the_parents_code(
    two_processes: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Ctrl+C reaches every process of the terminal's group. One that lands in a
    child before its work has begun must end the child (its chunk is worked
    here), not unwind the parent's stack in it: the child would then go on as
    the parent, past `map_items`, into the caller's code."""
    went_on = tmp_path / "child-went-on-as-the-parent"
    real_fork = os.fork

    def fork_then_ctrl_c() -> int:
        pid = real_fork()
        if pid == 0:
            os.kill(os.getpid(), signal.SIGINT)  # at the worst moment: before the child's `try`
        return pid

    monkeypatch.setattr(os, "fork", fork_then_ctrl_c)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    parent = os.getpid()
    try:
        results = parallel.map_items(lambda i: i * i, range(5_000))
    except KeyboardInterrupt:
        if os.getpid() != parent:  # the caller's code, run by the child
            went_on.write_text("the child unwound the parent's stack")
            os._exit(0)
        raise
    finally:
        if os.getpid() == parent:
            signal.signal(signal.SIGINT, previous)
    assert results == [i * i for i in range(5_000)]
    assert not went_on.exists()


def test_a_ctrl_c_between_two_forks_ends_and_reaps_the_children_already_started(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MLQUIZ_PROCESSES", "3")
    monkeypatch.setattr(parallel, "_can_fork", lambda: hasattr(os, "fork"))
    started: list[tuple[int, int]] = []
    fork = parallel._fork

    def interrupted_at_the_second(*args: object) -> object:
        if started:
            raise KeyboardInterrupt  # Ctrl+C as the second child is forked
        child = fork(*args)  # type: ignore[arg-type]
        assert child is not None
        started.append(child)
        return child

    monkeypatch.setattr(parallel, "_fork", interrupted_at_the_second)
    open_before = len(os.listdir("/proc/self/fd"))
    with pytest.raises(KeyboardInterrupt):
        parallel.map_items(lambda i: i * i, range(6_000))
    [(pid, _)] = started
    with pytest.raises(ChildProcessError):  # ended and reaped: no process left behind
        os.waitpid(pid, os.WNOHANG)
    assert len(os.listdir("/proc/self/fd")) == open_before  # and its pipe closed
