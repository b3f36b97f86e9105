"""The whole engine against the sandbox's real-world mess: it converges, holds what it
cannot read, deletes nothing unconfirmed and never touches what it does not own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from essm_sync.engine import plan_operations
from essm_sync.models import OPERATIONS
from essm_sync.sandbox import (
    CONVERGED,
    divergence,
    due_bookings,
    held_rooms,
    owned_bookings,
    people_bookings,
)
from tests.world import World, make_world


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path, seed=7, rooms=40)


async def test_messy_sandbox_converges_and_a_second_run_writes_nothing(world: World) -> None:
    """Odd types, H:MM, exams, midnight and clock-change items: booked once, then idle."""
    people = people_bookings(world.sandbox)
    await world.sync()
    assert divergence(world.sandbox) == CONVERGED
    report, systems = await world.sync()
    assert sum(len(p.changes) for p in report.plans) == 0
    assert systems.booker.writes + systems.termtime.writes == 0
    assert people_bookings(world.sandbox) == people
    owned = owned_bookings(world.sandbox)
    due = due_bookings(world.sandbox)
    for key in ("CLOCK-BACK", "CLOCK-FWD", "NIGHT-1"):
        assert any(f":{key}:" in k for k in owned), key
    assert any(k.startswith("termtime:exam:EXAM-") for k in owned)
    assert not any(k.startswith("termtime:booking:") for k in owned)  # not a default kind
    (night,) = (k for k in due if ":NIGHT-1:" in k)
    start, end = due[night]
    assert (start, end) == (
        dt.datetime(2026, 11, 13, 22, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 14, 0, 30, tzinfo=dt.UTC),
    )


async def test_held_rooms_are_reported_and_the_run_is_incomplete(world: World) -> None:
    """Rooms with unreadable items are held, each item named; the run is not complete."""
    report, _ = await world.sync()
    held = {room for plan in report.plans for room in plan.held}
    assert held == held_rooms(world.sandbox)
    skipped = {(s.room, s.item) for plan in report.plans for s in plan.skipped}
    (room,) = held
    assert (room, "MESS-BAD-TIME") in skipped
    assert any(item.startswith("#") and "no uniqueId" in item for _, item in skipped)
    assert not report.is_complete


async def test_nothing_is_deleted_in_held_rooms_or_on_unconfirmed_days(world: World) -> None:
    """Items gone from a held room, or from a room whose answer lacks timePeriod, leave
    their bookings in place; the same in any other room are deleted."""
    await world.sync()
    tt = world.sandbox.termtime
    guarded = held_rooms(world.sandbox) | tt.no_period_rooms
    owned = owned_bookings(world.sandbox)
    rooms = {k.rsplit(":", 1)[1] for k in owned}
    other = sorted(rooms - guarded)[0]
    for uid in [
        u for u, e in tt.events.items() if e.readable and set(e.rooms) & (guarded | {other})
    ]:
        del tt.events[uid]
    tt.changed_events()
    await world.sync()
    after = owned_bookings(world.sandbox)
    for room in guarded:
        assert {k for k in owned if k.endswith(f":{room}")} <= set(after), room
    assert not [k for k in after if k.endswith(f":{other}")]


async def test_no_request_touches_a_booking_the_sync_does_not_own(world: World) -> None:
    """Every PUT and DELETE names one of the sync's own bookings: Booker never refuses one."""
    theirs = {b.id for b in world.sandbox.booker.bookings.values()}
    await world.sync()
    tt = world.sandbox.termtime
    for uid in sorted(tt.events)[:40]:
        del tt.events[uid]
    tt.changed_events()
    await world.sync()
    writes = [(m, p, s) for m, p, s in world.booker_requests if m in ("PUT", "DELETE")]
    assert writes
    assert all(s in (200, 204) for _, _, s in writes)
    touched = {int(p.rsplit("/", 1)[1]) for _, p, _ in writes}
    assert not touched & theirs


async def test_plan_of_all_stages_counts_what_sync_then_does(world: World) -> None:
    """`plan` previews each stage on the state the earlier ones leave: its changes, kind by
    kind and key by key, are the changes `sync` then makes on the same systems."""
    async with world.systems() as systems:
        plan = await plan_operations(OPERATIONS, systems, world.settings, world.options)
    report, _ = await world.sync()
    planned = sorted((c.kind, c.key) for c in plan.changes)
    done = sorted((o.kind, o.key) for o in report.outcomes if o.status == "done")
    assert planned == done
    assert len(plan.conflicts) == len(report.foreseen_conflicts)
    assert plan.held == tuple(room for p in report.plans for room in p.held)


async def test_a_timetable_served_short_deletes_nothing_past_what_it_served(
    world: World,
) -> None:
    """When TermTime serves a room's timetable only until some day (and says so), the
    room's bookings after that day stay: nothing confirmed they are gone."""
    await world.sync()
    tt = world.sandbox.termtime
    owned = owned_bookings(world.sandbox)
    guarded = held_rooms(world.sandbox) | tt.no_period_rooms | set(tt.served_until)
    room = sorted({k.rsplit(":", 1)[1] for k in owned} - guarded)[0]
    mine = {k for k in owned if k.endswith(f":{room}")}
    tt.served_until[room] = dt.date(2026, 10, 15)
    report, _ = await world.sync()
    assert not [o for o in report.outcomes if o.kind == "delete_booking"]
    assert mine <= set(owned_bookings(world.sandbox))
