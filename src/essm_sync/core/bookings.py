"""Plan the bookings, TermTime → Booker: one owned booking per (item, room).

The sync creates, updates and deletes only bookings it owns (design.md, Identity and
ownership). People's bookings are read to foresee conflicts, never changed. A room with an
item that could not be read is held: its readable items are booked, nothing in it deleted;
a room where a Booker booking could not be read gets no write at all (`core/_holds.py`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Literal

from essm_sync.core._calendar import RoomCalendar, Values, conflict_of
from essm_sync.core._common import duplicated_codes, sort_warnings
from essm_sync.core._groups import Entry, Sharing, share_rooms
from essm_sync.core._holds import drop_forbidden, held_by_unread, odd_statuses
from essm_sync.core._items import (
    InstantReader,
    external_id,
    is_cancelled,
    is_own_room_booking,
    is_owned,
    kind_of_key,
)
from essm_sync.core._lookalike import held_lookalikes
from essm_sync.core._rooms import BookerRooms
from essm_sync.core._unread import skipped_of, unread_keys
from essm_sync.models import (
    DEFAULT_KINDS,
    ITEM_KIND,
    ITEM_KINDS,
    BookerBuilding,
    BookerRoom,
    Booking,
    BookingDraft,
    BookingsSnapshot,
    Change,
    Conflict,
    CreateBooking,
    DeleteBooking,
    Kind,
    PlanWarning,
    Skipped,
    Stage,
    TermTimeRoom,
    UpdateBooking,
)

_EXTERNAL_ID_MAX = 255
_DAY = dt.timedelta(days=1)


def _default_types() -> dict[Kind, str]:
    return {kind.name: kind.default_type for kind in ITEM_KINDS}


@dataclass(frozen=True, kw_only=True)
class BookingRules:
    """How items become bookings; the engine fills this from settings."""

    zone: dt.tzinfo
    # Case-folded Booker user names whose `termtime:` bookings are the sync's own; no
    # default: who they are is the settings' to say (`BookerSettings.owners`).
    owners: frozenset[str]
    booking_types: dict[Kind, str] = field(default_factory=_default_types)
    departments: tuple[tuple[str, str], ...] = ()  # TermTime code -> Booker Id
    kinds: tuple[Kind, ...] = DEFAULT_KINDS
    # Items overlapping in one room: one booking over their union, or the earliest keeps
    # the room (design.md, Rooms taught together).
    overlapping: Literal["share", "first"] = "share"


@dataclass
class _Desired:
    """What the timetable asks for, and what it could not say."""

    values: dict[str, tuple[str, Values]] = field(default_factory=dict)  # key -> (room, values)
    unique_ids: dict[str, str] = field(default_factory=dict)  # key -> its item's uniqueId
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)


# A booking's values, read by the field names `Values` declares (in C: a large plan reads
# a hundred thousand bookings).
_fields_of = attrgetter(*Values._fields)


def _values(booking: Booking | BookingDraft) -> Values:
    # Booker's instants carry a fixed offset, so they compare with the UTC instants of the
    # timetable by instant; PEP 495's exception concerns zone-based times only.
    return Values._make(_fields_of(booking))


def _same(booking: Booking, values: Values) -> bool:
    # A tuple equals a named tuple of the same values, field by field in order.
    same: bool = _fields_of(booking) == values
    return same


def _draft(values: Values, key: str) -> BookingDraft:
    # Every value is typed by construction; validation would only slow a large plan.
    return BookingDraft.model_construct(**values._asdict(), external_id=key)


def draft_of(booking: Booking) -> BookingDraft:
    """Return an existing owned booking in the shape the sync writes."""
    return _draft(_values(booking), booking.external_id or "")


def bookable_rooms(
    termtime_rooms: Iterable[TermTimeRoom],
    booker_rooms: Iterable[BookerRoom],
    booker_buildings: Iterable[BookerBuilding],
) -> dict[str, int]:
    """Return the rooms whose items are booked, code to `OptimeIndex`: served in Booker
    (`core/_rooms.py`), present and unmarked in TermTime."""
    return BookerRooms(booker_rooms, booker_buildings).served(termtime_rooms)


def _bookable(snapshot: BookingsSnapshot) -> dict[str, int]:
    return bookable_rooms(
        snapshot.termtime_rooms, snapshot.booker_rooms, snapshot.booker_buildings
    )


def _read_items(
    snapshot: BookingsSnapshot, eligible: dict[str, int], rules: BookingRules
) -> _Desired:
    """Return each readable item's booking values by key, and every item set aside."""
    mapping = dict(rules.departments)
    booker_departments = {d.id for d in snapshot.booker_departments}
    found = _Desired()
    unknown_departments: set[str] = set()
    types, kinds, values_of = rules.booking_types, rules.kinds, found.values
    ours = snapshot.own_room_bookings
    instants = InstantReader(rules.zone)
    twice: set[str] = set()  # keys of items listed more than once
    for timetable in sorted(snapshot.timetables, key=lambda t: t.room):
        room = timetable.room
        room_index = eligible.get(room)
        if room_index is None:
            continue
        if timetable.unreadable is not None:
            whole = Skipped(
                room=room, kind="timetable", item="(whole answer)", problem=timetable.unreadable
            )
            found.skipped.append(whole)
        found.skipped += [
            Skipped(room=room, kind=ITEM_KIND[u.kind].setting, item=u.item, problem=u.problem)
            for u in timetable.skipped
        ]
        for item in timetable.items:
            # Unpacked once: a large plan reads each field of a hundred thousand items.
            kind, day, unique_id, title, description, department, start_s, end_s, _, rb = item
            if kind not in kinds or (rb is not None and is_own_room_booking(rb, ours)):
                continue
            key = external_id(unique_id, room, kind)
            if len(key) > _EXTERNAL_ID_MAX:
                problem = f"its ExternalId would exceed {_EXTERNAL_ID_MAX} characters"
                found.skipped.append(_skipped(room, kind, unique_id, problem))
                continue
            when = instants.span(day, start_s, end_s)
            if when is None:
                found.skipped.append(
                    _skipped(room, kind, unique_id, "it does not start before it ends")
                )
                continue
            if department is not None:
                department = mapping.get(department, department)
                if department not in booker_departments:
                    unknown_departments.add(department)
                    department = None
            values = Values(
                room_index, when[0], when[1], title, description, types[kind], department
            )
            have = values_of.get(key)
            if have is not None:
                # Said once per item however often it repeats, as the audit's
                # `item-listed-twice` says it (core/audit/timetable.py).
                if key not in twice:
                    twice.add(key)
                    message = (
                        "item listed twice with different details; first kept"
                        if have[1] != values
                        else "item listed twice with the same details; booked once"
                    )
                    found.warnings.append(PlanWarning(key=key, message=message))
                continue
            values_of[key] = (room, values)
            found.unique_ids[key] = unique_id
    found.warnings += [
        PlanWarning(key=d, message="TermTime department unknown to Booker; bookings carry none")
        for d in sorted(unknown_departments)
    ]
    return found


@dataclass
class _Existing:
    """Booker's bookings sorted by what the sync may do with them."""

    people: dict[int, list[Booking]] = field(default_factory=lambda: defaultdict(list))
    owned: dict[str, list[Booking]] = field(default_factory=lambda: defaultdict(list))
    out_of_scope: list[Booking] = field(default_factory=list)  # owned; room or kind not synced
    # Keys of owned bookings someone cancelled: left alone, never re-created (design.md).
    cancelled: set[str] = field(default_factory=set)
    # Each bookable room's served days as UTC instants (design.md, served days).
    served: dict[int, tuple[dt.datetime, dt.datetime]] = field(default_factory=dict)

    def deletable(self, booking: Booking) -> bool:
        """Whether an owned booking lies on a day TermTime confirmed serving its room."""
        window = self.served.get(booking.room_optime_index)
        return window is not None and window[0] <= booking.start < window[1]


def _sort_existing(
    snapshot: BookingsSnapshot, eligible: dict[str, int], rules: BookingRules
) -> _Existing:
    """Split Booker's bookings into people's (by room) and the sync's (by key), and note the
    days TermTime confirmed serving each room: only owned bookings on those may be deleted."""
    existing = _Existing()
    for timetable in snapshot.timetables:
        index = eligible.get(timetable.room)
        if index is None or timetable.served is None:
            continue
        first, last = timetable.served
        existing.served[index] = (
            dt.datetime.combine(first, dt.time(), rules.zone).astimezone(dt.UTC),
            dt.datetime.combine(last + _DAY, dt.time(), rules.zone).astimezone(dt.UTC),
        )
    rooms = set(eligible.values())
    owners, kinds = rules.owners, rules.kinds
    people, owned = existing.people, existing.owned
    for booking in snapshot.bookings:
        if not is_owned(booking, owners):
            # A cancelled booking no longer holds its room (booker-api.md): no conflict.
            if not is_cancelled(booking):
                people[booking.room_optime_index].append(booking)
            continue
        key = booking.external_id or ""
        if is_cancelled(booking):
            existing.cancelled.add(key)
            continue
        room = booking.room_optime_index
        kind = kind_of_key(key)
        if room not in rooms or kind is None or kind not in kinds:
            existing.out_of_scope.append(booking)
            continue
        owned[key].append(booking)
    for items in owned.values():
        if len(items) > 1:
            items.sort(key=lambda b: b.optime_index)
    return existing


def _deletes(
    existing: _Existing,
    desired: dict[str, tuple[str, Values]],
    absorbed: dict[str, str],
    code_of: dict[int, str],
    held: set[str],
) -> tuple[list[Change], list[tuple[Booking, str]]]:
    """Delete duplicates of one item (keeping the oldest), the own bookings of items now
    sharing another member's, and bookings whose item is gone, only on served days and
    never in held rooms; return them and those kept, with why each would otherwise go."""
    changes: list[Change] = []
    kept: list[tuple[Booking, str]] = []
    for key, items in existing.owned.items():
        if len(items) == 1 and key in desired and key not in absorbed:
            continue  # the usual case: one booking, still wanted
        doomed = [(b, "duplicate of the same item") for b in items[1:]]
        if key in absorbed:
            reason = f"duplicate: taught together, the room is booked once as {absorbed[key]}"
            doomed = [(b, reason) for b in items]
        elif key not in desired:
            doomed.append((items[0], "item no longer in the timetable"))
        for booking, reason in doomed:
            room = code_of.get(booking.room_optime_index, "")
            if room in held or not existing.deletable(booking):
                kept.append((booking, reason))
                continue
            changes.append(
                DeleteBooking(
                    booking_id=booking.optime_index,
                    room=room,
                    before=draft_of(booking),
                    reason=reason,
                )
            )
    return changes, kept


def _rooms_of(desired: dict[str, tuple[str, Values]]) -> dict[int, list[Entry]]:
    """Return each room's bookings to make, sorted by start, then key."""
    by_room: dict[int, list[Entry]] = defaultdict(list)
    for key, (room, values) in desired.items():
        by_room[values.room_optime_index].append((values.start, key, room, values))
    for listed in by_room.values():
        listed.sort()  # keys are unique: never compared further than (start, key)
    return by_room


def _drop_cancelled(
    by_room: dict[int, list[Entry]], sharing: Sharing, cancelled: set[str]
) -> set[str]:
    """Take out of `by_room` each booking whose owned booking someone cancelled (or that
    must wait, see `_stuck`), and each group with such a member; return their keys."""
    if not cancelled:
        return set()
    gone = cancelled | {s.key for s in sharing.shared if not cancelled.isdisjoint(s.items)}
    for listed in by_room.values():
        listed[:] = [entry for entry in listed if entry[1] not in gone]
    return gone


def _stuck(
    kept: list[tuple[Booking, str]], absorbed: dict[str, str], warnings: list[PlanWarning]
) -> set[str]:
    """Return the groups a member's own booking still holds the room for, since it may not
    be deleted now (room held, day unconfirmed): writing the group's booking over it would
    clash with the sync's own booking, so the group waits, said once each."""
    keys = (b.external_id or "" for b, _ in kept)
    stuck = sorted({absorbed[key] for key in keys if key in absorbed})
    warnings += [
        PlanWarning(key=key, message="shared booking not written this run: a member's own "
                    "booking is kept (room held or day not confirmed) and would be in its way")
        for key in stuck
    ]  # fmt: skip
    return set(stuck)


def _writes(
    by_room: dict[int, list[Entry]],
    owned: dict[str, list[Booking]],
    people: dict[int, list[Booking]],
) -> tuple[list[Change], list[Conflict]]:
    """Create or update each booking, unless a person's booking or an earlier item of ours
    holds the room then: that is a conflict, reported and not written."""
    calendars = {room: RoomCalendar(items) for room, items in people.items()}
    changes: list[Change] = []
    conflicts: list[Conflict] = []
    for room_index in sorted(by_room):
        # Our own items may clash in a room: the earliest (then lowest key) keeps it.
        held_until: tuple[dt.datetime, str] | None = None
        calendar = calendars.get(room_index)
        for start, key, room, values in by_room[room_index]:
            mine = owned.get(key)
            have = mine[0] if mine else None
            if have is None or not _same(have, values):
                blocking = calendar.blocking(start, values.end) if calendar else []
                clash = held_until if held_until and held_until[0] > start else None
                if blocking or clash:
                    conflicts.append(conflict_of(key, room, values, blocking, clash))
                    continue
                changes.append(_write(key, room, values, have))
            if held_until is None or values.end > held_until[0]:
                held_until = (values.end, key)
    return changes, conflicts


@dataclass(frozen=True)
class LeftAlone:
    """Owned bookings a plan leaves as they are although nothing in the timetable wants
    them: kept (room held, day not confirmed), with why each would go, or out of scope."""

    kept: tuple[tuple[Booking, str], ...]
    out_of_scope: tuple[Booking, ...]


def left_alone(snapshot: BookingsSnapshot, *, rules: BookingRules) -> LeftAlone:
    """Return the owned bookings `plan_bookings` neither keeps in step nor deletes."""
    eligible = _bookable(snapshot)
    code_of = {room.optime_index: room.id for room in snapshot.booker_rooms}
    desired = _read_items(snapshot, eligible, rules)
    held = {skipped.room for skipped in desired.skipped} | held_by_unread(snapshot, eligible)
    existing = _sort_existing(snapshot, eligible, rules)
    sharing = _shared(_rooms_of(desired.values), desired, existing, rules)
    _, kept = _deletes(existing, desired.values, sharing.absorbed, code_of, held)
    return LeftAlone(tuple(kept), tuple(existing.out_of_scope))


def _shared(
    by_room: dict[int, list[Entry]], desired: _Desired, existing: _Existing, rules: BookingRules
) -> Sharing:
    """Let the items taught together in each room share one booking (`by_room` is changed
    to hold it in their place); with `first`, nothing is shared."""
    if rules.overlapping == "first":
        return Sharing({}, ())
    oldest = {key: items[0].optime_index for key, items in existing.owned.items()}
    return share_rooms(by_room, desired.unique_ids, oldest)


def plan_bookings(snapshot: BookingsSnapshot, *, rules: BookingRules) -> Stage:
    """Return the changes that give every bookable TermTime item its Booker booking."""
    eligible = _bookable(snapshot)
    code_of = {room.optime_index: room.id for room in snapshot.booker_rooms}
    desired = _read_items(snapshot, eligible, rules)
    warnings = desired.warnings + _room_warnings(snapshot, eligible)
    warnings += odd_statuses(snapshot.bookings)
    blocked = held_by_unread(snapshot, eligible)
    held = {skipped.room for skipped in desired.skipped} | blocked

    existing = _sort_existing(snapshot, eligible, rules)
    if existing.out_of_scope:
        message = (
            f"{len(existing.out_of_scope)} owned bookings lie in rooms or kinds not synced "
            "now; left alone"
        )
        warnings.append(PlanWarning(key="bookings", message=message))
    by_room = _rooms_of(desired.values)
    sharing = _shared(by_room, desired, existing, rules)
    deletes, kept = _deletes(existing, desired.values, sharing.absorbed, code_of, held)
    if kept:
        message = (
            f"{len(kept)} owned bookings with no item kept: their room is held or TermTime "
            "did not confirm serving their day"
        )
        warnings.append(PlanWarning(key="bookings", message=message))
    # Never re-create what someone cancelled, alone or as a group's booking (design.md).
    stuck = _stuck(kept, sharing.absorbed, warnings)
    gone = _drop_cancelled(by_room, sharing, existing.cancelled | stuck)
    writes, conflicts = _writes(by_room, existing.owned, existing.people)
    writes = drop_forbidden(writes, blocked, warnings)
    warnings += [
        PlanWarning(key=key, message="owned booking cancelled in Booker; left alone, not "
                    "booked again")
        for key in sorted(existing.cancelled & desired.values.keys())
    ]  # fmt: skip
    changes = deletes + writes
    changes.sort(key=lambda c: (c.rank, c.key, getattr(c, "booking_id", 0)))
    conflicts.sort(key=lambda c: c.key)
    # A group a person's booking keeps out is that conflict, not also a shared booking.
    kept_out = {conflict.key for conflict in conflicts}
    owned_count = sum(len(items) for items in existing.owned.values())
    return Stage.model_construct(
        operation="bookings",
        owned=owned_count,
        present=owned_count,
        desired=len(desired.values) - len(sharing.absorbed),
        changes=tuple(changes),
        conflicts=tuple(conflicts),
        warnings=sort_warnings(warnings),
        held=tuple(sorted(held)),
        skipped=tuple(
            sorted(
                desired.skipped + skipped_of(snapshot.unread, room_of=code_of),
                key=lambda s: (s.room, s.system, s.kind, s.item, s.problem),
            )
        ),
        shared=tuple(s for s in sharing.shared if s.key not in kept_out and s.key not in gone),
    )


def _room_warnings(snapshot: BookingsSnapshot, eligible: dict[str, int]) -> list[PlanWarning]:
    """Warn of rooms whose items cannot be booked, or whose served days are not known."""
    booker_codes = [room.id for room in snapshot.booker_rooms]
    termtime_codes = {room.code for room in snapshot.termtime_rooms}
    # Neither of a look-alike pair is served (`BookerRooms.served` matches codes exactly),
    # so nothing is booked or deleted there; the pair is named, not called unknown.
    alike = held_lookalikes(booker_codes, termtime_codes, what="room")
    warnings = list(alike.warnings)
    # A Booker room that could not be read is named as skipped, once: not also unknown.
    known = set(booker_codes) | alike.held | unread_keys(snapshot.unread, "Booker", "room")
    warnings += [
        PlanWarning(key=code, message="TermTime room unknown to Booker; its items are not booked")
        for code in sorted(termtime_codes - known)
    ]
    warnings += [
        PlanWarning(key=code, message="several Booker rooms share this code; none is booked")
        for code in sorted(duplicated_codes(booker_codes))
    ]
    warnings += [
        PlanWarning(
            key=t.room,
            message="TermTime did not say which days it served; nothing in this room is deleted",
        )
        for t in snapshot.timetables
        if t.room in eligible and t.served is None and t.unreadable is None and not t.absent
    ]
    return warnings


def _skipped(room: str, kind: Kind, item: str, problem: str) -> Skipped:
    return Skipped(room=room, kind=ITEM_KIND[kind].setting, item=item, problem=problem)


def _write(key: str, room: str, values: Values, have: Booking | None) -> Change:
    if have is None:
        return CreateBooking(room=room, after=_draft(values, key), reason="item in the timetable")
    return UpdateBooking(
        booking_id=have.optime_index,
        room=room,
        before=draft_of(have),
        after=_draft(values, key),
        reason="item changed in the timetable",
        created_by=have.created_by,
        status=have.status,
    )
