"""The safety guard refuses plans that delete or change too much, or whose source shrank."""

from __future__ import annotations

import pytest

from essm_sync.core import Limits, check_limits, check_stage
from essm_sync.errors import UnsafePlanError
from essm_sync.models import (
    BuildingFields,
    CreateBuilding,
    Plan,
    RetireRoom,
    Stage,
    UpdateBuilding,
)

LIMITS = Limits(
    max_delete_pct=25,
    max_delete_count=10,
    max_update_pct=50,
    max_update_count=100,
    min_source_pct=50,
    min_owned=20,
)


def _retire(n: int) -> tuple[RetireRoom, ...]:
    return tuple(RetireRoom(code=f"R{i:03d}", name="x") for i in range(n))


def _stage(
    operation: str = "rooms", *, owned: int, desired: int, changes: tuple[object, ...] = ()
) -> Stage:
    fields = {"operation": operation, "owned": owned, "desired": desired}
    return Stage.model_validate(fields | {"changes": changes})


def test_deleting_a_large_share_trips() -> None:
    """Retiring 6 of 20 owned rooms (30% > 25%) is refused, naming the setting."""
    (problem,) = check_stage(_stage(owned=20, desired=20, changes=_retire(6)), LIMITS)
    assert "max_delete_pct" in problem


def test_deleting_within_limits_passes() -> None:
    """Retiring 5 of 20 (25%) is allowed."""
    assert check_stage(_stage(owned=20, desired=20, changes=_retire(5)), LIMITS) == ()


def test_deleting_more_than_the_count_trips_whatever_the_share() -> None:
    """Eleven deletes break a count limit of ten even among a thousand owned."""
    (problem,) = check_stage(_stage(owned=1000, desired=1000, changes=_retire(11)), LIMITS)
    assert "max_delete_count" in problem


def test_share_limits_wait_for_enough_owned_records() -> None:
    """Below min_owned, shares are not judged: retiring 3 of 4 passes."""
    assert check_stage(_stage(owned=4, desired=4, changes=_retire(3)), LIMITS) == ()


def test_changing_too_many_trips() -> None:
    """Updating 11 of 20 owned buildings (55% > 50%) is refused."""
    fields = BuildingFields(name="a", campus="c")
    updates = tuple(
        UpdateBuilding(code=f"B{i}", campus_code="C", before=fields, after=fields)
        for i in range(11)
    )
    (problem,) = check_stage(_stage("buildings", owned=20, desired=20, changes=updates), LIMITS)
    assert "max_update_pct" in problem


def test_a_source_that_shrank_trips_even_without_deletes() -> None:
    """An empty timetable against 400 owned bookings is refused."""
    (problem,) = check_stage(_stage("bookings", owned=400, desired=0), LIMITS)
    assert "min_source_pct" in problem


def test_creates_never_trip() -> None:
    """A first run creating everything is always allowed."""
    creates = tuple(
        CreateBuilding(code=f"B{i}", campus_code="C", after=BuildingFields(name="a", campus="c"))
        for i in range(500)
    )
    assert check_stage(_stage("buildings", owned=0, desired=500, changes=creates), LIMITS) == ()


def test_check_limits_raises_with_every_problem_and_the_override() -> None:
    """The error names each tripped limit and how to override deliberately."""
    plan = Plan(stages=(_stage(owned=20, desired=5, changes=_retire(15)),))
    with pytest.raises(UnsafePlanError) as caught:
        check_limits(plan, LIMITS)
    message = str(caught.value)
    assert "max_delete_count" in message
    assert "min_source_pct" in message
    assert "--no-guard" in message
