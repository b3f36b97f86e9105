"""What a plan of bookings holds back in a room where a booking Booker listed could not be
read: nothing is created, updated or deleted there (design.md, Reading real data)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from essm_sync.core.shown import shown
from essm_sync.core.words import counted
from essm_sync.models import (
    Booking,
    BookingsSnapshot,
    Change,
    CreateBooking,
    PlanWarning,
    UpdateBooking,
)


def held_by_unread(snapshot: BookingsSnapshot, eligible: dict[str, int]) -> set[str]:
    """Return the served rooms a booking Booker listed but could not be read lies in: it may
    be the sync's own or in the way, so nothing is written there (design.md)."""
    code_of = {index: code for code, index in eligible.items()}
    return {
        code_of[record.room]
        for record in snapshot.unread
        if record.kind == "booking" and record.room in code_of
    }


def drop_forbidden(
    writes: list[Change], blocked: set[str], warnings: list[PlanWarning]
) -> list[Change]:
    """Drop the creates and updates in rooms where a booking could not be read, saying so.

    The unreadable booking may be the sync's own (a create would duplicate it) or lie where
    a booking would move to (an update could land on it): with no way to tell, the safe
    choice is no write at all in that room this run; its deletes are kept back too, as in
    any held room (`core/bookings.py` `_deletes`).
    """
    kept: list[Change] = []
    held_back: dict[str, int] = defaultdict(int)
    for change in writes:
        if isinstance(change, CreateBooking | UpdateBooking) and change.room in blocked:
            held_back[change.room] += 1
            continue
        kept.append(change)
    warnings += [
        PlanWarning(key=room, message="a booking Booker lists in this room could not be read; "
                    f"{counted(n, 'booking')} not created or updated here this run")
        for room, n in sorted(held_back.items())
    ]  # fmt: skip
    return kept


# The statuses booker-api.md lists; only `Cancelled` frees a room (`_items.is_cancelled`).
_STATUSES = frozenset({"confirmed", "provisional", "cancelled"})
_NAMED = 5  # bookings named in a warning; the rest counted


def odd_statuses(bookings: Iterable[Booking]) -> list[PlanWarning]:
    """Warn, once for each odd value, of bookings whose `Status` is null or not one Booker
    documents, naming them by `OptimeIndex`: each is taken as holding its room (the safe
    reading: a conflict, never a booking over it)."""
    odd: dict[str | None, list[int]] = defaultdict(list)
    for booking in bookings:
        if (booking.status or "").casefold() not in _STATUSES:
            odd[booking.status].append(booking.optime_index)
    warnings = []
    for status, indexes in sorted(odd.items(), key=lambda kv: kv[0] or ""):
        listed = ", ".join(str(i) for i in sorted(indexes)[:_NAMED])
        more = f" and {len(indexes) - _NAMED} more" if len(indexes) > _NAMED else ""
        value = "no Status" if status is None else f"Status {shown(status)}"
        what = "booking" if len(indexes) == 1 else "bookings"
        message = (
            f"Booker {what} {listed}{more}: {value}, not one Booker documents; taken as "
            "holding the room"
        )
        warnings.append(PlanWarning(key=str(min(indexes)), message=message))
    return warnings
