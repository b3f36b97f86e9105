"""One record a list could not read: skipped and named, its counterpart left alone, and in
Booker's bookings it holds its room; a cancelled booking holds no room (design.md)."""

from __future__ import annotations

from essm_sync.core import plan_bookings, plan_buildings, plan_rooms
from essm_sync.models import (
    CreateBooking,
    CreateBuilding,
    CreateFloor,
    CreateRoom,
    DeleteBooking,
    RetireRoom,
    UnreadRecord,
    UpdateBooking,
)
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
    tt_room,
)


def _unread(system: str, kind: str, key: str, room: int | None = None) -> UnreadRecord:
    return UnreadRecord(system=system, kind=kind, key=key, problem="Floor: null", room=room)


def test_a_booker_room_that_cannot_be_read_leaves_its_termtime_room_alone() -> None:
    """A Booker room with a null Floor: its TermTime room is neither changed nor warned of
    as unknown; the room is named as skipped."""
    snapshot = rooms_snapshot(booker=[], termtime=[tt_room("MIL-1")]).model_copy(
        update={"unread": (_unread("Booker", "room", "MIL-1"),)}
    )
    stage = plan_rooms(snapshot, activity_types=None)
    assert stage.changes == ()
    assert not [w for w in stage.warnings if w.key == "MIL-1"]
    ((system, kind, item, problem),) = [
        (s.system, s.kind, s.item, s.problem) for s in stage.skipped
    ]
    assert (system, kind, item, problem) == ("Booker", "room", "MIL-1", "Floor: null")


def test_rooms_of_a_booker_building_that_cannot_be_read_are_never_retired() -> None:
    """A room whose building record could not be read is left alone, not retired."""
    snapshot = rooms_snapshot(
        booker=[booker_room("OLD-1", building="OLD")], termtime=[tt_room("OLD-1")]
    ).model_copy(update={"unread": (_unread("Booker", "building", "OLD"),)})
    stage = plan_rooms(snapshot, activity_types=None)
    assert not any(isinstance(c, RetireRoom) for c in stage.changes)
    assert any(w.key == "OLD-1" and "could not be read" in w.message for w in stage.warnings)


def test_a_termtime_record_that_cannot_be_read_is_never_created_again() -> None:
    """TermTime lists a room, a floor and a building it cannot read: none is created over."""
    rooms = rooms_snapshot(booker=[booker_room("MIL-1"), booker_room("MIL-2", floor="Basement")],
                           termtime=[], floors=[])  # fmt: skip
    rooms = rooms.model_copy(
        update={
            "unread": (
                _unread("TermTime", "room", "MIL-1"),
                _unread("TermTime", "floor", "MIL-BASEMENT"),
                _unread("TermTime", "floor", "MIL-G"),
            )
        }
    )
    stage = plan_rooms(rooms, activity_types=None)
    assert not any(isinstance(c, CreateRoom) and c.code == "MIL-1" for c in stage.changes)
    assert not any(isinstance(c, CreateFloor) for c in stage.changes)
    buildings = buildings_snapshot(booker=[booker_building("MIL")], termtime=[]).model_copy(
        update={"unread": (_unread("TermTime", "building", "MIL"),)}
    )
    stage = plan_buildings(buildings)
    assert not any(isinstance(c, CreateBuilding) for c in stage.changes)
    assert [s.item for s in stage.skipped] == ["MIL"]


def test_an_unreadable_booking_holds_its_room_and_no_other() -> None:
    """A booking of MIL-1 with a null start: nothing is created or deleted in MIL-1 (it
    may be ours, and the one create held back is counted so), MIL-2 is booked as usual, and
    the booking is named by its OptimeIndex."""
    snapshot = bookings_snapshot(
        timetables=[
            timetable("MIL-1", (DAY, event("E1"))),
            timetable("MIL-2", (DAY, event("E2"))),
        ],
        bookings=[booking(7, external_id="termtime:GONE:MIL-1")],
        booker_rooms=[booker_room("MIL-1"), booker_room("MIL-2", index=346)],
        termtime_rooms=[tt_room("MIL-1"), tt_room("MIL-2")],
    ).model_copy(update={"unread": (_unread("Booker", "booking", "99881", room=345),)})
    stage = plan_bookings(snapshot, rules=RULES)
    assert [c.key for c in stage.changes] == ["termtime:E2:MIL-2"]
    assert "MIL-1" in stage.held
    (held,) = [w.message for w in stage.warnings if w.key == "MIL-1"]
    assert held.endswith("; 1 booking not created or updated here this run")
    (named,) = [s for s in stage.skipped if s.system == "Booker"]
    assert (named.kind, named.item, named.room) == ("booking", "99881", "MIL-1")


def test_an_unreadable_booking_holds_back_updates_in_its_room() -> None:
    """An owned booking whose item moved, in a room where a booking could not be read: not
    moved (the unreadable booking may be where it would go), and the warning says so."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event("E1", start="14:00", end="15:00")))],
        bookings=[booking(7)],
    ).model_copy(update={"unread": (_unread("Booker", "booking", "99881", room=345),)})
    stage = plan_bookings(snapshot, rules=RULES)
    assert stage.changes == ()
    (held,) = [w.message for w in stage.warnings if w.key == "MIL-1"]
    assert held.endswith("; 1 booking not created or updated here this run")


def test_a_booker_room_that_cannot_be_read_is_not_also_unknown_to_bookings() -> None:
    """A Booker room with a null Capacity is named as skipped; the bookings stage does not
    also call its TermTime room unknown to Booker."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event("E1")))], booker_rooms=[]
    ).model_copy(update={"unread": (_unread("Booker", "room", "MIL-1"),)})
    stage = plan_bookings(snapshot, rules=RULES)
    assert not [w for w in stage.warnings if w.key == "MIL-1"]
    assert [(s.system, s.kind, s.item) for s in stage.skipped] == [("Booker", "room", "MIL-1")]


def test_a_cancelled_booking_of_a_person_is_no_conflict() -> None:
    """A person's cancelled booking over an event no longer holds the room: it is booked."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event("E1")))],
        bookings=[booking(5, external_id=None, created_by="jo", status="Cancelled")],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert stage.conflicts == ()
    assert [type(c) for c in stage.changes] == [CreateBooking]


def test_an_owned_booking_someone_cancelled_is_left_alone_and_reported() -> None:
    """Cancelled in Booker by a person: never booked again, updated or deleted; warned of."""
    cancelled = booking(5, title="Old title", status="Cancelled")
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event("E1")))], bookings=[cancelled]
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert not any(isinstance(c, CreateBooking | UpdateBooking | DeleteBooking)
                   for c in stage.changes)  # fmt: skip
    (warning,) = [w for w in stage.warnings if w.key == "termtime:E1:MIL-1"]
    assert "cancelled in Booker" in warning.message
    gone = plan_bookings(bookings_snapshot(timetables=[timetable("MIL-1")], bookings=[cancelled]),
                         rules=RULES)  # fmt: skip
    assert gone.changes == ()


def test_a_booking_of_an_unknown_or_null_status_holds_its_room_and_is_warned_of() -> None:
    """A person's booking with Status "Tentative", another with none: each still holds the
    room (the item is a conflict, not booked over it), and one warning per value names the
    booking by its OptimeIndex and the value."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event("E1")))],
        bookings=[
            booking(5, external_id=None, created_by="jo", status="Tentative"),
            booking(6, external_id=None, created_by="jo", status=None),
        ],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert [c.key for c in stage.conflicts] == ["termtime:E1:MIL-1"]
    assert not any(isinstance(c, CreateBooking) for c in stage.changes)
    odd = sorted(w.message for w in stage.warnings if "not one Booker documents" in w.message)
    assert odd == [
        "Booker booking 5: Status Tentative, not one Booker documents; taken as holding the room",
        "Booker booking 6: no Status, not one Booker documents; taken as holding the room",
    ]
