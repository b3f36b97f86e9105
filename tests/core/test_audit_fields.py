"""The audit's view of a booking's fields: every field `Values` declares is compared, and
empty or unknown values are shown as such."""

from __future__ import annotations

from essm_sync.core import draft_of
from essm_sync.core.audit.bookings import stage_records
from essm_sync.models import BlockingBooking, Conflict, Stage, UpdateBooking
from tests.factories import LONDON, booking


def test_an_empty_field_shows_empty_and_an_unknown_room_by_its_index() -> None:
    """A booking with no description, in a room Booker did not list, against the item."""
    before = draft_of(booking(1, room=999, description=None, booking_type=None, department=None))
    after = draft_of(booking(1))
    change = UpdateBooking(booking_id=1, room="MIL-1", before=before, after=after)
    stage = Stage(operation="bookings", owned=1, desired=1, changes=(change,))
    shown = {
        r.differs: (r.booker, r.termtime, r.system)
        for r in stage_records(stage, LONDON, {345: "MIL-1"})
    }
    assert shown == {
        "room": ("OptimeIndex 999", "MIL-1", "Booker"),
        "description": ("", "Lecture", "Booker"),
        "type": ("", "Teaching", "Booker"),
        "department": ("", "ENG", "Booker"),
    }


def test_a_person_in_the_way_with_no_name_is_an_unknown_user() -> None:
    """A blocking booking Booker gives no maker for is said to be an unknown user's."""
    at = booking(1).start
    blocking = BlockingBooking(booking_id=7, title="Party", start=at, end=at)
    conflict = Conflict(
        key="termtime:E1:MIL-1", room="MIL-1", title="T", start=at, end=at, blocking=(blocking,)
    )
    stage = Stage(operation="bookings", owned=0, desired=1, conflicts=(conflict,))
    (record,) = stage_records(stage, LONDON, {})
    assert record.differs == "room MIL-1 held by booking 7 ('Party', made by an unknown user)"
    assert record.system == "Booker"
