"""The `roombookings` operation's reads, rules and writes: people's Booker bookings become
TermTime room bookings (design.md, Room bookings into TermTime).

It reads the same Booker listing the bookings stage reads, once a run, and TermTime's room
bookings once a run (the bookings stage shares them, to keep its own out of Booker).
"""

from __future__ import annotations

import datetime as dt
import time

import structlog

from essm_sync.core import RoomBookingRules, plan_room_bookings
from essm_sync.engine.context import RunOptions, Systems
from essm_sync.engine.fetch import booker_listing, listing_window
from essm_sync.engine.heap import frozen_heap
from essm_sync.engine.reads import Reads
from essm_sync.errors import ConfigError
from essm_sync.models import (
    Booking,
    BookingsSnapshot,
    Change,
    CreateRoomBooking,
    DeleteRoomBooking,
    RoomBookings,
    RoomBookingsSnapshot,
    Stage,
    UpdateRoomBooking,
)
from essm_sync.settings import Settings

_log = structlog.get_logger("essm_sync.fetch")
_ROOM_BOOKINGS = "roombookings.termtime"  # no `termtime.` prefix: estate writes keep it


def owner_of(settings: Settings) -> str:
    """Return `roombookings.owner`.

    Raises:
        ConfigError: it is not set, so the operation is off (design.md, Commands).
    """
    owner = settings.roombookings.owner
    if owner is None:
        raise ConfigError(
            "operation roombookings needs setting roombookings.owner "
            "(ESSM_SYNC_ROOMBOOKINGS__OWNER): the TermTime staff code that owns them"
        )
    return owner


def room_booking_rules(settings: Settings, options: RunOptions) -> RoomBookingRules:
    """Return how bookings become room bookings, for the days the window syncs inside
    TermTime's academic year (none when the window lies outside it)."""
    days = options.cut().days
    first, last = days if days is not None else (dt.date.max, dt.date.min)
    return RoomBookingRules(
        zone=settings.bookings.zone(), owner=owner_of(settings), first_day=first,
        last_day=last, type_code=settings.roombookings.type, owners=settings.booker.owners(),
    )  # fmt: skip


async def room_bookings(reads: Reads) -> RoomBookings:
    """Return TermTime's room bookings, read once a run."""

    async def logged() -> RoomBookings:
        started = time.perf_counter()
        found = await reads.termtime.list_room_bookings()
        _log.info(
            "fetch.read", list="termtime.roombookings", records=len(found.owned) +
            len(found.others) + len(found.unread),
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
        )  # fmt: skip
        return found

    return await reads.shared(_ROOM_BOOKINGS, logged)


async def with_own_room_bookings(
    reads: Reads, settings: Settings, snapshot: BookingsSnapshot
) -> BookingsSnapshot:
    """Give the bookings stage the codes and ids of the sync's own room bookings, when it
    books TermTime's room bookings and the operation is on: those are never booked into
    Booker (design.md, the loop never closes). Otherwise nothing more is read."""
    if (
        settings.roombookings.owner is None
        or "termtime_bookings" not in settings.bookings.item_kinds()
    ):
        return snapshot
    owned = (await room_bookings(reads)).own_keys()
    return snapshot.model_copy(update={"own_room_bookings": owned})


async def read_room_bookings(
    reads: Reads, settings: Settings, options: RunOptions
) -> RoomBookingsSnapshot:
    """Read both room lists, Booker's buildings and listing over the days synced, and
    TermTime's room bookings; outside the academic year, no listing (nothing is compared
    there, so nothing is deleted)."""
    owner_of(settings)  # before anything is read
    zone = settings.bookings.zone()
    days = options.cut().days
    if days is None:
        await reads.prefetch(
            reads.termtime_rooms, reads.booker_rooms, lambda: room_bookings(reads)
        )
        listing: tuple[Booking, ...] = ()
    else:
        await reads.prefetch(
            reads.termtime_rooms, reads.booker_rooms, reads.booker_buildings,
            lambda: room_bookings(reads), lambda: booker_listing(reads, days[0], days[1], zone),
        )  # fmt: skip
        listing = await booker_listing(reads, days[0], days[1], zone)
    return RoomBookingsSnapshot(
        termtime_rooms=await reads.termtime_rooms(),
        booker_rooms=await reads.booker_rooms(),
        booker_buildings=await reads.booker_buildings(),
        bookings=listing,
        room_bookings=await room_bookings(reads),
        unread=reads.unread(booker=("room", "booking"), termtime=("room",)),
    )


def plan_room_booking_stage(
    snapshot: RoomBookingsSnapshot, settings: Settings, options: RunOptions
) -> Stage:
    """Plan the room bookings on what was read."""
    return plan_room_bookings(snapshot, rules=room_booking_rules(settings, options))


async def settle_room_bookings(
    reads: Reads,
    settings: Settings,
    options: RunOptions,
    snapshot: RoomBookingsSnapshot,
    stage: Stage,
) -> tuple[RoomBookingsSnapshot, Stage]:
    """Plan again on a listing that held still, when the plan deletes: a booking a shifting
    listing missed would lose its room booking (booker-api.md). The listing the bookings
    stage settled is used as it is."""
    days = options.cut().days
    if days is None or not any(isinstance(c, DeleteRoomBooking) for c in stage.changes):
        return snapshot, stage
    start, end = listing_window(days[0], days[1], settings.bookings.zone())
    settled = await reads.settled_listing(start, end, snapshot.bookings)
    if frozenset(settled) == frozenset(snapshot.bookings):
        return snapshot, stage
    unread = reads.unread(booker=("room", "booking"), termtime=("room",))
    snapshot = snapshot.model_copy(update={"bookings": settled, "unread": unread})
    with frozen_heap():
        return snapshot, plan_room_booking_stage(snapshot, settings, options)


async def write_room_bookings(systems: Systems, change: Change) -> str:
    """Make one room-booking change in TermTime; return a note for the log."""
    termtime = systems.termtime
    match change:
        case CreateRoomBooking():
            await termtime.create_room_booking(
                code=change.code, fields=change.after, owner=change.owner,
                type_code=change.type, notes=change.notes,
            )  # fmt: skip
        case UpdateRoomBooking():
            await termtime.update_room_booking(code=change.code, fields=change.after)
        case DeleteRoomBooking():
            if not await termtime.delete_room_booking(code=change.code):
                return "already gone"
        case _:
            raise TypeError(f"{change.kind} is not a change the roombookings writer makes")
    return ""
