"""One thread for everything that touches the disk, so the event loop never waits.

Screens call the service through `call` from async workers. The calls run
one at a time, in the order they were made, on a single background thread:
GameService is not written for concurrent use (it opens the store on first
use and caches graders in plain dicts), and running its calls in order means
the store is opened once, by whichever call comes first, and a save asked
for before a read is done before it.

Quitting cancels the workers that await these calls, not the calls: `run`
calls `shutdown()` before it closes the service, so an answer being stored
when ctrl+q came is stored (or refused into `unsaved`) before the end.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

T = TypeVar("T")

_executor: ThreadPoolExecutor | None = None


async def call(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`function(*args, **kwargs)` on the service thread; its result or its exception."""
    global _executor
    if _executor is None:
        # Imported with the first call: a game started on the menu's kept figures
        # makes none until the player acts.
        from concurrent.futures import ThreadPoolExecutor

        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mlquiz-service")
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor, partial(function, *args, **kwargs))


def shutdown() -> None:
    """Wait until every call made so far has run; a later `call` starts a new thread."""
    global _executor
    executor, _executor = _executor, None
    if executor is not None:
        executor.shutdown(wait=True)
