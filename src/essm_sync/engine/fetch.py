"""Read what each operation needs from both systems at once, before anything is written."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from functools import partial

import structlog

from essm_sync.concurrency import gather
from essm_sync.core import bookable_rooms
from essm_sync.engine.reads import Reads
from essm_sync.errors import EssmSyncError, InvalidDataError, NotFoundError, RejectedError
from essm_sync.models import (
    DEFAULT_KINDS,
    Booking,
    BookingsSnapshot,
    BuildingsSnapshot,
    Kind,
    RoomEvents,
    RoomsSnapshot,
    RoomTimetable,
)

Progress = Callable[[str, int, int], None]
_log = structlog.get_logger("essm_sync.fetch")


async def fetch_buildings(reads: Reads) -> BuildingsSnapshot:
    """Read sites and buildings from Booker, campuses and buildings from TermTime."""
    # Read all at once; each result is then taken, typed, from the reads it is kept in.
    await reads.prefetch(
        reads.sites, reads.booker_buildings, reads.campuses, reads.termtime_buildings
    )
    return BuildingsSnapshot(
        sites=await reads.sites(),
        booker_buildings=await reads.booker_buildings(),
        campuses=await reads.campuses(),
        termtime_buildings=await reads.termtime_buildings(),
        unread=reads.unread(booker=("site", "building"), termtime=("campus", "building")),
    )


async def fetch_rooms(reads: Reads) -> RoomsSnapshot:
    """Read both estates and TermTime's departments and activity types."""
    await reads.prefetch(
        reads.sites,
        reads.booker_buildings,
        reads.booker_rooms,
        reads.campuses,
        reads.termtime_buildings,
        reads.floors,
        reads.termtime_rooms,
        reads.departments,
        reads.activity_types,
        reads.booker_departments,
    )
    return RoomsSnapshot(
        sites=await reads.sites(),
        booker_buildings=await reads.booker_buildings(),
        booker_rooms=await reads.booker_rooms(),
        campuses=await reads.campuses(),
        termtime_buildings=await reads.termtime_buildings(),
        floors=await reads.floors(),
        termtime_rooms=await reads.termtime_rooms(),
        departments=await reads.departments(),
        activity_types=await reads.activity_types(),
        booker_departments=await reads.booker_departments(),
        unread=reads.unread(
            booker=("building", "room", "department"),
            termtime=("building", "floor", "room", "department", "activity type"),
        ),
    )


def _events(room: str, timetable: RoomTimetable, start: dt.date, end: dt.date) -> RoomEvents:
    """Keep the items on days asked for; the days served are those the answer confirmed."""
    served: tuple[dt.date, dt.date] | None = None
    if timetable.period is not None:
        # TermTime serves only the current academic year (§37.10): trust what it says it
        # served, and nothing it did not say (design.md, served days).
        first, last = max(start, timetable.period.start), min(end, timetable.period.end)
        served = (first, last) if first <= last else None
    items = tuple(item for item in timetable.items if start <= item.day <= end)
    return RoomEvents.model_construct(
        room=room,
        served=served,
        items=items,
        skipped=timetable.skipped,
        unreadable=None,
        absent=False,
    )


async def _timetable_of(
    reads: Reads, room: str, first_day: dt.date, last_day: dt.date, kinds: tuple[Kind, ...]
) -> RoomEvents:
    if reads.present_rooms is not None and room not in reads.present_rooms:
        # A room a preview adds: nothing can be scheduled in it yet.
        return RoomEvents.model_construct(
            room=room, served=None, items=(), skipped=(), unreadable=None, absent=True
        )
    try:
        timetable = await reads.termtime.get_timetable(room, first_day, last_day, kinds=kinds)
    except (InvalidDataError, NotFoundError, RejectedError) as exc:
        # One room's unreadable timetable holds that room, not the run (design.md).
        _log.debug("fetch.timetable_unreadable", room=room, error=str(exc))
        return RoomEvents.model_construct(
            room=room, served=None, items=(), skipped=(), unreadable=exc.problem, absent=False
        )
    return _events(room, timetable, first_day, last_day)


async def _timetable(
    reads: Reads, room: str, first_day: dt.date, last_day: dt.date, kinds: tuple[Kind, ...]
) -> RoomEvents:
    # Shared, so that a timetable read ahead (`read_ahead`) is not read again.
    name = f"timetable:{room}:{first_day}:{last_day}:{','.join(kinds)}"
    return await reads.shared(
        name, partial(_timetable_of, reads, room, first_day, last_day, kinds)
    )


async def booker_listing(
    reads: Reads, first_day: dt.date, last_day: dt.date, zone: dt.tzinfo
) -> tuple[Booking, ...]:
    """Return Booker's bookings over the days, read once a run for every stage (settled
    by the first stage whose plan writes: `Reads.settled_listing`)."""
    start, end = listing_window(first_day, last_day, zone)
    # One read: the stage settles it only if its plan writes (engine/run.py).
    call = partial(reads.booker.list_bookings, start, end, settle=False)
    return await reads.shared(f"booker.bookings:{start}:{end}", call)


async def read_ahead(
    reads: Reads,
    *,
    first_day: dt.date,
    last_day: dt.date,
    zone: dt.tzinfo,
    kinds: tuple[Kind, ...],
) -> None:
    """Read, while the estate stages run, what the bookings stage needs that they cannot
    change: Booker's bookings, and the timetables of the rooms bookable now (TermTime keeps
    a room's timetable whatever the sync writes to the room). A room the estate stages make
    bookable is read by the stage itself; a failure here is left for the stage to meet."""
    try:
        await reads.prefetch(
            reads.termtime_rooms,
            reads.booker_rooms,
            reads.booker_buildings,
            partial(booker_listing, reads, first_day, last_day, zone),
        )
        rooms = sorted(await _bookable(reads))
        await gather(
            **{
                f"room:{room}": partial(_timetable, reads, room, first_day, last_day, kinds)
                for room in rooms
            }
        )
    except EssmSyncError as exc:
        # Every failure of a read is one of the tree's (the clients translate the rest).
        _log.info("fetch.read_ahead_stopped", error=str(exc))


async def _bookable(reads: Reads) -> dict[str, int]:
    return bookable_rooms(
        await reads.termtime_rooms(), await reads.booker_rooms(), await reads.booker_buildings()
    )


async def fetch_timetables(
    reads: Reads,
    rooms: list[str],
    *,
    first_day: dt.date,
    last_day: dt.date,
    kinds: tuple[Kind, ...],
    progress: Progress | None = None,
) -> tuple[RoomEvents, ...]:
    """Read each room's timetable over the window, at once within the clients' limits."""
    timetables: list[RoomEvents] = []

    async def one(room: str) -> None:
        timetables.append(await _timetable(reads, room, first_day, last_day, kinds))
        if progress is not None:
            progress("timetables fetched", len(timetables), len(rooms))

    started = time.perf_counter()
    await gather(**{f"room:{code}": partial(one, code) for code in rooms})
    _log.info(
        "fetch.timetables",
        rooms=len(rooms),
        items=sum(len(t.items) for t in timetables),
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
    )
    return tuple(sorted(timetables, key=lambda t: t.room))


async def fetch_outside_year(reads: Reads) -> BookingsSnapshot:
    """Read both room lists but no timetable and no booking: the window lies outside
    TermTime's academic year (design.md), so the stage has nothing to compare."""
    await reads.prefetch(
        reads.termtime_rooms, reads.booker_rooms, reads.booker_buildings, reads.booker_departments
    )
    return BookingsSnapshot(
        termtime_rooms=await reads.termtime_rooms(),
        booker_rooms=await reads.booker_rooms(),
        booker_buildings=await reads.booker_buildings(),
        booker_departments=await reads.booker_departments(),
        timetables=(),
        bookings=(),
    )


def listing_window(
    first_day: dt.date, last_day: dt.date, zone: dt.tzinfo
) -> tuple[dt.datetime, dt.datetime]:
    """Return the instants Booker's listing is asked for: the window's days, whole."""
    start = dt.datetime.combine(first_day, dt.time(), zone)
    return start, dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), zone)


async def fetch_bookings(
    reads: Reads,
    *,
    first_day: dt.date,
    last_day: dt.date,
    zone: dt.tzinfo,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
    progress: Progress | None = None,
) -> BookingsSnapshot:
    """Read both room lists and Booker's buildings, each bookable room's timetable, and
    Booker's bookings in the window."""
    timetables: list[RoomEvents] = []

    async def rooms_and_timetables() -> None:
        await reads.prefetch(
            reads.termtime_rooms,
            reads.booker_rooms,
            reads.booker_buildings,
            reads.booker_departments,
        )
        wanted = sorted(await _bookable(reads))
        found = await fetch_timetables(
            reads, wanted, first_day=first_day, last_day=last_day, kinds=kinds, progress=progress
        )
        timetables.extend(found)

    found: list[Booking] = []

    async def bookings() -> None:
        started = time.perf_counter()
        found.extend(await booker_listing(reads, first_day, last_day, zone))
        _log.info(
            "fetch.read",
            list="booker.bookings",
            records=len(found),
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
        )

    await gather(rooms=rooms_and_timetables, bookings=bookings)
    return BookingsSnapshot(
        termtime_rooms=await reads.termtime_rooms(),
        booker_rooms=await reads.booker_rooms(),
        booker_buildings=await reads.booker_buildings(),
        booker_departments=await reads.booker_departments(),
        timetables=tuple(timetables),
        bookings=tuple(found),
        unread=reads.unread(booker=("room", "booking", "department"), termtime=("room",)),
    )
