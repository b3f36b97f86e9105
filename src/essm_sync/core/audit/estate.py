"""Estate discrepancies: what the buildings and rooms stages would change, and what they
never can (records only TermTime has, departments it lacks, names and codes it refuses)."""

from __future__ import annotations

from collections import Counter

from essm_sync.core._common import NAME_MAX, duplicated_codes, unique_names
from essm_sync.core._departments import RoomDepartments
from essm_sync.core._rooms import BookerRooms
from essm_sync.core.audit._record import record
from essm_sync.core.shown import lookalikes, shown
from essm_sync.models import (
    BookerDepartment,
    CreateBuilding,
    CreateCampus,
    CreateRoom,
    Discrepancy,
    RetireRoom,
    RoomFields,
    RoomsSnapshot,
    Stage,
    UpdateBuilding,
    UpdateRoom,
)

_SYNC_BUILDINGS = "run `essm-sync sync buildings`"
_SYNC_ROOMS = "run `essm-sync sync rooms`"


def _capacity(fields: RoomFields) -> str:
    caps = sorted({c.cap for c in fields.capacities})
    if len(caps) == 1:
        return str(caps[0])
    return ", ".join(f"{c.code} {c.cap}" for c in fields.capacities) or "none"


def _room_values(fields: RoomFields) -> dict[str, str]:
    return {
        "name": fields.name,
        "floor": fields.floor,
        "building": fields.building,
        "campus": fields.campus,
        "department": fields.department or "(none)",
        "capacity": _capacity(fields),
    }


def stage_records(buildings: Stage, rooms: Stage) -> list[Discrepancy]:
    """Return what the estate stages of a plan would change, one record per field."""
    found: list[Discrepancy] = []
    changes = buildings.changes + rooms.changes
    for change in changes:
        match change:
            case CreateCampus():
                found.append(record(
                    "campus-missing", "TermTime", change.name,
                    f"Booker site {change.code} has live buildings; TermTime has no campus",
                    _SYNC_BUILDINGS, booker=change.name,
                ))  # fmt: skip
            case CreateBuilding():
                found.append(record(
                    "building-missing", "TermTime", change.code,
                    "live in Booker, missing from TermTime", _SYNC_BUILDINGS,
                    booker=change.after.name,
                ))  # fmt: skip
            case UpdateBuilding():
                for name in ("name", "campus"):
                    before, after = getattr(change.before, name), getattr(change.after, name)
                    if before != after:
                        found.append(record(
                            "building-differs", "TermTime", change.code, name, _SYNC_BUILDINGS,
                            booker=after, termtime=before,
                        ))  # fmt: skip
            case CreateRoom():
                found.append(record(
                    "room-missing", "TermTime", change.code,
                    "live in Booker, missing from TermTime", _SYNC_ROOMS, booker=change.after.name,
                ))  # fmt: skip
            case UpdateRoom():
                found += _room_update(change)
            case RetireRoom():
                found.append(record(
                    "room-retired", "TermTime", change.code,
                    "retired in Booker, not marked for deletion in TermTime",
                    f"{_SYNC_ROOMS} (marks it for deletion); move its items elsewhere",
                    booker="retired", termtime="live",
                ))  # fmt: skip
            case _:
                pass  # floors follow rooms; they are no discrepancy of their own
    return found


def _room_update(change: UpdateRoom) -> list[Discrepancy]:
    found = []
    if change.before.to_delete and not change.after.to_delete:
        found.append(record(
            "room-marked-for-deletion", "TermTime", change.code,
            "live in Booker, marked for deletion in TermTime",
            f"{_SYNC_ROOMS} (clears the mark), or retire the room in Booker",
            booker="live", termtime="marked for deletion",
        ))  # fmt: skip
    before, after = _room_values(change.before), _room_values(change.after)
    for name, value in after.items():
        if before[name] != value:
            found.append(record(
                "room-differs", "TermTime", change.code, name, _SYNC_ROOMS,
                booker=value, termtime=before[name],
            ))  # fmt: skip
    return found


def estate_records(
    snapshot: RoomsSnapshot, booker_departments: tuple[BookerDepartment, ...]
) -> list[Discrepancy]:
    """Return what no sync changes: records only TermTime has, departments it lacks, and
    Booker names and codes that TermTime cannot hold as they are."""
    found: list[Discrepancy] = []
    booker_buildings = {b.id for b in snapshot.booker_buildings}
    booker_rooms = {r.id for r in snapshot.booker_rooms}
    found += [
        record("building-unknown-to-booker", "TermTime", b.code, "in TermTime, not in Booker",
               "add the building to Booker, or remove it from TermTime", termtime=b.name)
        for b in snapshot.termtime_buildings if b.code not in booker_buildings
    ]  # fmt: skip
    found += [
        record("room-unknown-to-booker", "TermTime", r.code, "in TermTime, not in Booker",
               "add the room to Booker, or mark it for deletion in TermTime", termtime=r.name)
        for r in snapshot.termtime_rooms if r.code not in booker_rooms
    ]  # fmt: skip
    found += _departments(snapshot, booker_departments)
    found += _names_and_codes(snapshot)
    found += _lookalikes(snapshot)
    return found


def _lookalikes(snapshot: RoomsSnapshot) -> list[Discrepancy]:
    """Codes that read alike but are not equal: never silently one record, nor unrelated."""
    pairs = [
        ("building", b, t)
        for b, t in lookalikes((b.id for b in snapshot.booker_buildings),
                               (b.code for b in snapshot.termtime_buildings))
    ] + [
        ("room", b, t)
        for b, t in lookalikes((r.id for r in snapshot.booker_rooms),
                               (r.code for r in snapshot.termtime_rooms))
    ]  # fmt: skip
    return [
        record("code-lookalike", "Booker", booker,
               f"{what} code {shown(booker)} looks like TermTime's {shown(termtime)}",
               "make the codes equal in both systems: the sync matches codes exactly",
               booker=shown(booker), termtime=shown(termtime))
        for what, booker, termtime in pairs
    ]  # fmt: skip


def _departments(
    snapshot: RoomsSnapshot, booker_departments: tuple[BookerDepartment, ...]
) -> list[Discrepancy]:
    known = {d.code for d in snapshot.departments}
    # A department that may be one a list could not read is not called unknown (design.md).
    undecided = RoomDepartments(snapshot).undecided_by
    found = [
        record("department-unknown", "TermTime", d.id, "in Booker, not in TermTime",
               f"add department {d.id} to TermTime", booker=d.name or d.id)
        for d in booker_departments if d.id not in known and undecided(d.id) is None
    ]  # fmt: skip
    judged = BookerRooms(snapshot.booker_rooms, snapshot.booker_buildings)
    shared = duplicated_codes(r.id for r in snapshot.booker_rooms)
    for room in snapshot.booker_rooms:
        department = room.department_id or ""
        synced = judged.is_live(room) and room.id not in shared
        unknown = department not in known and undecided(department) is None
        if synced and unknown and len(room.id) <= NAME_MAX:
            fix = (
                f"add department {department} to TermTime"
                if department
                else "give the room a department in Booker"
            )
            found.append(record(
                "room-department-unknown", "TermTime", room.id,
                "the room's department is not in TermTime, so the room is not synced",
                fix, booker=department or "(none)",
            ))  # fmt: skip
    return found


def _names_and_codes(snapshot: RoomsSnapshot) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    named: list[tuple[str, str]] = [(s.id, s.name) for s in snapshot.sites]
    named += [(b.id, b.name) for b in snapshot.booker_buildings]
    named += [(r.id, r.name) for r in snapshot.booker_rooms]
    named += sorted({(f"{r.building_id}/{r.floor}", r.floor) for r in snapshot.booker_rooms})
    found += [
        record("name-too-long", "Booker", key, f"name of {len(name)} characters",
               f"shorten it in Booker; TermTime holds the first {NAME_MAX} characters",
               booker=name)
        for key, name in named if len(name) > NAME_MAX
    ]  # fmt: skip
    found += _collisions(snapshot)
    codes = [s.id for s in snapshot.sites] + [b.id for b in snapshot.booker_buildings]
    codes += [r.id for r in snapshot.booker_rooms]
    found += [
        record("code-too-long", "Booker", code[:60], f"code of {len(code)} characters",
               f"give it a code of at most {NAME_MAX} characters in Booker; it is not synced")
        for code in sorted(set(codes)) if len(code) > NAME_MAX
    ]  # fmt: skip
    for what, listed in (
        ("buildings", [b.id for b in snapshot.booker_buildings]),
        ("rooms", [r.id for r in snapshot.booker_rooms]),
    ):
        counts = Counter(listed)
        found += [
            record("code-shared", "Booker", code, f"{counts[code]} Booker {what} have this code",
                   "give each its own code in Booker; none of them is synced until then")
            for code in sorted(duplicated_codes(listed))
        ]  # fmt: skip
    return found


def _collisions(snapshot: RoomsSnapshot) -> list[Discrepancy]:
    """Names TermTime would hold alike once cut, within the scope that must keep them apart
    (campuses; buildings in a campus; floors in a building)."""
    sites = {s.id: s.name for s in snapshot.sites}
    campus_names = unique_names({k: ("", v) for k, v in sites.items()}, [])
    buildings = {
        b.id: (campus_names[b.site_id], b.name)
        for b in snapshot.booker_buildings
        if b.is_live and b.site_id in sites
    }
    # Keyed as the rooms stage keys floors, so that the suffix shown is the one it gives.
    floors = {
        f"{r.building_id}:{r.floor}": (r.building_id, r.floor) for r in snapshot.booker_rooms
    }
    shown = {f"{b}:{f}": f"{b}/{f}" for b, f in floors.values()}
    found = []
    for what, named in (("campus", {k: ("", v) for k, v in sites.items()}),
                        ("building", buildings), ("floor", floors)):  # fmt: skip
        unique = unique_names(named, [])
        for key in sorted(named):
            full = named[key][1]
            if unique[key] != full[:NAME_MAX]:
                found.append(record(
                    "name-collision", "Booker", shown.get(key, key) if what == "floor" else key,
                    f"{what} name the same as another's once cut to {NAME_MAX} characters",
                    "rename one in Booker so their first 45 characters differ",
                    booker=full, termtime=unique[key],
                ))  # fmt: skip
    return found
