"""A change whose prerequisite failed in this run is not sent: it is skipped, naming it."""

from __future__ import annotations

from essm_sync.engine import apply_stage
from essm_sync.models import (
    BuildingFields,
    CreateBuilding,
    CreateCampus,
    CreateFloor,
    CreateRoom,
    Stage,
)
from tests.engine.test_apply import ROOM, FakeSystems, _estate


async def test_rooms_of_a_floor_that_failed_are_skipped_naming_it() -> None:
    """The floor create fails: its room is not sent; another floor's room still is."""
    fake = FakeSystems(fail={"floor:F1"})
    elsewhere = ROOM.model_copy(update={"floor": "First"})
    stage = Stage(
        operation="rooms",
        owned=0,
        desired=2,
        changes=(
            CreateFloor(code="F1", name="G", building_code="B1", campus_code="C1", building="B"),
            CreateRoom(code="R1", after=ROOM),
            CreateRoom(code="R2", after=elsewhere),
        ),
    )
    outcomes = {o.key: o for o in await apply_stage(stage, _estate(fake), concurrency=4)}
    assert "room:R1" not in fake.calls
    assert "room:R2" in fake.calls
    assert outcomes["R1"].status == "skipped"
    assert "create floor F1" in outcomes["R1"].message
    assert outcomes["F1"].status == "failed"


async def test_buildings_of_a_campus_that_failed_are_skipped_naming_it() -> None:
    """The campus create fails: the building on it is not sent."""
    fake = FakeSystems(fail={"campus:C1"})
    stage = Stage(
        operation="buildings",
        owned=0,
        desired=1,
        changes=(
            CreateCampus(name="C", code="C1"),
            CreateBuilding(
                code="B1", campus_code="C1", after=BuildingFields(name="B", campus="C")
            ),
        ),
    )
    outcomes = {o.key: o for o in await apply_stage(stage, _estate(fake), concurrency=4)}
    assert fake.calls == ["campus:C1"]
    assert outcomes["B1"].status == "skipped"
    assert "create campus C" in outcomes["B1"].message
