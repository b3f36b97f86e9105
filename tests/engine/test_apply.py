"""The apply loop, against fake systems: order, bounded parallelism, failures, interrupts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial
from typing import Any

import anyio

from essm_sync.engine import Interrupt, Systems, apply_stage, write_bookings, write_estate
from essm_sync.errors import ConflictError, TransientError
from essm_sync.models import (
    Booking,
    BookingDraft,
    BuildingFields,
    Capacity,
    CreateBooking,
    CreateBuilding,
    CreateCampus,
    CreateFloor,
    CreateRoom,
    RoomFields,
    Stage,
)

START = dt.datetime(2026, 10, 8, 8, tzinfo=dt.UTC)


class FakeSystems:
    """Both systems in one fake: records calls, tracks calls in flight, fails on demand."""

    def __init__(self, *, fail: set[str] | None = None, conflict: set[str] | None = None) -> None:
        self.calls: list[str] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.fail = fail or set()
        self.conflict = conflict or set()

    @property
    def requests(self) -> Mapping[str, int]:
        return {}

    async def _call(self, name: str) -> None:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await anyio.sleep(0.001)
        self.in_flight -= 1
        self.calls.append(name)
        if name in self.fail:
            raise TransientError("Booker", f"POST {name}", "HTTP 503")
        if name in self.conflict:
            raise ConflictError("Booker", f"POST {name}", "HTTP 409", conflicting=(77,))

    async def create_campus(self, *, name: str, code: str) -> None:
        await self._call(f"campus:{code}")

    async def create_building(self, *, code: str, name: str, campus_code: str) -> None:
        await self._call(f"building:{code}")

    async def create_floor(
        self, *, code: str, name: str, building_code: str, campus_code: str
    ) -> None:
        await self._call(f"floor:{code}")

    async def create_room(self, *, code: str, fields: RoomFields) -> None:
        await self._call(f"room:{code}")

    async def create_booking(self, draft: BookingDraft) -> Booking:
        await self._call(draft.external_id)
        body = draft.to_wire() | {"OptimeIndex": 1, "CreatedBy": "essm-sync"}
        return Booking.from_wire(body)

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"unexpected call {name}")


def _estate(fake: FakeSystems) -> Any:
    return partial(write_estate, Systems(fake, fake))


def _bookings(fake: FakeSystems) -> Any:
    return partial(write_bookings, Systems(fake, fake))


def _booking(key: str) -> CreateBooking:
    draft = BookingDraft(
        room_optime_index=1,
        start=START,
        end=START + dt.timedelta(hours=1),
        title="T",
        description=None,
        booking_type="Teaching",
        department_id=None,
        external_id=key,
    )
    return CreateBooking(room="R", after=draft)


ROOM = RoomFields(
    name="R",
    floor="G",
    building="B",
    campus="C",
    department="D",
    capacities=(Capacity(code="LEC", cap=1),),
)


async def test_estate_changes_run_in_dependency_order() -> None:
    """Campuses, then buildings, then floors, then rooms, whatever order the plan lists."""
    fake = FakeSystems()
    stage = Stage(
        operation="rooms",
        owned=0,
        desired=1,
        changes=(
            CreateRoom(code="R1", after=ROOM),
            CreateFloor(code="F1", name="G", building_code="B1", campus_code="C1"),
            CreateBuilding(
                code="B1", campus_code="C1", after=BuildingFields(name="B", campus="C")
            ),
            CreateCampus(name="C", code="C1"),
        ),
    )
    outcomes = await apply_stage(stage, _estate(fake), concurrency=4)
    assert fake.calls == ["campus:C1", "building:B1", "floor:F1", "room:R1"]
    assert {o.status for o in outcomes} == {"done"}


async def test_parallelism_is_bounded() -> None:
    """Never more than `concurrency` changes are in flight at once, and all of them run."""
    fake = FakeSystems()
    stage = Stage(
        operation="bookings",
        owned=0,
        desired=50,
        changes=tuple(_booking(f"termtime:{i}:R") for i in range(50)),
    )
    outcomes = await apply_stage(stage, _bookings(fake), concurrency=3)
    assert fake.most_in_flight == 3
    assert len(outcomes) == 50


async def test_one_failure_does_not_stop_the_others() -> None:
    """A failed change and a conflict are outcomes; every other change still happens."""
    fake = FakeSystems(fail={"termtime:3:R"}, conflict={"termtime:5:R"})
    stage = Stage(
        operation="bookings",
        owned=0,
        desired=10,
        changes=tuple(_booking(f"termtime:{i}:R") for i in range(10)),
    )
    outcomes = {o.key: o for o in await apply_stage(stage, _bookings(fake), concurrency=2)}
    assert outcomes["termtime:3:R"].status == "failed"
    assert outcomes["termtime:3:R"].message == "Booker POST termtime:3:R: HTTP 503"
    assert outcomes["termtime:5:R"].status == "conflict"
    assert outcomes["termtime:5:R"].conflicting == (77,)
    assert sum(o.status == "done" for o in outcomes.values()) == 8


async def test_an_interrupt_skips_what_has_not_started() -> None:
    """After a stop request no new change starts; the rest are reported as skipped."""
    fake = FakeSystems()
    interrupt = Interrupt()

    def progress(done: int, total: int) -> None:
        if done == 5:
            interrupt.request()

    stage = Stage(
        operation="bookings",
        owned=0,
        desired=20,
        changes=tuple(_booking(f"termtime:{i}:R") for i in range(20)),
    )
    outcomes = await apply_stage(
        stage, _bookings(fake), concurrency=1, interrupt=interrupt, progress=progress
    )
    assert [o.status for o in outcomes].count("done") == 5
    assert [o.status for o in outcomes].count("skipped") == 15
    assert len(fake.calls) == 5
