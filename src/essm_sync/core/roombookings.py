"""Plan the room bookings, Booker → TermTime: one per person's booking and local day.

So that TermTime's scheduler sees a room people booked as taken (design.md, Room bookings
into TermTime). The sync writes only room bookings whose code starts `booker:`; every other
room booking is TermTime's own and is never changed. Only dates inside the window are
written or deleted: an owned room booking outside it is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from essm_sync.core._common import sort_warnings
from essm_sync.core._days import day_pieces
from essm_sync.core._items import is_cancelled, is_owned
from essm_sync.core._lookalike import held_lookalikes
from essm_sync.core.bookings import bookable_rooms
from essm_sync.models import (
    ROOM_BOOKING_PREFIX,
    Booking,
    Change,
    CreateRoomBooking,
    DeleteRoomBooking,
    PlanWarning,
    RoomBookingFields,
    RoomBookingsSnapshot,
    Skipped,
    Stage,
    TermTimeRoomBooking,
    UpdateRoomBooking,
)

_DES_MAX = 200  # §27.4: des is 0 to 200 characters


@dataclass(frozen=True)
class RoomBookingRules:
    """How Booker bookings become room bookings; the engine fills this from settings."""

    zone: dt.tzinfo
    owner: str  # `roombookings.owner`: the TermTime staff code owning them
    first_day: dt.date
    last_day: dt.date
    type_code: str = ""
    owners: frozenset[str] = field(default_factory=lambda: frozenset({"essm-sync"}))


def room_booking_code(optime_index: int, date: dt.date) -> str:
    """Return the code of the room booking for one Booker booking on one local day."""
    return f"{ROOM_BOOKING_PREFIX}{optime_index}:{date.isoformat()}"


def date_of_code(code: str) -> dt.date | None:
    """Return the date an owned code is for, or None when it does not say one."""
    try:
        return dt.date.fromisoformat(code.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return None


def _served(snapshot: RoomBookingsSnapshot) -> dict[str, int]:
    # The rooms the bookings stage serves: one rule for both stages (core/_rooms.py).
    return bookable_rooms(
        snapshot.termtime_rooms, snapshot.booker_rooms, snapshot.booker_buildings
    )


@dataclass(frozen=True)
class Wanted:
    """One room booking the Booker listing asks for."""

    fields: RoomBookingFields
    booking_id: int


def wanted_room_bookings(
    snapshot: RoomBookingsSnapshot, rules: RoomBookingRules
) -> dict[str, Wanted]:
    """Return, by code, every room booking people's Booker bookings ask for in the window:
    not the sync's own, not cancelled, in a room the bookings stage serves."""
    served = _served(snapshot)
    code_of = {index: code for code, index in served.items()}
    wanted: dict[str, Wanted] = {}
    for booking in snapshot.bookings:
        room = code_of.get(booking.room_optime_index)
        if room is None or is_cancelled(booking) or is_owned(booking, rules.owners):
            continue
        for piece in day_pieces(booking.start, booking.end, rules.zone):
            if not rules.first_day <= piece.date <= rules.last_day:
                continue
            fields = RoomBookingFields(
                des=booking.title[:_DES_MAX], day=piece.day, time=piece.time, du=piece.du,
                pat=piece.week, rooms=room,
            )  # fmt: skip
            wanted[room_booking_code(booking.optime_index, piece.date)] = Wanted(
                fields, booking.optime_index
            )
    return wanted


def _why_gone(code: str, listing: dict[int, Booking], served: set[int]) -> str:
    """Say why an owned room booking has no Booker booking to follow any more."""
    try:
        index = int(code.split(":")[1])
    except (IndexError, ValueError):
        index = -1
    booking = listing.get(index)
    if booking is None:
        return "Booker booking gone"
    if is_cancelled(booking):
        return "Booker booking cancelled"
    if booking.room_optime_index not in served:
        return "Booker booking's room is not synced"
    return "Booker booking no longer on this day"


@dataclass
class _Existing:
    """TermTime's owned room bookings by code, those left alone, and what to say of them."""

    by_code: dict[str, TermTimeRoomBooking] = field(default_factory=dict)
    untouchable: set[str] = field(default_factory=set)  # unreadable or listed twice
    outside: int = 0  # owned, dated outside the window: left alone
    undated: list[str] = field(default_factory=list)
    twice: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _sort_existing(snapshot: RoomBookingsSnapshot, rules: RoomBookingRules) -> _Existing:
    existing = _Existing()
    listed = snapshot.room_bookings
    twice = {code for code, n in Counter(b.code for b in listed.owned).items() if n > 1}
    for unread in listed.unread:
        existing.untouchable.add(unread.code)
        existing.skipped.append(Skipped(room="", kind="roombookings", item=unread.code,
                                        problem=unread.problem))  # fmt: skip
    existing.untouchable |= twice
    existing.twice = sorted(twice)
    for booking in listed.owned:
        if booking.code in existing.untouchable:
            continue
        date = date_of_code(booking.code)
        if date is None:
            existing.undated.append(booking.code)
        elif not rules.first_day <= date <= rules.last_day:
            existing.outside += 1
        else:
            existing.by_code[booking.code] = booking
    return existing


def plan_room_bookings(snapshot: RoomBookingsSnapshot, *, rules: RoomBookingRules) -> Stage:
    """Return the changes that give every person's Booker booking, on each local day it
    touches inside the window, its TermTime room booking."""
    wanted = wanted_room_bookings(snapshot, rules)
    existing = _sort_existing(snapshot, rules)
    served = set(_served(snapshot).values())
    listing = {booking.optime_index: booking for booking in snapshot.bookings}
    notes = "Booker booking {}"
    changes: list[Change] = []
    for code, want in wanted.items():
        if code in existing.untouchable:
            continue
        have = existing.by_code.get(code)
        if have is None:
            changes.append(CreateRoomBooking(
                code=code, after=want.fields, owner=rules.owner, type=rules.type_code,
                notes=notes.format(want.booking_id), reason="booking made in Booker",
            ))  # fmt: skip
        elif have.fields != want.fields:
            changes.append(UpdateRoomBooking(code=code, before=have.fields, after=want.fields,
                                             reason="booking changed in Booker"))  # fmt: skip
    unread_bookings = _unread(snapshot, "booking")
    # A room of a look-alike pair is not served, yet its room bookings are not gone: held.
    unread_rooms = _unread(snapshot, "room") | held_lookalikes(
        (r.id for r in snapshot.booker_rooms), (r.code for r in snapshot.termtime_rooms),
        what="room").held  # fmt: skip
    for code, have in existing.by_code.items():
        if code not in wanted:
            source = code.split(":")[1] if code.count(":") >= 2 else ""  # booker:<N>:<day>
            if source in unread_bookings or have.fields.rooms in unread_rooms:
                continue  # its booking or its room could not be read: left alone (design.md)
            reason = _why_gone(code, listing, served)
            changes.append(DeleteRoomBooking(code=code, before=have.fields, reason=reason))
    changes.sort(key=lambda c: (c.rank, c.key))
    return Stage(
        operation="roombookings",
        owned=len(existing.by_code),
        present=len(existing.by_code),
        desired=len(wanted),
        changes=tuple(changes),
        warnings=_warnings(existing),
        skipped=tuple(sorted(existing.skipped, key=lambda s: s.item)),
    )


def _unread(snapshot: RoomBookingsSnapshot, kind: str) -> frozenset[str]:
    """Return the keys (a booking's OptimeIndex, a room's code) of the records of a kind that
    could not be read: the room bookings made from them are never deleted over it."""
    return frozenset(record.key for record in snapshot.unread if record.kind == kind)


def _warnings(existing: _Existing) -> tuple[PlanWarning, ...]:
    warnings = [
        PlanWarning(key=code, message="owned room booking whose code names no date; left alone")
        for code in existing.undated
    ]
    warnings += [
        PlanWarning(key=code, message="TermTime lists this room booking code twice; left alone")
        for code in existing.twice
    ]
    if existing.outside:
        message = f"{existing.outside} owned room bookings dated outside the window; left alone"
        warnings.append(PlanWarning(key="roombookings", message=message))
    return sort_warnings(warnings)
