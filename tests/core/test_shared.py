"""Rooms taught together: items overlapping in one room hold one booking over their union."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from essm_sync.core import plan_bookings
from essm_sync.models import (
    Booking,
    BookingDraft,
    CreateBooking,
    DeleteBooking,
    Shared,
    Stage,
    UpdateBooking,
)
from tests.factories import DAY, RULES, booking, bookings_snapshot, event, exam, timetable

UTC = dt.UTC
FIRST = dataclasses.replace(RULES, overlapping="first")


def _plan(*items: dict[str, Any], bookings: tuple[Booking, ...] = (), rules: Any = RULES) -> Stage:
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", *((DAY, item) for item in items))], bookings=list(bookings)
    )
    return plan_bookings(snapshot, rules=rules)


def _made(index: int, draft: BookingDraft) -> Booking:
    """The booking Booker holds once a planned draft is written."""
    return booking(
        index, start=draft.start.isoformat(), end=draft.end.isoformat(), title=draft.title,
        external_id=draft.external_id, description=draft.description,
        booking_type=draft.booking_type, department=draft.department_id,
    )  # fmt: skip


def _at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 10, 8, hour, minute, tzinfo=UTC)  # BST: an hour behind London


def _kinds(stage: Stage) -> list[tuple[str, str]]:
    return [(change.kind, change.key) for change in stage.changes]


def test_items_exactly_together_share_one_booking() -> None:
    """Two lectures at the same time in one room are one booking, reported as shared."""
    stage = _plan(event("E1"), event("E2", name="MAT1 Lecture", department="MAT"))
    (change,) = stage.changes
    assert isinstance(change, CreateBooking)
    after = change.after
    assert after.external_id == "termtime:E1:MIL-1"
    assert (after.start, after.end) == (_at(8), _at(9))
    assert after.title == "ENG1 Lecture + MAT1 Lecture"
    assert after.description == "Taught together: E1, E2"
    assert (after.booking_type, after.department_id) == ("Teaching", "ENG")
    assert stage.conflicts == ()
    assert stage.shared == (
        Shared(key="termtime:E1:MIL-1", room="MIL-1", title="ENG1 Lecture + MAT1 Lecture",
               start=_at(8), end=_at(9), items=("termtime:E1:MIL-1", "termtime:E2:MIL-1")),
    )  # fmt: skip


def test_overlap_is_transitive_and_the_booking_covers_the_union() -> None:
    """9-10, 9:30-11 and 10:30-12 are one booking from 9 to 12; 12-13 only touches it."""
    stage = _plan(
        event("E1", start="09:00", end="10:00"),
        event("E2", start="09:30", end="11:00"),
        event("E3", start="10:30", end="12:00"),
        event("E4", start="12:00", end="13:00"),
    )
    creates = {c.key: c.after for c in stage.changes if isinstance(c, CreateBooking)}
    assert sorted(creates) == ["termtime:E1:MIL-1", "termtime:E4:MIL-1"]
    assert (creates["termtime:E1:MIL-1"].start, creates["termtime:E1:MIL-1"].end) == (
        _at(8), _at(11),
    )  # fmt: skip
    assert creates["termtime:E4:MIL-1"].title == "ENG1 Lecture"
    assert [s.items for s in stage.shared] == [
        ("termtime:E1:MIL-1", "termtime:E2:MIL-1", "termtime:E3:MIL-1")
    ]


def test_title_joins_in_start_order_then_unique_id() -> None:
    """Members are named by start, then uniqueId; the first carries the key."""
    stage = _plan(
        event("B2", start="09:00", name="Second"),
        event("A9", start="09:30", end="10:30", name="Third"),
        event("A1", start="09:00", name="First"),
    )
    (change,) = stage.changes
    assert isinstance(change, CreateBooking)
    assert change.after.title == "First + Second + Third"
    assert change.after.description == "Taught together: A1, B2, A9"
    assert change.key == "termtime:A1:MIL-1"


def test_title_is_cut_to_bookers_limit() -> None:
    """Joined titles longer than 255 characters are cut, the cut shown by an ellipsis."""
    stage = _plan(*(event(f"E{i}", name=f"{i}" * 100) for i in range(1, 5)))
    (change,) = stage.changes
    assert isinstance(change, CreateBooking)
    title = change.after.title
    assert len(title) == 255
    assert title.startswith("1" * 100 + " + " + "2" * 100 + " + ")
    assert title.endswith("…")


def test_key_is_the_members_with_the_oldest_owned_booking() -> None:
    """The group keeps the oldest of its members' bookings, updated to the union, with its
    type and department; the other member's booking is a duplicate and is deleted."""
    stage = _plan(
        event("E1"),
        event("E2", name="MAT1 Lecture", department="MAT"),
        event("E3", start="09:30", end="10:30", name="PHY1 Lecture", department="MAT"),
        bookings=(
            booking(20, external_id="termtime:E2:MIL-1", title="MAT1 Lecture", department="MAT"),
            booking(
                10,
                start="2026-10-08T08:30:00Z",
                end="2026-10-08T09:30:00Z",
                external_id="termtime:E3:MIL-1",
                title="PHY1 Lecture",
                department="MAT",
            ),
        ),
    )
    assert _kinds(stage) == [
        ("delete_booking", "termtime:E2:MIL-1"),
        ("update_booking", "termtime:E3:MIL-1"),
    ]
    delete, update = stage.changes
    assert isinstance(delete, DeleteBooking)
    assert isinstance(update, UpdateBooking)
    assert delete.booking_id == 20
    assert delete.reason.startswith("duplicate")
    assert update.booking_id == 10
    assert (update.after.start, update.after.end) == (_at(8), _at(9, 30))
    assert update.after.title == "ENG1 Lecture + MAT1 Lecture + PHY1 Lecture"
    assert update.after.department_id == "MAT"
    assert delete.phase < update.phase  # deletes first: no 409 against our own booking


def test_booking_type_is_the_key_members() -> None:
    """An exam taught with a lecture carries the exam's booking type once it holds the key."""
    first = _plan(event("E1"), exam("X1", start="09:00", end="12:00"))
    (change,) = first.changes
    assert isinstance(change, CreateBooking)
    assert (change.key, change.after.booking_type) == ("termtime:E1:MIL-1", "Teaching")
    booked = booking(5, start="2026-10-08T08:00:00Z", end="2026-10-08T11:00:00Z",
                     external_id="termtime:exam:X1:MIL-1", title="Exam X1",
                     booking_type="Exam")  # fmt: skip
    again = _plan(event("E1"), exam("X1", start="09:00", end="12:00"), bookings=(booked,))
    (update,) = again.changes
    assert isinstance(update, UpdateBooking)
    assert (update.key, update.after.booking_type) == ("termtime:exam:X1:MIL-1", "Exam")


def test_members_joining_or_leaving_never_replace_the_booking() -> None:
    """With the key member staying, a member joining or leaving updates the one booking in
    place; once written, nothing is left to do."""
    (create,) = _plan(event("E1"), event("E2")).changes
    assert isinstance(create, CreateBooking)
    shared = _made(7, create.after)
    assert _plan(event("E1"), event("E2"), bookings=(shared,)).changes == ()
    joined = _plan(event("E1"), event("E2"), event("E3", start="09:30", end="11:00"),
                   bookings=(shared,))  # fmt: skip
    (grown,) = joined.changes
    assert isinstance(grown, UpdateBooking)
    assert (grown.booking_id, grown.after.end) == (7, _at(10))
    (left,) = _plan(event("E1"), bookings=(shared,)).changes
    assert isinstance(left, UpdateBooking)
    assert (left.booking_id, left.after.title, left.after.description) == (
        7, "ENG1 Lecture", "Lecture",
    )  # fmt: skip


def test_dropping_the_key_member_deletes_then_creates_once() -> None:
    """Without the member whose key it carries, the booking goes and the group's new first
    member books the room, deletes first; the next plan has nothing to do."""
    (create,) = _plan(event("E1"), event("E2"), event("E3")).changes
    assert isinstance(create, CreateBooking)
    shared = _made(7, create.after)
    stage = _plan(event("E2"), event("E3"), bookings=(shared,))
    assert _kinds(stage) == [
        ("delete_booking", "termtime:E1:MIL-1"),
        ("create_booking", "termtime:E2:MIL-1"),
    ]
    delete, recreate = stage.changes
    assert isinstance(recreate, CreateBooking)
    assert delete.phase < recreate.phase
    assert _plan(event("E2"), event("E3"), bookings=(_made(8, recreate.after),)).changes == ()


def test_group_over_a_persons_booking_is_one_conflict() -> None:
    """A person's booking over one member keeps the whole group out: one conflict, shown
    with the group's title and union, nothing written."""
    person = booking(3, start="2026-10-08T08:45:00Z", end="2026-10-08T09:30:00Z",
                     external_id=None, title="Away day", created_by="reception")  # fmt: skip
    stage = _plan(event("E1"), event("E2", start="09:30", end="10:30"), bookings=(person,))
    assert stage.changes == ()
    (conflict,) = stage.conflicts
    assert (conflict.key, conflict.title) == ("termtime:E1:MIL-1", "ENG1 Lecture + ENG1 Lecture")
    assert (conflict.start, conflict.end) == (_at(8), _at(9, 30))
    assert [b.booking_id for b in conflict.blocking] == [3]
    assert stage.shared == ()


def test_first_keeps_the_earliest_and_reports_the_others() -> None:
    """With `overlapping_items = "first"` the earliest item keeps the room and the one over
    it is a clash, as before; nothing is shared."""
    stage = _plan(event("E1"), event("E2", start="09:30", end="10:30"), rules=FIRST)
    assert _kinds(stage) == [("create_booking", "termtime:E1:MIL-1")]
    assert [(c.key, c.clashes_with) for c in stage.conflicts] == [
        ("termtime:E2:MIL-1", "termtime:E1:MIL-1")
    ]
    assert stage.shared == ()


def test_a_shared_booking_someone_cancelled_is_not_made_again() -> None:
    """A group whose one booking a person cancelled is left alone: no write, no new key."""
    (create,) = _plan(event("E1"), event("E2")).changes
    assert isinstance(create, CreateBooking)
    made = _made(7, create.after)
    cancelled = Booking.from_wire(
        {"OptimeIndex": 7, "RoomOptimeIndex": 345, "StartTime": made.start.isoformat(),
         "EndTime": made.end.isoformat(), "Title": made.title, "ExternalId": made.external_id,
         "CreatedBy": "essm-sync", "Status": "Cancelled"}
    )  # fmt: skip
    stage = _plan(event("E1"), event("E2"), bookings=(cancelled,))
    assert stage.changes == ()
    assert stage.shared == ()


def test_a_group_waits_while_a_members_own_booking_cannot_be_deleted() -> None:
    """Where TermTime confirmed no day, a member's own booking is kept: the group's booking
    is not written over it (a clash with the sync's own), and a warning says why."""
    items = timetable("MIL-1", (DAY, event("E1")), (DAY, event("E2")), served=None)
    bookings = [
        booking(3, external_id="termtime:E1:MIL-1"),
        booking(5, external_id="termtime:E2:MIL-1"),
    ]
    stage = plan_bookings(bookings_snapshot(timetables=[items], bookings=bookings), rules=RULES)
    assert stage.changes == ()
    assert stage.shared == ()
    assert [w.key for w in stage.warnings if "shared booking not written" in w.message] == [
        "termtime:E1:MIL-1"
    ]
