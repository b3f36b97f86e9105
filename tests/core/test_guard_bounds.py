"""The guard at every boundary, for every kind of change it counts: one past a limit
trips it and names that limit; at the limit it passes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from essm_sync.core import Limits, check_limits, check_stage
from essm_sync.errors import UnsafePlanError
from essm_sync.models import (
    BookingDraft,
    BuildingFields,
    Change,
    CreateBooking,
    DeleteBooking,
    Operation,
    Plan,
    RetireRoom,
    RoomFields,
    Stage,
    UpdateBooking,
    UpdateBuilding,
    UpdateRoom,
)

LIMITS = Limits(
    max_delete_pct=25, max_delete_count=10, max_update_pct=50, max_update_count=30,
    min_source_pct=50, min_owned=20,
)  # fmt: skip
Maker = Callable[[int], Change]
_AT = dt.datetime(2026, 10, 8, 9, tzinfo=dt.UTC)
_ROOM = RoomFields(name="R", floor="G", building="B", campus="C", department="D", capacities=())


def _draft(i: int) -> BookingDraft:
    return BookingDraft(
        room_optime_index=1, start=_AT, end=_AT + dt.timedelta(hours=1), title="T",
        description=None, booking_type=None, department_id=None, external_id=f"termtime:{i}:R",
    )  # fmt: skip


def _delete_booking(i: int) -> Change:
    return DeleteBooking(booking_id=i, room="R", before=_draft(i))


def _update_booking(i: int) -> Change:
    return UpdateBooking(booking_id=i, room="R", before=_draft(i), after=_draft(i))


def _retire_room(i: int) -> Change:
    return RetireRoom(code=f"R{i}", name="R")


def _update_room(i: int) -> Change:
    return UpdateRoom(code=f"R{i}", before=_ROOM, after=_ROOM)


def _update_building(i: int) -> Change:
    fields = BuildingFields(name="B", campus="C")
    return UpdateBuilding(code=f"B{i}", campus_code="C", before=fields, after=fields)


def _stage(
    op: Operation, changes: list[Change], *, owned: int, desired: int | None = None
) -> Stage:
    return Stage(
        operation=op,
        owned=owned,
        desired=owned if desired is None else desired,
        present=owned,
        changes=tuple(changes),
    )


DELETES: list[tuple[Operation, Maker]] = [("bookings", _delete_booking), ("rooms", _retire_room)]
UPDATES: list[tuple[Operation, Maker]] = [
    ("bookings", _update_booking),
    ("rooms", _update_room),
    ("buildings", _update_building),
]


@pytest.mark.parametrize(("op", "make"), DELETES)
def test_delete_share_boundary(op: Operation, make: Maker) -> None:
    """25% of 40 owned is 10 deletes: 10 pass, 11 trip max_delete_pct (count limit off)."""
    limits = dataclasses.replace(LIMITS, max_delete_count=1000)
    at = _stage(op, [make(i) for i in range(10)], owned=40)
    past = _stage(op, [make(i) for i in range(11)], owned=40)
    assert check_stage(at, limits) == ()
    (problem,) = check_stage(past, limits)
    assert "guard.max_delete_pct (ESSM_SYNC_GUARD__MAX_DELETE_PCT)" in problem


@pytest.mark.parametrize(("op", "make"), DELETES)
def test_delete_count_boundary(op: Operation, make: Maker) -> None:
    """10 deletes pass and 11 trip max_delete_count, however many are owned."""
    at = _stage(op, [make(i) for i in range(10)], owned=10_000)
    past = _stage(op, [make(i) for i in range(11)], owned=10_000)
    assert check_stage(at, LIMITS) == ()
    (problem,) = check_stage(past, LIMITS)
    assert "guard.max_delete_count" in problem


@pytest.mark.parametrize(("op", "make"), UPDATES)
def test_update_share_boundary(op: Operation, make: Maker) -> None:
    """50% of 40 owned is 20 updates: 20 pass, 21 trip max_update_pct, and only that."""
    at = _stage(op, [make(i) for i in range(20)], owned=40)
    past = _stage(op, [make(i) for i in range(21)], owned=40)
    assert check_stage(at, LIMITS) == ()
    (problem,) = check_stage(past, LIMITS)
    assert "guard.max_update_pct (ESSM_SYNC_GUARD__MAX_UPDATE_PCT)" in problem
    assert "delete" not in problem


@pytest.mark.parametrize(("op", "make"), UPDATES)
def test_update_count_boundary(op: Operation, make: Maker) -> None:
    """30 updates pass and 31 trip max_update_count."""
    at = _stage(op, [make(i) for i in range(30)], owned=10_000)
    past = _stage(op, [make(i) for i in range(31)], owned=10_000)
    assert check_stage(at, LIMITS) == ()
    (problem,) = check_stage(past, LIMITS)
    assert "guard.max_update_count" in problem


def test_shares_wait_for_min_owned() -> None:
    """With 19 owned (below min_owned 20), deleting 10 of them trips nothing by share."""
    limits = dataclasses.replace(LIMITS, max_delete_count=1000)
    stage = _stage("bookings", [_delete_booking(i) for i in range(10)], owned=19)
    assert check_stage(stage, limits) == ()
    assert check_stage(stage.model_copy(update={"owned": 20, "present": 20}), limits)


def test_source_shrink_boundary() -> None:
    """A source offering exactly half of 40 passes; one fewer trips min_source_pct."""
    assert check_stage(_stage("bookings", [], owned=40, desired=20), LIMITS) == ()
    (problem,) = check_stage(_stage("bookings", [], owned=40, desired=19), LIMITS)
    assert "guard.min_source_pct" in problem


def test_creates_never_trip() -> None:
    """Thousands of creates over nothing owned pass every limit."""
    creates: list[Change] = [CreateBooking(room="R", after=_draft(i)) for i in range(5000)]
    assert check_stage(_stage("bookings", creates, owned=0, desired=5000), LIMITS) == ()


def test_refusal_names_only_the_limits_that_tripped() -> None:
    """The error suggests the setting that tripped, not another one."""
    plan = Plan(stages=(_stage("bookings", [_update_booking(i) for i in range(31)], owned=40),))
    with pytest.raises(UnsafePlanError) as caught:
        check_limits(plan, LIMITS)
    message = str(caught.value)
    assert "MAX_UPDATE" in message
    assert "MAX_DELETE" not in message
    assert "--no-guard" in message
