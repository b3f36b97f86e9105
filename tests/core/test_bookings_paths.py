"""The bookings planner reads every timetable and booking, whatever comes before it."""

from __future__ import annotations

import datetime as dt

from essm_sync.core import plan_bookings
from essm_sync.models import BookingDraft, DeleteBooking, PlanWarning, RoomEvents, Skipped
from tests.factories import (
    DAY,
    FIRST,
    LAST,
    RULES,
    booker_room,
    booking,
    bookings_snapshot,
    event,
    timetable,
    tt_room,
)


def _deleted(index: int, key: str, hour: int, reason: str) -> DeleteBooking:
    return DeleteBooking(
        booking_id=index,
        room="MIL-1",
        reason=reason,
        before=BookingDraft(
            room_optime_index=345,
            start=dt.datetime(2026, 10, 8, hour, tzinfo=dt.UTC),
            end=dt.datetime(2026, 10, 8, hour + 1, tzinfo=dt.UTC),
            title="ENG1 Lecture",
            description="Lecture",
            booking_type="Teaching",
            department_id="ENG",
            external_id=key,
        ),
    )


def test_bookings_after_others_set_aside_are_still_planned() -> None:
    """A person's, a cancelled and an out-of-scope booking, and an unserved room listed
    first, leave the later owned bookings planned: the gone one deleted, the kept one left."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-2", served=None), timetable("MIL-1", (DAY, event("E1")))],
        booker_rooms=[booker_room(), booker_room("MIL-2", index=346)],
        termtime_rooms=[tt_room(), tt_room("MIL-2")],
        bookings=[
            booking(1, room=346, external_id=None, created_by="someone",
                    start="2026-10-08T12:00:00Z", end="2026-10-08T13:00:00Z"),
            booking(2, external_id="termtime:E9:MIL-1", status="Cancelled"),
            booking(3, room=999, external_id="termtime:Z:OLD"),
            booking(4),
            booking(5, external_id="termtime:OLD:MIL-1",
                    start="2026-10-08T14:00:00Z", end="2026-10-08T15:00:00Z"),
        ],
    )  # fmt: skip
    stage = plan_bookings(snapshot, rules=RULES)
    assert stage.changes == (
        _deleted(5, "termtime:OLD:MIL-1", 14, "item no longer in the timetable"),
    )
    assert stage.owned == 2


def test_a_duplicate_on_an_unconfirmed_day_does_not_spare_the_next() -> None:
    """Of three bookings of one item the oldest stays, one on an unserved day is kept and
    the third is deleted as a duplicate."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event("E1")))],
        bookings=[
            booking(1),
            booking(2, start="2026-09-01T08:00:00Z", end="2026-09-01T09:00:00Z"),
            booking(3),
        ],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert stage.changes == (_deleted(3, "termtime:E1:MIL-1", 8, "duplicate of the same item"),)
    assert stage.warnings == (
        PlanWarning(
            key="bookings",
            message="1 owned bookings with no item kept: their room is held or TermTime "
            "did not confirm serving their day",
        ),
    )


def test_conflicts_are_listed_by_key() -> None:
    """Items a person's booking keeps out are listed by key, not by their time."""
    snapshot = bookings_snapshot(
        timetables=[
            timetable("MIL-1", (DAY, event("B")), (DAY, event("A", start="11:00", end="12:00")))
        ],
        bookings=[booking(1, external_id=None, created_by="someone",
                          start="2026-10-08T08:00:00Z", end="2026-10-08T11:00:00Z")],
    )  # fmt: skip
    stage = plan_bookings(snapshot, rules=RULES)
    assert [c.key for c in stage.conflicts] == ["termtime:A:MIL-1", "termtime:B:MIL-1"]
    assert stage.changes == ()


def test_an_unreadable_timetable_is_skipped_whole_and_holds_its_room() -> None:
    """A timetable that could not be read is listed as the whole answer and deletes nothing."""
    unread = RoomEvents(room="MIL-1", served=(FIRST, LAST), unreadable="not JSON")
    stage = plan_bookings(
        bookings_snapshot(timetables=[unread], bookings=[booking(1)]), rules=RULES
    )
    assert stage.skipped == (
        Skipped(room="MIL-1", kind="timetable", item="(whole answer)", problem="not JSON"),
    )
    assert (stage.held, stage.changes) == (("MIL-1",), ())


def test_items_taught_together_are_desired_once() -> None:
    """Two items sharing one booking count as one booking the source asks for."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event("E1")), (DAY, event("E2", department="MAT")))]
    )
    assert plan_bookings(snapshot, rules=RULES).desired == 1
