"""Records no tidy fake serves, made on demand in a generated university: a person's
booking with a null start, a room with a null `Floor` or `Capacity`, a floor that lost its
building, a booking someone cancelled. Each returns what it spoilt, for a test to name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from essm_sync.sandbox.booker_state import BKBooking, BookerState
from essm_sync.sandbox.seed import Sandbox
from essm_sync.sandbox.termtime_state import TermTimeState, TTRoom


def book_without_start(bk: BookerState, room: dict[str, Any], day: dt.date) -> BKBooking:
    """Book `room` for a person on `day`, served with `StartTime: null`."""
    start = dt.datetime.combine(day, dt.time(7), dt.UTC)
    booking = bk.add_booking(
        room=room["OptimeIndex"], start=start, end=start + dt.timedelta(hours=1),
        title="Booking with no start", description=None, booking_type=None, department=None,
        external_id=None, created_by="reception",
    )  # fmt: skip
    booking.wire["StartTime"] = None
    return booking


def blank_room_field(bk: BookerState, room_id: str, name: str = "Floor") -> dict[str, Any]:
    """Serve a Booker room with a null `Floor` (or `Capacity`)."""
    room = next(r for r in bk.rooms if r["Id"] == room_id)
    room[name] = None
    return room


def unplace_floor(tt: TermTimeState, code: str) -> None:
    """List a TermTime floor with a null building, as an export that lost it does."""
    tt.floors_unplaced.add(code)


def refuse_floor(tt: TermTimeState, name: str) -> None:
    """Make TermTime refuse to create a floor of this name (its rooms then cannot be placed)."""
    tt.floors_refused.add(name)


def cancel_booking(bk: BookerState, booking_id: int) -> BKBooking:
    """Cancel a booking as a person at Booker's desk does: listed, but holding no room."""
    booking = bk.bookings[booking_id]
    bk.update_booking(booking, {"status": "Cancelled"})
    return booking


# Booker code -> the TermTime code that looks the same: a trailing space, a zero-width
# space, and NFC against NFD (the accent as its own character).
LOOKALIKES = {"LR9 ": "LR9", "ZW\u200b1": "ZW1", "Caf\u00e9-1": "Cafe\u0301-1"}


def add_lookalikes(tt: TermTimeState, bk: BookerState) -> dict[str, str]:
    """Add rooms whose codes in the two systems read alike but differ; return them."""
    model = next(r for r in bk.rooms if r["Live"] and r["Id"] in tt.rooms)
    place = tt.rooms[model["Id"]]
    top = max(int(r["OptimeIndex"]) for r in bk.rooms)
    for offset, (booker, termtime) in enumerate(sorted(LOOKALIKES.items()), start=1):
        bk.rooms.append({**model, "OptimeIndex": top + offset, "Id": booker,
                         "Name": f"Look-alike room {offset}"})  # fmt: skip
        tt.rooms[termtime] = TTRoom(termtime, f"Look-alike room {offset}", place.floor_code,
                                    place.department, dict(place.capacities))  # fmt: skip
    return dict(LOOKALIKES)


def add_odd_records(university: Sandbox) -> dict[str, str]:
    """Serve one of each odd record, in rooms apart from one another; return what each
    fault spoilt, by fault (for the command line to say, and tests to look for)."""
    tt, bk = university.termtime, university.booker
    booked = {b.room for b in bk.bookings.values()}
    rooms = sorted(
        (r for r in bk.rooms if r["Live"] and r["Bookable"] and r["Id"] in tt.rooms),
        key=lambda r: str(r["Id"]),
    )
    free = [r for r in rooms if r["OptimeIndex"] not in booked]
    spoilt: dict[str, str] = {}
    if len(free) >= 3:
        odd = book_without_start(bk, free[0], university.first_day)
        spoilt["null start"] = f"booking {odd.id} in room {free[0]['Id']}"
        spoilt["null Floor"] = str(blank_room_field(bk, str(free[1]["Id"]), "Floor")["Id"])
        spoilt["null Capacity"] = str(blank_room_field(bk, str(free[2]["Id"]), "Capacity")["Id"])
    theirs = sorted(b.id for b in bk.bookings.values() if b.external_id is None)
    if theirs:
        spoilt["cancelled"] = f"booking {cancel_booking(bk, theirs[0]).id}"
    if tt.floors:
        code = sorted(tt.floors)[-1]
        unplace_floor(tt, code)
        spoilt["floor without building"] = code
    spoilt["look-alike codes"] = ", ".join(repr(c) for c in add_lookalikes(tt, bk))
    return spoilt
