"""What a correct sync leaves in the fakes, read from their own state alone.

This is an independent reading of design.md, kept apart from the core on purpose and
never fed by what the engine reports: which items are due a booking, which of them a
person's booking (or an earlier item) keeps out, and how far Booker is from that.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from essm_sync.sandbox.seed import Sandbox
from essm_sync.sandbox.termtime_state import TermTimeState, TTEvent

Instants = tuple[dt.datetime, dt.datetime]
_PREFIX = {"activities": "termtime:", "exams": "termtime:exam:", "bookings": "termtime:booking:"}
DEFAULT_KINDS = ("activities", "exams")
CONVERGED = {"duplicates": 0, "missing": 0, "stray": 0, "mistimed": 0, "conflicts booked": 0}


def _rooms_booked(university: Sandbox) -> dict[str, int]:
    """Rooms live, in a live building, and bookable in Booker under a code no other Booker
    room has, present and unmarked in TermTime: code -> OptimeIndex."""
    tt, bk = university.termtime, university.booker
    codes = Counter(r["Id"] for r in bk.rooms)
    live_buildings = {b["Id"] for b in bk.buildings if b["Live"]}
    return {
        r["Id"]: r["OptimeIndex"]
        for r in bk.rooms
        if r["Live"] and r["BuildingId"] in live_buildings and r["Bookable"]
        and codes[r["Id"]] == 1 and r["Id"] in tt.rooms and not tt.rooms[r["Id"]].to_delete
        # A room served with a null Floor or Capacity cannot be read: nothing is booked there.
        and r["Floor"] is not None and r["Capacity"] is not None
    }  # fmt: skip


def is_own_item(tt: TermTimeState, event: TTEvent) -> bool:
    """Whether a timetable item is one of the sync's own room bookings: never booked back
    into Booker (design.md, the loop never closes)."""
    if event.kind != "bookings" or not event.activity_id.isdigit():
        return False
    held = tt.room_bookings.get(int(event.activity_id))
    return held is not None and held.code.startswith("booker:")


def items_of(tt: TermTimeState) -> list[TTEvent]:
    """Every item the timetables serve that the sync may book: the events, and the room
    bookings it does not own."""
    booked = [e for b in tt.room_bookings.values() for e in b.as_events()]
    return [*tt.events.values(), *(e for e in booked if not is_own_item(tt, e))]


def held_rooms(university: Sandbox) -> set[str]:
    """Rooms with an item the seed made unreadable, or a booking Booker serves unreadable:
    nothing owned in them may be deleted."""
    rooms = _rooms_booked(university)
    return {
        room
        for event in university.termtime.events.values()
        if not event.readable
        for room in event.rooms
        if room in rooms
    } | blocked_rooms(university)


def blocked_rooms(university: Sandbox) -> set[str]:
    """Rooms where Booker serves a booking with a field spoilt: it might be the sync's own,
    so nothing may be created there either."""
    code_of = {index: code for code, index in _rooms_booked(university).items()}
    return {
        code_of[b.room]
        for b in university.booker.bookings.values()
        if b.wire and b.room in code_of
    }


def _item_bookings(
    university: Sandbox, zone: str, kinds: tuple[str, ...], rooms: dict[str, int] | None
) -> dict[str, tuple[str, str, dt.datetime, dt.datetime]]:
    """Return each item's own booking, by ExternalId: (room, uniqueId, start, end)."""
    tz = ZoneInfo(zone)
    rooms = _rooms_booked(university) if rooms is None else rooms
    due = {}
    for event in items_of(university.termtime):
        if not event.readable or event.kind not in kinds:
            continue
        if not university.first_day <= event.date <= university.last_day:
            continue
        rooms_served = [
            r for r in event.rooms
            if event.date <= university.termtime.served_until.get(r, event.date)
        ]  # fmt: skip
        # An end before the start is the next day; zoneinfo's default fold=0 is the rule.
        end_day = event.date + dt.timedelta(days=1 if event.end < event.start else 0)
        start = dt.datetime.combine(event.date, event.start, tz).astimezone(dt.UTC)
        end = dt.datetime.combine(end_day, event.end, tz).astimezone(dt.UTC)
        if start >= end:
            continue
        for room in rooms_served:
            if room in rooms:
                due[f"{_PREFIX[event.kind]}{event.unique_id}:{room}"] = (
                    room,
                    event.unique_id,
                    start,
                    end,
                )
    return due


def shared_groups(
    university: Sandbox,
    *,
    zone: str = "Europe/London",
    kinds: tuple[str, ...] = DEFAULT_KINDS,
    rooms: dict[str, int] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Return each group of two or more items overlapping in one room (transitively), by
    the key its one booking carries: a member's whose owned booking is the oldest, else the
    first member's (earliest start, then lowest uniqueId); members in that order."""
    items = _item_bookings(university, zone, kinds, rooms)
    by_room: dict[str, list[tuple[dt.datetime, str, str, dt.datetime]]] = {}
    for key, (room, uid, start, end) in items.items():
        by_room.setdefault(room, []).append((start, uid, key, end))
    # A booking someone cancelled no longer holds anything: it carries no group's key.
    owned: dict[str, list[int]] = {}
    for booking in university.booker.bookings.values():
        key = booking.external_id or ""
        mine = key.startswith("termtime:") and booking.created_by == university.username
        if mine and booking.status != "Cancelled":
            owned.setdefault(key, []).append(booking.id)
    groups: dict[str, tuple[str, ...]] = {}
    for listed in by_room.values():
        runs: list[list[tuple[dt.datetime, str, str, dt.datetime]]] = []
        for item in sorted(listed):
            if runs and item[0] < max(other[3] for other in runs[-1]):
                runs[-1].append(item)
            else:
                runs.append([item])
        for run in (r for r in runs if len(r) > 1):
            members = tuple(key for _, _, key, _ in run)
            booked = sorted((min(owned[k]), k) for k in members if k in owned)
            groups[booked[0][1] if booked else members[0]] = members
    return groups


def due_bookings(
    university: Sandbox,
    *,
    zone: str = "Europe/London",
    kinds: tuple[str, ...] = DEFAULT_KINDS,
    rooms: dict[str, int] | None = None,
    overlapping: str = "share",
) -> dict[str, Instants]:
    """Return the ExternalId and UTC instants of every booking the timetable calls for
    (in `rooms`, code -> OptimeIndex; by default those booked now): with `share`, items
    taught together hold one booking over their union."""
    items = _item_bookings(university, zone, kinds, rooms)
    due = {key: (start, end) for key, (_, _, start, end) in items.items()}
    if overlapping == "share":
        for key, members in shared_groups(university, zone=zone, kinds=kinds, rooms=rooms).items():
            spans = [due.pop(member) for member in members]
            due[key] = (min(s for s, _ in spans), max(e for _, e in spans))
    return due


def expected_conflicts(
    university: Sandbox,
    *,
    zone: str = "Europe/London",
    kinds: tuple[str, ...] = DEFAULT_KINDS,
    overlapping: str = "share",
) -> set[str]:
    """Return the due bookings a correct sync cannot make: a person's booking overlaps it,
    or (with `first`) an earlier item of ours already holds the room then."""
    rooms = _rooms_booked(university)
    people: dict[int, list[Instants]] = {}
    for b in university.booker.bookings.values():
        # A cancelled booking no longer holds its room (booker-api.md).
        if b.created_by != university.username and b.status != "Cancelled":
            people.setdefault(b.room, []).append((b.start, b.end))
    by_room: dict[int, list[tuple[dt.datetime, str, dt.datetime]]] = {}
    due = due_bookings(university, zone=zone, kinds=kinds, overlapping=overlapping)
    for key, (start, end) in due.items():
        by_room.setdefault(rooms[key.rsplit(":", 1)[1]], []).append((start, key, end))
    blocked = set()
    for room, items in by_room.items():
        free_from: dt.datetime | None = None
        for start, key, end in sorted(items):
            taken = any(s < end and start < e for s, e in people.get(room, []))
            if taken or (free_from is not None and start < free_from):
                blocked.add(key)
                continue
            free_from = end if free_from is None else max(free_from, end)
    return blocked


def owned_bookings(university: Sandbox) -> dict[str, list[int]]:
    """Return the ids of the sync's own bookings (`termtime:` and made by its user), by key."""
    found: dict[str, list[int]] = {}
    for booking in university.booker.bookings.values():
        key = booking.external_id
        if key and key.startswith("termtime:") and booking.created_by == university.username:
            found.setdefault(key, []).append(booking.id)
    return found


def people_bookings(university: Sandbox) -> Counter[tuple[object, ...]]:
    """Return every booking made by someone other than the sync, by what it holds: a
    person cancelling and re-making the same booking (a new id) leaves this unchanged."""
    return Counter(
        (b.room, b.start, b.end, b.title, b.external_id, b.created_by)
        for b in university.booker.bookings.values()
        if b.created_by != university.username
    )


def divergence(university: Sandbox) -> dict[str, int]:
    """Count how far Booker is from what is due: duplicates, missing, stray, mistimed.

    Missing leaves out what the oracle itself expects to conflict; stray leaves out owned
    bookings in held rooms, which the rules keep.
    """
    owned = owned_bookings(university)
    due = due_bookings(university)
    blocked = expected_conflicts(university)
    held = held_rooms(university)
    blocked_in = blocked_rooms(university)
    bookings = university.booker.bookings
    mistimed = sum(
        1
        for key, ids in owned.items()
        if key in due and any((bookings[i].start, bookings[i].end) != due[key] for i in ids)
    )
    return {
        "duplicates": sum(len(ids) - 1 for ids in owned.values()),
        "missing": len(
            {k for k in set(due) - blocked - set(owned) if k.rsplit(":", 1)[1] not in blocked_in}
        ),
        "stray": len({k for k in set(owned) - set(due) if k.rsplit(":", 1)[1] not in held}),
        "mistimed": mistimed,
        "conflicts booked": len(blocked & set(owned)),
    }
