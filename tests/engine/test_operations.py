"""Operations as data: every change belongs to one operation, whose writer makes it."""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

import pytest

from essm_sync.engine import OPERATION_SPECS, Systems, spec_of
from essm_sync.models import (
    ALL_OPERATIONS,
    BookingDraft,
    BuildingFields,
    Change,
    CreateBooking,
    CreateBuilding,
    CreateCampus,
    CreateFloor,
    CreateRoom,
    CreateRoomBooking,
    DeleteBooking,
    DeleteRoomBooking,
    RetireRoom,
    RoomBookingFields,
    RoomFields,
    UpdateBooking,
    UpdateBuilding,
    UpdateRoom,
    UpdateRoomBooking,
)

START = dt.datetime(2026, 10, 8, 8, tzinfo=dt.UTC)
DRAFT = BookingDraft(
    room_optime_index=1,
    start=START,
    end=START + dt.timedelta(hours=1),
    title="T",
    description=None,
    booking_type="Teaching",
    department_id=None,
    external_id="termtime:E1:R",
)
ROOM = RoomFields(name="R", floor="G", building="B", campus="C", department="D", capacities=())
PLACE = BuildingFields(name="B", campus="C")
HELD = RoomBookingFields(des="T", day="0", time="09:00", du="01:00", pat="2026-W41", rooms="R")
CODE = "booker:7:2026-10-05"
# One change of every class, with the call its writer must make.
EXAMPLES: list[tuple[Change, str]] = [
    (CreateCampus(name="C", code="C1"), "create_campus"),
    (CreateBuilding(code="B1", campus_code="C1", after=PLACE), "create_building"),
    (UpdateBuilding(code="B1", campus_code="C1", before=PLACE, after=PLACE), "update_building"),
    (CreateFloor(code="F", name="G", building_code="B1", campus_code="C1"), "create_floor"),
    (CreateRoom(code="R1", after=ROOM), "create_room"),
    (UpdateRoom(code="R1", before=ROOM, after=ROOM), "update_room"),
    (RetireRoom(code="R1", name="R"), "retire_room"),
    (CreateBooking(room="R", after=DRAFT), "create_booking"),
    (UpdateBooking(booking_id=7, room="R", before=DRAFT, after=DRAFT), "update_booking"),
    (DeleteBooking(booking_id=7, room="R", before=DRAFT), "delete_booking"),
    (CreateRoomBooking(code=CODE, after=HELD, owner="O", notes="N"), "create_room_booking"),
    (UpdateRoomBooking(code=CODE, before=HELD, after=HELD), "update_room_booking"),
    (DeleteRoomBooking(code=CODE, before=HELD), "delete_room_booking"),
]


class Recorder:
    """Either system: records the name of every call; a booking created is number 9."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        async def call(*args: object, **kwargs: object) -> object:
            self.calls.append(name)
            if name == "create_booking":
                return type("Made", (), {"optime_index": 9})()
            return name != "delete_booking"  # a delete finds the booking gone

        return call


def test_every_change_class_belongs_to_exactly_one_operation() -> None:
    """The change union and the operations' `changes` agree, with no class in two."""
    union = set(get_args(get_args(Change)[0]))  # Change is an Annotated union
    declared = [cls for spec in OPERATION_SPECS.values() for cls in spec.changes]
    assert len(declared) == len(set(declared))
    assert set(declared) == union == {type(change) for change, _ in EXAMPLES}


def test_every_operation_is_declared_under_its_own_name() -> None:
    """Each operation name has a declaration, and the name the declaration gives itself."""
    assert tuple(OPERATION_SPECS) == ALL_OPERATIONS
    assert all(spec_of(name).name == name for name in ALL_OPERATIONS)
    assert spec_of(OPERATION_SPECS["rooms"]) is OPERATION_SPECS["rooms"]


@pytest.mark.parametrize(("change", "call"), EXAMPLES, ids=[c for _, c in EXAMPLES])
async def test_the_operations_writer_makes_each_of_its_changes(change: Change, call: str) -> None:
    """The writer of the operation owning a change calls the one method that makes it."""
    (spec,) = [s for s in OPERATION_SPECS.values() if type(change) in s.changes]
    termtime, booker = Recorder(), Recorder()
    note = await spec.write(Systems(termtime, booker), change)
    assert termtime.calls + booker.calls == [call]
    system = booker if call.endswith("_booking") and "room_" not in call else termtime
    assert system.calls == [call]
    assert note == {"create_booking": "booking 9", "delete_booking": "already gone"}.get(call, "")


@pytest.mark.parametrize(("change", "call"), EXAMPLES, ids=[c for _, c in EXAMPLES])
async def test_a_writer_refuses_another_operations_change(change: Change, call: str) -> None:
    """A change handed to a writer that does not make it is an error, never a silent no-op."""
    writers = {spec.write for spec in OPERATION_SPECS.values()}
    (own,) = {s.write for s in OPERATION_SPECS.values() if type(change) in s.changes}
    assert writers - {own}
    for write in writers - {own}:
        recorder = Recorder()
        with pytest.raises(TypeError, match=change.kind):
            await write(Systems(recorder, recorder), change)
        assert recorder.calls == []
