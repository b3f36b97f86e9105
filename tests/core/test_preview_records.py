"""The records a preview leaves: each field as TermTime would list it after the stage."""

from __future__ import annotations

import datetime as dt

from essm_sync.core import TermTimeEstate, preview_estate
from essm_sync.models import (
    BookingDraft,
    BuildingFields,
    Capacity,
    CreateBooking,
    CreateFloor,
    CreateRoomBooking,
    Floor,
    RoomBookingFields,
    RoomFields,
    Stage,
    UpdateBuilding,
    UpdateRoom,
)
from tests.factories import campus, floor, tt_building, tt_room


def _estate() -> TermTimeEstate:
    return TermTimeEstate(
        campuses=(campus(), campus("West Site", "WES")),
        buildings=(tt_building(),),
        floors=(floor(),),
        rooms=(tt_room(),),
    )


def test_an_updated_room_is_listed_with_exactly_its_new_fields() -> None:
    """A room updated to be retired is listed with its new place, capacities and flag."""
    after = RoomFields(
        name="Lab", floor="First", building="Mill Lane", campus="Central Site",
        department="PHY", capacities=(Capacity(code="SEM", cap=30),), to_delete=True,
    )  # fmt: skip
    before = after.model_copy(update={"to_delete": False})
    stage = Stage(
        operation="rooms", owned=1, desired=1,
        changes=(UpdateRoom(code="MIL-1", before=before, after=after),),
    )  # fmt: skip
    (room,) = preview_estate(_estate(), stage).rooms
    assert room.model_dump() == {
        "code": "MIL-1",
        "name": "Lab",
        "department": {"code": "PHY", "name": ""},
        "place": {
            "floor": "First", "floor_code": "", "building": "Mill Lane", "building_code": "",
            "campus": "Central Site", "campus_code": "",
        },
        "capacities": ({"type": "", "code": "SEM", "cap": 30},),
        "pools": (),
        "capabilities": (),
        "to_delete": True,
    }  # fmt: skip


def test_a_building_moved_to_another_campus_carries_its_floors_and_rooms() -> None:
    """Floors and rooms of a building moved and renamed follow it to its new campus."""
    moved = BuildingFields(name="Mill House", campus="West Site")
    stage = Stage(
        operation="buildings", owned=1, desired=1,
        changes=(UpdateBuilding(code="MIL", campus_code="CEN", new_campus_code="WES",
                                before=BuildingFields(name="Mill Lane", campus="Central Site"),
                                after=moved),),
    )  # fmt: skip
    stray = Floor.model_validate({"n": "Roof", "code": "X-R", "bn": "Gone", "cn": "Nowhere"})
    estate = _estate()
    floors = (*estate.floors, stray)
    preview = preview_estate(
        TermTimeEstate(estate.campuses, estate.buildings, floors, estate.rooms), stage
    )
    assert preview.floors == (
        Floor(name="Ground", code="MIL-G", building="Mill House", campus="West Site"),
        stray,
    )
    (room,) = preview.rooms
    assert (room.place.building, room.place.campus) == ("Mill House", "West Site")


def test_a_floor_of_unknown_building_and_campus_names_neither() -> None:
    """A floor created under codes the estate lacks is listed with empty names, not made up."""
    stage = Stage(
        operation="rooms", owned=0, desired=0,
        changes=(CreateFloor(code="NEW-G", name="Ground", building_code="NEW",
                             campus_code="NOPE"),),
    )  # fmt: skip
    preview = preview_estate(_estate(), stage)
    assert preview.floors[-1] == Floor(name="Ground", code="NEW-G", building="", campus="")


def test_a_bookings_stage_leaves_the_estate_as_it_was() -> None:
    """Bookings live in Booker: previewing their stage changes nothing in TermTime."""
    at = dt.datetime(2026, 10, 8, 9, tzinfo=dt.UTC)
    draft = BookingDraft(
        room_optime_index=1, start=at, end=at + dt.timedelta(hours=1), title="T",
        description=None, booking_type=None, department_id=None, external_id="termtime:1:R",
    )  # fmt: skip
    stage = Stage(
        operation="bookings", owned=0, desired=1, changes=(CreateBooking(room="R", after=draft),)
    )
    assert preview_estate(_estate(), stage) == _estate()


def test_a_room_bookings_stage_leaves_the_estate_as_it_was() -> None:
    """Room bookings take rooms: previewing their stage changes no room, floor or building."""
    fields = RoomBookingFields(
        des="Meeting", day="2", time="18:30", du="02:00", pat="2026-W42", rooms="MIL-1"
    )
    change = CreateRoomBooking(
        code="booker:1:2026-10-14",
        after=fields,
        owner="ESSMSYNC",
        type="",
        notes="Booker booking 1",
    )
    stage = Stage(operation="roombookings", owned=0, desired=1, changes=(change,))
    assert preview_estate(_estate(), stage) == _estate()
