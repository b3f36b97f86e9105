"""A room booking whose Booker booking or room could not be read is left alone, never
deleted as if its booking were gone (design.md, Reading real data)."""

from __future__ import annotations

from essm_sync.core import plan_room_bookings
from essm_sync.models import DeleteRoomBooking, UnreadRecord
from tests.core.test_roombookings import CODE, RULES, room_booking, snapshot


def test_a_room_booking_of_an_unreadable_booking_is_not_deleted() -> None:
    """Booking 901 listed with a null start: its room booking stays."""
    unread = UnreadRecord(system="Booker", kind="booking", key="901", problem="StartTime: null",
                          room=345)  # fmt: skip
    found = snapshot([], [room_booking()]).model_copy(update={"unread": (unread,)})
    assert plan_room_bookings(found, rules=RULES).changes == ()
    gone = plan_room_bookings(snapshot([], [room_booking()]), rules=RULES)
    assert [type(c) for c in gone.changes] == [DeleteRoomBooking]


def test_a_room_booking_in_an_unreadable_room_is_not_deleted() -> None:
    """Its room MIL-1 could not be read from Booker: the room booking stays."""
    unread = UnreadRecord(system="Booker", kind="room", key="MIL-1", problem="Floor: null")
    found = snapshot([], [room_booking(CODE)]).model_copy(update={"unread": (unread,)})
    assert plan_room_bookings(found, rules=RULES).changes == ()
