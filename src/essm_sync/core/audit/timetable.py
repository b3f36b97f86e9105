"""Timetable discrepancies: items in rooms Booker cannot take, items larger than their
room, items over one another, and what the sync could not read or confirm."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from essm_sync.core._items import external_id, instants_of
from essm_sync.core._rooms import BookerRooms, Unserved
from essm_sync.core._unread import is_timetable_item
from essm_sync.core.audit._record import record, when
from essm_sync.core.words import counted
from essm_sync.models import (
    BookerBuilding,
    BookerRoom,
    BookingsSnapshot,
    Check,
    Discrepancy,
    RoomEvents,
    Stage,
)

_MOVE = "move the item to a bookable room in TermTime"


def _room_problem(code: str, rooms: BookerRooms) -> tuple[Check, str, str] | None:
    """Return why a room's items cannot be booked, as (check, what differs, fix)."""
    why: Unserved | None = rooms.unserved(code)
    match why:
        case None:
            return None
        case "unknown":
            return (
                "item-room-unknown",
                "the room is not in Booker",
                f"{_MOVE}, or add the room to Booker",
            )
        case "shared":
            return (
                "item-room-code-shared",
                f"{len(rooms.by_code[code])} Booker rooms have this code",
                "give each Booker room its own code",
            )
        case "retired":
            return (
                "item-room-retired",
                "the room is retired in Booker",
                f"{_MOVE}, or bring the room back in Booker",
            )
        case "not-bookable":
            return (
                "item-room-not-bookable",
                "Booker does not let the room be booked",
                f"{_MOVE}, or make the room bookable in Booker",
            )


def timetable_records(
    timetables: tuple[RoomEvents, ...],
    booker_rooms: tuple[BookerRoom, ...],
    booker_buildings: tuple[BookerBuilding, ...],
    *,
    zone: dt.tzinfo,
    kinds: tuple[str, ...],
    overlapping: str = "share",
) -> list[Discrepancy]:
    """Return the discrepancies of every room's items of the kinds the sync books; items
    overlapping are clashes only when the earliest keeps the room (`first`)."""
    rooms = BookerRooms(booker_rooms, booker_buildings)
    found: list[Discrepancy] = []
    for timetable in timetables:
        code = timetable.room
        problem = _room_problem(code, rooms)
        listed = rooms.by_code.get(code, ())
        capacity = listed[0].capacity if len(listed) == 1 else None
        spans: list[tuple[dt.datetime, dt.datetime, str]] = []
        for item in timetable.items:
            if item.kind not in kinds:
                continue
            key = external_id(item.unique_id, code, item.kind)
            if problem is not None:
                found.append(
                    record(problem[0], "Booker", key, problem[1], problem[2], termtime=code)
                )
            if capacity is not None and item.size is not None and item.size > capacity:
                found.append(
                    record(
                        "item-over-capacity",
                        "TermTime",
                        key,
                        "size",
                        "move the item to a larger room, or correct its size in TermTime "
                        "or the capacity in Booker",
                        booker=str(capacity),
                        termtime=str(item.size),
                    )
                )
            span = instants_of(item, zone)
            if span is not None:
                spans.append((span[0], span[1], key))
        if overlapping == "first":
            found += _clashes(spans, zone)
        found += _listed_twice(timetable)
    return found


def _clashes(
    spans: list[tuple[dt.datetime, dt.datetime, str]], zone: dt.tzinfo
) -> list[Discrepancy]:
    """Each item that starts before an earlier one in its room ends; the earliest (then the
    lowest key) keeps the room, as in the sync."""
    found = []
    holder: tuple[dt.datetime, str] | None = None
    for start, end, key in sorted(set(spans)):
        if holder is not None and holder[0] > start:
            found.append(
                record(
                    "item-clash",
                    "TermTime",
                    key,
                    f"overlaps {holder[1]} in the same room",
                    "move one of the two items in TermTime",
                    termtime=when(start, end, zone),
                )
            )
        if holder is None or end > holder[0]:
            holder = (end, key)
    return found


def _listed_twice(timetable: RoomEvents) -> list[Discrepancy]:
    # The plan warns of the same items (core/bookings.py `_read_items`), in the same words.
    seen: dict[tuple[str, str], object] = {}
    twice: dict[str, bool] = {}  # key -> whether a listing differs from the first
    for item in timetable.items:
        name = (item.kind, item.unique_id)
        first = seen.setdefault(name, item)
        if first is not item:
            key = external_id(item.unique_id, timetable.room, item.kind)
            twice[key] = twice.get(key, False) or first != item
    return [
        record(
            "item-listed-twice",
            "TermTime",
            key,
            "listed twice with different details"
            if differs
            else "listed twice with the same details",
            "correct the item in TermTime; the sync books the first listing"
            if differs
            else "remove the repeat in TermTime; the sync books the item once",
        )
        for key, differs in sorted(twice.items())
    ]


def shared_records(bookings: Stage, zone: dt.tzinfo) -> list[Discrepancy]:
    """Return each group of items taught together, holding one booking: information only."""
    return [
        record("items-shared", "TermTime", group.key,
               f"{len(group.items)} items taught together share one booking: "
               + ", ".join(group.items),
               "nothing to do; if they are not meant to be together, move one in TermTime",
               termtime=when(group.start, group.end, zone))
        for group in bookings.shared
    ]  # fmt: skip


def read_records(bookings: Stage, timetables: tuple[RoomEvents, ...]) -> list[Discrepancy]:
    """Return what the bookings stage could not read, the rooms it holds, and the rooms whose
    answers confirmed no day (nothing is deleted there)."""
    items = [s for s in bookings.skipped if is_timetable_item(s)]
    found = [
        record(
            "item-unreadable",
            "TermTime",
            f"{s.room}/{s.item}",
            s.problem,
            "correct the item in TermTime",
            termtime=s.kind,
        )
        for s in items
    ]
    counts = Counter(s.room for s in items)
    found += [
        record(
            "room-held",
            "TermTime",
            room,
            f"{counts[room]} unreadable item{'' if counts[room] == 1 else 's'}: "
            "no booking in the room is deleted",
            "correct the unreadable items in TermTime",
        )
        for room in bookings.held
    ]
    found += [
        record(
            "room-days-unconfirmed",
            "TermTime",
            t.room,
            "the timetable answer gave no timePeriod: nothing in the room is deleted",
            "ask TermTime's administrators why the answer has no timePeriod",
        )
        for t in timetables
        if t.served is None and t.unreadable is None and not t.absent
    ]
    return found


def department_records(
    snapshot: BookingsSnapshot, departments: dict[str, str], kinds: tuple[str, ...]
) -> list[Discrepancy]:
    """Return the departments items name that Booker lacks (after `bookings.departments`
    maps them); their bookings carry no department."""
    known = {d.id for d in snapshot.booker_departments}
    counts: Counter[str] = Counter(
        departments.get(item.department, item.department)
        for t in snapshot.timetables
        for item in t.items
        if item.kind in kinds and item.department is not None
    )
    return [
        record(
            "item-department-unknown",
            "Booker",
            code,
            f"{counted(counts[code], 'item')} {'names' if counts[code] == 1 else 'name'} it",
            f"add department {code} to Booker, or map it in `bookings.departments`",
        )
        for code in sorted(set(counts) - known)
    ]
