"""Invariants of the bookings planner over generated timetables and Booker states."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from essm_sync.core import is_owned, load_plan, plan_bookings, render_json
from essm_sync.models import (
    Booking,
    BookingsSnapshot,
    CreateBooking,
    DeleteBooking,
    Plan,
    Stage,
    UpdateBooking,
)
from tests.factories import (
    RULES,
    booker_room,
    booking,
    bookings_snapshot,
    event,
    timetable,
    tt_room,
)

ROOMS = (("R1", 1), ("R2", 2))
BASE = dt.date(2026, 10, 19)  # a week spanning the clock change


@st.composite
def worlds(draw: st.DrawFn) -> BookingsSnapshot:
    """A small timetable, and Booker bookings that partly match it, partly not."""
    events: dict[str, list[tuple[dt.date, object]]] = {code: [] for code, _ in ROOMS}
    for n in range(draw(st.integers(0, 8))):
        room = draw(st.sampled_from([code for code, _ in ROOMS]))
        day = BASE + dt.timedelta(days=draw(st.integers(0, 9)))
        hour = draw(st.integers(8, 17))
        length = draw(st.integers(1, 2))
        title = draw(st.sampled_from(["Lecture", "Seminar"]))
        events[room].append(
            (
                day,
                event(f"U{n}", start=f"{hour:02d}:00", end=f"{hour + length:02d}:00", name=title),
            )
        )
    existing: list[Booking] = []
    for n in range(draw(st.integers(0, 8))):
        room_code, index = draw(st.sampled_from(ROOMS))
        day = BASE + dt.timedelta(days=draw(st.integers(0, 9)))
        hour = draw(st.integers(6, 20))
        keyed = draw(st.booleans())
        key = f"termtime:U{draw(st.integers(0, 9))}:{room_code}" if keyed else None
        # The sync's user in any case, or a person who copied (or never had) a key.
        creator = draw(st.sampled_from(["essm-sync", "ESSM-Sync", "someone"]))
        existing.append(
            booking(
                1000 + n,
                room=index,
                start=f"{day}T{hour:02d}:00:00Z",
                end=f"{day}T{hour + 1:02d}:00:00Z",
                title="Lecture",
                external_id=key,
                created_by=creator,
            )
        )
    return bookings_snapshot(
        timetables=[timetable(code, *events[code]) for code, _ in ROOMS],  # type: ignore[arg-type]
        bookings=existing,
        booker_rooms=[booker_room(code, index=index) for code, index in ROOMS],
        termtime_rooms=[tt_room(code) for code, _ in ROOMS],
    )


def _apply(snapshot: BookingsSnapshot, stage: Stage) -> BookingsSnapshot:
    """Apply a stage to the snapshot as Booker would, without a network."""
    bookings = {b.optime_index: b for b in snapshot.bookings}
    next_id = max(bookings, default=0) + 1
    for change in stage.changes:
        if isinstance(change, DeleteBooking):
            del bookings[change.booking_id]
            continue
        if isinstance(change, CreateBooking | UpdateBooking):
            index = change.booking_id if isinstance(change, UpdateBooking) else next_id
            next_id += isinstance(change, CreateBooking)
            body = change.after.to_wire() | {"OptimeIndex": index, "CreatedBy": "essm-sync"}
            bookings[index] = Booking.from_wire(body)
    return snapshot.model_copy(update={"bookings": tuple(bookings.values())})


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_applying_a_plan_leaves_nothing_to_do(world: BookingsSnapshot) -> None:
    """Planning again after applying a plan gives no changes and the same conflicts."""
    first = plan_bookings(world, rules=RULES)
    second = plan_bookings(_apply(world, first), rules=RULES)
    assert second.changes == ()
    assert [c.key for c in second.conflicts] == [c.key for c in first.conflicts]


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_plans_touch_only_owned_bookings(world: BookingsSnapshot) -> None:
    """Every update or delete in a plan addresses a booking carrying our ExternalId."""
    owned = {b.optime_index for b in world.bookings if is_owned(b, RULES.owners)}
    for change in plan_bookings(world, rules=RULES).changes:
        if isinstance(change, UpdateBooking | DeleteBooking):
            assert change.booking_id in owned


@settings(max_examples=100, deadline=None)
@given(worlds())
def test_after_applying_each_event_has_exactly_one_booking(world: BookingsSnapshot) -> None:
    """Once applied, no ExternalId is held by two bookings."""
    after = _apply(world, plan_bookings(world, rules=RULES))
    keys = [b.external_id for b in after.bookings if is_owned(b, RULES.owners)]
    assert len(keys) == len(set(keys))


@settings(max_examples=60, deadline=None)
@given(worlds())
def test_plan_json_is_stable(world: BookingsSnapshot) -> None:
    """The same inputs give byte-identical JSON, and a saved plan reads back equal."""
    one = Plan(stages=(plan_bookings(world, rules=RULES),))
    two = Plan(stages=(plan_bookings(world, rules=RULES),))
    assert render_json(one) == render_json(two)
    assert render_json(load_plan(render_json(one))) == render_json(one)
