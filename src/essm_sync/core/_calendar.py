"""Overlaps with people's bookings, and how a conflict is described."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from typing import NamedTuple

from essm_sync.models import BlockingBooking, Booking, Conflict


class Values(NamedTuple):
    """What an owned booking must equal; instants in UTC, so equal instants compare equal
    even on a clock-change night (PEP 495: an ambiguous local time never equals another
    zone's instant).

    The one list of the booking fields the sync writes and compares: each is named as on
    `Booking` and `BookingDraft`, so that reading, comparing and drafting follow it.
    """

    room_optime_index: int
    start: dt.datetime
    end: dt.datetime
    title: str
    description: str | None
    booking_type: str | None
    department_id: str | None


class RoomCalendar:
    """People's bookings in one room, sorted by start, for overlap look-ups."""

    def __init__(self, bookings: list[Booking]) -> None:
        self._bookings = sorted(bookings, key=lambda b: (b.start, b.optime_index))
        self._starts = [b.start for b in self._bookings]
        self._longest = max((b.end - b.start for b in self._bookings), default=dt.timedelta())

    def blocking(self, start: dt.datetime, end: dt.datetime) -> list[Booking]:
        """Return the bookings overlapping [start, end)."""
        first = bisect_left(self._starts, start - self._longest)
        found = []
        for booking in self._bookings[first:]:
            if booking.start >= end:
                break
            if booking.end > start:
                found.append(booking)
        return found


def conflict_of(
    key: str,
    room: str,
    values: Values,
    blocking: list[Booking],
    clash: tuple[dt.datetime, str] | None,
) -> Conflict:
    """Describe an event that cannot be booked, and what holds its room."""
    return Conflict(
        key=key,
        room=room,
        title=values.title,
        start=values.start,
        end=values.end,
        blocking=tuple(
            BlockingBooking(
                booking_id=b.optime_index,
                title=b.title,
                start=b.start,
                end=b.end,
                created_by=b.created_by,
            )
            for b in blocking
        ),
        clashes_with=None if blocking or clash is None else clash[1],
    )
