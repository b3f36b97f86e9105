"""A room bookings plan in full: each delete's reason, each warning's words, each skip."""

from __future__ import annotations

from essm_sync.core import plan_room_bookings
from essm_sync.models import (
    CreateRoomBooking,
    DeleteRoomBooking,
    PlanWarning,
    RoomBookingFields,
    Skipped,
    UnreadRecord,
)
from tests.core.test_roombookings import RULES, WANTED, person, room_booking, snapshot

_PROBLEM = "time: value error, expected a time as hh:mm, got '25:00'"
_LAST_DAY = RoomBookingFields(
    des="Society meeting", day="4", time="10:00", du="01:00", pat="2026-W51", rooms="MIL-1"
)


def test_a_troubled_listing_planned_in_full() -> None:
    """Records listed twice, undated, outside the window, unreadable or of an unreadable
    booking are left alone and said to be; every other owned record is followed or deleted
    with its reason, and the window's last day is still booked."""
    unread = UnreadRecord(system="Booker", kind="booking", key="903", problem="StartTime: null",
                          room=345)  # fmt: skip
    records = [
        room_booking("booker:1:2026-12-18", id=10),
        room_booking("booker:1:2026-12-18", id=11),
        room_booking("booker:903:2026-10-14", id=1),
        room_booking("booker:902:2026-10-14", id=2),
        room_booking("booker:901:2026-10-15", id=3),
        room_booking("booker:x:2026-10-16", id=4),
        room_booking("booker:nodate", id=5),
        room_booking("booker:5:2026-09-01", id=6),
        room_booking("booker:6:2026-12-19", id=7),
        room_booking("booker:zz:2026-10-20", id=8, time="25:00"),
        room_booking("booker:aa:2026-10-20", id=9, time="25:00"),
    ]
    start, end = "2026-12-18T10:00:00Z", "2026-12-18T11:00:00Z"
    bookings = [
        person(),
        person(902, room=346),
        person(1, start=start, end=end),
        person(2, start=start, end=end),
    ]
    found = snapshot(bookings, records).model_copy(update={"unread": (unread,)})
    stage = plan_room_bookings(found, rules=RULES)
    assert stage.changes == (
        DeleteRoomBooking(code="booker:901:2026-10-15", before=WANTED,
                          reason="Booker booking no longer on this day"),
        DeleteRoomBooking(code="booker:902:2026-10-14", before=WANTED,
                          reason="Booker booking's room is not synced"),
        DeleteRoomBooking(code="booker:x:2026-10-16", before=WANTED,
                          reason="Booker booking gone"),
        CreateRoomBooking(code="booker:2:2026-12-18", after=_LAST_DAY, owner="ESSMSYNC",
                          type="", notes="Booker booking 2", reason="booking made in Booker"),
        CreateRoomBooking(code="booker:901:2026-10-14", after=WANTED, owner="ESSMSYNC",
                          type="", notes="Booker booking 901", reason="booking made in Booker"),
    )  # fmt: skip
    assert stage.warnings == (
        PlanWarning(key="booker:1:2026-12-18",
                    message="TermTime lists this room booking code twice; left alone"),
        PlanWarning(key="booker:nodate",
                    message="owned room booking whose code names no date; left alone"),
        PlanWarning(key="roombookings",
                    message="2 owned room bookings dated outside the window; left alone"),
    )  # fmt: skip
    assert stage.skipped == (
        Skipped(room="", kind="roombookings", item="booker:aa:2026-10-20", problem=_PROBLEM),
        Skipped(room="", kind="roombookings", item="booker:zz:2026-10-20", problem=_PROBLEM),
    )
    assert (stage.owned, stage.present, stage.desired) == (4, 4, 3)
