"""How the fake TermTime finds objects by name or code, and renders buildings and events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from essm_sync.sandbox.termtime_http import TermTimeFailure
from essm_sync.sandbox.termtime_state import TermTimeState, TTEvent, TTRoom


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


def event_json(state: TermTimeState, event: TTEvent) -> dict[str, Any]:
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
    return {
        "uniqueId": event.unique_id,
        "activityId": event.activity_id,
        "activityName": event.name,
        "activityDescription": event.description,
        "departmentHostKey": event.department,
        "departmentName": state.departments.get(event.department, ""),
        "startTime": event.start.strftime("%H:%M"),
        "endTime": event.end.strftime("%H:%M"),
        "activityDurationMins": str(minutes),
        "allDayActivity": "0",
        "locations": locations,
        "moduleId": event.module,
        "moduleDescription": event.description,
        "moduleUrl": "",
        "bOptional": False,
        "streamId": "",
        "activityProperties": {"typeCode": event.type_code, "size": 0, "planSize": 0},
        "module": {"altc": event.module},
        "offer": {"n": event.module},
        "tags": [],
        "academics": [],
        "activityGroup": {"name": "", "type": ""},
        "students": [],
    }
