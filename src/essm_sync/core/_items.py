"""What a timetable item means as a booking: its key, its owner, its instants.

These are the identity and time rules of design.md; the formats of the keys are fixed for
good, since changing one would orphan every booking already made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from essm_sync.models import (
    DAY_S,
    ITEM_KIND,
    ITEM_KINDS,
    OWNED_PREFIX,
    ROOM_BOOKING_PREFIX,
    Booking,
    DeleteBooking,
    Kind,
    Stage,
    TimetableItem,
    UpdateBooking,
)

_DAY = dt.timedelta(days=1)
# Longest first: `termtime:` (activities) begins every other kind's prefix.
_BY_PREFIX = tuple(sorted(ITEM_KINDS, key=lambda kind: len(kind.prefix), reverse=True))


def external_id(unique_id: str, room: str, kind: Kind = "activities") -> str:
    """Return the key that marks a booking as the sync's own for one item in one room."""
    return f"{ITEM_KIND[kind].prefix}{unique_id}:{room}"


def kind_of_key(key: str) -> Kind | None:
    """Return which kind of item a key books: the kind with the longest prefix it starts
    with; None for a key that is none of the sync's."""
    for kind in _BY_PREFIX:
        if key.startswith(kind.prefix):
            return kind.name
    return None


def is_owned(booking: Booking, owners: frozenset[str]) -> bool:
    """Whether the sync made this booking: its key and its creator both say so.

    `owners` holds case-folded user names; a `termtime:` booking anyone else made is a
    person's booking (design.md, Identity and ownership).
    """
    key = booking.external_id
    return (
        key is not None
        and key.startswith(OWNED_PREFIX)
        and (booking.created_by or "").casefold() in owners
    )


def is_cancelled(booking: Booking) -> bool:
    """Whether someone cancelled this booking in Booker: it no longer holds its room
    (booker-api.md), and the sync never re-creates one of its own behind their back."""
    return (booking.status or "").casefold() == "cancelled"


def is_own_room_booking(booking_id: str, ours: frozenset[str]) -> bool:
    """Whether a timetable's booking item is one of the sync's own room bookings: its
    `bookingId` is an owned code, or the id or code of one (which of the two TermTime puts
    there is not said, termtime-api.md §13). Such an item is never booked into Booker, or
    the loop would close (design.md, Room bookings into TermTime)."""
    return booking_id.startswith(ROOM_BOOKING_PREFIX) or booking_id in ours


@lru_cache(maxsize=1 << 16)
def _instant(day: dt.date, seconds: int, zone: dt.tzinfo) -> dt.datetime:
    # fold=0: an ambiguous wall time is its first occurrence, a skipped one takes the
    # offset in force before the change (PEP 495; design.md, Reading real data). A term
    # repeats a few hundred (day, time) pairs, so the conversions are remembered.
    day += dt.timedelta(days=seconds // DAY_S)
    seconds %= DAY_S
    local = dt.datetime(
        day.year,
        day.month,
        day.day,
        seconds // 3600,
        seconds // 60 % 60,
        seconds % 60,
        tzinfo=zone,
    )
    return local.astimezone(dt.UTC)


def instants_of(item: TimetableItem, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime] | None:
    """Return an item's start and end as UTC instants, or None if it does not start first.

    An end earlier than the start is on the next day (the item crosses midnight); `24:00`
    is the midnight that ends the day.
    """
    return _span(item.day, item.start_s, item.end_s, zone)


def _span(
    day: dt.date, start_s: int, end_s: int, zone: dt.tzinfo
) -> tuple[dt.datetime, dt.datetime] | None:
    start = _instant(day, start_s, zone)
    end = _instant(day + _DAY if end_s < start_s else day, end_s, zone)
    return (start, end) if start < end else None


_UNREAD = object()


class InstantReader:
    """`instants_of` for many items: a term repeats a few hundred (day, start, end) triples,
    so each is worked out once."""

    def __init__(self, zone: dt.tzinfo) -> None:
        self._zone = zone
        self._seen: dict[tuple[dt.date, int, int], tuple[dt.datetime, dt.datetime] | None] = {}

    def span(
        self, day: dt.date, start_s: int, end_s: int
    ) -> tuple[dt.datetime, dt.datetime] | None:
        """Return an item's start and end as UTC instants, or None (see `instants_of`)."""
        key = (day, start_s, end_s)
        found = self._seen.get(key, _UNREAD)
        if found is _UNREAD:
            found = self._seen[key] = _span(day, start_s, end_s, self._zone)
        return found  # type: ignore[return-value]  # never _UNREAD here


def not_owned(
    stage: Stage, bookings: Iterable[Booking], owners: frozenset[str]
) -> tuple[str, ...]:
    """Return a line for each booking a saved stage would update or delete that is not, by
    what Booker says now, the sync's own (design.md, Failing well: `apply --plan`)."""
    now = {booking.optime_index: booking for booking in bookings}
    problems = []
    for change in stage.changes:
        if not isinstance(change, UpdateBooking | DeleteBooking):
            continue
        booking = now.get(change.booking_id)
        if booking is not None and not is_owned(booking, owners):
            who = booking.created_by or "an unknown user"
            problems.append(f"booking {change.booking_id} ({change.key}) is now {who}'s")
        elif booking is None and isinstance(change, UpdateBooking):
            problems.append(f"booking {change.booking_id} ({change.key}) is gone")
    return tuple(problems)
