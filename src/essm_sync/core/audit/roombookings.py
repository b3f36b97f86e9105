"""Room-booking discrepancies: what the `roombookings` stage would write, and owned
bookings people cancelled in Booker (left alone, never re-created)."""

from __future__ import annotations

from essm_sync.core._items import is_cancelled, is_owned
from essm_sync.core.audit._record import record
from essm_sync.models import (
    Booking,
    CreateRoomBooking,
    DeleteRoomBooking,
    Discrepancy,
    RoomBookingFields,
    Stage,
    UpdateRoomBooking,
)

_SYNC = "run `essm-sync sync roombookings`"


def _shown(fields: RoomBookingFields) -> str:
    return (
        f"{fields.rooms} {fields.pat} day {fields.day} {fields.time} for {fields.du} "
        f"{fields.des!r}"
    )


def stage_records(stage: Stage | None) -> list[Discrepancy]:
    """Return what the room-bookings stage would write: one record per create and delete,
    one per field an update changes."""
    if stage is None:
        return []
    found: list[Discrepancy] = []
    for change in stage.changes:
        if isinstance(change, CreateRoomBooking):
            found.append(record(
                "roombooking-missing", "TermTime", change.key,
                "person's booking without its room booking", _SYNC,
                booker=_shown(change.after),
            ))  # fmt: skip
        elif isinstance(change, UpdateRoomBooking):
            found += [
                record("roombooking-differs", "TermTime", change.key, name, _SYNC,
                       booker=getattr(change.after, name),
                       termtime=getattr(change.before, name))
                for name in RoomBookingFields.model_fields
                if getattr(change.after, name) != getattr(change.before, name)
            ]  # fmt: skip
        elif isinstance(change, DeleteRoomBooking):
            found.append(record("roombooking-stale", "TermTime", change.key, change.reason,
                                _SYNC, termtime=_shown(change.before)))  # fmt: skip
    return found


def cancelled_records(bookings: tuple[Booking, ...], owners: frozenset[str]) -> list[Discrepancy]:
    """Return the sync's own bookings a person cancelled: left alone, never re-created."""
    return [
        record("booking-cancelled", "Booker", f"{b.external_id} #{b.optime_index}",
               "owned booking cancelled in Booker; the sync leaves it alone",
               "restore it in Booker, or delete it there if the cancellation stands",
               booker=b.status or "")
        for b in bookings
        if is_cancelled(b) and is_owned(b, owners)
    ]  # fmt: skip
