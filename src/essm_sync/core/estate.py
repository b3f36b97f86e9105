"""Plan the estate, Booker → TermTime: campuses and buildings, then floors and rooms.

Booker owns the definitions; TermTime gets the same codes. Records TermTime has that Booker
does not know are reported, never touched.
"""

from __future__ import annotations

from essm_sync.core._common import KIND_RANK, fit_name, floor_code, sort_warnings
from essm_sync.models import (
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
    Stage,
    TermTimeRoom,
    UpdateBuilding,
    UpdateRoom,
)


def _stage(
    operation: str,
    snapshot: BuildingsSnapshot | RoomsSnapshot,
    *,
    owned: int,
    desired: int,
    present: int,
    changes: list[Change],
    warnings: list[PlanWarning],
) -> Stage:
    ordered = sorted(changes, key=lambda c: (KIND_RANK[c.kind], c.key))
    return Stage.model_validate(
        {
            "operation": operation,
            "fingerprint": "",
            "owned": owned,
            "desired": desired,
            "present": present,
            "changes": ordered,
            "warnings": sort_warnings(warnings),
        }
    )


def plan_buildings(snapshot: BuildingsSnapshot) -> Stage:
    """Return the changes that make TermTime's campuses and buildings match Booker's."""
    sites = {site.id: site for site in snapshot.sites}
    campus_codes = {campus.name: campus.code for campus in snapshot.campuses}
    current = {building.code: building for building in snapshot.termtime_buildings}
    booker_ids = {building.id for building in snapshot.booker_buildings}
    changes: list[Change] = []
    warnings: list[PlanWarning] = []
    new_campuses: dict[str, str] = {}
    live = sorted((b for b in snapshot.booker_buildings if b.is_live), key=lambda b: b.id)
    for building in live:
        site = sites.get(building.site_id)
        if site is None:
            warnings.append(
                PlanWarning(key=building.id, message=f"site {building.site_id} unknown; skipped")
            )
            continue
        campus = fit_name(site.name, site.id, warnings)
        if campus not in campus_codes and campus not in new_campuses:
            new_campuses[campus] = site.id
        after = BuildingFields(name=fit_name(building.name, building.id, warnings), campus=campus)
        have = current.get(building.id)
        campus_code = campus_codes.get(campus) or new_campuses[campus]
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
        for code in sorted(set(current) - booker_ids)
    ]
    return _stage(
        "buildings",
        snapshot,
        owned=len(set(current) & booker_ids),
        desired=len(live),
        present=len(current),
        changes=changes,
        warnings=warnings,
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


def plan_rooms(snapshot: RoomsSnapshot, *, activity_types: tuple[str, ...] | None) -> Stage:
    """Return the changes that make TermTime's floors and rooms match Booker's rooms.

    Args:
        activity_types: the type codes that get the room's capacity; None means all.
    """
    warnings: list[PlanWarning] = []
    known_types = sorted(t.code for t in snapshot.activity_types)
    types = known_types if activity_types is None else sorted(set(activity_types))
    for code in sorted(set(types) - set(known_types)):
        message = "activity type in settings unknown to TermTime; ignored"
        warnings.append(PlanWarning(key=code, message=message))
    types = [code for code in types if code in known_types]

    booker_buildings = {b.id: b for b in snapshot.booker_buildings}
    tt_buildings = {b.code: b for b in snapshot.termtime_buildings}
    campus_codes = {c.name: c.code for c in snapshot.campuses}
    floors = {(f.name, f.building, f.campus) for f in snapshot.floors}
    current = {room.code: room for room in snapshot.termtime_rooms}
    departments = {d.code for d in snapshot.departments}
    changes: list[Change] = []
    new_floors: set[str] = set()
    live_count = 0

    for room in sorted(snapshot.booker_rooms, key=lambda r: r.id):
        building = booker_buildings.get(room.building_id)
        have = current.get(room.id)
        if not (room.is_live and building is not None and building.is_live):
            if have is not None and not have.to_delete:
                changes.append(
                    RetireRoom(code=room.id, name=have.name, reason="retired in Booker")
                )
            continue
        live_count += 1
        home = tt_buildings.get(room.building_id)
        if home is None or home.campus not in campus_codes:
            message = f"building {room.building_id} is not in TermTime yet; room waits for it"
            warnings.append(PlanWarning(key=room.id, message=message))
            continue
        department = room.department_id or ""
        if department not in departments:
            message = f"department {department or '(none)'} unknown to TermTime; room skipped"
            warnings.append(PlanWarning(key=room.id, message=message))
            continue
        floor = fit_name(room.floor, room.id, warnings)
        if (floor, home.name, home.campus) not in floors:
            code = floor_code(home.code, floor)
            if code not in new_floors:
                new_floors.add(code)
                changes.append(
                    CreateFloor(
                        code=code,
                        name=floor,
                        building_code=home.code,
                        campus_code=campus_codes[home.campus],
                        reason="floor of a Booker room",
                    )
                )
        after = RoomFields(
            name=fit_name(room.name, room.id, warnings),
            floor=floor,
            building=home.name,
            campus=home.campus,
            department=department,
            capacities=tuple(Capacity(code=code, cap=room.capacity) for code in types),
        )
        if have is None:
            changes.append(CreateRoom(code=room.id, after=after, reason="new in Booker"))
            continue
        before = _fields_of(have)
        if before != after:
            reason = "revived in Booker" if have.to_delete else "changed in Booker"
            changes.append(UpdateRoom(code=room.id, before=before, after=after, reason=reason))

    booker_ids = {room.id for room in snapshot.booker_rooms}
    warnings += [
        PlanWarning(key=code, message="TermTime room unknown to Booker; left alone")
        for code in sorted(set(current) - booker_ids)
    ]
    owned = sum(1 for code, room in current.items() if code in booker_ids and not room.to_delete)
    return _stage(
        "rooms",
        snapshot,
        owned=owned,
        desired=live_count,
        present=sum(1 for room in current.values() if not room.to_delete),
        changes=changes,
        warnings=warnings,
    )
