"""Plan the teaching bookings, TermTime → Booker: one owned booking per (event, room).

An owned booking carries `ExternalId = termtime:<uniqueId>:<room code>` (design.md); the
sync creates, updates and deletes only those. People's bookings are read to foresee
conflicts, never changed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from essm_sync.core._calendar import RoomCalendar, Values, conflict_of
from essm_sync.core._common import KIND_RANK, sort_warnings
from essm_sync.models import (
    OWNED_PREFIX,
    BookerRoom,
    Booking,
    BookingDraft,
    BookingsSnapshot,
    Change,
    Conflict,
    CreateBooking,
    DeleteBooking,
    PlanWarning,
    Stage,
    TermTimeRoom,
    UpdateBooking,
)

_EXTERNAL_ID_MAX = 255
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class BookingRules:
    """How events become bookings; the engine fills this from settings."""

    zone: dt.tzinfo
    booking_type: str = "Teaching"
    departments: tuple[tuple[str, str], ...] = ()  # TermTime code -> Booker Id


def external_id(unique_id: str, room: str) -> str:
    """Return the key that marks a booking as the sync's own; fixed for good."""
    return f"{OWNED_PREFIX}{unique_id}:{room}"


def _values(booking: Booking) -> Values:
    # Aware datetimes compare as instants, whatever offset each side was written in.
    return (
        booking.room_optime_index,
        booking.start,
        booking.end,
        booking.title,
        booking.description,
        booking.booking_type,
        booking.department_id,
    )


def _draft(values: Values, key: str) -> BookingDraft:
    # Every value is typed by construction; validation would only slow a large plan.
    return BookingDraft.model_construct(
        room_optime_index=values[0],
        start=values[1],
        end=values[2],
        title=values[3],
        description=values[4],
        booking_type=values[5],
        department_id=values[6],
        external_id=key,
    )


def draft_of(booking: Booking) -> BookingDraft:
    """Return an existing owned booking in the shape the sync writes."""
    return BookingDraft.model_construct(
        room_optime_index=booking.room_optime_index,
        start=booking.start,
        end=booking.end,
        title=booking.title,
        description=booking.description,
        booking_type=booking.booking_type,
        department_id=booking.department_id,
        external_id=booking.external_id or "",
    )


def _desired(
    snapshot: BookingsSnapshot,
    eligible: dict[str, int],
    rules: BookingRules,
    warnings: list[PlanWarning],
) -> dict[str, tuple[str, Values]]:
    """Return each bookable event's booking values by external id, with its room code."""
    mapping = dict(rules.departments)
    booker_departments = {d.id for d in snapshot.booker_departments}
    unknown_departments: set[str] = set()
    desired: dict[str, tuple[str, Values]] = {}
    zone, booking_type = rules.zone, rules.booking_type
    for timetable in sorted(snapshot.timetables, key=lambda t: t.room):
        room = timetable.room
        room_index = eligible.get(room)
        if room_index is None:
            continue
        for day, event in timetable.events:
            key = external_id(event.unique_id, room)
            if len(key) > _EXTERNAL_ID_MAX:
                warnings.append(PlanWarning(key=key[:60], message="external id too long; skipped"))
                continue
            # Wall-clock times in the institution's zone; zoneinfo settles the clock change.
            start = dt.datetime.combine(day, event.start, zone)
            end = dt.datetime.combine(day, event.end, zone)
            if end <= start:
                warnings.append(PlanWarning(key=key, message="event ends before it starts"))
                continue
            department = event.department or None
            if department is not None:
                department = mapping.get(department, department)
                if department not in booker_departments:
                    unknown_departments.add(department)
                    department = None
            values: Values = (
                room_index,
                start,
                end,
                event.activity_name or event.unique_id,
                event.activity_description or None,
                booking_type,
                department,
            )
            if key in desired and desired[key][1] != values:
                warnings.append(PlanWarning(key=key, message="event listed twice; first kept"))
                continue
            desired[key] = (room, values)
    warnings += [
        PlanWarning(key=d, message="TermTime department unknown to Booker; bookings carry none")
        for d in sorted(unknown_departments)
    ]
    return desired


def bookable_rooms(
    termtime_rooms: Iterable[TermTimeRoom], booker_rooms: Iterable[BookerRoom]
) -> dict[str, int]:
    """Return the rooms whose events are booked, code to `OptimeIndex`: live and bookable
    in Booker, present and not marked for deletion in TermTime (design.md)."""
    present = {room.code for room in termtime_rooms if not room.to_delete}
    return {
        room.id: room.optime_index
        for room in booker_rooms
        if room.is_live and room.is_bookable and room.id in present
    }


def plan_bookings(snapshot: BookingsSnapshot, *, rules: BookingRules) -> Stage:
    """Return the changes that give every bookable TermTime event its Booker booking."""
    warnings: list[PlanWarning] = []
    termtime_rooms = {room.code for room in snapshot.termtime_rooms}
    eligible = bookable_rooms(snapshot.termtime_rooms, snapshot.booker_rooms)
    code_of = {room.optime_index: room.id for room in snapshot.booker_rooms}
    warnings += [
        PlanWarning(key=code, message="TermTime room unknown to Booker; its events are not booked")
        for code in sorted(set(termtime_rooms) - set(code_of.values()))
    ]
    served = {t.room: (t.served_start, t.served_end) for t in snapshot.timetables}
    desired = _desired(snapshot, eligible, rules, warnings)

    people, owned, out_of_scope = _sort_existing(snapshot.bookings, eligible, served, rules)
    if out_of_scope:
        message = (
            f"{out_of_scope} owned bookings lie outside the synced rooms or dates; left alone"
        )
        warnings.append(PlanWarning(key="bookings", message=message))
    calendars = {room: RoomCalendar(items) for room, items in people.items()}
    changes: list[Change] = _deletes(owned, desired, code_of)
    conflicts: list[Conflict] = []
    by_room: dict[int, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for key, (_, values) in desired.items():
        by_room[values[0]].append((values[1], key))
    for room_index in sorted(by_room):
        # Our own events may clash in a room: the earliest (then lowest key) keeps it.
        held_until: tuple[dt.datetime, str] | None = None
        calendar = calendars.get(room_index)
        for start, key in sorted(by_room[room_index]):
            room, values = desired[key]
            end = values[2]
            have = owned.get(key, [None])[0]
            if have is None or _values(have) != values:
                blocking = calendar.blocking(start, end) if calendar else []
                clash = held_until if held_until and held_until[0] > start else None
                if blocking or clash:
                    conflicts.append(conflict_of(key, room, values, blocking, clash))
                    continue
                changes.append(_write(key, room, values, have))
            if held_until is None or end > held_until[0]:
                held_until = (end, key)

    changes.sort(key=lambda c: (KIND_RANK[c.kind], c.key, getattr(c, "booking_id", 0)))
    conflicts.sort(key=lambda c: c.key)
    owned_count = sum(len(items) for items in owned.values())
    return Stage.model_construct(
        operation="bookings",
        fingerprint="",
        owned=owned_count,
        present=owned_count,
        desired=len(desired),
        changes=tuple(changes),
        conflicts=tuple(conflicts),
        warnings=sort_warnings(warnings),
    )


def _sort_existing(
    bookings: tuple[Booking, ...],
    eligible: dict[str, int],
    served: dict[str, tuple[dt.date, dt.date]],
    rules: BookingRules,
) -> tuple[dict[int, list[Booking]], dict[str, list[Booking]], int]:
    """Split Booker's bookings into people's (by room), ours in scope (by key), and a count
    of ours outside what TermTime served for a bookable room, which are left alone."""
    people: dict[int, list[Booking]] = defaultdict(list)
    owned: dict[str, list[Booking]] = defaultdict(list)
    out_of_scope = 0
    # Each bookable room's served dates as UTC instants: Booker answers in UTC, and
    # comparing like with like is twice as fast as across zones.
    scope = {
        index: (
            dt.datetime.combine(served[room][0], dt.time(), rules.zone).astimezone(dt.UTC),
            dt.datetime.combine(served[room][1] + _DAY, dt.time(), rules.zone).astimezone(dt.UTC),
        )
        for room, index in eligible.items()
        if room in served
    }
    for booking in bookings:
        key = booking.external_id
        if key is None or not key.startswith(OWNED_PREFIX):
            people[booking.room_optime_index].append(booking)
            continue
        window = scope.get(booking.room_optime_index)
        if window is None or not window[0] <= booking.start < window[1]:
            out_of_scope += 1
            continue
        owned[key].append(booking)
    for items in owned.values():
        items.sort(key=lambda b: b.optime_index)
    return people, owned, out_of_scope


def _deletes(
    owned: dict[str, list[Booking]],
    desired: dict[str, tuple[str, Values]],
    code_of: dict[int, str],
) -> list[Change]:
    """Delete duplicates of one event (keeping the oldest) and bookings whose event is gone."""
    changes: list[Change] = []
    for key, items in owned.items():
        doomed = [(b, "duplicate of the same event") for b in items[1:]]
        if key not in desired:
            doomed.append((items[0], "event no longer in the timetable"))
        changes += [
            DeleteBooking(
                booking_id=booking.optime_index,
                room=code_of.get(booking.room_optime_index, ""),
                before=draft_of(booking),
                reason=reason,
            )
            for booking, reason in doomed
        ]
    return changes


def _write(key: str, room: str, values: Values, have: Booking | None) -> Change:
    if have is None:
        return CreateBooking(room=room, after=_draft(values, key), reason="event in the timetable")
    return UpdateBooking(
        booking_id=have.optime_index,
        room=room,
        before=draft_of(have),
        after=_draft(values, key),
        reason="event changed in the timetable",
    )
