"""How the fake TermTime finds objects by name or code, and renders buildings and events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from essm_sync.sandbox.termtime_http import TermTimeFailure
from essm_sync.sandbox.termtime_state import DROP, TermTimeState, TTEvent, TTRoom


def building_json(state: TermTimeState, code: str) -> dict[str, Any]:
    name, campus = state.buildings[code]
    floors = sorted(n for n, b in state.floors.values() if b == code)
    return {"n": name, "code": code, "cn": state.campuses[campus], "fn": floors}


def find_campus(state: TermTimeState, value: str, how: str) -> str:
    code = value if how == "Code" and value in state.campuses else None
    if how == "Name":
        code = state.campus_by_name(value)
    if code is None:
        raise TermTimeFailure(106, f"No campus with {how.lower()} {value}")
    return code


def find_building(state: TermTimeState, value: str, campus: str, how: str) -> str:
    if how == "Code":
        found = value if state.buildings.get(value, ("", ""))[1] == campus else None
    else:
        found = state.building_by_name(value, campus)
    if found is None:
        raise TermTimeFailure(106, f"No building with {how.lower()} {value} in that campus")
    return found


def find_room(state: TermTimeState, code: str) -> TTRoom:
    if code not in state.rooms:
        raise TermTimeFailure(106, f"No room with code {code}")
    return state.rooms[code]


def place(
    state: TermTimeState, floor: str | None, building: str | None, campus: str | None
) -> str:
    """Resolve floor, building and campus names (room routes take names only, §26.4)."""
    campus_code = state.campus_by_name(campus or "")
    if campus_code is None:
        raise TermTimeFailure(106, f"No campus named {campus}")
    building_code = state.building_by_name(building or "", campus_code)
    if building_code is None:
        raise TermTimeFailure(106, f"No building named {building} in campus {campus}")
    floor_code = state.floor_by_name(floor or "", building_code)
    if floor_code is None:
        raise TermTimeFailure(106, f"No floor named {floor} in building {building}")
    return floor_code


_TITLE = {"activities": "activityName", "exams": "examName", "bookings": "bookingDescription"}


def _clock(value: dt.time, *, end: bool, messy: bool) -> str:
    if end and value == dt.time(0) and messy:
        return "24:00"  # the midnight that ends the day, as some exports write it
    text = value.strftime("%H:%M")
    # Real exports drop the leading zero now and then (`9:00`).
    return text[1:] if messy and text.startswith("0") and value.minute == 0 else text


def event_json(state: TermTimeState, event: TTEvent) -> dict[str, Any]:
    """Render one item as its kind's list in §37.10 carries it, with its `raw` mess."""
    minutes = (
        dt.datetime.combine(event.date, event.end) - dt.datetime.combine(event.date, event.start)
    ).seconds // 60
    locations = []
    for code in event.rooms:
        room = state.rooms.get(code)
        building = state.floors[room.floor_code][1] if room else ""
        locations.append(
            {
                "locationName": room.name if room else code,
                "locationDesc": "",
                "room": code,
                "buildingCode": building,
                "catalogueUrl": "",
                "details": "",
            }
        )
    messy = state.messy
    item: dict[str, Any] = {
        "uniqueId": event.unique_id,
        _TITLE[event.kind]: event.name,
        "departmentHostKey": event.department,
        "departmentName": state.departments.get(event.department, ""),
        "startTime": _clock(event.start, end=False, messy=messy),
        "endTime": _clock(event.end, end=True, messy=messy),
        "locations": locations,
        "moduleId": event.module,
        "moduleDescription": event.description,
        "moduleUrl": "",
        "streamId": "",
        "module": {"altc": event.module},
        "offer": {"n": event.module},
        "academics": [],
    }
    if event.kind == "activities":
        item.update(
            activityId=event.activity_id,
            activityDescription=event.description,
            activityDurationMins=str(minutes),
            allDayActivity="0",
            bOptional=False,
            activityProperties={
                "typeCode": event.type_code,
                "size": event.size,
                "planSize": event.size,
            },
            tags=[],
            activityGroup={"name": "", "type": ""},
            students=[],
        )
    elif event.kind == "exams":
        item.update(
            examId=event.activity_id, examCode=event.activity_id,
            examDescription=event.description, examDurationMins=minutes,
            allDayActivity="0", assessmentPeriodCode="S1",
            examProperties={"typeCode": "EXA", "sharing": "0", "planSize": event.size},
        )  # fmt: skip
    else:
        item.update(
            bookingId=event.activity_id, bookingDurationMins=str(minutes), allDayBooking="0",
            bookingProperties={"typeCode": event.type_code, "nopublishstudent": False},
            staffAttendees=[], staffAttendeeObjects=[], studentAttendees=[],
        )  # fmt: skip
    for name, value in event.raw.items():
        if value is DROP:
            item.pop(name, None)
        else:
            item[name] = value
    return item
