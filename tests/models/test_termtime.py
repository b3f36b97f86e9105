"""TermTime wire records parse real-shaped samples and refuse malformed ones."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from essm_sync.models import RoomTimetable, TermTimeRoom

ROOM = {
    "c": "MIL-LR1",
    "n": "Mill Lane LR1",
    "d": {"c": "UAS", "n": "Academic Services"},
    "f": {
        "n": "Ground",
        "fc": "MIL-G",
        "b": "Mill Lane",
        "bc": "MIL",
        "c": "Central",
        "cc": "CEN",
    },
    "rc": [{"type": "Lecture", "code": "LEC", "cap": 120}],
    "pool": "Central, Large",
    "user1": "",
    "blockedRooms": [],
    "userFields": [],
    "capabilities": "Projector,Loop",
    "capabilities.json": ["Projector", "Loop"],
    "sr": "",
    "toDelete": 1,
}


def test_room_sample_parses_flags_and_csv() -> None:
    """`toDelete` 0/1 becomes a bool and CSV fields become tuples."""
    room = TermTimeRoom.model_validate(ROOM)
    assert room.to_delete is True
    assert room.pools == ("Central", "Large")
    assert room.capabilities == ("Projector", "Loop")
    assert room.place.building_code == "MIL"
    assert room.capacities[0].cap == 120


def test_room_with_a_bad_flag_is_refused() -> None:
    """A `toDelete` of 2 is not a flag."""
    with pytest.raises(ValidationError, match="0/1 flag"):
        TermTimeRoom.model_validate(ROOM | {"toDelete": 2})


def test_room_with_empty_optional_fields_is_accepted() -> None:
    """Missing department, empty capacities and null lists are read tolerantly."""
    room = TermTimeRoom.model_validate({"c": "X", "n": "X", "rc": None, "toDelete": "0"})
    assert (room.department, room.capacities, room.to_delete) == (None, (), False)


def _timetable(start: str = "09:00", date: str = "2026-10-08") -> dict[str, object]:
    return {
        "room": {"name": "LR1", "id": "MIL-LR1"},
        "status": "",
        "timePeriod": {"startDate": "2026-09-28", "endDate": "2026-12-18"},
        "schedule": [
            {
                "date": date,
                "dateDescription": "",
                "week": "2",
                "items": [
                    {
                        "uniqueId": "123",
                        "activityName": "ENG1",
                        "startTime": start,
                        "endTime": "10:00:00",
                        "activityDurationMins": "60",
                        "locations": [{"room": "MIL-LR1", "buildingCode": "MIL"}],
                    }
                ],
                "examItems": [],
                "bookingItems": [],
                "sessionItems": [],
            }
        ],
    }


def test_timetable_reads_dates_and_times() -> None:
    """Dates are YYYY-MM-DD, times HH:MM or HH:MM:SS."""
    parsed = RoomTimetable.model_validate(_timetable())
    day = parsed.schedule[0]
    assert day.date == dt.date(2026, 10, 8)
    assert (day.items[0].start, day.items[0].end) == (dt.time(9), dt.time(10))
    assert parsed.period is not None
    assert parsed.period.end == dt.date(2026, 12, 18)


@pytest.mark.parametrize("start", ["9am", "25:00", "09-00", ""])
def test_timetable_refuses_other_time_formats(start: str) -> None:
    """Anything but HH:MM[:SS] is invalid data."""
    with pytest.raises(ValidationError, match="HH:MM"):
        RoomTimetable.model_validate(_timetable(start=start))


def test_timetable_refuses_other_date_formats() -> None:
    """A date as DD/MM/YYYY is invalid data."""
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        RoomTimetable.model_validate(_timetable(date="08/10/2026"))
