"""People's bookings as the `roombookings` operation meets them, and TermTime's own room
bookings: what a seeded university needs so that Booker's occupancy reaches TermTime.

Bookings across midnight, over several days, cancelled, in a room TermTime lacks; room
bookings a timetabler made in TermTime (never to be touched); and a TermTime that keeps
new room bookings `Pending` whatever was asked, as a real tenant did.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from essm_sync.sandbox.booker_state import BookerState
from essm_sync.sandbox.seed_year import SeedYear
from essm_sync.sandbox.termtime_state import TermTimeState, TTRoomBooking

TIMETABLER = "TTADMIN"


def _person(bk: BookerState, room: dict[str, Any], start: dt.datetime, hours: float,
            title: str, *, status: str = "Confirmed") -> None:  # fmt: skip
    booking = bk.add_booking(
        room=room["OptimeIndex"], start=start, end=start + dt.timedelta(hours=hours),
        title=title, description=None, booking_type=None, department=None, external_id=None,
        created_by="reception",
    )  # fmt: skip
    booking.status = status


def add_room_booking_mess(tt: TermTimeState, bk: BookerState) -> None:
    """Add the bookings and room bookings the operation must handle, deterministically."""
    tt.pending_room_bookings = True
    codes = Counter(r["Id"] for r in bk.rooms)
    live = {b["Id"] for b in bk.buildings if b["Live"]}
    rooms = sorted(
        (r for r in bk.rooms
         if r["Live"] and r["Bookable"] and r["BuildingId"] in live and codes[r["Id"]] == 1
         and r["Id"] in tt.rooms and not tt.rooms[r["Id"]].to_delete),
        key=lambda r: str(r["Id"]),
    )  # fmt: skip
    # A room TermTime lacks and will not get: its department is unknown to TermTime.
    lacking = [r for r in bk.rooms if r["Live"] and r["Bookable"] and r["Id"] not in tt.rooms
               and r["DepartmentId"] not in tt.departments]  # fmt: skip
    if len(rooms) < 4:
        return
    # Weekends and late evenings, where no teaching is timetabled: no new conflicts. The
    # dates are written for 2026-27 and moved into the year seeded, weekdays kept.
    year = SeedYear(tt.year_start)

    def at(day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(year.on(day), dt.time(hour), dt.UTC)

    night, conference, cancelled = rooms[-2], rooms[-3], rooms[-4]
    _person(bk, night, at(dt.date(2026, 11, 6), 22), 3, "Astronomy night")
    _person(bk, conference, at(dt.date(2026, 11, 20), 18), 47,
            "Weekend conference: three days")  # fmt: skip
    _person(bk, cancelled, at(dt.date(2026, 11, 28), 10), 2,
            "Called off", status="Cancelled")  # fmt: skip
    if lacking:
        _person(bk, lacking[0], at(dt.date(2026, 11, 29), 10), 2,
                "Room TermTime never had")  # fmt: skip
    # A timetabler's room bookings on Sundays (of ISO weeks 2026-W46, W47 and W01), the last
    # before the year begins: on a day the window does not reach.
    stamp = f"{year.on(dt.date(2026, 9, 1))} 09:00:00"
    for offset, (code, sunday, room) in enumerate(
        (("OPEN-DAY", dt.date(2026, 11, 15), night), ("42", dt.date(2026, 11, 22), conference),
         ("ARCHIVE", dt.date(2026, 1, 4), cancelled))
    ):  # fmt: skip
        iso = year.on(sunday).isocalendar()
        booking_id = max(tt.room_bookings, default=0) + 1
        tt.room_bookings[booking_id] = TTRoomBooking(
            id=booking_id, code=code, des=f"Timetabler's hold {offset + 1}", days=(6,),
            time=dt.time(12), du=90, weeks=(f"{iso.year}-W{iso.week:02d}",),
            rooms=(str(room["Id"]),), owner=TIMETABLER, state="Approved",
            contact="timetabling@example.ac.uk", stamp=stamp,
        )  # fmt: skip
    tt.changed_events()
