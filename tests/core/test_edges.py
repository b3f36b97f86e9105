"""Edges of the core that the rules hinge on: served-day bounds in local time, exact
counts the guard reads, saved-plan checks, and what an update carries."""

from __future__ import annotations

import datetime as dt

import pytest

from essm_sync.core import (
    load_plan,
    not_owned,
    plan_bookings,
    plan_buildings,
    plan_rooms,
    render_json,
    stale_changes,
)
from essm_sync.models import Plan, Stage, UpdateBooking
from tests.factories import (
    DAY,
    RULES,
    booker_building,
    booker_room,
    booking,
    bookings_snapshot,
    buildings_snapshot,
    event,
    rooms_snapshot,
    timetable,
    tt_building,
    tt_room,
)


def _deleted(start: str, end: str, served: tuple[dt.date, dt.date]) -> bool:
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", served=served)],
        bookings=[booking(7, start=start, end=end, external_id="termtime:GONE:MIL-1")],
    )
    return bool(plan_bookings(snapshot, rules=RULES).changes)


def test_served_days_are_bounded_in_local_time() -> None:
    """Served 8-9 Oct (summer time): 00:30 local on the 8th (23:30 UTC on the 7th) and
    23:30 local on the 9th are inside, 00:30 local on the 10th is not."""
    served = (DAY, DAY + dt.timedelta(days=1))
    assert _deleted("2026-10-07T23:30:00Z", "2026-10-07T23:45:00Z", served)
    assert _deleted("2026-10-09T22:30:00Z", "2026-10-09T22:45:00Z", served)
    assert not _deleted("2026-10-09T23:30:00Z", "2026-10-09T23:45:00Z", served)
    assert not _deleted("2026-10-07T22:30:00Z", "2026-10-07T22:45:00Z", served)


def test_the_counts_the_guard_reads_are_exact() -> None:
    """owned, desired and present of each stage are the numbers the guard judges."""
    bookings = plan_bookings(
        bookings_snapshot(
            timetables=[
                timetable(
                    "MIL-1", (DAY, event("A")), (DAY, event("B", start="11:00", end="12:00"))
                )
            ],
            bookings=[
                booking(1),
                booking(2, external_id="termtime:X:MIL-1"),
                booking(3, external_id=None, created_by="reception"),
            ],
        ),
        rules=RULES,
    )
    assert (bookings.owned, bookings.desired, bookings.present) == (2, 2, 2)
    buildings = plan_buildings(
        buildings_snapshot(
            booker=[
                booker_building("MIL"),
                booker_building("NEW"),
                booker_building("OLD", live=False),
            ],
            termtime=[tt_building("MIL"), tt_building("LEG", "Legacy")],
        )
    )
    assert (buildings.owned, buildings.desired, buildings.present) == (1, 2, 2)
    rooms = plan_rooms(
        rooms_snapshot(
            booker=[
                booker_room("MIL-1"),
                booker_room("MIL-2", index=2),
                booker_room("MIL-3", index=3, live=False),
            ],
            termtime=[tt_room("MIL-1"), tt_room("MIL-3"), tt_room("X", to_delete=True)],
        ),
        activity_types=None,
    )
    assert (rooms.owned, rooms.desired, rooms.present) == (2, 2, 2)


def test_warning_counts_are_exact() -> None:
    """The left-alone and kept counts in warnings are the numbers of bookings concerned."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event("BAD", start="x")))],
        bookings=[
            booking(1, external_id="termtime:GONE:MIL-1"),
            booking(2, external_id="termtime:GONE2:MIL-1"),
            booking(3, room=999, external_id="termtime:Z:ELSEWHERE"),
        ],
    )
    messages = [w.message for w in plan_bookings(snapshot, rules=RULES).warnings]
    assert "1 owned bookings lie in rooms or kinds not synced now; left alone" in messages
    assert any(m.startswith("2 owned bookings with no item kept") for m in messages)


def test_an_update_carries_the_booking_as_read() -> None:
    """An update names its booking and keeps who made it and its status, for Booker's PUT."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event(start="10:00", end="11:00")))],
        bookings=[booking(7)],
    )
    (change,) = plan_bookings(snapshot, rules=RULES).changes
    assert isinstance(change, UpdateBooking)
    assert (change.booking_id, change.created_by, change.status) == (7, "essm-sync", "Confirmed")
    assert change.reason == "item changed in the timetable"
    assert change.before.start == dt.datetime(2026, 10, 8, 8, tzinfo=dt.UTC)
    assert change.after.start == dt.datetime(2026, 10, 8, 9, tzinfo=dt.UTC)


def _stage(*changes: object) -> Stage:
    return Stage.model_validate(
        {"operation": "bookings", "owned": 1, "desired": 1, "changes": list(changes)}
    )


def test_a_saved_change_is_stale_only_if_it_would_now_differ() -> None:
    """Same change: fine. Changed: 'would now be different'. Gone: 'no longer planned'.
    A change made now that the saved plan lacks does not matter."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event(start="10:00", end="11:00")))],
        bookings=[booking(7)],
    )
    (update,) = plan_bookings(snapshot, rules=RULES).changes
    moved = update.model_copy(update={"booking_id": 8})
    assert stale_changes(_stage(update), _stage(update)) == ()
    assert stale_changes(_stage(), _stage(update)) == ()
    assert stale_changes(_stage(update), _stage(moved)) == (
        f"update_booking {update.key} would now be different",
    )
    assert stale_changes(_stage(update), _stage()) == (
        f"update_booking {update.key} is no longer planned",
    )


def test_ownership_is_read_again_for_updates_and_deletes() -> None:
    """A booking handed to someone else is named; one gone is named for an update only."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event(start="10:00", end="11:00")))],
        bookings=[booking(7)],
    )
    (update,) = plan_bookings(snapshot, rules=RULES).changes
    stage = _stage(update)
    owners = frozenset({"essm-sync"})
    assert not_owned(stage, [booking(7)], owners) == ()
    theirs = booking(7, created_by="reception")
    assert not_owned(stage, [theirs], owners) == (f"booking 7 ({update.key}) is now reception's",)
    assert not_owned(stage, [], owners) == (f"booking 7 ({update.key}) is gone",)
    gone = plan_bookings(
        bookings_snapshot(timetables=[timetable("MIL-1")], bookings=[booking(7)]), rules=RULES
    )
    assert not_owned(gone, [], owners) == ()


def test_a_saved_plan_reads_back_equal_and_refuses_other_formats() -> None:
    """`render_json` and `load_plan` round-trip; format 2 (no origin) is still read, an
    older or newer format is refused by number."""
    plan = Plan(stages=(_stage(),))
    assert load_plan(render_json(plan)) == plan
    previous = render_json(plan).replace('"format": 3', '"format": 2')
    assert load_plan(previous).format == 2
    for other in (1, 4):
        text = render_json(plan).replace('"format": 3', f'"format": {other}')
        with pytest.raises(
            ValueError, match=rf"^plan format {other}, this version reads 2 and 3$"
        ):
            load_plan(text)
