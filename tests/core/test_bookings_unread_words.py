"""Bookings Booker could not read, in a bookings plan: what they hold and how it is said."""

from __future__ import annotations

from essm_sync.core import plan_bookings
from essm_sync.models import PlanWarning, Skipped, UnreadRecord
from tests.factories import DAY, RULES, bookings_snapshot, event, timetable


def test_unreadable_bookings_hold_their_served_room_and_are_named_with_it() -> None:
    """A booking that could not be read holds its served room, where every create waits and
    is counted; one in a room not served holds nothing; each is skipped, naming its room."""
    unread = (
        UnreadRecord(system="Booker", kind="booking", key="77", problem="StartTime: null",
                     room=345),
        UnreadRecord(system="Booker", kind="booking", key="78", problem="StartTime: null",
                     room=999),
        UnreadRecord(system="Booker", kind="room", key="MIL-9", problem="Floor: null"),
    )  # fmt: skip
    events = timetable("MIL-1", (DAY, event("E1")), (DAY, event("E2", start="11:00", end="12:00")))
    snapshot = bookings_snapshot(timetables=[events]).model_copy(update={"unread": unread})
    stage = plan_bookings(snapshot, rules=RULES)
    assert (stage.changes, stage.held) == ((), ("MIL-1",))
    assert stage.warnings == (
        PlanWarning(key="MIL-1", message="a booking Booker lists in this room could not be "
                    "read; 2 bookings not created or updated here this run"),
    )  # fmt: skip
    assert stage.skipped == (
        Skipped(room="", kind="booking", item="78", problem="StartTime: null", system="Booker"),
        Skipped(room="MIL-1", kind="booking", item="77", problem="StartTime: null",
                system="Booker"),
        Skipped(room="MIL-9", kind="room", item="MIL-9", problem="Floor: null", system="Booker"),
    )  # fmt: skip
