"""`audit`: read both systems as `plan` does, plus the timetables of rooms the sync does not
book, and hand everything to the core's audit. Nothing is written."""

from __future__ import annotations

from essm_sync.core import AuditInput, arrange_audit, audit_of
from essm_sync.engine.context import RunOptions, Systems, rules_of
from essm_sync.engine.fetch import fetch_rooms, fetch_timetables
from essm_sync.engine.heap import frozen_heap
from essm_sync.engine.reads import Reads
from essm_sync.engine.run import preview_stages
from essm_sync.models import ALL_OPERATIONS, OPERATIONS, Audit, BookingsSnapshot
from essm_sync.settings import Settings


async def audit_systems(systems: Systems, settings: Settings, options: RunOptions) -> Audit:
    """Return every discrepancy between the two systems, as they are now."""
    reads = Reads(systems.termtime, systems.booker)
    estate = await fetch_rooms(reads)  # as it is, before any stage is previewed on it
    # The room-bookings stage only when the operation is on (`roombookings.owner` set).
    operations = ALL_OPERATIONS if settings.roombookings.owner is not None else OPERATIONS
    (buildings, _), (rooms, _), (bookings, snapshot), *more = await preview_stages(
        operations, reads, settings, options
    )
    if not isinstance(snapshot, BookingsSnapshot):
        raise TypeError("the bookings stage was planned on another snapshot")
    # Rooms the sync does not book have timetables too: their items are discrepancies.
    read = {t.room for t in snapshot.timetables if not t.absent}
    others = sorted({room.code for room in estate.termtime_rooms} - read)
    # Never outside TermTime's academic year (design.md): the stage's own days, or none.
    days = options.cut().days
    extra = (
        ()
        if days is None
        else await fetch_timetables(
            reads,
            others,
            first_day=days[0],
            last_day=days[1],
            kinds=settings.bookings.item_kinds(),
            progress=options.fetch_progress,
        )
    )
    found = AuditInput(
        estate=estate,
        buildings=buildings,
        rooms=rooms,
        bookings=bookings,
        bookings_snapshot=snapshot,
        roombookings=more[0][0] if more else None,
        timetables=tuple(
            sorted(
                [t for t in snapshot.timetables if not t.absent] + list(extra),
                key=lambda t: t.room,
            )
        ),
    )
    rules = rules_of(settings)
    with frozen_heap():
        audit = audit_of(
            found,
            rules=rules,
            window=days or (options.first_day, options.last_day),
            timezone=settings.bookings.timezone,
        )
        # For people: a room's cause once, each record in the timetable's words.
        return arrange_audit(audit, found, rules=rules)
