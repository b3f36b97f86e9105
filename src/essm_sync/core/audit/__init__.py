"""The audit: every discrepancy between the two systems, from what a plan reads and plans.

What the sync would change comes from the plan's own stages, so the audit's counts are the
plan's; what no sync changes is found in the snapshots. Pure, like the rest of the core.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from essm_sync.core.audit import bookings, estate, roombookings, timetable
from essm_sync.core.audit.arrange import arrange_audit
from essm_sync.core.audit.render import render_audit
from essm_sync.core.bookings import BookingRules, left_alone
from essm_sync.models import (
    CHECKS,
    Audit,
    BookingsSnapshot,
    Discrepancy,
    RoomEvents,
    RoomsSnapshot,
    Stage,
)

_ORDER = {check: position for position, check in enumerate(CHECKS)}


@dataclass(frozen=True)
class AuditInput:
    """What the audit reads: both estates as they are, the plan of all three stages (each
    previewed on the ones before, as `plan` makes it), and every TermTime room's timetable."""

    estate: RoomsSnapshot
    buildings: Stage
    rooms: Stage
    bookings: Stage
    bookings_snapshot: BookingsSnapshot  # as the bookings stage read it
    timetables: tuple[RoomEvents, ...]  # every room TermTime has, bookable or not
    roombookings: Stage | None = None  # planned only when `roombookings.owner` is set


def audit_of(
    found: AuditInput, *, rules: BookingRules, window: tuple[dt.date, dt.date], timezone: str
) -> Audit:
    """Return every discrepancy, ordered by check, then key."""
    zone = rules.zone
    snapshot = found.bookings_snapshot
    records: list[Discrepancy] = []
    records += estate.stage_records(found.buildings, found.rooms)
    records += estate.estate_records(found.estate, snapshot.booker_departments)
    records += timetable.timetable_records(
        found.timetables,
        snapshot.booker_rooms,
        snapshot.booker_buildings,
        zone=zone,
        kinds=rules.kinds,
        overlapping=rules.overlapping,
    )
    records += timetable.shared_records(found.bookings, zone)
    records += timetable.read_records(found.bookings, snapshot.timetables)
    records += timetable.department_records(snapshot, dict(rules.departments), rules.kinds)
    code_of = {room.optime_index: room.id for room in found.estate.booker_rooms}
    records += bookings.stage_records(found.bookings, zone, code_of)
    records += bookings.left_records(left_alone(snapshot, rules=rules))
    records += bookings.copied_keys(snapshot.bookings, rules.owners)
    records += roombookings.cancelled_records(snapshot.bookings, rules.owners)
    records += roombookings.stage_records(found.roombookings)
    ordered = sorted(set(records), key=lambda d: (_ORDER[d.check], d.key, d.differs))
    return Audit(
        window_start=window[0],
        window_end=window[1],
        timezone=timezone,
        discrepancies=tuple(ordered),
    )


__all__ = ["AuditInput", "arrange_audit", "audit_of", "render_audit"]
