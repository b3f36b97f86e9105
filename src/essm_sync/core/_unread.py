"""Records a list could not read: named in the plan, their counterparts left alone.

design.md, Reading real data: one record that cannot be read is skipped and named (system,
kind, its code or `OptimeIndex`, the field); the other system's record of the same code is
never created, changed, retired or deleted over it.
"""

from __future__ import annotations

from collections.abc import Iterable

from essm_sync.models import Skipped, UnreadRecord


def unread_keys(records: Iterable[UnreadRecord], system: str, kind: str) -> frozenset[str]:
    """Return the codes (or `OptimeIndex`es) of one system's unreadable records of a kind."""
    return frozenset(r.key for r in records if r.system == system and r.kind == kind)


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


def may_be_floor(record: UnreadRecord, *, code: str, name: str) -> bool:
    """Whether a TermTime floor that could not be read may be the floor about to be
    created under this code and name, and so holds it (and the rooms to go on it).

    The sync creates a floor only under the code it derives, and TermTime keeps floor
    codes unique: a record that gives its code can be written over only by a floor of
    that code, whatever its name. Holding every floor of its name instead held other
    buildings' floors back for one bad record (one "Second" unreadable held every
    building's "Second"). A record with no code may be any floor its name allows; one
    with neither may be any floor, so every floor to be created waits.
    """
    if record.has_code:
        return record.key == code
    return record.name is None or record.name == name
