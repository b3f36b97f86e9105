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
    rooms: dict[str, TTRoom] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)  # code -> name
    activity_types: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (n, colour)
    events: dict[str, TTEvent] = field(default_factory=dict)  # unique_id -> event
    # Rooms whose timetable answer leaves out `timePeriod`; real answers sometimes do.
    no_period_rooms: set[str] = field(default_factory=set)
    # Rooms whose answers stop early, saying so in `timePeriod`: served less than asked.
    served_until: dict[str, dt.date] = field(default_factory=dict)
    messy: bool = False  # serve odd types in unused fields, as real exports do
    webhooks: Webhooks = field(default_factory=Webhooks)  # §38.6-38.10
    _by_room: dict[str, list[TTEvent]] | None = None

    def events_in(self, room: str) -> list[TTEvent]:
        """Return a room's events, sorted by date and time."""
        if self._by_room is None:
            index: dict[str, list[TTEvent]] = defaultdict(list)
            for event in self.events.values():
                for code in event.rooms:
                    index[code].append(event)
            for listed in index.values():
                listed.sort(key=lambda e: (e.date, e.start, e.unique_id))
            self._by_room = dict(index)
        return self._by_room.get(room, [])

    def changed_events(self) -> None:
        """Forget the per-room index after events were edited."""
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
