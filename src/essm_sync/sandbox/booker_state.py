"""In-memory state of the fake Booker: estate, users, tokens and bookings."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class BKBooking:
    """A stored booking; instants are kept in UTC."""

    id: int
    room: int
    start: dt.datetime
    end: dt.datetime
    title: str
    description: str | None
    booking_type: str | None
    department: str | None
    external_id: str | None
    created_by: str
    status: str = "Confirmed"
    # Fields served other than as stored (a null StartTime): messy data, not the state.
    wire: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Render as Booker does: instants in UTC with a `Z`."""
        return {
            "OptimeIndex": self.id,
            "RoomOptimeIndex": self.room,
            "StartTime": _utc(self.start),
            "EndTime": _utc(self.end),
            "Title": self.title,
            "Description": self.description,
            "BookingType": self.booking_type,
            "DepartmentId": self.department,
            "ExternalId": self.external_id,
            "CreatedBy": self.created_by,
            "Status": self.status,
            **self.wire,
        }


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class BookerState:
    """Everything the fake Booker knows."""

    users: dict[str, str] = field(default_factory=dict)  # user name -> password
    token_ttl_s: float = 1799.0
    clock: Callable[[], float] = time.monotonic
    sites: list[dict[str, Any]] = field(default_factory=list)
    buildings: list[dict[str, Any]] = field(default_factory=list)
    rooms: list[dict[str, Any]] = field(default_factory=list)
    departments: list[dict[str, Any]] = field(default_factory=list)
    # Records served with a field no reader can take, by list ("sites", "departments") -> Ids.
    unreadable: dict[str, set[str]] = field(default_factory=dict)
    bookings: dict[int, BKBooking] = field(default_factory=dict)
    tokens: dict[str, tuple[str, float]] = field(default_factory=dict)  # token -> (user, expiry)
    next_id: int = 100_001
    _by_room: dict[int, set[int]] = field(default_factory=dict)
    _version: int = 0
    _last_query: tuple[object, list[BKBooking]] | None = None

    def add_booking(self, **fields: Any) -> BKBooking:
        """Store a booking under the next `OptimeIndex`."""
        booking = BKBooking(id=self.next_id, **fields)
        self.bookings[booking.id] = booking
        self._by_room.setdefault(booking.room, set()).add(booking.id)
        self.next_id += 1
        self._version += 1
        return booking

    def update_booking(self, booking: BKBooking, fields: dict[str, Any]) -> None:
        """Change a stored booking, keeping the per-room index right."""
        self._by_room[booking.room].discard(booking.id)
        for name, value in fields.items():
            setattr(booking, name, value)
        self._by_room.setdefault(booking.room, set()).add(booking.id)
        self._version += 1

    def remove_booking(self, booking_id: int) -> None:
        """Forget a booking."""
        booking = self.bookings.pop(booking_id)
        self._by_room[booking.room].discard(booking_id)
        self._version += 1

    def query(
        self,
        start: dt.datetime,
        end: dt.datetime,
        *,
        room: int | None = None,
        external_id: str | None = None,
    ) -> list[BKBooking]:
        """Return the bookings overlapping [start, end), by `OptimeIndex`, with filters.

        The last answer is kept until a booking changes, so paging through it is cheap.
        """
        key = (start, end, room, external_id, self._version, len(self.bookings))
        if self._last_query is not None and self._last_query[0] == key:
            return self._last_query[1]
        pool = self.bookings_in(room) if room is not None else self.bookings.values()
        found = sorted(
            (
                b
                for b in pool
                if b.start < end
                and b.end > start
                and (external_id is None or b.external_id == external_id)
            ),
            key=lambda b: b.id,
        )
        self._last_query = (key, found)
        return found

    def bookings_in(self, room: int) -> list[BKBooking]:
        """Return the bookings of one room."""
        return [self.bookings[i] for i in self._by_room.get(room, ())]

    def room(self, optime_index: int) -> dict[str, Any] | None:
        """Return the room with this `OptimeIndex`."""
        return next((r for r in self.rooms if r["OptimeIndex"] == optime_index), None)

    def churn(self) -> None:
        """A person cancels their oldest booking and books the same slot again at once.

        The total stays the same while every later page shifts by one: what a busy
        reception desk does to a paged read (booker-api.md, Bookings).
        """
        theirs = [b for b in self.bookings.values() if b.external_id is None]
        if not theirs:
            return
        oldest = min(theirs, key=lambda b: b.id)
        self.remove_booking(oldest.id)
        fields = {k: v for k, v in vars(oldest).items() if k not in ("id", "status")}
        self.add_booking(**fields)

    def expire_tokens(self) -> None:
        """Make every issued token expire now, as a long run would see."""
        self.tokens = {t: (user, 0.0) for t, (user, _) in self.tokens.items()}
