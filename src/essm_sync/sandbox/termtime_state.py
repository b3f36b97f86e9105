"""In-memory state of the fake TermTime: estate, reference lists, keys and scheduled events."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from essm_sync.sandbox.termtime_webhooks import Webhooks

DROP = object()  # a `raw` value meaning: leave this field out of the answer


@dataclass
class TTRoom:
    """A room as the fake stores it: placed by floor code, capacities by type code."""

    code: str
    name: str
    floor_code: str
    department: str
    capacities: dict[str, int]
    to_delete: bool = False


@dataclass
class TTEvent:
    """One scheduled event in one room; the same `unique_id` may sit in several rooms."""

    unique_id: str
    activity_id: str
    name: str
    description: str
    department: str
    module: str
    type_code: str
    date: dt.date
    start: dt.time
    end: dt.time  # at or before `start`: the next day (the item crosses midnight)
    rooms: tuple[str, ...]
    kind: str = "activities"  # activities, exams or bookings: which list it is served in
    size: int = 0  # planned size; 0 states none
    # Wire fields to serve instead of the rendered ones (None: serve null; DROP: leave out),
    # for the mess of real exports.
    raw: dict[str, Any] = field(default_factory=dict)
    readable: bool = True  # False when `raw` breaks a field the sync needs


@dataclass
class TTRoomBooking:
    """A room booking (§27) as the fake stores it: the read names, CSV fields as lists."""

    id: int
    code: str
    des: str
    days: tuple[int, ...]  # 0 = Monday (termtime-api.md §13: the sandbox's reading)
    time: dt.time
    du: int  # minutes, at most a day
    weeks: tuple[str, ...]  # YYYY-Www
    rooms: tuple[str, ...]
    owner: str
    state: str = "Approved"  # Pending, Approved or Declined
    cap: int = 0
    type: str = ""
    contact: str = ""
    notes: str = ""
    stamp: str = "2026-09-01 09:00:00"

    def dates(self) -> list[dt.date]:
        """Return every date it holds: each listed week's listed days."""
        found = []
        for week in self.weeks:
            year, number = int(week[:4]), int(week[6:])
            found += [dt.date.fromisocalendar(year, number, day + 1) for day in self.days]
        return sorted(found)

    def as_events(self) -> list[TTEvent]:
        """Return it as the timetable serves it: one `bookingItems` entry a date and room."""
        end = (dt.datetime.combine(dt.date(2000, 1, 1), self.time)
               + dt.timedelta(minutes=self.du)).time()  # fmt: skip
        events = []
        for day in self.dates():
            for room in self.rooms:
                events.append(TTEvent(
                    f"RB{self.id}-{day.isoformat()}", str(self.id), self.des or self.code, "",
                    "", "", self.type, day, self.time, end, (room,), kind="bookings",
                ))  # fmt: skip
        return events

    def as_json(self) -> dict[str, Any]:
        """Render it as §27.1 and §27.2 do."""
        return {
            "id": self.id, "code": self.code, "des": self.des, "type": self.type,
            "state": self.state, "reason": "", "cap": self.cap,
            "rooms": ",".join(self.rooms), "rooms.json": list(self.rooms), "blockedRooms": [],
            "days": ",".join(str(d) for d in self.days), "time": self.time.strftime("%H:%M"),
            "du": f"{self.du // 60:02d}:{self.du % 60:02d}", "weeks": ",".join(self.weeks),
            "owner": self.owner, "owntype": "staff", "contact": self.contact,
            "created": self.stamp, "updated": self.stamp, "dep": "", "offer": {},
            "staff": "", "staff.json": [], "student": "", "student.json": [], "rel": "",
            "parent": "", "note": self.notes, "user1": "", "user2": "", "user3": "",
            "user4": "",
        }  # fmt: skip


@dataclass
class TermTimeState:
    """Everything the fake TermTime knows."""

    database: str = "SANDBOX"
    keys: dict[str, tuple[str, bool]] = field(default_factory=dict)  # key -> (user, can_write)
    year_start: dt.date = dt.date(2026, 8, 1)
    year_end: dt.date = dt.date(2027, 7, 31)
    today: dt.date = dt.date(2026, 10, 12)
    campuses: dict[str, str] = field(default_factory=dict)  # code -> name
    buildings: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, campus)
    floors: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, building)
    floors_unplaced: set[str] = field(default_factory=set)  # listed with a null building
    floors_refused: set[str] = field(default_factory=set)  # floor names creates fail for
    rooms: dict[str, TTRoom] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)  # code -> name
    activity_types: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (n, colour)
    # Records served unreadable, by list ("campuses", "departments", "activitytypes") -> codes:
    # a campus without its code, a department or activity type whose name is an object.
    unreadable: dict[str, set[str]] = field(default_factory=dict)
    events: dict[str, TTEvent] = field(default_factory=dict)  # unique_id -> event
    # Rooms whose timetable answer leaves out `timePeriod`; real answers sometimes do.
    no_period_rooms: set[str] = field(default_factory=set)
    # Rooms whose answers stop early, saying so in `timePeriod`: served less than asked.
    served_until: dict[str, dt.date] = field(default_factory=dict)
    messy: bool = False  # serve odd types in unused fields, as real exports do
    webhooks: Webhooks = field(default_factory=Webhooks)  # §38.6-38.10
    room_bookings: dict[int, TTRoomBooking] = field(default_factory=dict)  # id -> booking
    # Keep every new room booking Pending whatever `state` asked, as a real tenant did.
    pending_room_bookings: bool = False
    _by_room: dict[str, list[TTEvent]] | None = None

    def events_in(self, room: str) -> list[TTEvent]:
        """Return a room's events, sorted by date and time."""
        if self._by_room is None:
            index: dict[str, list[TTEvent]] = defaultdict(list)
            booked = [e for b in self.room_bookings.values() for e in b.as_events()]
            for event in [*self.events.values(), *booked]:
                for code in event.rooms:
                    index[code].append(event)
            for listed in index.values():
                listed.sort(key=lambda e: (e.date, e.start, e.unique_id))
            self._by_room = dict(index)
        return self._by_room.get(room, [])

    def changed_events(self) -> None:
        """Forget the per-room index after events or room bookings were edited."""
        self._by_room = None

    def campus_by_name(self, name: str) -> str | None:
        """Return the code of the campus with this name."""
        return next((code for code, n in self.campuses.items() if n == name), None)

    def building_by_name(self, name: str, campus: str) -> str | None:
        """Return the code of the building with this name in this campus."""
        return next(
            (code for code, (n, c) in self.buildings.items() if n == name and c == campus), None
        )

    def floor_by_name(self, name: str, building: str) -> str | None:
        """Return the code of the floor with this name in this building."""
        return next(
            (code for code, (n, b) in self.floors.items() if n == name and b == building), None
        )

    def room_json(self, room: TTRoom) -> dict[str, Any]:
        """Render a room as `GET /rooms` does."""
        floor_name, building = self.floors[room.floor_code]
        building_name, campus = self.buildings[building]
        return {
            "c": room.code,
            "n": room.name,
            "d": {"c": room.department, "n": self.departments.get(room.department, "")},
            "f": {
                "n": floor_name,
                "fc": room.floor_code,
                "b": building_name,
                "bc": building,
                "c": self.campuses[campus],
                "cc": campus,
            },
            "rc": [
                {"type": self.activity_types[code][0], "code": code, "cap": cap}
                for code, cap in sorted(room.capacities.items())
            ],
            "pool": "",
            "user1": "",
            "user2": "",
            "user3": "",
            "blockedRooms": [],
            "userFields": [],
            "capabilities": "",
            "capabilities.json": [],
            "sr": "",
            "toDelete": 1 if room.to_delete else 0,
        }
