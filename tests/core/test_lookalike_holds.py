"""Codes of the two systems that differ only in how they look: both held, in every stage,
and the pair named once per stage (design.md, Failing well; Reading real data)."""

from __future__ import annotations

import json

from essm_sync.core import plan_bookings, plan_buildings, plan_room_bookings, plan_rooms
from essm_sync.models import CreateBuilding, CreateRoom, RoomBookingsSnapshot, read_room_bookings
from tests.core.test_roombookings import RULES as ROOM_RULES
from tests.core.test_roombookings import person, room_booking
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

SPACED = "MIL-1 "
HIDDEN = "MIL-1\u200b"


def test_a_booker_room_code_gaining_a_space_creates_no_termtime_room() -> None:
    """Booker's "MIL-1 " beside TermTime's MIL-1: no room is created, MIL-1 is not called
    unknown, and one warning names both codes, escaped."""
    snapshot = rooms_snapshot(booker=[booker_room(SPACED)], termtime=[tt_room("MIL-1")])
    stage = plan_rooms(snapshot, activity_types=None)
    assert not [c for c in stage.changes if isinstance(c, CreateRoom)]
    assert stage.changes == ()
    (warning,) = stage.warnings
    assert '"MIL-1 "' in warning.message
    assert "TermTime room MIL-1 " in warning.message
    assert "unknown" not in warning.message


def test_a_zero_width_character_in_a_termtime_code_holds_the_booker_room() -> None:
    """TermTime's MIL-1 with a zero-width space beside Booker's MIL-1: MIL-1 is not created
    in TermTime, and the hidden character is shown escaped."""
    snapshot = rooms_snapshot(booker=[booker_room("MIL-1")], termtime=[tt_room(HIDDEN)])
    stage = plan_rooms(snapshot, activity_types=None)
    assert stage.changes == ()
    (warning,) = stage.warnings
    assert "\\u200b" in warning.message


def test_a_lookalike_building_code_creates_no_building() -> None:
    """Booker's building "MIL " beside TermTime's MIL: no building is created."""
    snapshot = buildings_snapshot(booker=[booker_building("MIL ")], termtime=[tt_building("MIL")])
    stage = plan_buildings(snapshot)
    assert not [c for c in stage.changes if isinstance(c, CreateBuilding)]
    (warning,) = stage.warnings
    assert '"MIL "' in warning.message
    assert "unknown" not in warning.message


def test_bookings_in_a_lookalike_room_are_never_deleted() -> None:
    """TermTime already lists Booker's "MIL-1 " room's bookings under MIL-1 and a run
    created "MIL-1 " beside it: the bookings of the Booker room are not deleted, nothing is
    created, and the pair is named, not the room called unknown."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event("E1"))), timetable(SPACED)],
        bookings=[booking(1)],
        booker_rooms=[booker_room(SPACED)],
        termtime_rooms=[tt_room("MIL-1")],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert stage.changes == ()
    assert not [w for w in stage.warnings if "unknown" in w.message]
    assert [w.key for w in stage.warnings if "differ only" in w.message] == [SPACED]


def test_room_bookings_in_a_lookalike_termtime_room_are_never_deleted() -> None:
    """A person's booking in Booker's "MIL-1 " made a room booking in TermTime's MIL-1:
    while the codes only look alike, that room booking is kept, not deleted as unsynced."""
    snapshot = RoomBookingsSnapshot(
        termtime_rooms=(tt_room("MIL-1"),),
        booker_rooms=(booker_room(SPACED),),
        booker_buildings=(booker_building(),),
        bookings=(person(),),
        room_bookings=read_room_bookings(json.dumps([room_booking()]).encode()),
    )
    stage = plan_room_bookings(snapshot, rules=ROOM_RULES)
    assert stage.changes == ()
