"""What `audit` must list for the fakes, read from their own state alone.

Like `oracle.py`, an independent reading of design.md and the audit issue, never fed by the
core: each discrepancy is named by its check and its key, as (check, key) pairs.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from essm_sync.sandbox.oracle import DEFAULT_KINDS, due_bookings, is_own_item, shared_groups
from essm_sync.sandbox.oracle_roombookings import due_room_bookings, held_room_bookings
from essm_sync.sandbox.seed import Sandbox
from essm_sync.sandbox.termtime_state import DROP, TTEvent

Found = set[tuple[str, str]]
LIMIT = 45
_PREFIX = {"activities": "termtime:", "exams": "termtime:exam:", "bookings": "termtime:booking:"}


class _View:
    """The facts every check needs, worked out once from the fakes."""

    def __init__(self, university: Sandbox) -> None:
        tt, bk = university.termtime, university.booker
        self.tt, self.bk = tt, bk
        self.room_codes = Counter(r["Id"] for r in bk.rooms)
        self.building_codes = Counter(b["Id"] for b in bk.buildings)
        self.buildings = {b["Id"]: b for b in bk.buildings}
        self.sites = {s["Id"]: s["Name"] for s in bk.sites}
        self.live_buildings = {
            b["Id"] for b in bk.buildings
            if b["Live"] and self.building_codes[b["Id"]] == 1 and len(b["Id"]) <= LIMIT
            and b["SiteId"] in self.sites
        }  # fmt: skip

    def synced(self, room: dict[str, Any]) -> bool:
        """A live Booker room the rooms stage keeps in TermTime (department aside)."""
        return (
            room["Live"] and room["BuildingId"] in self.live_buildings
            and self.room_codes[room["Id"]] == 1 and len(room["Id"]) <= LIMIT
        )  # fmt: skip

    def bookable_after_estate(self) -> dict[str, int]:
        """Rooms whose items are booked once the estate stages ran: code -> OptimeIndex."""
        found = {}
        for room in self.bk.rooms:
            have = self.tt.rooms.get(room["Id"])
            if not (room["Bookable"] and self.synced(room)) or have is None:
                continue
            if not have.to_delete or room["DepartmentId"] in self.tt.departments:
                found[room["Id"]] = room["OptimeIndex"]
        return found


def _served_after_estate(v: _View) -> dict[str, int]:
    """Rooms the room-bookings stage serves once the estate stages ran: those it creates
    count too (they exist in TermTime by then), unlike for timetables read before."""
    found = {}
    for room in v.bk.rooms:
        have = v.tt.rooms.get(room["Id"])
        if not (room["Bookable"] and v.synced(room)):
            continue
        if room["DepartmentId"] in v.tt.departments or (have is not None and not have.to_delete):
            found[room["Id"]] = room["OptimeIndex"]
    return found


def _fitted(names: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Name as TermTime will hold it: cut, and given ` (CODE)` when two agree once cut."""
    seen = Counter((scope, name[:LIMIT].casefold()) for scope, name in names.values())
    out = {}
    for key, (scope, name) in names.items():
        if seen[(scope, name[:LIMIT].casefold())] > 1:
            suffix = f" ({key})"
            out[key] = name[: LIMIT - len(suffix)].rstrip() + suffix
        else:
            out[key] = name[:LIMIT]
    return out


def _looks(code: str) -> str:
    # What a person reads: no zero-width or control characters, NFC, no case or end spaces.
    seen = "".join(c for c in code if unicodedata.category(c) not in ("Cf", "Cc"))
    return unicodedata.normalize("NFC", seen).strip().casefold()


def _lookalike(booker: Iterable[str], termtime: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Booker codes with a TermTime code that is not the same yet looks it."""
    ours, theirs = set(booker), set(termtime)
    looks = {_looks(code) for code in theirs - ours}
    yield from (("code-lookalike", c) for c in sorted(ours - theirs) if _looks(c) in looks)


def _estate(v: _View) -> Iterator[tuple[str, str]]:
    tt, bk = v.tt, v.bk
    campus_of = {name: code for code, name in tt.campuses.items()}
    live = [b for b in bk.buildings if b["Id"] in v.live_buildings]
    names = _fitted({b["Id"]: (b["SiteId"], b["Name"]) for b in live})
    for site in sorted({b["SiteId"] for b in live}):
        if v.sites[site] not in campus_of:
            yield "campus-missing", v.sites[site]
    held = {c for _, c in _lookalike((b["Id"] for b in bk.buildings), tt.buildings)}
    for b in (b for b in live if b["Id"] not in held):
        home = tt.buildings.get(b["Id"])
        if home is None:
            yield "building-missing", b["Id"]
        elif home[0] != names[b["Id"]] or tt.campuses.get(home[1]) != v.sites[b["SiteId"]]:
            yield "building-differs", b["Id"]
    yield from (("building-unknown-to-booker", c) for c in tt.buildings if c not in v.buildings)
    # A code that only looks like the other system's is held, never created (design.md).
    alike = {c for _, c in _lookalike((r["Id"] for r in bk.rooms), tt.rooms)}
    for room in (r for r in bk.rooms if r["Id"] not in alike):
        have = tt.rooms.get(room["Id"])
        if not v.synced(room):
            if v.room_codes[room["Id"]] == 1 and have is not None and not have.to_delete:
                yield "room-retired", room["Id"]
            continue
        if room["DepartmentId"] not in tt.departments:
            yield "room-department-unknown", room["Id"]
            continue
        if have is None:
            yield "room-missing", room["Id"]
            continue
        if have.to_delete:
            yield "room-marked-for-deletion", room["Id"]
        floor, building = tt.floors[have.floor_code]
        wanted = (room["Name"][:LIMIT], room["Floor"], room["BuildingId"], room["DepartmentId"],
                  dict.fromkeys(tt.activity_types, room["Capacity"]))  # fmt: skip
        if (have.name, floor, building, have.department, have.capacities) != wanted:
            yield "room-differs", room["Id"]
    yield from (("room-unknown-to-booker", c) for c in tt.rooms if c not in v.room_codes)
    yield from _lookalike((b["Id"] for b in bk.buildings), tt.buildings)
    yield from _lookalike((r["Id"] for r in bk.rooms), tt.rooms)
    known = set(tt.departments)
    yield from (("department-unknown", d["Id"]) for d in bk.departments if d["Id"] not in known)


def _names(v: _View) -> Iterator[tuple[str, str]]:
    bk = v.bk
    floors = {f"{r['BuildingId']}/{r['Floor']}": (r["BuildingId"], r["Floor"]) for r in bk.rooms}
    named = [(s["Id"], s["Name"]) for s in bk.sites] + [(b["Id"], b["Name"]) for b in bk.buildings]
    named += [(r["Id"], r["Name"]) for r in bk.rooms] + [(k, f) for k, (_, f) in floors.items()]
    yield from (("name-too-long", key) for key, name in named if len(name) > LIMIT)
    live = [b for b in bk.buildings if b["Live"] and b["SiteId"] in v.sites]
    for group in (
        {s["Id"]: ("", s["Name"]) for s in bk.sites},
        {b["Id"]: (v.sites[b["SiteId"]], b["Name"]) for b in live},
        floors,
    ):
        counts = Counter((scope, name[:LIMIT].casefold()) for scope, name in group.values())
        yield from (
            ("name-collision", key)
            for key, (scope, name) in group.items()
            if counts[(scope, name[:LIMIT].casefold())] > 1
        )
    codes = [s["Id"] for s in bk.sites] + list(v.building_codes) + list(v.room_codes)
    yield from (("code-too-long", c[:60]) for c in codes if len(c) > LIMIT)
    for claimed in (v.building_codes, v.room_codes):
        yield from (("code-shared", str(c)) for c, n in claimed.items() if n > 1)


def _shown(university: Sandbox, event: TTEvent, room: str) -> bool:
    """Whether the room's timetable answer over the window lists the event."""
    tt = university.termtime
    until = tt.served_until.get(room, university.last_day)
    return university.first_day <= event.date <= min(until, university.last_day)


def _item_name(v: _View, event: TTEvent, room: str) -> str:
    """How the sync names an unreadable item: its uniqueId, or its place on its day."""
    if event.raw.get("uniqueId", event.unique_id) is not DROP:
        return str(event.raw.get("uniqueId", event.unique_id))
    day = [e for e in v.tt.events_in(room) if e.date == event.date and e.kind == event.kind]
    return f"#{day.index(event) + 1} on {event.date} (no uniqueId)"


def _room_problem(v: _View, rooms: list[dict[str, Any]]) -> str:
    """Why Booker takes no booking in a room: the check its items fall under, or ""."""
    if not rooms:
        return "item-room-unknown"
    if len(rooms) > 1:
        return "item-room-code-shared"
    if not (rooms[0]["Live"] and v.buildings.get(rooms[0]["BuildingId"], {}).get("Live")):
        return "item-room-retired"
    return "" if rooms[0]["Bookable"] else "item-room-not-bookable"


def _timetable(
    university: Sandbox, v: _View, zone: ZoneInfo, kinds: tuple[str, ...], overlapping: str
) -> Iterator[tuple[str, str]]:
    bookable = v.bookable_after_estate()
    for code in sorted(v.tt.rooms):
        listed = [e for e in v.tt.events_in(code) if e.kind in kinds and not is_own_item(v.tt, e)]
        listed = [e for e in listed if _shown(university, e, code)]
        rooms = [r for r in v.bk.rooms if r["Id"] == code]
        problem = _room_problem(v, rooms)
        spans = []
        for event in listed:
            if not event.readable:
                if code in bookable:
                    yield "item-unreadable", f"{code}/{_item_name(v, event, code)}"
                    yield "room-held", code
                continue
            key = f"{_PREFIX[event.kind]}{event.unique_id}:{code}"
            if problem:
                yield problem, code  # one record per room: the room is the cause
            if len(rooms) == 1 and event.size > rooms[0]["Capacity"]:
                yield "item-over-capacity", key
            end_day = event.date + dt.timedelta(days=1 if event.end < event.start else 0)
            start = dt.datetime.combine(event.date, event.start, zone).astimezone(dt.UTC)
            end = dt.datetime.combine(end_day, event.end, zone).astimezone(dt.UTC)
            if start < end:
                spans.append((start, key, end))
        holder: dt.datetime | None = None
        for start, key, end in sorted(spans):
            # Items taught together are no clash: they share one booking (`items-shared`).
            if holder is not None and start < holder and overlapping == "first":
                yield "item-clash", key
            holder = end if holder is None else max(holder, end)
        if code in bookable and code in v.tt.no_period_rooms:
            yield "room-days-unconfirmed", code


def _sort_listing(
    listed: list[Any], owner: str, rooms_booked: set[int], kinds: tuple[str, ...]
) -> tuple[dict[int, list[tuple[dt.datetime, dt.datetime]]], dict[str, list[Any]], set[str],
           list[tuple[str, str]]]:  # fmt: skip
    """Split the listing: people's bookings that hold rooms, owned ones in scope by key, the
    keys of owned ones someone cancelled, and the records the split itself finds."""
    people: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    owned: dict[str, list[Any]] = {}
    cancelled: set[str] = set()
    records: list[tuple[str, str]] = []
    for b in listed:
        key = b.external_id or ""
        if not (key.startswith("termtime:") and b.created_by.casefold() == owner):
            if b.status != "Cancelled":  # a cancelled booking holds no room
                people.setdefault(b.room, []).append((b.start, b.end))
            if key.startswith("termtime:"):
                records.append(("booking-copied-key", f"{key} #{b.id}"))
            continue
        kind = next((k for k in ("exams", "bookings") if key.startswith(_PREFIX[k])), "activities")
        if b.status == "Cancelled":
            cancelled.add(key)
            records.append(("booking-cancelled", f"{key} #{b.id}"))
        elif b.room not in rooms_booked or kind not in kinds:
            records.append(("booking-out-of-scope", f"{key} #{b.id}"))
        else:
            owned.setdefault(key, []).append(b)
    return people, owned, cancelled, records


def _owned_records(
    owned: dict[str, list[Any]], due: dict[str, Any], absorbed: set[str]
) -> Iterator[tuple[str, str]]:
    """Second bookings of one item, bookings of members sharing another's, orphans."""
    for key, found in owned.items():
        found.sort(key=lambda b: b.id)
        if key in absorbed:
            yield from (("booking-duplicate", f"{key} #{b.id}") for b in found)
            continue
        yield from (("booking-duplicate", f"{key} #{b.id}") for b in found[1:])
        if key not in due:
            yield "booking-orphaned", f"{key} #{found[0].id}"


def _bookings(
    university: Sandbox, v: _View, zone: ZoneInfo, kinds: tuple[str, ...], overlapping: str
) -> Iterator[tuple[str, str]]:
    bookable = v.bookable_after_estate()
    due = due_bookings(
        university, zone=str(zone), kinds=kinds, rooms=bookable, overlapping=overlapping
    )
    groups = (
        shared_groups(university, zone=str(zone), kinds=kinds, rooms=bookable)
        if overlapping == "share"
        else {}
    )
    # Each member's own booking, once its group carries another member's key: a duplicate.
    absorbed = {m for key, members in groups.items() for m in members if m != key}
    first = dt.datetime.combine(university.first_day, dt.time(), zone)
    last = dt.datetime.combine(university.last_day + dt.timedelta(days=1), dt.time(), zone)
    listed = [b for b in v.bk.bookings.values() if first <= b.start < last]
    people, owned, cancelled, records = _sort_listing(
        listed, university.username.casefold(), set(bookable.values()), kinds
    )
    yield from records
    yield from _owned_records(owned, due, absorbed)
    by_room: dict[int, list[tuple[dt.datetime, str, dt.datetime]]] = {}
    for key, (start, end) in due.items():
        by_room.setdefault(bookable[key.rsplit(":", 1)[1]], []).append((start, key, end))
    for room, items in by_room.items():
        holder: dt.datetime | None = None
        for start, key, end in sorted(items):
            if not cancelled.isdisjoint(groups.get(key, (key,))):
                groups.pop(key, None)
                continue  # a person cancelled our booking (or a member's): never re-created
            have = owned.get(key)
            if have and (have[0].start, have[0].end) == (start, end):
                holder = end if holder is None else max(holder, end)
                continue
            taken = any(s < end and start < e for s, e in people.get(room, []))
            if taken:
                yield "booking-conflict", key
                groups.pop(key, None)  # a group over a person's booking: one conflict
            if taken or (holder is not None and start < holder):
                continue
            holder = end if holder is None else max(holder, end)
            yield ("booking-differs" if have else "booking-missing"), key
    yield from (("items-shared", key) for key in groups)


def _room_bookings(university: Sandbox, v: _View, zone: str) -> Iterator[tuple[str, str]]:
    # As `sync` runs it: after the estate stages, in the rooms they leave served.
    due = due_room_bookings(university, zone=zone, rooms=_served_after_estate(v))
    held = held_room_bookings(university.termtime)
    for code, fields in due.items():
        if code not in held:
            yield "roombooking-missing", code
        elif held[code] != fields:
            yield "roombooking-differs", code
    first, last = university.first_day, university.last_day
    for code in set(held) - set(due):
        if first <= dt.date.fromisoformat(code.rsplit(":", 1)[1]) <= last:
            yield "roombooking-stale", code


def expected_audit(
    university: Sandbox,
    *,
    zone: str = "Europe/London",
    kinds: tuple[str, ...] = DEFAULT_KINDS,
    roombookings: bool = False,
    overlapping: str = "share",
) -> Found:
    """Return every (check, key) the audit must list for the fakes as they are now; the
    room-booking checks when the operation is on."""
    view = _View(university)
    tz = ZoneInfo(zone)
    found: Found = set(_estate(view)) | set(_names(view))
    found |= set(_timetable(university, view, tz, kinds, overlapping))
    found |= set(_bookings(university, view, tz, kinds, overlapping))
    if roombookings:
        found |= set(_room_bookings(university, view, zone))
    return found
