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
