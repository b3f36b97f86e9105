"""Plan the teaching bookings, TermTime → Booker: one owned booking per (event, room).

An owned booking carries `ExternalId = termtime:<uniqueId>:<room code>` (design.md); the
sync creates, updates and deletes only those. People's bookings are read to foresee
conflicts, never changed.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from essm_sync.core._common import KIND_RANK, fingerprint, sort_warnings
from essm_sync.models import (
    OWNED_PREFIX,
    BlockingBooking,
    Booking,
    BookingDraft,
    BookingsSnapshot,
    Change,
    Conflict,
    CreateBooking,
    DeleteBooking,
    PlanWarning,
    Stage,
    UpdateBooking,
)

_EXTERNAL_ID_MAX = 255


@dataclass(frozen=True)
class BookingRules:
    """How events become bookings; the engine fills this from settings."""

    zone: dt.tzinfo
    booking_type: str = "Teaching"
    departments: tuple[tuple[str, str], ...] = ()  # TermTime code -> Booker Id


def external_id(unique_id: str, room: str) -> str:
    """Return the key that marks a booking as the sync's own; fixed for good."""
    return f"{OWNED_PREFIX}{unique_id}:{room}"


def _values(booking: Booking | BookingDraft) -> tuple[object, ...]:
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
    snapshot: BookingsSnapshot, eligible: dict[str, int], rules: BookingRules,
    warnings: list[PlanWarning],
) -> dict[str, tuple[str, BookingDraft]]:  # fmt: skip
    """Return each bookable event's booking by external id, with its room code."""
    mapping = dict(rules.departments)
    booker_departments = {d.id for d in snapshot.booker_departments}
    unknown_departments: set[str] = set()
    desired: dict[str, tuple[str, BookingDraft]] = {}
    zone = rules.zone
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
            # Every value is typed by construction here; skipping validation keeps a
            # 100,000-event plan fast.
            draft = BookingDraft.model_construct(
                room_optime_index=room_index,
                start=start,
                end=end,
                title=event.activity_name or event.unique_id,
                description=event.activity_description or None,
                booking_type=rules.booking_type,
                department_id=department,
                external_id=key,
            )
            if key in desired and _values(desired[key][1]) != _values(draft):
                warnings.append(PlanWarning(key=key, message="event listed twice; first kept"))
                continue
            desired[key] = (room, draft)
    warnings += [
        PlanWarning(key=d, message="TermTime department unknown to Booker; bookings carry none")
        for d in sorted(unknown_departments)
    ]
    return desired


class _RoomCalendar:
    """People's bookings in one room, sorted by start, for overlap look-ups."""

    def __init__(self, bookings: list[Booking]) -> None:
        self._bookings = sorted(bookings, key=lambda b: (b.start, b.optime_index))
        self._starts = [b.start for b in self._bookings]
        self._longest = max((b.end - b.start for b in self._bookings), default=dt.timedelta())

    def blocking(self, start: dt.datetime, end: dt.datetime) -> list[Booking]:
        first = bisect_left(self._starts, start - self._longest)
        found = []
        for booking in self._bookings[first:]:
            if booking.start >= end:
                break
            if booking.end > start:
                found.append(booking)
        return found


def plan_bookings(snapshot: BookingsSnapshot, *, rules: BookingRules) -> Stage:
    """Return the changes that give every bookable TermTime event its Booker booking."""
    warnings: list[PlanWarning] = []
    termtime_rooms = {room.code: room for room in snapshot.termtime_rooms}
    eligible = {
        room.id: room.optime_index
        for room in snapshot.booker_rooms
        if room.is_live
        and room.is_bookable
        and room.id in termtime_rooms
        and not termtime_rooms[room.id].to_delete
    }
    code_of = {room.optime_index: room.id for room in snapshot.booker_rooms}
    served = {t.room: (t.served_start, t.served_end) for t in snapshot.timetables}
    desired = _desired(snapshot, eligible, rules, warnings)

    people: dict[int, list[Booking]] = defaultdict(list)
    owned: dict[str, list[Booking]] = defaultdict(list)
    out_of_scope = 0
    for booking in snapshot.bookings:
        if not booking.is_owned:
            people[booking.room_optime_index].append(booking)
            continue
        room = code_of.get(booking.room_optime_index, "")
        window = served.get(room)
        day = booking.start.astimezone(rules.zone).date()
        if room not in eligible or window is None or not window[0] <= day <= window[1]:
            out_of_scope += 1  # outside what TermTime served for a bookable room: left alone
            continue
        owned[booking.external_id or ""].append(booking)
    if out_of_scope:
        message = (
            f"{out_of_scope} owned bookings lie outside the synced rooms or dates; left alone"
        )
        warnings.append(PlanWarning(key="bookings", message=message))

    calendars = {room: _RoomCalendar(items) for room, items in people.items()}
    changes: list[Change] = []
    conflicts: list[Conflict] = []
    for key, items in owned.items():
        items.sort(key=lambda b: b.optime_index)
        for extra in items[1:]:
            changes.append(
                DeleteBooking(
                    booking_id=extra.optime_index,
                    room=code_of.get(extra.room_optime_index, ""),
                    before=draft_of(extra),
                    reason="duplicate of the same event",
                )
            )
        if key not in desired:
            first = items[0]
            changes.append(
                DeleteBooking(
                    booking_id=first.optime_index,
                    room=code_of.get(first.room_optime_index, ""),
                    before=draft_of(first),
                    reason="event no longer in the timetable",
                )
            )

    # Our own events may clash in a room: the earliest (then lowest key) keeps it.
    last_end: dict[int, tuple[dt.datetime, str]] = {}
    for key, (room, draft) in sorted(
        desired.items(), key=lambda item: (item[1][1].room_optime_index, item[1][1].start, item[0])
    ):
        have = owned.get(key, [None])[0]
        if have is not None and _values(have) == _values(draft):
            _remember(last_end, draft, key)
            continue
        clash = last_end.get(draft.room_optime_index)
        calendar = calendars.get(draft.room_optime_index)
        blocking = calendar.blocking(draft.start, draft.end) if calendar else []
        if blocking or (clash is not None and clash[0] > draft.start):
            conflicts.append(
                Conflict(
                    key=key,
                    room=room,
                    title=draft.title,
                    start=draft.start,
                    end=draft.end,
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
            )
            continue
        _remember(last_end, draft, key)
        if have is None:
            changes.append(CreateBooking(room=room, after=draft, reason="event in the timetable"))
        else:
            changes.append(
                UpdateBooking(
                    booking_id=have.optime_index,
                    room=room,
                    before=draft_of(have),
                    after=draft,
                    reason="event changed in the timetable",
                )
            )

    changes.sort(key=lambda c: (KIND_RANK[c.kind], c.key, getattr(c, "booking_id", 0)))
    conflicts.sort(key=lambda c: c.key)
    owned_count = sum(len(items) for items in owned.values())
    return Stage.model_construct(
        operation="bookings",
        fingerprint=fingerprint(snapshot),
        owned=owned_count,
        present=owned_count,
        desired=len(desired),
        changes=tuple(changes),
        conflicts=tuple(conflicts),
        warnings=sort_warnings(warnings),
    )


def _remember(last_end: dict[int, tuple[dt.datetime, str]], draft: BookingDraft, key: str) -> None:
    held = last_end.get(draft.room_optime_index)
    if held is None or draft.end > held[0]:
        last_end[draft.room_optime_index] = (draft.end, key)
