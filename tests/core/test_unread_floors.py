"""A TermTime floor that could not be read holds only the floors it may be: the one of its
code, or, when it gives no code, those of its name (design.md, Reading real data)."""

from __future__ import annotations

from essm_sync.core import plan_rooms
from essm_sync.models import CreateFloor, CreateRoom, RoomsSnapshot, UnreadRecord
from tests.factories import booker_room, rooms_snapshot


def _rooms_on(*floors: str) -> RoomsSnapshot:
    rooms = [booker_room(f"MIL-{n}", index=345 + n, floor=f) for n, f in enumerate(floors, 1)]
    return rooms_snapshot(booker=rooms, termtime=[], floors=[])


def _unread(key: str, *, name: str | None, has_code: bool = True) -> UnreadRecord:
    return UnreadRecord(system="TermTime", kind="floor", key=key, problem="bn is missing",
                        name=name, has_code=has_code)  # fmt: skip


def _created(snapshot: RoomsSnapshot, *unread: UnreadRecord) -> tuple[set[str], set[str]]:
    stage = plan_rooms(snapshot.model_copy(update={"unread": unread}), activity_types=None)
    floors = {c.code for c in stage.changes if isinstance(c, CreateFloor)}
    return floors, {c.code for c in stage.changes if isinstance(c, CreateRoom)}


def test_another_buildings_unreadable_floor_of_the_same_name_holds_nothing() -> None:
    """An unreadable "Second" coded DAR-SECOND does not hold Mill Lane's "Second"."""
    floors, rooms = _created(_rooms_on("Second"), _unread("DAR-SECOND", name="Second"))
    assert floors == {"MIL-SECOND"}
    assert rooms == {"MIL-1"}


def test_an_unreadable_floor_holds_the_floor_of_its_code_and_its_rooms() -> None:
    """An unreadable floor coded MIL-SECOND, whatever its name, holds Mill Lane's "Second"
    and the room on it; the room on another floor is created."""
    floors, rooms = _created(_rooms_on("Second", "Basement"), _unread("MIL-SECOND", name="2"))
    assert floors == {"MIL-BASEMENT"}
    assert rooms == {"MIL-2"}


def test_an_unreadable_floor_without_a_code_holds_the_floors_of_its_name() -> None:
    """A floor that gives no code but is named "Second" holds every "Second" to be created,
    and nothing else."""
    record = _unread("#3 (no code)", name="Second", has_code=False)
    floors, rooms = _created(_rooms_on("Second", "Basement"), record)
    assert floors == {"MIL-BASEMENT"}
    assert rooms == {"MIL-2"}


def test_an_unreadable_floor_with_neither_code_nor_name_holds_every_new_floor() -> None:
    """A floor that gives neither code nor name may be any floor: none is created."""
    record = _unread("#3 (no code)", name=None, has_code=False)
    floors, rooms = _created(_rooms_on("Second", "Basement"), record)
    assert floors == set()
    assert rooms == set()
