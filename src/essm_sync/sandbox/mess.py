"""The real world's mess, added to a generated university: what tidy fakes never serve.

Odd types in unused fields, `H:MM` times, exam sittings and TermTime's own bookings,
items across midnight and on both clock-change nights, unreadable items, an answer without
`timePeriod`, `termtime:` bookings made by people, a room code two Booker rooms share,
names that collide once cut to TermTime's 45 characters, items larger than their room,
a seminar over a lecture, lectures taught together (`co_taught.py`), a live room marked for
deletion in TermTime, a TermTime building Booker never had, and what the `roombookings`
operation meets (mess_roombookings).
"""

from __future__ import annotations

import datetime as dt
import random

from essm_sync.sandbox.booker_state import BookerState
from essm_sync.sandbox.co_taught import add_co_taught
from essm_sync.sandbox.mess_roombookings import add_room_booking_mess
from essm_sync.sandbox.seed_year import SeedYear
from essm_sync.sandbox.termtime_state import DROP, TermTimeState, TTEvent

# Dates are written for the academic year 2026-27 and moved into the one seeded (SeedYear).
LONG_NAME = "Department of Applied Mathematics and Theoretical Physics"


def add_mess(rng: random.Random, tt: TermTimeState, bk: BookerState) -> None:
    """Make the seeded university as untidy as a real one, deterministically."""
    tt.messy = True
    synced = _bookable_in_both(tt, bk)
    _odd_unused_fields(rng, tt)
    _special_items(tt, synced)
    _unreadable(tt, synced)
    _people_with_our_prefix(tt, bk, synced)
    _timetable_faults(tt, synced)
    add_co_taught(tt, bk, synced)
    special = {r["Id"] for r in synced[:12]} | {r["Id"] for r in synced[-1:]}
    spare = [r for r in bk.rooms if r["Id"] not in special and r["Live"] and r["Id"] in tt.rooms]
    _estate_collisions(bk, spare)
    add_room_booking_mess(tt, bk)
    tt.changed_events()


def _bookable_in_both(tt: TermTimeState, bk: BookerState) -> list[dict[str, object]]:
    return sorted(
        (r for r in bk.rooms if r["Live"] and r["Bookable"] and r["Id"] in tt.rooms),
        key=lambda r: str(r["Id"]),
    )


def _odd_unused_fields(rng: random.Random, tt: TermTimeState) -> None:
    """Nulls and numbers where strings are documented, in fields the sync never reads."""
    for uid in sorted(tt.events):
        roll = rng.random()
        event = tt.events[uid]
        if roll < 0.05:
            event.raw.update(locations=None, activityId=None)
        elif roll < 0.10:
            event.raw.update(activityDurationMins=60, moduleId=None, students=None)
        elif roll < 0.12:
            event.raw.update(activityName=None)  # the title falls back to the uniqueId
        elif roll < 0.14:
            event.raw.update(departmentHostKey="", activityDescription=None)
        elif roll < 0.16 and event.kind == "activities":
            # Sizes as text or null: unreadable sizes state nothing.
            event.raw.update(activityProperties={"planSize": str(event.size), "size": None})
            event.size = 0


def _special_items(tt: TermTimeState, rooms: list[dict[str, object]]) -> None:
    """Exams, TermTime bookings, a night across midnight and both clock-change nights."""
    if not rooms:
        return
    first, second, third = (str(rooms[i % len(rooms)]["Id"]) for i in (0, 1, 2))

    def add(uid: str, kind: str, room: str, day: dt.date, start: str, end: str) -> None:
        tt.events[uid] = TTEvent(
            uid, f"X-{uid}", f"{uid} ({kind})", f"{kind} item {uid}", "ENG", "ENG100",
            "LEC", day, dt.time.fromisoformat(start), dt.time.fromisoformat(end), (room,),
            kind=kind,
        )  # fmt: skip

    year = SeedYear(tt.year_start)
    for week in range(3):  # exam sittings on Saturday mornings in January
        day = year.on(dt.date(2027, 1, 16)) + dt.timedelta(weeks=week)
        add(f"EXAM-{week + 1}", "exams", first, day, "09:00", "12:00")
        add(f"TTB-{week + 1}", "bookings", second, day, "13:00", "14:00")
    add("NIGHT-1", "activities", third, year.on(dt.date(2026, 11, 13)), "22:30", "00:30")
    # An exam that ends at 24:00.
    add("NIGHT-2", "exams", third, year.on(dt.date(2026, 11, 14)), "21:00", "00:00")
    # 01:15 happens twice on the night clocks go back, and not at all when they go forward.
    add("CLOCK-BACK", "activities", first, year.clock_back(), "01:15", "01:45")
    add("CLOCK-FWD", "activities", second, year.clock_forward(), "01:15", "01:45")


def _unreadable(tt: TermTimeState, rooms: list[dict[str, object]]) -> None:
    """One room with two items the sync cannot read; another answered without timePeriod;
    a third served only until about the end of January, and saying so."""
    if not rooms:
        return
    held, unconfirmed, short = (str(rooms[i % len(rooms)]["Id"]) for i in (3, 4, 5))
    year = SeedYear(tt.year_start)
    if short not in (held, unconfirmed):
        tt.served_until[short] = year.on(dt.date(2027, 1, 31))
    day = year.on(dt.date(2026, 11, 21))  # a Saturday: no teaching to clash with
    tt.events["MESS-BAD-TIME"] = TTEvent(
        "MESS-BAD-TIME", "X-1", "Badly timed", "", "ENG", "ENG100", "LEC", day,
        dt.time(10), dt.time(11), (held,), raw={"startTime": "25:00"}, readable=False,
    )  # fmt: skip
    tt.events["MESS-NO-ID"] = TTEvent(
        "MESS-NO-ID", "X-2", "Nameless", "", "ENG", "ENG100", "LEC", day,
        dt.time(12), dt.time(13), (held,), raw={"uniqueId": DROP}, readable=False,
    )  # fmt: skip
    tt.no_period_rooms.add(unconfirmed)


def _people_with_our_prefix(
    tt: TermTimeState, bk: BookerState, rooms: list[dict[str, object]]
) -> None:
    """Someone at reception copied a `termtime:` key: a person's booking all the same."""
    if not rooms:
        return
    room = rooms[-1]
    day = SeedYear(tt.year_start).on(dt.date(2026, 11, 4))
    start = dt.datetime.combine(day, dt.time(19), dt.UTC)
    bk.add_booking(
        room=room["OptimeIndex"], start=start, end=start + dt.timedelta(hours=1),
        title="Copied booking", description=None, booking_type=None, department=None,
        external_id=f"termtime:COPIED-1:{room['Id']}", created_by="reception",
    )  # fmt: skip


def _estate_collisions(bk: BookerState, spare: list[dict[str, object]]) -> None:
    """Two buildings whose names agree in their first 45 characters, floors whose codes
    collide, and two Booker rooms under one code."""
    site = bk.sites[0]["Id"]
    next_index = max(int(b["OptimeIndex"]) for b in bk.buildings) + 1
    for offset, wing in enumerate(("North Wing", "South Wing")):
        code = f"DAMTP{offset + 1}"
        bk.buildings.append(
            {"OptimeIndex": next_index + offset, "Id": code, "Name": f"{LONG_NAME} {wing}",
             "SiteId": site, "Live": True}
        )  # fmt: skip
    room_index = max(int(r["OptimeIndex"]) for r in bk.rooms) + 1
    for offset, floor in enumerate(("Level 1", "Level-1")):
        bk.rooms.append(
            {"OptimeIndex": room_index + offset, "Id": f"DAMTP1-{offset + 1}",
             "Name": f"DAMTP seminar room {offset + 1}", "BuildingId": "DAMTP1",
             "Floor": floor, "Capacity": 30, "DepartmentId": "MAT",
             "RoomType": "Seminar Room", "Bookable": True, "Live": True}
        )  # fmt: skip
    # A room no person has booked, so the seeded conflicts stay where they are.
    booked = {b.room for b in bk.bookings.values()}
    free = [r for r in spare if r["OptimeIndex"] not in booked]
    if not free:
        return
    twin = dict(free[0])
    twin.update(OptimeIndex=room_index + 2, Name=f"{twin['Name']} (duplicate record)")
    bk.rooms.append(twin)


def _timetable_faults(tt: TermTimeState, rooms: list[dict[str, object]]) -> None:
    """Two items planned larger than their room, a second item over a lecture, a live room
    TermTime marked for deletion, a building only TermTime has, and two timetabled rooms
    Booker no longer books: one closed to bookings, one retired."""
    if len(rooms) < 12:
        return
    rooms[10]["Bookable"] = False
    rooms[11]["Live"] = False
    clash_room, big_rooms, marked = rooms[6], rooms[7:9], rooms[9]
    for room in big_rooms:
        own = [e for e in tt.events_in(str(room["Id"])) if e.rooms == (room["Id"],)]
        if own and own[0].readable and own[0].kind == "activities":
            own[0].size = int(str(room["Capacity"])) + 5
            own[0].raw.pop("activityProperties", None)
    lectures = [e for e in tt.events_in(str(clash_room["Id"])) if e.rooms == (clash_room["Id"],)]
    if lectures:
        first = lectures[0]
        start = dt.datetime.combine(first.date, first.start) + dt.timedelta(minutes=30)
        tt.events["MESS-CLASH"] = TTEvent(
            "MESS-CLASH", "X-3", "Double-booked seminar", "", "ENG", "ENG100", "SEM",
            first.date, start.time(), (start + dt.timedelta(hours=1)).time(),
            (str(clash_room["Id"]),), size=5,
        )  # fmt: skip
    tt.rooms[str(marked["Id"])].to_delete = True
    campus = next(iter(tt.campuses))
    tt.buildings["OLDLAB"] = ("Old Laboratory", campus)
