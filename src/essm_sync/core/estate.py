"""Plan the estate, Booker → TermTime: campuses and buildings, then floors and rooms.

Booker owns the definitions; TermTime gets the same codes. Records TermTime has that Booker
does not know are reported, never touched.
"""

from __future__ import annotations

from essm_sync.core._common import (
    duplicated_codes,
    fit_name,
    floor_code,
    sort_warnings,
    too_long,
    unique_names,
)
from essm_sync.core._departments import RoomDepartments
from essm_sync.core._lookalike import held_lookalikes
from essm_sync.core._rooms import BookerRooms
from essm_sync.core._sites import drop_unsited, held_campuses
from essm_sync.core._unread import (
    floor_buildings,
    may_be_floor,
    may_be_unread,
    skipped_of,
    unread_codes,
    unread_keys,
)
from essm_sync.models import (
    BookerRoom,
    BuildingFields,
    BuildingsSnapshot,
    Capacity,
    Change,
    CreateBuilding,
    CreateCampus,
    CreateFloor,
    CreateRoom,
    PlanWarning,
    RetireRoom,
    RoomFields,
    RoomsSnapshot,
    Skipped,
    Stage,
    TermTimeRoom,
    UpdateBuilding,
    UpdateRoom,
)


def _stage(
    operation: str,
    *,
    owned: int,
    desired: int,
    present: int,
    changes: list[Change],
    warnings: list[PlanWarning],
    skipped: list[Skipped],
) -> Stage:
    ordered = sorted(changes, key=lambda c: (c.rank, c.key))
    return Stage.model_validate(
        {
            "operation": operation,
            "owned": owned,
            "desired": desired,
            "present": present,
            "changes": ordered,
            "warnings": sort_warnings(warnings),
            "skipped": sorted(skipped, key=lambda s: (s.system, s.kind, s.item)),
        }
    )


def _shared_code_warnings(codes: set[str], what: str) -> list[PlanWarning]:
    message = f"several Booker {what} share this code; none is synced until one is renamed"
    return [PlanWarning(key=code, message=message) for code in sorted(codes)]


def plan_buildings(snapshot: BuildingsSnapshot) -> Stage:
    """Return the changes that make TermTime's campuses and buildings match Booker's."""
    warnings: list[PlanWarning] = []
    shared = duplicated_codes(b.id for b in snapshot.booker_buildings)
    warnings += _shared_code_warnings(shared, "buildings")
    # A building TermTime lists but could not read is there: never created over it.
    unreadable = unread_keys(snapshot.unread, "TermTime", "building")
    alike = held_lookalikes(
        (b.id for b in snapshot.booker_buildings),
        (b.code for b in snapshot.termtime_buildings),
        what="building",
    )
    warnings += alike.warnings
    sites = {site.id: site for site in snapshot.sites}
    campus_names = unique_names({s.id: ("", s.name) for s in snapshot.sites}, warnings)
    campus_codes = {campus.name: campus.code for campus in snapshot.campuses}
    current = {building.code: building for building in snapshot.termtime_buildings}
    booker_ids = {building.id for building in snapshot.booker_buildings}
    changes: list[Change] = []
    new_campuses: dict[str, str] = {}
    live = sorted(
        (
            b
            for b in snapshot.booker_buildings
            if b.is_live
            and b.id not in shared
            and b.id not in unreadable
            and b.id not in alike.held
            and not too_long(b.id, b.id, warnings)
        ),
        key=lambda b: b.id,
    )
    # A building of a site Booker could not read has no known campus: neither created nor
    # changed this run; the other buildings go on.
    live = drop_unsited(snapshot, live, warnings)
    held_campus = held_campuses(snapshot)
    names = unique_names({b.id: (campus_names[b.site_id], b.name) for b in live}, warnings)
    for building in live:
        site = sites[building.site_id]
        campus = campus_names[site.id]
        if campus not in campus_codes and campus not in new_campuses:
            if held_campus(campus):
                message = (
                    f"a TermTime campus that may be named {campus!r} could not be read: not "
                    f"created, and building {building.id} waits"
                )
                warnings.append(PlanWarning(key=site.id, message=message))
                continue
            if too_long(site.id, site.id, warnings):
                continue
            new_campuses[campus] = site.id
        after = BuildingFields(name=names[building.id], campus=campus)
        have = current.get(building.id)
        campus_code = campus_codes.get(campus) or new_campuses.get(campus)
        if campus_code is None:
            continue
        if have is None:
            changes.append(
                CreateBuilding(
                    code=building.id, campus_code=campus_code, after=after, reason="new in Booker"
                )
            )
            continue
        before = BuildingFields(name=have.name, campus=have.campus)
        if before == after:
            continue
        if have.campus not in campus_codes:
            message = f"TermTime campus {have.campus} is not listed; building not updated"
            warnings.append(PlanWarning(key=building.id, message=message))
            continue
        moved = before.campus != after.campus
        changes.append(
            UpdateBuilding(
                code=building.id,
                campus_code=campus_codes[have.campus],
                new_campus_code=campus_code if moved else None,
                before=before,
                after=after,
                reason="changed in Booker",
            )
        )
    changes += [
        CreateCampus(name=name, code=code, reason="site has live buildings")
        for name, code in new_campuses.items()
    ]
    warnings += [
        PlanWarning(key=code, message="TermTime building unknown to Booker; left alone")
        for code in sorted(set(current) - booker_ids - alike.held
                           - unread_keys(snapshot.unread, "Booker", "building"))
    ]  # fmt: skip
    return _stage(
        "buildings",
        owned=len(set(current) & booker_ids),
        desired=len(live),
        present=len(current),
        changes=changes,
        warnings=warnings,
        skipped=skipped_of(snapshot.unread),
    )


def _fields_of(room: TermTimeRoom) -> RoomFields:
    return RoomFields(
        name=room.name,
        floor=room.place.floor,
        building=room.place.building,
        campus=room.place.campus,
        department=room.department.code if room.department else "",
        capacities=tuple(
            sorted(
                (Capacity(code=c.code, cap=c.cap) for c in room.capacities), key=lambda c: c.code
            )
        ),
        to_delete=room.to_delete,
    )


def _activity_types(
    snapshot: RoomsSnapshot, chosen: tuple[str, ...] | None, warnings: list[PlanWarning]
) -> list[str]:
    """Return the type codes that get a room's capacity: those chosen that TermTime knows."""
    known = sorted(t.code for t in snapshot.activity_types)
    types = known if chosen is None else sorted(set(chosen))
    unread = unread_codes(snapshot.unread, "TermTime", "activity type")
    for code in sorted(set(types) - set(known)):
        if may_be_unread(unread, code):
            continue  # maybe the type TermTime could not read: not unknown to it
        message = "activity type in settings unknown to TermTime; ignored"
        warnings.append(PlanWarning(key=code, message=message))
    return [code for code in types if code in known]


def _floor_names(rooms: list[BookerRoom], warnings: list[PlanWarning]) -> dict[str, str]:
    """Return each room's floor name as TermTime will hold it, unique within the building."""
    keys = {f"{room.building_id}:{room.floor}": (room.building_id, room.floor) for room in rooms}
    named = unique_names(keys, warnings)
    return {room.id: named[f"{room.building_id}:{room.floor}"] for room in rooms}


def plan_rooms(snapshot: RoomsSnapshot, *, activity_types: tuple[str, ...] | None) -> Stage:
    """Return the changes that make TermTime's floors and rooms match Booker's rooms.

    Args:
        activity_types: the type codes that get the room's capacity; None means all.
    """
    warnings: list[PlanWarning] = []
    types = _activity_types(snapshot, activity_types, warnings)
    shared = duplicated_codes(room.id for room in snapshot.booker_rooms)
    warnings += _shared_code_warnings(shared, "rooms")
    unread = snapshot.unread
    # A record one system could not read leaves its counterpart alone (design.md).
    tt_unread = unread_keys(unread, "TermTime", "room")
    alike = held_lookalikes(
        (r.id for r in snapshot.booker_rooms),
        (r.code for r in snapshot.termtime_rooms),
        what="room",
    )
    warnings += alike.warnings
    held_codes = shared | tt_unread | alike.held
    rooms = sorted((r for r in snapshot.booker_rooms if r.id not in held_codes),
                   key=lambda r: r.id)  # fmt: skip
    buildings_unread = unread_keys(unread, "Booker", "building")
    rooms = [r for r in rooms if not too_long(r.id, r.id, warnings)]
    judged = BookerRooms(snapshot.booker_rooms, snapshot.booker_buildings)
    current = {room.code: room for room in snapshot.termtime_rooms}
    changes: list[Change] = []
    live: list[BookerRoom] = []
    for room in rooms:
        if room.building_id in buildings_unread:
            message = f"Booker building {room.building_id} could not be read; room left alone"
            warnings.append(PlanWarning(key=room.id, message=message))
            continue
        if judged.is_live(room):
            live.append(room)
            continue
        have = current.get(room.id)
        if have is not None and not have.to_delete:
            changes.append(RetireRoom(code=room.id, name=have.name, reason="retired in Booker"))
    placed = _placed_rooms(snapshot, live, current, warnings)
    # A capacity is kept per activity type: with one type unreadable the sync cannot tell
    # which capacities are its to write, so no room's capacities change this run. New rooms
    # are still created with the types read: they lose nothing, and the next run adds the
    # rest (design.md, Reading real data).
    types_unread = unread_keys(unread, "TermTime", "activity type")
    if types_unread:
        message = "a TermTime activity type could not be read; no room's capacities change"
        warnings.append(PlanWarning(key=", ".join(sorted(types_unread)), message=message))
    floors, held = _floor_changes(snapshot, placed, warnings)
    changes += floors
    for room, fields in placed:
        if (fields.floor, fields.building) in held:
            continue  # its floor may be the one TermTime could not read: left as it is
        have = current.get(room.id)
        after = fields.model_copy(
            update={"capacities": tuple(Capacity(code=code, cap=room.capacity) for code in types)}
        )
        if have is None:
            changes.append(CreateRoom(code=room.id, after=after, reason="new in Booker"))
            continue
        before = _fields_of(have)
        if types_unread:
            after = after.model_copy(update={"capacities": before.capacities})
        if before != after:
            reason = "revived in Booker" if have.to_delete else "changed in Booker"
            changes.append(UpdateRoom(code=room.id, before=before, after=after, reason=reason))

    booker_ids = {room.id for room in snapshot.booker_rooms}
    warnings += [
        PlanWarning(key=code, message="TermTime room unknown to Booker; left alone")
        for code in sorted(set(current) - booker_ids - alike.held
                           - unread_keys(unread, "Booker", "room"))
    ]  # fmt: skip
    owned = sum(1 for code, room in current.items() if code in booker_ids and not room.to_delete)
    return _stage(
        "rooms",
        owned=owned,
        desired=len(live),
        present=sum(1 for room in current.values() if not room.to_delete),
        changes=changes,
        warnings=warnings,
        # Buildings are named by the buildings stage; their rooms are warned of above.
        skipped=skipped_of(r for r in unread if r.kind != "building"),
    )


def _placed_rooms(
    snapshot: RoomsSnapshot,
    live: list[BookerRoom],
    current: dict[str, TermTimeRoom],
    warnings: list[PlanWarning],
) -> list[tuple[BookerRoom, RoomFields]]:
    """Return each live room TermTime can hold now with its fields (capacities aside);
    warn of those whose building or department TermTime lacks."""
    tt_buildings = {b.code: b for b in snapshot.termtime_buildings}
    campuses = {c.name for c in snapshot.campuses}
    departments = RoomDepartments(snapshot)
    floors = _floor_names(live, warnings)
    placed = []
    for room in live:
        home = tt_buildings.get(room.building_id)
        if home is None or home.campus not in campuses:
            message = f"building {room.building_id} is not in TermTime yet; room waits for it"
            warnings.append(PlanWarning(key=room.id, message=message))
            continue
        department = departments.of(room, current.get(room.id), warnings)
        if department is None:
            continue
        fields = RoomFields(
            name=fit_name(room.name, room.id, warnings),
            floor=floors[room.id],
            building=home.name,
            campus=home.campus,
            department=department,
            capacities=(),
        )
        placed.append((room, fields))
    return placed


def _floor_changes(
    snapshot: RoomsSnapshot,
    placed: list[tuple[BookerRoom, RoomFields]],
    warnings: list[PlanWarning],
) -> tuple[list[Change], set[tuple[str, str]]]:
    """Create the floors placed rooms need that TermTime lacks, each under a free code;
    return them and the (floor, building) held back, whose rooms wait with them."""
    existing = {(f.name, f.building, f.campus) for f in snapshot.floors}
    # A floor TermTime could not read (no building) holds only the floors it may be.
    unread = [r for r in snapshot.unread if r.system == "TermTime" and r.kind == "floor"]
    found = floor_buildings(snapshot.termtime_rooms)
    campus_codes = {c.name: c.code for c in snapshot.campuses}
    taken = {f.code for f in snapshot.floors}
    wanted: dict[tuple[str, str, str], str] = {}  # (floor, building, campus) -> building code
    for room, fields in placed:
        where = (fields.floor, fields.building, fields.campus)
        if where not in existing:
            wanted.setdefault(where, room.building_id)
    changes: list[Change] = []
    held: set[tuple[str, str]] = set()
    for (floor, building, campus), building_code in sorted(wanted.items()):
        code = floor_code(building_code, floor, taken=frozenset(taken))
        if code != floor_code(building_code, floor):
            message = f"floor code of {floor!r} taken by another floor; created as {code}"
            warnings.append(PlanWarning(key=building_code, message=message))
        taken.add(code)
        if any(
            may_be_floor(record, code=code, name=floor, building=building, buildings_of=found)
            for record in unread
        ):
            message = (
                f"a TermTime floor that may be {floor!r} ({code}) could not be read: not "
                "created, and its rooms wait"
            )
            warnings.append(PlanWarning(key=building_code, message=message))
            held.add((floor, building))
            continue
        changes.append(
            CreateFloor(
                code=code,
                name=floor,
                building_code=building_code,
                campus_code=campus_codes[campus],
                building=building,
                reason="floor of a Booker room",
            )
        )
    return changes, held
