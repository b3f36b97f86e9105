"""Reads shared by a run's stages: each list once, failures not kept, TermTime's lists
dropped after a stage wrote to TermTime, previews served in their place."""

from __future__ import annotations

import anyio
import pytest

from essm_sync.core import TermTimeEstate
from essm_sync.engine import Reads
from tests.engine.fakes import FakeBooker, FakeTermTime
from tests.factories import tt_room


async def test_each_list_is_read_once_however_many_ask_at_once() -> None:
    """Callers that come while a read is in flight wait for it instead of reading again."""
    termtime, booker = FakeTermTime(), FakeBooker()
    reads = Reads(termtime, booker)
    await reads.prefetch(*[reads.termtime_rooms] * 5, *[reads.booker_rooms] * 5)
    assert await reads.termtime_rooms() == termtime.rooms
    assert (termtime.calls["rooms"], booker.calls["rooms"]) == (1, 1)


async def test_a_failed_read_is_not_kept_and_the_next_caller_reads_again() -> None:
    """A read that failed leaves nothing behind: the next call makes it afresh."""
    reads = Reads(FakeTermTime(), FakeBooker())
    attempts: list[int] = []

    async def flaky() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise ValueError("first read fails")
        return 7

    with pytest.raises(ValueError, match="first read fails"):
        await reads.shared("x", flaky)
    assert await reads.shared("x", flaky) == 7
    assert await reads.shared("x", flaky) == 7
    assert len(attempts) == 2


async def test_a_waiter_on_a_read_that_fails_makes_it_itself() -> None:
    """Who waited on a read that failed does not get the failure: it reads on its own."""
    reads = Reads(FakeTermTime(), FakeBooker())
    started, release = anyio.Event(), anyio.Event()
    attempts: list[str] = []

    async def first() -> str:
        attempts.append("first")
        started.set()
        await release.wait()
        raise ValueError("lost")

    async def second() -> str:
        attempts.append("second")
        return "read again"

    results: list[str] = []

    async def waiter() -> None:
        await started.wait()
        task = reads.shared("x", second)
        release.set()
        results.append(await task)

    async def failing() -> None:
        with pytest.raises(ValueError, match="lost"):
            await reads.shared("x", first)

    async with anyio.create_task_group() as group:
        group.start_soon(failing)
        group.start_soon(waiter)
    assert (attempts, results) == (["first", "second"], ["read again"])


async def test_forgetting_termtime_keeps_bookers_lists_and_the_timetables() -> None:
    """After a stage wrote to TermTime its lists are read again; Booker's and timetables not."""
    termtime, booker = FakeTermTime(), FakeBooker()
    reads = Reads(termtime, booker)
    await reads.prefetch(reads.termtime_rooms, reads.campuses, reads.booker_rooms)
    await reads.shared("timetable:MIL-1", termtime.list_floors)
    reads.forget_termtime()
    await reads.prefetch(reads.termtime_rooms, reads.campuses, reads.booker_rooms)
    await reads.shared("timetable:MIL-1", termtime.list_floors)
    assert (termtime.calls["rooms"], termtime.calls["campuses"]) == (2, 2)
    assert (booker.calls["rooms"], termtime.calls["floors"]) == (1, 1)


def _present(reads: Reads) -> frozenset[str] | None:
    return reads.present_rooms


async def test_a_preview_is_served_as_termtimes_lists_until_forgotten() -> None:
    """A previewed estate replaces TermTime's lists; the rooms that exist are remembered."""
    termtime = FakeTermTime()
    reads = Reads(termtime, FakeBooker())
    estate = await reads.termtime_estate()
    added = TermTimeEstate(
        campuses=estate.campuses,
        buildings=estate.buildings,
        floors=estate.floors,
        rooms=(*estate.rooms, tt_room("NEW-1")),
    )
    await reads.preview(added)
    assert [r.code for r in await reads.termtime_rooms()] == ["MIL-1", "NEW-1"]
    assert _present(reads) == frozenset({"MIL-1"})
    reads.forget_termtime()
    assert _present(reads) is None
    assert [r.code for r in await reads.termtime_rooms()] == ["MIL-1"]
    assert termtime.calls["rooms"] == 2
