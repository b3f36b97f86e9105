"""TermTime wire records parse real-shaped samples and refuse malformed ones."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from pydantic import ValidationError

from essm_sync.models import KINDS, RoomTimetable, TermTimeRoom, read_timetable

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


def _timetable(
    start: str = "09:00", date: str = "2026-10-08", end: str = "10:00:00"
) -> dict[str, Any]:
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
                        "endTime": end,
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


def _read(answer: dict[str, object]) -> RoomTimetable:
    return read_timetable(json.dumps(answer).encode(), KINDS)


def test_timetable_reads_dates_and_times() -> None:
    """Dates are YYYY-MM-DD, times HH:MM or HH:MM:SS, read as seconds after midnight."""
    parsed = _read(_timetable())
    (item,) = parsed.items
    assert item.day == dt.date(2026, 10, 8)
    assert (item.start_s, item.end_s) == (9 * 3600, 10 * 3600)
    assert parsed.skipped == ()
    assert parsed.period is not None
    assert parsed.period.end == dt.date(2026, 12, 18)


@pytest.mark.parametrize("start", ["9am", "25:00", "09-00", "", "24:00", "9:5"])
def test_timetable_sets_aside_other_time_formats(start: str) -> None:
    """Anything but H:MM, HH:MM or HH:MM:SS sets the item aside, naming the field."""
    parsed = _read(_timetable(start=start))
    assert parsed.items == ()
    ((kind, item, problem),) = parsed.skipped
    assert (kind, item) == ("activities", "123")
    assert problem.startswith("startTime:")
    assert "HH:MM" in problem


@pytest.mark.parametrize(
    ("text", "seconds"), [("9:05", 32700), ("24:00", 86400), ("00:00:30", 30)]
)
def test_timetable_reads_loose_end_times(text: str, seconds: int) -> None:
    """`H:MM`, `HH:MM:SS` and an end of `24:00` (the midnight ending the day) are read."""
    (item,) = _read(_timetable(end=text)).items
    assert item.end_s == seconds


def test_timetable_sets_aside_items_on_unreadable_days() -> None:
    """A day dated DD/MM/YYYY sets its items aside; the answer as a whole still reads."""
    parsed = _read(_timetable(date="08/10/2026"))
    assert parsed.items == ()
    assert "YYYY-MM-DD" in parsed.skipped[0].problem


def test_unused_fields_are_ignored_whatever_their_type() -> None:
    """`locations` and `activityId` null, `week` a number: nothing the sync reads."""
    answer = _timetable()
    day = answer["schedule"][0]
    day["week"] = 7
    day["items"][0].update(locations=None, activityId=None, activityDurationMins=60)
    day["sessionItems"] = None
    (item,) = _read(answer).items
    assert item.unique_id == "123"


def test_null_title_falls_back_to_the_unique_id() -> None:
    """A null name takes the uniqueId; null department and description are none."""
    answer = _timetable()
    answer["schedule"][0]["items"][0].update(
        activityName=None, departmentHostKey="", activityDescription=None
    )
    (item,) = _read(answer).items
    assert (item.title, item.department, item.description) == ("123", None, None)


def test_missing_period_confirms_nothing() -> None:
    """An answer without timePeriod, or with one that cannot be read, has no period."""
    answer = _timetable()
    del answer["timePeriod"]
    assert _read(answer).period is None
    answer["timePeriod"] = {"startDate": "soon", "endDate": None}
    assert _read(answer).period is None


@pytest.mark.parametrize("body", [b"<html>", b"[]", b'{"schedule": null}'])
def test_an_answer_without_a_schedule_cannot_be_read(body: bytes) -> None:
    """Without a schedule list the whole answer is unreadable: the caller holds the room."""
    with pytest.raises(ValueError, match=r"JSON|schedule"):
        read_timetable(body, KINDS)


def test_only_chosen_kinds_are_read() -> None:
    """Exam and booking items are read only when their kind is chosen; others are ignored."""
    answer = _timetable()
    answer["schedule"][0]["examItems"] = [
        {"uniqueId": 5, "examName": "Maths", "startTime": "9:00", "endTime": "12:00"}
    ]
    answer["schedule"][0]["bookingItems"] = [{"uniqueId": "B", "startTime": "bad"}]
    parsed = read_timetable(json.dumps(answer).encode(), ("exams",))
    assert [(i.kind, i.unique_id, i.title) for i in parsed.items] == [("exams", "5", "Maths")]
    assert parsed.skipped == ()
