"""Small builders of wire records and snapshots for the tests, via the wire names."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from essm_sync.core import BookingRules
from essm_sync.models import (
    KINDS,
    ActivityType,
    BookerBuilding,
    BookerDepartment,
    BookerRoom,
    Booking,
    BookingsSnapshot,
    BuildingsSnapshot,
    Campus,
    Department,
    Floor,
    Kind,
    RoomEvents,
    RoomsSnapshot,
    Site,
    TermTimeBuilding,
    TermTimeRoom,
    read_timetable,
)

LONDON = ZoneInfo("Europe/London")
RULES = BookingRules(zone=LONDON, owners=frozenset({"essm-sync"}))
TYPES = ("LEC", "SEM")


def site(id_: str = "CEN", name: str = "Central Site") -> Site:
    return Site.model_validate({"OptimeIndex": 1, "Id": id_, "Name": name})


def booker_building(
    id_: str = "MIL", name: str = "Mill Lane", site_id: str = "CEN", *, live: bool = True
) -> BookerBuilding:
    return BookerBuilding.model_validate(
        {"OptimeIndex": 10, "Id": id_, "Name": name, "SiteId": site_id, "Live": live}
    )


def booker_room(
    id_: str = "MIL-1",
    *,
    index: int = 345,
    name: str = "Mill Lane Room 1",
    building: str = "MIL",
    floor: str = "Ground",
    capacity: int = 120,
    department: str | None = "ENG",
    live: bool = True,
    bookable: bool = True,
) -> BookerRoom:
    return BookerRoom.model_validate(
        {
            "OptimeIndex": index,
            "Id": id_,
            "Name": name,
            "BuildingId": building,
            "Floor": floor,
            "Capacity": capacity,
            "DepartmentId": department,
            "RoomType": "Seminar Room",
            "Bookable": bookable,
            "Live": live,
        }
    )


def campus(name: str = "Central Site", code: str = "CEN") -> Campus:
    return Campus.model_validate({"n": name, "code": code})


def tt_building(
    code: str = "MIL", name: str = "Mill Lane", campus_name: str = "Central Site"
) -> TermTimeBuilding:
    return TermTimeBuilding.model_validate({"n": name, "code": code, "cn": campus_name, "fn": []})


def floor(name: str = "Ground", code: str = "MIL-G", building: str = "Mill Lane") -> Floor:
    return Floor.model_validate({"n": name, "code": code, "bn": building, "cn": "Central Site"})


def tt_room(
    code: str = "MIL-1",
    *,
    name: str = "Mill Lane Room 1",
    floor_name: str = "Ground",
    building: str = "Mill Lane",
    department: str = "ENG",
    capacity: int = 120,
    to_delete: bool = False,
) -> TermTimeRoom:
    return TermTimeRoom.model_validate(
        {
            "c": code,
            "n": name,
            "d": {"c": department, "n": department},
            "f": {
                "n": floor_name,
                "fc": "MIL-G",
                "b": building,
                "bc": "MIL",
                "c": "Central Site",
                "cc": "CEN",
            },
            "rc": [{"type": t, "code": t, "cap": capacity} for t in TYPES],
            "toDelete": 1 if to_delete else 0,
        }
    )


def buildings_snapshot(
    *,
    booker: list[BookerBuilding],
    termtime: list[TermTimeBuilding],
    sites: list[Site] | None = None,
    campuses: list[Campus] | None = None,
) -> BuildingsSnapshot:
    return BuildingsSnapshot(
        sites=tuple(sites if sites is not None else [site()]),
        booker_buildings=tuple(booker),
        campuses=tuple(campuses if campuses is not None else [campus()]),
        termtime_buildings=tuple(termtime),
    )


def rooms_snapshot(
    *,
    booker: list[BookerRoom],
    termtime: list[TermTimeRoom],
    floors: list[Floor] | None = None,
    departments: tuple[str, ...] = ("ENG", "MAT"),
    buildings: list[TermTimeBuilding] | None = None,
) -> RoomsSnapshot:
    return RoomsSnapshot(
        sites=(site(),),
        booker_buildings=(booker_building(),),
        booker_rooms=tuple(booker),
        campuses=(campus(),),
        termtime_buildings=tuple(buildings if buildings is not None else [tt_building()]),
        floors=tuple(floors if floors is not None else [floor()]),
        termtime_rooms=tuple(termtime),
        departments=tuple(Department.model_validate({"c": d, "n": d}) for d in departments),
        activity_types=tuple(ActivityType.model_validate({"c": t, "n": t}) for t in TYPES),
    )


def event(
    uid: str = "E1",
    *,
    start: str = "09:00",
    end: str = "10:00",
    name: str | None = "ENG1 Lecture",
    department: str | None = "ENG",
    description: str | None = "Lecture",
    **extra: Any,
) -> dict[str, Any]:
    """A teaching event as TermTime's timetable serves it (`extra` adds or overrides)."""
    return {
        "uniqueId": uid,
        "activityName": name,
        "activityDescription": description,
        "departmentHostKey": department,
        "startTime": start,
        "endTime": end,
        **extra,
    }


def exam(uid: str = "X1", *, start: str = "09:00", end: str = "12:00") -> dict[str, Any]:
    """An exam sitting as TermTime's timetable serves it."""
    return {
        "uniqueId": uid,
        "examName": f"Exam {uid}",
        "examDescription": None,
        "departmentHostKey": "ENG",
        "startTime": start,
        "endTime": end,
        "_list": "examItems",
    }


DAY = dt.date(2026, 10, 8)
FIRST, LAST = dt.date(2026, 9, 28), dt.date(2026, 12, 18)


def timetable(
    room: str = "MIL-1",
    *events: tuple[dt.date, dict[str, Any]],
    served: tuple[dt.date, dt.date] | None = (FIRST, LAST),
    kinds: tuple[Kind, ...] = KINDS,
) -> RoomEvents:
    """One room's timetable, read by the real parser from the answer TermTime would give."""
    days: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for day, raw in events:
        item = {k: v for k, v in raw.items() if k != "_list"}
        listed = days.setdefault(day.isoformat(), {})
        listed.setdefault(raw.get("_list", "items"), []).append(item)
    answer = {"schedule": [{"date": day, **lists} for day, lists in days.items()]}
    read = read_timetable(json.dumps(answer).encode(), kinds)
    return RoomEvents(room=room, served=served, items=read.items, skipped=read.skipped)


def booking(
    index: int,
    *,
    room: int = 345,
    start: str = "2026-10-08T08:00:00Z",
    end: str = "2026-10-08T09:00:00Z",
    title: str = "ENG1 Lecture",
    external_id: str | None = "termtime:E1:MIL-1",
    description: str | None = "Lecture",
    booking_type: str | None = "Teaching",
    department: str | None = "ENG",
    created_by: str = "essm-sync",
    status: str | None = "Confirmed",
) -> Booking:
    return Booking.from_wire(
        {
            "OptimeIndex": index,
            "RoomOptimeIndex": room,
            "StartTime": start,
            "EndTime": end,
            "Title": title,
            "Description": description,
            "BookingType": booking_type,
            "DepartmentId": department,
            "ExternalId": external_id,
            "CreatedBy": created_by,
            "Status": status,
        }
    )


def bookings_snapshot(
    *,
    timetables: list[RoomEvents],
    bookings: list[Booking] | None = None,
    booker_rooms: list[BookerRoom] | None = None,
    termtime_rooms: list[TermTimeRoom] | None = None,
    booker_buildings: list[BookerBuilding] | None = None,
) -> BookingsSnapshot:
    return BookingsSnapshot(
        termtime_rooms=tuple(termtime_rooms if termtime_rooms is not None else [tt_room()]),
        booker_rooms=tuple(booker_rooms if booker_rooms is not None else [booker_room()]),
        booker_buildings=tuple(
            booker_buildings if booker_buildings is not None else [booker_building()]
        ),
        booker_departments=tuple(
            BookerDepartment.model_validate({"Id": d, "Name": None}) for d in ("ENG", "MAT")
        ),
        timetables=tuple(timetables),
        bookings=tuple(bookings or ()),
    )
