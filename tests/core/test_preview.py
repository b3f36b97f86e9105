"""The preview of TermTime's estate after a stage: planning again against it finds
nothing left to do, exactly as a real second run would."""

from __future__ import annotations

from essm_sync.core import TermTimeEstate, plan_buildings, plan_rooms, preview_estate
from essm_sync.models import BuildingsSnapshot, RoomsSnapshot
from tests.factories import (
    booker_building,
    booker_room,
    buildings_snapshot,
    campus,
    floor,
    rooms_snapshot,
    site,
    tt_building,
    tt_room,
)


def _estate(snapshot: RoomsSnapshot) -> TermTimeEstate:
    return TermTimeEstate(
        campuses=snapshot.campuses,
        buildings=snapshot.termtime_buildings,
        floors=snapshot.floors,
        rooms=snapshot.termtime_rooms,
    )


def test_buildings_preview_leaves_nothing_to_do() -> None:
    """New campus, new building, renamed building: after the preview, no change remains."""
    snapshot = buildings_snapshot(
        booker=[
            booker_building("MIL", "Mill Lane New Name"),
            booker_building("W1", "West", "WES"),
        ],
        termtime=[tt_building("MIL", "Mill Lane")],
        sites=[site(), site("WES", "West Site")],
    )
    stage = plan_buildings(snapshot)
    assert {c.kind for c in stage.changes} == {
        "create_campus",
        "create_building",
        "update_building",
    }
    estate = preview_estate(
        TermTimeEstate(snapshot.campuses, snapshot.termtime_buildings, (), ()), stage
    )
    again = BuildingsSnapshot(
        sites=snapshot.sites, booker_buildings=snapshot.booker_buildings,
        campuses=estate.campuses, termtime_buildings=estate.buildings,
    )  # fmt: skip
    assert plan_buildings(again).changes == ()


def test_rooms_preview_leaves_nothing_to_do() -> None:
    """New floor and room, changed room, retired room: nothing remains after the preview."""
    snapshot = rooms_snapshot(
        booker=[
            booker_room("MIL-1", capacity=99),
            booker_room("MIL-2", floor="Level 1", index=2),
            booker_room("MIL-3", index=3, live=False),
        ],
        termtime=[tt_room("MIL-1"), tt_room("MIL-3")],
        floors=[floor()],
    )
    stage = plan_rooms(snapshot, activity_types=None)
    kinds = {c.kind for c in stage.changes}
    assert kinds == {"create_floor", "create_room", "update_room", "retire_room"}
    estate = preview_estate(_estate(snapshot), stage)
    again = snapshot.model_copy(update={"floors": estate.floors, "termtime_rooms": estate.rooms})
    assert plan_rooms(again, activity_types=None).changes == ()


def test_a_renamed_building_carries_its_floors_and_rooms() -> None:
    """After a building's rename, its rooms are in the renamed building: no room update."""
    buildings = buildings_snapshot(
        booker=[booker_building("MIL", "Mill Lane Renamed")], termtime=[tt_building()],
        campuses=[campus()],
    )  # fmt: skip
    stage = plan_buildings(buildings)
    rooms = rooms_snapshot(booker=[booker_room()], termtime=[tt_room()])
    estate = preview_estate(_estate(rooms), stage)
    (room,) = estate.rooms
    assert room.place.building == "Mill Lane Renamed"
    assert estate.floors[0].building == "Mill Lane Renamed"
