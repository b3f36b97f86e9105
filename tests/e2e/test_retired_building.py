"""A live room in a building Booker retired: neither booked nor audited as inconsistent."""

from __future__ import annotations

from pathlib import Path

from essm_sync.engine import RunReport, audit_systems, sync_operations
from essm_sync.sandbox import due_bookings, expected_conflicts, owned_bookings
from tests.world import World, make_world


def _retire_a_timetabled_rooms_building(world: World) -> tuple[str, int]:
    """Move a live, bookable room with items into a new building retired in Booker."""
    tt, bk = world.sandbox.termtime, world.sandbox.booker
    live = {code for code, room in tt.rooms.items() if not room.to_delete}
    room = next(
        r
        for r in bk.rooms
        if r["Live"] and r["Bookable"] and r["Id"] in live and tt.events_in(str(r["Id"]))
    )
    home = next(b for b in bk.buildings if b["Id"] == room["BuildingId"])
    bk.buildings.append(home | {"Id": "SHUT", "Name": "Shut building", "Live": False})
    room["BuildingId"] = "SHUT"
    return str(room["Id"]), int(room["OptimeIndex"])


async def test_a_bookings_run_books_nothing_in_a_room_of_a_retired_building(
    tmp_path: Path,
) -> None:
    """Even run alone, the bookings stage leaves the room out; the rest converges."""
    world = make_world(tmp_path)
    code, index = _retire_a_timetabled_rooms_building(world)
    async with world.systems() as systems:
        await sync_operations(("bookings",), systems, world.settings, world.options, RunReport())
    booker = world.sandbox.booker
    assert not [b for b in booker.bookings.values() if b.room == index and b.external_id]
    due = due_bookings(world.sandbox)
    assert not [key for key in due if key.endswith(f":{code}")]
    assert set(owned_bookings(world.sandbox)) == set(due) - expected_conflicts(world.sandbox)


async def test_the_audit_calls_such_a_room_retired_and_misses_no_booking_in_it(
    tmp_path: Path,
) -> None:
    """The room is retired and so are its items; no booking is reported missing there."""
    world = make_world(tmp_path)
    code, _ = _retire_a_timetabled_rooms_building(world)
    async with world.systems() as systems:
        audit = await audit_systems(systems, world.settings, world.options)
    in_room = {d.check for d in audit.discrepancies if code in (d.room, d.key.split(":")[-1])}
    assert {"item-room-retired", "room-retired"} <= in_room
    assert not in_room & {"booking-missing", "booking-differs", "booking-conflict"}
