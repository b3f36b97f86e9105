"""The audit arranged for people: one record per room where the room is the cause, each
record told in the words of the timetable (title, date, time, room, building, department),
marked when the next sync fixes it by itself, and the biggest problems needing a person
first."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from essm_sync.core._items import external_id, instants_of
from essm_sync.core.audit.bookings import left_records
from essm_sync.core.bookings import BookingRules, left_alone
from essm_sync.models import (
    CHECKS,
    INFO_CHECKS,
    ROOM_BOOKING_PREFIX,
    ROOM_CAUSES,
    SYNC_FIXES,
    Audit,
    Booking,
    Discrepancy,
    RoomEvents,
    RoomsSnapshot,
    Shared,
    TimetableItem,
)

if TYPE_CHECKING:  # the package imports this module
    from essm_sync.core.audit import AuditInput

_ORDER = {check: position for position, check in enumerate(CHECKS)}
_TITLES = 3  # titles named in a room's record before "and N more"


@dataclass(frozen=True)
class _About:
    """What a record is about, as staff know it."""

    title: str | None = None
    start: dt.datetime | None = None  # local
    end: dt.datetime | None = None  # local
    room: str | None = None
    department: str | None = None


class _Index:
    """Items by the key their booking has, bookings by OptimeIndex, rooms and buildings."""

    def __init__(
        self, estate: RoomsSnapshot, timetables: Iterable[RoomEvents],
        bookings: Iterable[Booking], zone: dt.tzinfo, shared: Iterable[Shared] = (),
    ) -> None:  # fmt: skip
        self.zone = zone
        self.items: dict[str, tuple[TimetableItem, str]] = {}
        for timetable in timetables:
            for item in timetable.items:
                key = external_id(item.unique_id, timetable.room, item.kind)
                self.items.setdefault(key, (item, timetable.room))
        # Items taught together are told as their one booking: every title, the union.
        self.shared = {group.key: group for group in shared}
        self.bookings = {b.optime_index: b for b in bookings}
        names = {b.id: b.name for b in estate.booker_buildings}
        self.code_of = {r.optime_index: r.id for r in estate.booker_rooms}
        self.building: dict[str, str] = {}
        self.department: dict[str, str] = {}
        for t in estate.termtime_rooms:
            if t.place.building:
                self.building[t.code] = t.place.building
            if t.department is not None and t.department.code:
                self.department[t.code] = t.department.code
        for r in estate.booker_rooms:  # Booker owns the estate: its word wins
            self.building[r.id] = names.get(r.building_id, r.building_id)
            if r.department_id:
                self.department[r.id] = r.department_id
        self.buildings = names
        self.rooms = frozenset(self.building) | frozenset(self.code_of.values())

    def about(self, record: Discrepancy) -> _About:
        key, _, booking = record.key.partition(" #")
        if key.startswith(ROOM_BOOKING_PREFIX):  # `booker:<OptimeIndex>:<date>`
            booking = key.split(":")[1]
        group = self.shared.get(key)
        if group is not None and key in self.items:
            first, last = (instant.astimezone(self.zone) for instant in (group.start, group.end))
            return _About(group.title, first, last, group.room, self.items[key][0].department)
        if key in self.items:
            item, room = self.items[key]
            span = instants_of(item, self.zone)
            if span is None:  # an item that does not start first has no time to show
                return _About(item.title, None, None, room, item.department)
            first, last = (instant.astimezone(self.zone) for instant in span)
            return _About(item.title, first, last, room, item.department)
        if booking.isdigit() and int(booking) in self.bookings:
            found = self.bookings[int(booking)]
            start, end = found.start.astimezone(self.zone), found.end.astimezone(self.zone)
            return _About(found.title, start, end, self.code_of.get(found.room_optime_index),
                          found.department_id)  # fmt: skip
        code = key.split("/", 1)[0]  # a room's code, or `ROOM/uniqueId` of an unreadable item
        return _About(room=code) if code in self.rooms else _About()


def arrange_audit(audit: Audit, found: AuditInput, *, rules: BookingRules) -> Audit:
    """Return the audit told for people and sorted by impact: what needs a person before
    what the next sync fixes, then the most items first, then by check and key; records
    that only inform come last."""
    snapshot = found.bookings_snapshot
    index = _Index(
        found.estate, found.timetables, snapshot.bookings, rules.zone, found.bookings.shared
    )
    # Owned bookings no sync deletes now (a held room, an unconfirmed day): their checks
    # are ones a sync fixes, but not these records.
    kept = frozenset(d.key for d in left_records(left_alone(snapshot, rules=rules)))
    told: list[Discrepancy] = []
    by_room: dict[tuple[str, str], list[Discrepancy]] = defaultdict(list)
    for record in audit.discrepancies:
        if record.check in ROOM_CAUSES and record.termtime is not None:
            by_room[(record.check, record.termtime)].append(record)
        else:
            told.append(_told(record, index.about(record), index, kept))
    told += [_room_record(group, index) for group in by_room.values()]
    # Information (items taught together) needs nobody: it comes after everything else.
    ordered = sorted(told, key=lambda d: (d.check in INFO_CHECKS, d.fixed_by_sync, -d.items,
                                          _ORDER[d.check], d.key, d.differs))  # fmt: skip
    return audit.model_copy(update={"discrepancies": tuple(ordered)})


def _told(record: Discrepancy, about: _About, index: _Index, kept: frozenset[str]) -> Discrepancy:
    building = index.building.get(about.room or "")
    if building is None and record.check.startswith("building-"):
        building = index.buildings.get(record.key)
    group = index.shared.get(record.key) if record.check == "items-shared" else None
    return record.model_copy(update={
        "items": len(group.items) if group is not None else record.items,
        "title": about.title,
        "date": about.start.date() if about.start else None,
        "start": f"{about.start:%H:%M}" if about.start else None,
        "end": _end_of(about.start, about.end),
        "room": about.room,
        "building": building,
        "department": about.department or index.department.get(about.room or ""),
        "fixed_by_sync": record.check in SYNC_FIXES and record.key not in kept,
    })  # fmt: skip


def _end_of(start: dt.datetime | None, end: dt.datetime | None) -> str | None:
    """Return the local end `HH:MM`, with its date first when it is not the start's day."""
    if end is None:
        return None
    same_day = start is not None and start.date() == end.date()
    return f"{end:%H:%M}" if same_day else f"{end:%Y-%m-%d %H:%M}"


def _room_record(group: list[Discrepancy], index: _Index) -> Discrepancy:
    """One record for a room whose items all fail for the room's sake, counting them."""
    first = min(group, key=lambda d: d.key)
    room = first.termtime or ""
    abouts = sorted(
        (index.about(d) for d in group),
        key=lambda a: (a.start is None, a.start.isoformat() if a.start else ""),
    )
    titles = list(dict.fromkeys(a.title for a in abouts if a.title))
    named = ", ".join(titles[:_TITLES]) + (
        f" and {len(titles) - _TITLES} more" if len(titles) > _TITLES else ""
    )
    dated = [a.start for a in abouts if a.start is not None]
    n = len(group)
    return first.model_copy(update={
        "key": room,
        "differs": f"{n} item{'' if n == 1 else 's'}: {first.differs}",
        "items": n,
        "title": named or None,
        "date": min(dated).date() if dated else None,
        "room": room,
        "building": index.building.get(room),
        "department": index.department.get(room),
        "fixed_by_sync": False,
    })  # fmt: skip
