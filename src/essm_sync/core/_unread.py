"""Records a list could not read: named in the plan, their counterparts left alone.

design.md, Reading real data: one record that cannot be read is skipped and named (system,
kind, its code or `OptimeIndex`, the field); the other system's record of the same code is
never created, changed, retired or deleted over it.
"""

from __future__ import annotations

from collections.abc import Iterable

from essm_sync.models import Skipped, TermTimeRoom, UnreadRecord


def unread_keys(records: Iterable[UnreadRecord], system: str, kind: str) -> frozenset[str]:
    """Return the codes (or `OptimeIndex`es) of one system's unreadable records of a kind."""
    return frozenset(r.key for r in records if r.system == system and r.kind == kind)


def unread_codes(records: Iterable[UnreadRecord], system: str, kind: str) -> frozenset[str] | None:
    """Return the codes an unreadable record of a kind may hold: None when one of them has no
    readable code, so that no code can be ruled out."""
    found = [r for r in records if r.system == system and r.kind == kind]
    if any(not r.has_code for r in found):
        return None
    return frozenset(r.key for r in found)


def may_be_unread(codes: frozenset[str] | None, code: str) -> bool:
    """Whether `code` may be that of an unreadable record (`unread_codes`'s answer)."""
    return codes is None or code in codes


def skipped_of(
    records: Iterable[UnreadRecord], *, room_of: dict[int, str] | None = None
) -> list[Skipped]:
    """Return each unreadable record as skipped; a booking names the room it holds."""
    skipped = []
    for record in records:
        room = record.key if record.kind == "room" else ""
        if record.room is not None and room_of is not None:
            room = room_of.get(record.room, "")
        skipped.append(
            Skipped(room=room, kind=record.kind, item=record.key, problem=record.problem,
                    system=record.system)
        )  # fmt: skip
    return skipped


_TIMETABLE_KINDS = frozenset({"activities", "exams", "bookings", "timetable"})


def is_timetable_item(skipped: Skipped) -> bool:
    """Whether a skipped record is an item (or the whole answer) of a room's timetable."""
    return skipped.system == "TermTime" and skipped.kind in _TIMETABLE_KINDS


FloorBuildings = dict[str, frozenset[str]]  # floor code -> the buildings its rooms are in


def may_be_floor(
    record: UnreadRecord, *, code: str, name: str, building: str, buildings_of: FloorBuildings
) -> bool:
    """Whether a TermTime floor that could not be read may be the floor about to be
    created under this code and name in this building, and so holds it (and its rooms).

    A record of this code may be this floor whatever its name (whether TermTime keeps
    floor codes unique across buildings is not stated). Otherwise the name decides:
    TermTime addresses a floor by its name within its building (TermTime API 7.7.0,
    §17, `/floor/{f}/{b}/{c}`), so a record of another name is another floor, and one
    of this name (or none readable) is this floor unless it is known to be in another
    building. Only TermTime's rooms still tell a floor that lost its building: they name
    their floor's code and building. With no room on it, it may be any building's
    floor of its name, and each such floor waits. Holding every floor of its name
    regardless held other buildings' floors back for one bad record.
    """
    if record.has_code and record.key == code:
        return True
    if record.name is not None and record.name != name:
        return False
    known = buildings_of.get(record.key, frozenset()) if record.has_code else frozenset()
    return not known or building in known


def floor_buildings(rooms: Iterable[TermTimeRoom]) -> FloorBuildings:
    """Return each floor code TermTime's rooms are on, with the buildings they name."""
    found: dict[str, set[str]] = {}
    for room in rooms:
        if room.place.floor_code and room.place.building:
            found.setdefault(room.place.floor_code, set()).add(room.place.building)
    return {code: frozenset(names) for code, names in found.items()}
