"""A cancelled Booker booking holds no room: never a conflict, never re-created by the sync."""

from __future__ import annotations

from essm_sync.core import plan_bookings
from essm_sync.models import Booking
from tests.factories import DAY, RULES, booking, bookings_snapshot, event, timetable

ONE_ITEM = timetable("MIL-1", (DAY, event("E1", start="09:00", end="10:00")))


def _cancelled(found: Booking) -> Booking:
    # The wire record with its Status changed, read as Booker's listing would be.
    wire = {name: getattr(found, field) for field, name in _WIRE.items()}
    return Booking.from_wire(wire | {"Status": "Cancelled"})


_WIRE = {
    "optime_index": "OptimeIndex", "room_optime_index": "RoomOptimeIndex",
    "start": "StartTime", "end": "EndTime", "title": "Title", "external_id": "ExternalId",
    "created_by": "CreatedBy",
}  # fmt: skip


def test_a_persons_cancelled_booking_is_no_conflict() -> None:
    """An item over a booking a person cancelled is booked, with no conflict."""
    theirs = booking(5, external_id=None, created_by="reception", title="Called off")
    stage = plan_bookings(bookings_snapshot(timetables=[ONE_ITEM], bookings=[_cancelled(theirs)]),
                          rules=RULES)  # fmt: skip
    assert stage.conflicts == ()
    assert [c.kind for c in stage.changes] == ["create_booking"]


def test_a_persons_live_booking_is_still_a_conflict() -> None:
    """The same booking not cancelled keeps the item out, as before."""
    theirs = booking(5, external_id=None, created_by="reception", title="Held")
    stage = plan_bookings(bookings_snapshot(timetables=[ONE_ITEM], bookings=[theirs]), rules=RULES)
    assert [c.key for c in stage.conflicts] == ["termtime:E1:MIL-1"]


def test_an_owned_booking_someone_cancelled_is_left_alone() -> None:
    """The sync's own booking cancelled in Booker is neither re-created, updated nor
    deleted, whether its item stays, moves or goes."""
    ours = _cancelled(booking(7, start="2026-10-08T07:00:00Z", end="2026-10-08T08:00:00Z"))
    moved = plan_bookings(bookings_snapshot(timetables=[ONE_ITEM], bookings=[ours]), rules=RULES)
    gone = plan_bookings(
        bookings_snapshot(timetables=[timetable("MIL-1")], bookings=[ours]), rules=RULES
    )
    assert (moved.changes, gone.changes) == ((), ())
