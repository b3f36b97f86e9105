"""Booking discrepancies: what the bookings stage would write, what stops it (people's
bookings in the way), owned bookings it leaves alone, and keys copied by people."""

from __future__ import annotations

import datetime as dt

from essm_sync.core._calendar import Values
from essm_sync.core._items import is_owned
from essm_sync.core.audit._record import record, when
from essm_sync.core.bookings import LeftAlone
from essm_sync.models import (
    OWNED_PREFIX,
    Booking,
    BookingDraft,
    Check,
    CreateBooking,
    DeleteBooking,
    Discrepancy,
    Stage,
    UpdateBooking,
)

_SYNC = "run `essm-sync sync bookings`"
# What the audit calls each of the booking fields `Values` declares; start and end are shown
# together as the booking's time. A field missing here fails loudly in `_values`.
_LABEL = {
    "room_optime_index": "room",
    "start": "time",
    "end": "time",
    "title": "title",
    "description": "description",
    "booking_type": "type",
    "department_id": "department",
}
_FIELDS = tuple(dict.fromkeys(_LABEL[name] for name in Values._fields))


def _values(draft: BookingDraft, zone: dt.tzinfo, code_of: dict[int, str]) -> dict[str, str]:
    index = draft.room_optime_index
    shown = {
        "room": code_of.get(index, f"OptimeIndex {index}"),
        "time": when(draft.start, draft.end, zone),
        "title": draft.title,
        "description": draft.description or "",
        "type": draft.booking_type or "",
        "department": draft.department_id or "",
    }
    return {label: shown[label] for label in _FIELDS}


def stage_records(stage: Stage, zone: dt.tzinfo, code_of: dict[int, str]) -> list[Discrepancy]:
    """Return what the bookings stage would write, and each item a person's booking keeps
    out (who, when); items kept out by another item are timetable clashes."""
    found: list[Discrepancy] = []
    for conflict in stage.conflicts:
        for booking in conflict.blocking:
            who = booking.created_by or "an unknown user"
            found.append(record(
                "booking-conflict", "Booker", conflict.key,
                f"room {conflict.room} held by booking {booking.booking_id} "
                f"({booking.title!r}, made by {who})",
                "move the item in TermTime, or the booking in Booker",
                booker=when(booking.start, booking.end, zone),
                termtime=when(conflict.start, conflict.end, zone),
            ))  # fmt: skip
    for change in stage.changes:
        if isinstance(change, CreateBooking):
            found.append(record(
                "booking-missing", "Booker", change.key, "item without its booking", _SYNC,
                termtime=when(change.after.start, change.after.end, zone),
            ))  # fmt: skip
        elif isinstance(change, UpdateBooking):
            before = _values(change.before, zone, code_of)
            after = _values(change.after, zone, code_of)
            found += [
                record("booking-differs", "Booker", change.key, name, _SYNC,
                       booker=before[name], termtime=after[name])
                for name in _FIELDS if before[name] != after[name]
            ]  # fmt: skip
        elif isinstance(change, DeleteBooking):
            found.append(_gone(change.booking_id, change.key, change.reason, _SYNC))
    return found


def _gone(booking_id: int, key: str, reason: str, fix: str) -> Discrepancy:
    check: Check = "booking-duplicate" if reason.startswith("duplicate") else "booking-orphaned"
    return record(check, "Booker", f"{key} #{booking_id}", reason, fix)


def left_records(left: LeftAlone) -> list[Discrepancy]:
    """Return the owned bookings no sync deletes now, and why."""
    found = [
        _gone(booking.optime_index, booking.external_id or "", reason,
              "correct the room's unreadable items in TermTime, or delete the booking in "
              "Booker; the sync keeps it while its day or room is not confirmed")
        for booking, reason in left.kept
    ]  # fmt: skip
    found += [
        record("booking-out-of-scope", "Booker", f"{b.external_id} #{b.optime_index}",
               "owned booking in a room or of a kind the sync no longer books",
               "delete it in Booker if it is no longer wanted")
        for b in left.out_of_scope
    ]  # fmt: skip
    return found


def copied_keys(bookings: tuple[Booking, ...], owners: frozenset[str]) -> list[Discrepancy]:
    """Return the `termtime:` bookings someone else made: people's bookings, never touched."""
    return [
        record("booking-copied-key", "Booker", f"{b.external_id} #{b.optime_index}",
               f"ExternalId starts {OWNED_PREFIX} but the booking was made by "
               f"{b.created_by or 'an unknown user'}",
               "give the booking another ExternalId in Booker; the sync never touches it",
               booker=b.created_by or "")
        for b in bookings
        if (b.external_id or "").startswith(OWNED_PREFIX) and not is_owned(b, owners)
    ]  # fmt: skip
