"""The audit arranged for people: a room's cause once with its items counted, each record in
the timetable's words, what the next sync fixes marked, and the biggest problems first."""

from __future__ import annotations

import datetime as dt

from essm_sync.models import Discrepancy
from tests.core.test_audit import BOOKED, ONE_ITEM, _audit
from tests.factories import DAY, booker_room, event, timetable, tt_room

LATER = DAY + dt.timedelta(days=7)
UNKNOWN = timetable(
    "ZZ-9",
    (LATER, event("E7", name="Statics", start="14:00", end="15:00")),
    (DAY, event("E8", name="Dynamics", start="11:00", end="12:00")),
    (DAY, event("E9", name="Statics", start="15:00", end="16:00")),
)


def _one(records: tuple[Discrepancy, ...], check: str) -> Discrepancy:
    (found,) = [d for d in records if d.check == check]
    return found


def test_items_in_a_room_booker_lacks_are_one_record_for_the_room() -> None:
    """Three items in a room Booker does not have: one record keyed by the room, counting
    three items, naming their titles once each and the first date; a person must act."""
    found = _audit(termtime=[tt_room(), tt_room("ZZ-9")], timetables=[ONE_ITEM, UNKNOWN],
                   bookings=[BOOKED], arranged=True)  # fmt: skip
    record = _one(found.discrepancies, "item-room-unknown")
    assert (record.key, record.items, record.room) == ("ZZ-9", 3, "ZZ-9")
    assert record.differs == "3 items: the room is not in Booker"
    assert record.title == "Dynamics, Statics"
    assert record.date == DAY
    assert record.fixed_by_sync is False


def test_a_missing_booking_is_told_with_its_title_time_room_building_and_department() -> None:
    """A booking the sync would make reads as the timetable does, in local time, and is
    marked as fixed by the next sync."""
    found = _audit(timetables=[ONE_ITEM], arranged=True)
    record = _one(found.discrepancies, "booking-missing")
    assert (record.title, record.date, record.start, record.end) == (
        "ENG1 Lecture", DAY, "09:00", "10:00",
    )  # fmt: skip
    assert (record.room, record.building, record.department) == ("MIL-1", "Mill Lane", "ENG")
    assert record.fixed_by_sync is True


def test_a_booking_kept_in_a_held_room_is_not_fixed_by_the_next_sync() -> None:
    """An owned booking whose item is gone, in a room held for an unreadable item, is kept:
    its record says a person must act, and tells the booking's own title and time."""
    held = timetable("MIL-1", (DAY, event("E2", start="25:00")))
    found = _audit(timetables=[held], bookings=[BOOKED], arranged=True)
    record = _one(found.discrepancies, "booking-orphaned")
    assert record.fixed_by_sync is False
    assert (record.title, record.start, record.room) == ("ENG1 Lecture", "09:00", "MIL-1")


def test_what_needs_a_person_comes_first_the_most_items_first() -> None:
    """Records needing a person come before those the next sync fixes; among them, the one
    with the most items first."""
    found = _audit(
        booker=[booker_room(), booker_room("MIL-2", index=346, bookable=False)],
        termtime=[tt_room(), tt_room("MIL-2"), tt_room("ZZ-9")],
        timetables=[ONE_ITEM, UNKNOWN, timetable("MIL-2", (DAY, event("E5")))],
        arranged=True,
    )
    order = [(d.check, d.items, d.fixed_by_sync) for d in found.discrepancies]
    assert order[0] == ("item-room-unknown", 3, False)
    assert ("item-room-not-bookable", 1, False) in order
    fixed = [d.fixed_by_sync for d in found.discrepancies]
    assert fixed == sorted(fixed)
    assert ("booking-missing", 1, True) in order
    people = [d.items for d in found.discrepancies if not d.fixed_by_sync]
    assert people == sorted(people, reverse=True)
