"""Run coroutines together and surface a failure as itself, not as an exception group.

Errors are one line in this project; a task group's `ExceptionGroup` would hide that line.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

import anyio


def first_error(group: BaseExceptionGroup[Any]) -> BaseException:
    """Return the first leaf exception of a (possibly nested) group."""
    inner: BaseException = group.exceptions[0]
    return first_error(inner) if isinstance(inner, BaseExceptionGroup) else inner


async def gather(**calls: Callable[[], Awaitable[Any]]) -> dict[str, Any]:
    """Run the calls concurrently; the first failure cancels the rest and is raised as is."""
    results: dict[str, Any] = {}

    async def run(name: str, call: Callable[[], Awaitable[Any]]) -> None:
        results[name] = await call()

    try:
        async with anyio.create_task_group() as group:
            for name, call in calls.items():
                group.start_soon(run, name, call)
    except BaseExceptionGroup as failures:
        raise first_error(failures) from None
    return results


@asynccontextmanager
async def alongside(call: Callable[[], Coroutine[Any, Any, None]]) -> AsyncIterator[None]:
    """Run `call` in the background while the block runs, and cancel it when the block
    ends; the block's own failure is raised as is. `call` must not fail: it would cancel
    the block."""
    try:
        async with anyio.create_task_group() as group:
            group.start_soon(call)
            yield
            group.cancel_scope.cancel()
    except BaseExceptionGroup as failures:
        raise first_error(failures) from None
