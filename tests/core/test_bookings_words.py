"""A bookings plan in full: every warning in its exact words, and the creations it makes."""

from __future__ import annotations

import datetime as dt

from essm_sync.core import plan_bookings
from essm_sync.models import BookingDraft, CreateBooking, PlanWarning
from tests.factories import (
    DAY,
    RULES,
    booker_room,
    booking,
    bookings_snapshot,
    event,
    timetable,
    tt_room,
)


def _created(key: str, room: str, index: int) -> CreateBooking:
    return CreateBooking(
        room=room,
        reason="item in the timetable",
        after=BookingDraft(
            room_optime_index=index,
            start=dt.datetime(2026, 10, 8, 8, tzinfo=dt.UTC),
            end=dt.datetime(2026, 10, 8, 9, tzinfo=dt.UTC),
            title="ENG1 Lecture",
            description="Lecture",
            booking_type="Teaching",
            department_id="ENG",
            external_id=key,
        ),
    )


def test_every_warning_of_a_troubled_plan_in_its_words() -> None:
    """Unknown rooms and departments, shared codes, unserved days, twice-listed items,
    bookings out of scope, kept or cancelled: each is said once, exactly, in a stable order."""
    snapshot = bookings_snapshot(
        timetables=[
            timetable(
                "MIL-1",
                (DAY, event("E1")),
                (DAY, event("E1", start="11:00", end="12:00")),
                (DAY, event("E2", start="14:00", end="15:00", department="PHY")),
            ),
            timetable("MIL-2", (DAY, event("E3")), served=None),
        ],
        booker_rooms=[
            booker_room(),
            booker_room("MIL-2", index=346),
            booker_room("DUP", index=347),
            booker_room("DUP", index=348),
        ],
        termtime_rooms=[tt_room(), tt_room("MIL-2"), tt_room("DUP"), tt_room("GHOST")],
        bookings=[
            booking(1, room=999, external_id="termtime:Z:OLD"),
            booking(2, external_id="termtime:E2:MIL-1", status="Cancelled"),
            booking(3, room=346, external_id="termtime:OLD:MIL-2"),
        ],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert stage.warnings == (
        PlanWarning(key="DUP", message="several Booker rooms share this code; none is booked"),
        PlanWarning(
            key="GHOST", message="TermTime room unknown to Booker; its items are not booked"
        ),
        PlanWarning(
            key="MIL-2",
            message="TermTime did not say which days it served; nothing in this room is deleted",
        ),
        PlanWarning(
            key="PHY", message="TermTime department unknown to Booker; bookings carry none"
        ),
        PlanWarning(
            key="bookings",
            message="1 owned bookings lie in rooms or kinds not synced now; left alone",
        ),
        PlanWarning(
            key="bookings",
            message="1 owned bookings with no item kept: their room is held or TermTime "
            "did not confirm serving their day",
        ),
        PlanWarning(
            key="termtime:E1:MIL-1",
            message="item listed twice with different details; first kept",
        ),
        PlanWarning(
            key="termtime:E2:MIL-1",
            message="owned booking cancelled in Booker; left alone, not booked again",
        ),
    )
    assert stage.changes == (
        _created("termtime:E1:MIL-1", "MIL-1", 345),
        _created("termtime:E3:MIL-2", "MIL-2", 346),
    )
    assert (stage.owned, stage.desired, stage.conflicts) == (1, 3, ())
