"""The bookings planner: every bookable TermTime event gets exactly one owned booking."""

from __future__ import annotations

import dataclasses
import datetime as dt

from essm_sync.core import external_id, plan_bookings
from essm_sync.models import CreateBooking, DeleteBooking, Kind, UpdateBooking
from tests.factories import (
    DAY,
    LONDON,
    RULES,
    booker_room,
    booking,
    bookings_snapshot,
    event,
    timetable,
    tt_room,
)


def test_external_id_format_is_fixed() -> None:
    """The ownership key is `termtime:<uniqueId>:<room code>`, both verbatim."""
    assert external_id("123_4", "MIL-1") == "termtime:123_4:MIL-1"


def test_event_without_booking_is_created_in_local_time() -> None:
    """An event at 09:00 on a BST day is booked from 08:00 UTC, with the key as ExternalId."""
    stage = plan_bookings(
        bookings_snapshot(timetables=[timetable("MIL-1", (DAY, event()))]), rules=RULES
    )
    (change,) = stage.changes
    assert isinstance(change, CreateBooking)
    assert change.after.external_id == "termtime:E1:MIL-1"
    assert change.after.start == dt.datetime(2026, 10, 8, 8, 0, tzinfo=dt.UTC)
    assert change.after.room_optime_index == 345
    assert (change.after.title, change.after.booking_type, change.after.department_id) == (
        "ENG1 Lecture",
        "Teaching",
        "ENG",
    )


def test_clock_change_keeps_wall_clock_time() -> None:
    """09:00 before and after the October clock change is 08:00 and 09:00 UTC."""
    before, after = dt.date(2026, 10, 22), dt.date(2026, 10, 29)
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (before, event("A")), (after, event("B")))]
    )
    starts = {
        c.key: c.after.start
        for c in plan_bookings(snapshot, rules=RULES).changes
        if isinstance(c, CreateBooking)
    }
    assert starts["termtime:A:MIL-1"].astimezone(dt.UTC).hour == 8
    assert starts["termtime:B:MIL-1"].astimezone(dt.UTC).hour == 9
    assert starts["termtime:B:MIL-1"].astimezone(LONDON).hour == 9


def test_matching_booking_in_another_offset_is_left_alone() -> None:
    """Booker answering in UTC what was sent in +01:00 is the same instant: no change."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event()))],
        bookings=[booking(7, start="2026-10-08T08:00:00Z", end="2026-10-08T09:00:00Z")],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert stage.changes == ()
    assert (stage.owned, stage.desired) == (1, 1)


def test_moved_event_updates_its_booking() -> None:
    """An event moved to 11:00 updates the owned booking in place."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event(start="11:00", end="12:00")))],
        bookings=[booking(7)],
    )
    (change,) = plan_bookings(snapshot, rules=RULES).changes
    assert isinstance(change, UpdateBooking)
    assert change.booking_id == 7
    assert change.after.start.astimezone(LONDON).hour == 11
    assert change.before.start.astimezone(LONDON).hour == 9


def test_dropped_event_deletes_its_booking() -> None:
    """An owned booking whose event left the timetable is deleted."""
    snapshot = bookings_snapshot(timetables=[timetable("MIL-1")], bookings=[booking(7)])
    (change,) = plan_bookings(snapshot, rules=RULES).changes
    assert isinstance(change, DeleteBooking)
    assert (change.booking_id, change.reason) == (7, "item no longer in the timetable")


def test_peoples_bookings_are_never_changed() -> None:
    """A booking without our ExternalId never appears in a plan, even with no events."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1")],
        bookings=[
            booking(8, external_id=None, created_by="reception"),
            booking(9, external_id="other-system:1", created_by="x"),
        ],
    )
    assert plan_bookings(snapshot, rules=RULES).changes == ()


def test_clash_with_a_persons_booking_is_a_conflict_not_a_write() -> None:
    """An event over a person's booking is reported with that booking and not created."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event()))],
        bookings=[
            booking(
                8,
                start="2026-10-08T07:30:00Z",
                end="2026-10-08T08:30:00Z",
                title="Open day",
                external_id=None,
                created_by="reception",
            )
        ],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert stage.changes == ()
    (conflict,) = stage.conflicts
    assert (conflict.key, conflict.room) == ("termtime:E1:MIL-1", "MIL-1")
    assert [(b.booking_id, b.created_by) for b in conflict.blocking] == [(8, "reception")]


def test_touching_bookings_do_not_conflict() -> None:
    """A person's booking that ends when the event starts is no conflict."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event()))],
        bookings=[
            booking(8, start="2026-10-08T07:00:00Z", end="2026-10-08T08:00:00Z", external_id=None)
        ],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert stage.conflicts == ()
    assert [c.kind for c in stage.changes] == ["create_booking"]


def test_two_of_our_events_clashing_keep_the_first() -> None:
    """With `overlapping_items = "first"`, two events over the same slot in a room: the
    earlier key is booked, the other reported."""
    snapshot = bookings_snapshot(
        timetables=[
            timetable("MIL-1", (DAY, event("A")), (DAY, event("B", start="09:30", end="10:30")))
        ]
    )
    stage = plan_bookings(snapshot, rules=dataclasses.replace(RULES, overlapping="first"))
    assert [c.key for c in stage.changes] == ["termtime:A:MIL-1"]
    assert [(c.key, c.clashes_with) for c in stage.conflicts] == [
        ("termtime:B:MIL-1", "termtime:A:MIL-1")
    ]


def test_duplicate_owned_bookings_keep_the_oldest() -> None:
    """Two bookings with one ExternalId (a lost create answer) collapse to the lowest index."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event()))], bookings=[booking(7), booking(9)]
    )
    (change,) = plan_bookings(snapshot, rules=RULES).changes
    assert isinstance(change, DeleteBooking)
    assert change.booking_id == 9


def test_rooms_not_bookable_everywhere_get_no_bookings() -> None:
    """Events in rooms not bookable in Booker or marked for deletion in TermTime are skipped."""
    events = [
        timetable("A", (DAY, event("1"))),
        timetable("B", (DAY, event("2"))),
        timetable("C", (DAY, event("3"))),
    ]
    snapshot = bookings_snapshot(
        timetables=events,
        booker_rooms=[
            booker_room("A", index=1, bookable=False),
            booker_room("B", index=2),
            booker_room("C", index=3, live=False),
        ],
        termtime_rooms=[tt_room("A"), tt_room("B", to_delete=True), tt_room("C")],
    )
    assert plan_bookings(snapshot, rules=RULES).changes == ()


def test_owned_bookings_outside_the_served_window_are_left_alone() -> None:
    """An owned booking on a date TermTime did not serve is not deleted, and said so."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1")],
        bookings=[booking(7, start="2027-01-20T09:00:00Z", end="2027-01-20T10:00:00Z")],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert stage.changes == ()
    assert stage.owned == 1
    assert "did not confirm serving their day" in stage.warnings[0].message


def test_department_mapping_and_unknown_departments() -> None:
    """Departments map through the setting; one Booker lacks is sent as none, with a warning."""
    rules = dataclasses.replace(RULES, departments=(("ENGG", "ENG"),))
    snapshot = bookings_snapshot(
        timetables=[
            timetable(
                "MIL-1",
                (DAY, event("A", department="ENGG")),
                (DAY, event("B", start="12:00", end="13:00", department="ZZZ")),
            )
        ]
    )
    stage = plan_bookings(snapshot, rules=rules)
    departments = {
        c.key: c.after.department_id for c in stage.changes if isinstance(c, CreateBooking)
    }
    assert departments == {"termtime:A:MIL-1": "ENG", "termtime:B:MIL-1": None}
    assert [w.key for w in stage.warnings] == ["ZZZ"]


def test_event_in_two_rooms_is_booked_in_each() -> None:
    """A multi-room event gets one booking per room, keyed by (uniqueId, room)."""
    snapshot = bookings_snapshot(
        timetables=[timetable("A", (DAY, event("E"))), timetable("B", (DAY, event("E")))],
        booker_rooms=[booker_room("A", index=1), booker_room("B", index=2)],
        termtime_rooms=[tt_room("A"), tt_room("B")],
    )
    keys = [c.key for c in plan_bookings(snapshot, rules=RULES).changes]
    assert keys == ["termtime:E:A", "termtime:E:B"]


def test_booking_type_comes_from_the_rules() -> None:
    """The configured booking type is written on every booking."""
    types: dict[Kind, str] = {"activities": "Timetabled", "exams": "E", "termtime_bookings": "B"}
    rules = dataclasses.replace(RULES, booking_types=types)
    (change,) = plan_bookings(
        bookings_snapshot(timetables=[timetable("MIL-1", (DAY, event()))]), rules=rules
    ).changes
    assert isinstance(change, CreateBooking)
    assert change.after.booking_type == "Timetabled"


def test_events_in_rooms_booker_does_not_know_are_a_warning() -> None:
    """A TermTime room unknown to Booker is reported; nothing is booked for it."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event()))],
        termtime_rooms=[tt_room(), tt_room("LEGACY")],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert [c.key for c in stage.changes] == ["termtime:E1:MIL-1"]
    assert [(w.key, w.message) for w in stage.warnings] == [
        ("LEGACY", "TermTime room unknown to Booker; its items are not booked")
    ]
