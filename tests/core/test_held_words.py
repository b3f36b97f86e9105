"""What a held room and its skipped records are called says why it is held: an unreadable
Booker booking stops every write there; an unreadable item only stops deletes."""

from __future__ import annotations

from essm_sync.core import describe_held, describe_skipped, plan_bookings, summarise
from essm_sync.models import Plan, UnreadRecord
from tests.factories import DAY, RULES, bookings_snapshot, event, timetable


def _plan(*, unread_booking: bool) -> Plan:
    items = [event("E1")] if unread_booking else [event("E1"), event("E2", startTime=None)]
    snapshot = bookings_snapshot(timetables=[timetable("MIL-1", *((DAY, e) for e in items))])
    if unread_booking:
        record = UnreadRecord(system="Booker", kind="booking", key="99881",
                              problem="StartTime: null", room=345)  # fmt: skip
        snapshot = snapshot.model_copy(update={"unread": (record,)})
    return Plan(stages=(plan_bookings(snapshot, rules=RULES),))


def test_a_room_held_by_an_unreadable_booker_booking_says_nothing_is_written() -> None:
    """The held room, the skipped booking and the totals all say no write at all there,
    and that a Booker booking, not an item, was skipped."""
    plan = _plan(unread_booking=True)
    (room,) = plan.held
    held = describe_held(room, plan.skipped)
    assert "nothing is created, updated or deleted" in held
    assert "readable items are booked" not in held
    (skipped,) = plan.skipped
    assert "nothing created, updated or deleted in that room" in describe_skipped(skipped)
    assert "1 Booker booking skipped, 1 held room" in summarise(plan)
    assert "item" not in summarise(plan)


def test_a_room_held_by_an_unreadable_item_still_books_its_readable_items() -> None:
    """An item without a start: its room's readable items are booked, nothing deleted."""
    plan = _plan(unread_booking=False)
    (room,) = plan.held
    assert "its readable items are booked" in describe_held(room, plan.skipped)
    assert "1 item skipped, 1 held room" in summarise(plan)
