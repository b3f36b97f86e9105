"""What TermTime's estate will be once a stage is applied, so that `plan` can preview the
next stage against it, as `sync` will run it (design.md, Commands)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from essm_sync.models import (
    Campus,
    Capacity,
    CreateBooking,
    CreateBuilding,
    CreateCampus,
    CreateFloor,
    CreateRoom,
    CreateRoomBooking,
    DeleteBooking,
    DeleteRoomBooking,
    Floor,
    RetireRoom,
    RoomCapacity,
    RoomDepartment,
    RoomFields,
    RoomPlace,
    Stage,
    TermTimeBuilding,
    TermTimeRoom,
    UpdateBooking,
    UpdateBuilding,
    UpdateRoom,
    UpdateRoomBooking,
)


@dataclass(frozen=True)
class TermTimeEstate:
    """TermTime's estate lists, as read or as a preview leaves them."""

    campuses: tuple[Campus, ...]
    buildings: tuple[TermTimeBuilding, ...]
    floors: tuple[Floor, ...]
    rooms: tuple[TermTimeRoom, ...]


def _room(code: str, fields: RoomFields) -> TermTimeRoom:
    return TermTimeRoom.model_construct(
        code=code,
        name=fields.name,
        department=RoomDepartment.model_construct(code=fields.department, name=""),
        place=RoomPlace(floor=fields.floor, building=fields.building, campus=fields.campus),
        capacities=tuple(_capacity(c) for c in fields.capacities),
        pools=(),
        capabilities=(),
        to_delete=fields.to_delete,
    )


def _capacity(capacity: Capacity) -> RoomCapacity:
    return RoomCapacity.model_construct(type="", code=capacity.code, cap=capacity.cap)


def _carry_along(
    estate: TermTimeEstate,
    buildings: dict[str, TermTimeBuilding],
    floors: dict[str, Floor],
    rooms: dict[str, TermTimeRoom],
) -> None:
    """TermTime places floors and rooms by their building: a renamed or moved building
    carries them along. Floors name their building, rooms give its code."""
    code_of = {(b.name, b.campus): b.code for b in estate.buildings}
    for key, floor in floors.items():
        home = buildings.get(code_of.get((floor.building, floor.campus), ""))
        if home is not None and (home.name, home.campus) != (floor.building, floor.campus):
            floors[key] = floor.model_copy(update={"building": home.name, "campus": home.campus})
    for key, room in rooms.items():
        home = buildings.get(room.place.building_code)
        place = room.place
        if home is not None and (home.name, home.campus) != (place.building, place.campus):
            moved = place.model_copy(update={"building": home.name, "campus": home.campus})
            rooms[key] = room.model_copy(update={"place": moved})


def preview_estate(estate: TermTimeEstate, stage: Stage) -> TermTimeEstate:
    """Return the estate as TermTime would hold it once every change of `stage` is made."""
    campuses = {c.name: c for c in estate.campuses}
    buildings = {b.code: b for b in estate.buildings}
    floors = {f.code: f for f in estate.floors}
    rooms = {r.code: r for r in estate.rooms}
    for change in sorted(stage.changes, key=lambda c: c.phase):
        match change:
            case CreateCampus():
                campuses[change.name] = Campus(name=change.name, code=change.code)
            case CreateBuilding() | UpdateBuilding():
                buildings[change.code] = TermTimeBuilding(
                    name=change.after.name, code=change.code, campus=change.after.campus
                )
            case CreateFloor():
                home = buildings.get(change.building_code)
                campus = next(
                    (c.name for c in campuses.values() if c.code == change.campus_code), ""
                )
                floors[change.code] = Floor(
                    name=change.name,
                    code=change.code,
                    building=home.name if home else "",
                    campus=campus,
                )
            case CreateRoom() | UpdateRoom():
                rooms[change.code] = _room(change.code, change.after)
            case RetireRoom():
                if change.code in rooms:
                    rooms[change.code] = rooms[change.code].model_copy(update={"to_delete": True})
            case CreateBooking() | UpdateBooking() | DeleteBooking():
                pass  # bookings live in Booker; TermTime's estate is unchanged
            case CreateRoomBooking() | UpdateRoomBooking() | DeleteRoomBooking():
                pass  # room bookings take rooms, they do not change the estate
            case _:
                assert_never(change)
    _carry_along(estate, buildings, floors, rooms)
    return TermTimeEstate(
        campuses=tuple(sorted(campuses.values(), key=lambda c: c.name)),
        buildings=tuple(sorted(buildings.values(), key=lambda b: b.code)),
        floors=tuple(sorted(floors.values(), key=lambda f: f.code)),
        rooms=tuple(sorted(rooms.values(), key=lambda r: r.code)),
    )
