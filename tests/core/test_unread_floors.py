"""A TermTime floor that could not be read holds only the floors it may be: the one of its
code, else those of its name in any building its rooms do not rule out (design.md,
Reading real data)."""

from __future__ import annotations

from essm_sync.core import plan_rooms
from essm_sync.models import (
    CreateFloor,
    CreateRoom,
    RoomsSnapshot,
    TermTimeRoom,
    UnreadRecord,
)
from tests.factories import booker_room, rooms_snapshot, tt_room


def _on_floor(code: str, building: str) -> TermTimeRoom:
    """A TermTime room on the floor of this code, in this building."""
    room = tt_room("X-1", floor_name="Second", building=building)
    return room.model_copy(update={"place": room.place.model_copy(update={"floor_code": code})})


def _rooms_on(*floors: str, termtime: list[TermTimeRoom] | None = None) -> RoomsSnapshot:
    rooms = [booker_room(f"MIL-{n}", index=345 + n, floor=f) for n, f in enumerate(floors, 1)]
    return rooms_snapshot(booker=rooms, termtime=termtime or [], floors=[])


def _unread(key: str, *, name: str | None, has_code: bool = True) -> UnreadRecord:
    return UnreadRecord(system="TermTime", kind="floor", key=key, problem="bn is missing",
                        name=name, has_code=has_code)  # fmt: skip


def _created(snapshot: RoomsSnapshot, *unread: UnreadRecord) -> tuple[set[str], set[str]]:
    stage = plan_rooms(snapshot.model_copy(update={"unread": unread}), activity_types=None)
    floors = {c.code for c in stage.changes if isinstance(c, CreateFloor)}
    return floors, {c.code for c in stage.changes if isinstance(c, CreateRoom)}


def test_an_unreadable_floor_whose_rooms_are_in_another_building_holds_nothing() -> None:
    """An unreadable "Second" whose TermTime rooms are in the Darwin Centre does not hold
    Mill Lane's "Second", nor the room to go on it."""
    snapshot = _rooms_on("Second", termtime=[_on_floor("DAR-SECOND", "Darwin Centre")])
    floors, rooms = _created(snapshot, _unread("DAR-SECOND", name="Second"))
    assert floors == {"MIL-SECOND"}
    assert rooms == {"MIL-1"}


def test_an_unreadable_floor_whose_rooms_are_in_this_building_holds_its_name() -> None:
    """An unreadable "Second" under another code, its rooms in Mill Lane, is Mill Lane's
    "Second" (TermTime addresses floors by name): it is not created again, its room waits."""
    snapshot = _rooms_on("Second", "Basement", termtime=[_on_floor("ML-2", "Mill Lane")])
    floors, rooms = _created(snapshot, _unread("ML-2", name="Second"))
    assert floors == {"MIL-BASEMENT"}
    assert rooms == {"MIL-2"}


def test_an_unreadable_floor_with_no_rooms_may_be_any_buildings_floor_of_its_name() -> None:
    """With no room telling its building, an unreadable "Second" holds each "Second" to
    be created, and no floor of another name."""
    floors, rooms = _created(_rooms_on("Second", "Basement"), _unread("DAR-2", name="Second"))
    assert floors == {"MIL-BASEMENT"}
    assert rooms == {"MIL-2"}


def test_an_unreadable_floor_holds_the_floor_of_its_code_whatever_its_name() -> None:
    """An unreadable floor coded MIL-SECOND, named otherwise, still holds the floor that
    would be created under that code."""
    floors, rooms = _created(_rooms_on("Second", "Basement"), _unread("MIL-SECOND", name="2"))
    assert floors == {"MIL-BASEMENT"}
    assert rooms == {"MIL-2"}


def test_an_unreadable_floor_of_another_name_and_code_holds_nothing() -> None:
    """An unreadable "Third" coded MIL-3 holds neither "Second" nor "Basement"."""
    floors, _ = _created(_rooms_on("Second", "Basement"), _unread("MIL-3", name="Third"))
    assert floors == {"MIL-SECOND", "MIL-BASEMENT"}


def test_an_unreadable_floor_with_neither_code_nor_name_holds_every_new_floor() -> None:
    """A floor that gives neither code nor name may be any floor: none is created."""
    record = _unread("#3 (no code)", name=None, has_code=False)
    floors, rooms = _created(_rooms_on("Second", "Basement"), record)
    assert floors == set()
    assert rooms == set()
