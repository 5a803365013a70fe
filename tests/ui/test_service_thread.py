"""Quitting while a service call is still running on the service thread.

Textual cancels the worker that awaits a call, not the call: it goes on on the
service thread. `run` waits for it (`service_thread.shutdown`) before it saves
settings, keeps unsaved answers and closes the service, so the call never finds
the database closed (which would reopen it through a store nobody closes).
"""

from __future__ import annotations

import asyncio
import threading
import time

from mlquiz.core.store import database as storage
from mlquiz.ui import app as app_module
from mlquiz.ui import service_thread
from tests.support.pilot import CORRECT, ui_service


async def call_then_cancel(function) -> None:
    """Start `function` on the service thread and give up waiting, as ctrl+q does."""
    started = threading.Event()

    def job():
        started.set()
        return function()

    task = asyncio.ensure_future(service_thread.call(job))
    while not started.is_set():
        await asyncio.sleep(0.01)
    task.cancel()


async def test_shutdown_waits_for_a_call_nobody_awaits_any_more():
    done: list[str] = []

    def slow() -> None:
        time.sleep(0.3)
        done.append("stored")

    await call_then_cancel(slow)
    service_thread.shutdown()
    assert done == ["stored"]
    assert await service_thread.call(lambda: "a new thread") == "a new thread"
    service_thread.shutdown()


def test_quitting_mid_answer_stores_it_before_the_service_closes(tmp_path, clock, monkeypatch):
    """ctrl+q while an answer is being stored: the answer reaches the database that
    was open, the service closes after it, and no second store is opened."""
    service = ui_service(tmp_path, clock)
    monkeypatch.setattr("mlquiz.service.GameService", lambda: service)
    opened: list[object] = []
    real_init = storage.Store.__init__

    def counting_init(self, *args, **kwargs):
        opened.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(storage.Store, "__init__", counting_init)
    session = service.start_quiz("ui-deck", shuffle=False)

    def slow_submit() -> None:
        time.sleep(0.3)  # a busy disk
        service.submit(session, CORRECT["run"])

    def quit_while_submitting(self) -> None:
        asyncio.run(call_then_cancel(slow_submit))

    monkeypatch.setattr(app_module.QuizApp, "run", quit_while_submitting)
    # run() freezes the garbage collector for the rest of the process (the game's
    # process ends after it); this one goes on running tests.
    monkeypatch.setattr(app_module.gc, "freeze", lambda: None)
    assert app_module.run() == 0
    assert len(opened) == 1 and service._store is None  # closed, and not reopened
    assert service.unsaved == []
    rows = service.store.session_attempts(session.id)  # reopens to look
    assert [row["card_id"] for row in rows] == ["run"]
    service.close()
