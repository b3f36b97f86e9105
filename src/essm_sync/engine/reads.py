"""Reads shared by the stages of one run, so no list is fetched twice for nothing.

The sync never writes Booker's estate, so sites, buildings, rooms and departments are read
once a run. TermTime's estate lists are read again only after a stage wrote to TermTime.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, TypeVar

import anyio
import structlog

from essm_sync.concurrency import gather
from essm_sync.core import TermTimeEstate
from essm_sync.engine.protocols import BookerApi, TermTimeApi
from essm_sync.models import (
    ActivityType,
    BookerBuilding,
    BookerDepartment,
    BookerRoom,
    Booking,
    Campus,
    Department,
    Floor,
    Site,
    TermTimeBuilding,
    TermTimeRoom,
    UnreadRecord,
)

T = TypeVar("T")
_log = structlog.get_logger("essm_sync.fetch")


class Reads:
    """The list calls of both systems, each made at most once until forgotten."""

    def __init__(self, termtime: TermTimeApi, booker: BookerApi) -> None:
        self.termtime = termtime
        self.booker = booker
        self._held: dict[str, Any] = {}
        self._pending: dict[str, anyio.Event] = {}
        self.present_rooms: frozenset[str] | None = None  # set while previewing

    async def shared(self, name: str, call: Callable[[], Awaitable[T]]) -> T:
        """Make `call` once under `name` and keep its result; a caller that comes while it
        is in flight waits for it (and makes it itself if it failed)."""
        while name not in self._held:
            pending = self._pending.get(name)
            if pending is not None:
                await pending.wait()
                continue
            pending = self._pending[name] = anyio.Event()
            try:
                self._held[name] = await call()
            finally:
                del self._pending[name]
                pending.set()
        result: T = self._held[name]
        return result

    async def _once(self, name: str, call: Callable[[], Awaitable[T]]) -> T:
        async def logged() -> T:
            started = time.perf_counter()
            found = await call()
            _log.info(
                "fetch.read",
                list=name,
                records=len(found),  # type: ignore[arg-type]  # every list has a length
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
            )
            return found

        return await self.shared(name, logged)

    async def settled_listing(
        self, start: dt.datetime, end: dt.datetime, first: tuple[Booking, ...]
    ) -> tuple[Booking, ...]:
        """Return Booker's listing read until two reads agree, settled once a run: every
        stage after the first that needs it settled gets the same listing, also in place of
        the first read (design.md, Failing well)."""
        name = f"booker.bookings:{start}:{end}"
        settled = await self.shared(
            f"{name}:settled", partial(self.booker.settle_bookings, start, end, first)
        )
        self._held[name] = settled
        return settled

    async def prefetch(self, *reads: Callable[[], Awaitable[object]]) -> None:
        """Make these reads at once; each result is then kept for its typed call."""
        await gather(**{str(i): read for i, read in enumerate(reads)})

    def forget_termtime(self) -> None:
        """Drop TermTime's lists after a stage wrote to TermTime."""
        self._held = {k: v for k, v in self._held.items() if not k.startswith("termtime.")}
        # Timetables stay: the estate stages change no room's timetable.
        self.present_rooms = None

    def unread(
        self, *, booker: tuple[str, ...], termtime: tuple[str, ...]
    ) -> tuple[UnreadRecord, ...]:
        """Return the records of these kinds that the lists read could not read."""
        return tuple(
            record
            for client, kinds in ((self.booker, booker), (self.termtime, termtime))
            for kind in kinds
            for record in client.unread.get(kind, ())
        )

    async def termtime_estate(self) -> TermTimeEstate:
        """Return TermTime's estate lists, as read (or as a preview left them)."""
        return TermTimeEstate(
            campuses=await self.campuses(),
            buildings=await self.termtime_buildings(),
            floors=await self.floors(),
            rooms=await self.termtime_rooms(),
        )

    async def preview(self, estate: TermTimeEstate) -> None:
        """Serve `estate` as TermTime's lists from now on, as if a stage had been applied.

        Rooms a preview adds do not exist in TermTime yet, so nothing can be scheduled in
        them: their timetables are not read (`present_rooms` keeps the rooms that exist).
        """
        if self.present_rooms is None:
            self.present_rooms = frozenset(r.code for r in await self.termtime_rooms())
        self._held.update(
            {
                "termtime.campuses": estate.campuses,
                "termtime.buildings": estate.buildings,
                "termtime.floors": estate.floors,
                "termtime.rooms": estate.rooms,
            }
        )

    async def sites(self) -> tuple[Site, ...]:
        return await self._once("booker.sites", self.booker.list_sites)

    async def booker_buildings(self) -> tuple[BookerBuilding, ...]:
        return await self._once("booker.buildings", self.booker.list_buildings)

    async def booker_rooms(self) -> tuple[BookerRoom, ...]:
        return await self._once("booker.rooms", self.booker.list_rooms)

    async def booker_departments(self) -> tuple[BookerDepartment, ...]:
        return await self._once("booker.departments", self.booker.list_departments)

    async def campuses(self) -> tuple[Campus, ...]:
        return await self._once("termtime.campuses", self.termtime.list_campuses)

    async def termtime_buildings(self) -> tuple[TermTimeBuilding, ...]:
        return await self._once("termtime.buildings", self.termtime.list_buildings)

    async def floors(self) -> tuple[Floor, ...]:
        return await self._once("termtime.floors", self.termtime.list_floors)

    async def termtime_rooms(self) -> tuple[TermTimeRoom, ...]:
        return await self._once("termtime.rooms", self.termtime.list_rooms)

    async def departments(self) -> tuple[Department, ...]:
        return await self._once("termtime.departments", self.termtime.list_departments)

    async def activity_types(self) -> tuple[ActivityType, ...]:
        return await self._once("termtime.activitytypes", self.termtime.list_activity_types)
