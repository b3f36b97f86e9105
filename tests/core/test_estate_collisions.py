"""Estate names and codes from real data: cut names that collide, floor codes that clash,
Booker records sharing a code, and codes longer than TermTime accepts."""

from __future__ import annotations

from essm_sync.core import floor_code, plan_buildings, plan_rooms
from essm_sync.models import CreateBuilding, CreateFloor, CreateRoom, RetireRoom, UpdateRoom
from tests.factories import (
    booker_building,
    booker_room,
    buildings_snapshot,
    floor,
    rooms_snapshot,
    tt_room,
)

LONG = "Department of Applied Mathematics and Theoretical Physics"


def test_names_that_collide_once_cut_are_made_unique_and_stay_so() -> None:
    """Two names equal in their first 45 characters get a suffix from their code, and a
    run on the same data gives the same names."""
    booker = [
        booker_building("DA1", f"{LONG} North Wing"),
        booker_building("DA2", f"{LONG} South Wing"),
    ]
    stage = plan_buildings(buildings_snapshot(booker=booker, termtime=[]))
    names = {c.code: c.after.name for c in stage.changes if isinstance(c, CreateBuilding)}
    assert names == {"DA1": f"{LONG[:39]} (DA1)", "DA2": f"{LONG[:39]} (DA2)"}
    assert all(len(name) <= 45 for name in names.values())
    assert plan_buildings(buildings_snapshot(booker=booker, termtime=[])) == stage
    assert sum("made unique" in w.message for w in stage.warnings) == 2


def test_a_single_long_name_is_only_cut() -> None:
    """A long name that collides with nothing is cut to 45 characters, no suffix."""
    stage = plan_buildings(buildings_snapshot(booker=[booker_building("DA1", LONG)], termtime=[]))
    (change,) = (c for c in stage.changes if isinstance(c, CreateBuilding))
    assert change.after.name == LONG[:45]


def test_names_differing_only_in_case_collide() -> None:
    """TermTime may look names up without case: `Hall` and `HALL` in one campus collide."""
    booker = [booker_building("H1", "Hall"), booker_building("H2", "HALL")]
    stage = plan_buildings(buildings_snapshot(booker=booker, termtime=[]))
    names = sorted(c.after.name for c in stage.changes if isinstance(c, CreateBuilding))
    assert names == ["HALL (H2)", "Hall (H1)"]


def test_floor_names_giving_one_code_get_distinct_stable_codes() -> None:
    """`Level 1` and `Level-1` slug to one code: the second gets a suffix from its name."""
    rooms = [
        booker_room("MIL-1", floor="Level 1", index=1),
        booker_room("MIL-2", floor="Level-1", index=2),
    ]
    stage = plan_rooms(rooms_snapshot(booker=rooms, termtime=[], floors=[]), activity_types=None)
    codes = {c.name: c.code for c in stage.changes if isinstance(c, CreateFloor)}
    assert codes["Level 1"] == "MIL-LEVEL1"
    assert codes["Level-1"] == floor_code("MIL", "Level-1", taken=frozenset({"MIL-LEVEL1"}))
    assert codes["Level-1"] != "MIL-LEVEL1"
    assert len(set(codes.values())) == 2


def test_floor_code_taken_by_an_existing_floor_is_not_reused() -> None:
    """A new floor whose code an existing TermTime floor already has gets another code."""
    existing = floor(name="Level 1", code="MIL-LEVEL1")
    rooms = [booker_room("MIL-2", floor="Level-1", index=2)]
    stage = plan_rooms(
        rooms_snapshot(booker=rooms, termtime=[], floors=[existing]), activity_types=None
    )
    (created,) = (c for c in stage.changes if isinstance(c, CreateFloor))
    assert created.code != "MIL-LEVEL1"


def test_two_booker_rooms_with_one_code_are_both_skipped() -> None:
    """Rooms sharing a code are neither created, updated nor retired: never alternated."""
    rooms = [
        booker_room("MIL-1", index=1, capacity=10),
        booker_room("MIL-1", index=2, capacity=99, live=False),
    ]
    stage = plan_rooms(
        rooms_snapshot(booker=rooms, termtime=[tt_room("MIL-1", capacity=50)]), activity_types=None
    )
    assert not [c for c in stage.changes if isinstance(c, CreateRoom | UpdateRoom | RetireRoom)]
    assert any("share this code" in w.message for w in stage.warnings)


def test_codes_longer_than_termtime_accepts_are_skipped() -> None:
    """A room or building code over 45 characters is skipped with a warning."""
    code = "R" * 46
    stage = plan_rooms(
        rooms_snapshot(booker=[booker_room(code)], termtime=[]), activity_types=None
    )
    assert not [c for c in stage.changes if isinstance(c, CreateRoom)]
    assert any("code longer than 45" in w.message for w in stage.warnings)
    stage = plan_buildings(buildings_snapshot(booker=[booker_building("B" * 46)], termtime=[]))
    assert stage.changes == ()
