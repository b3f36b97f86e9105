"""`audit` against the messy sandbox: every seeded discrepancy and nothing else, in step
with what `plan` and `sync` report, and nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from essm_sync.engine import audit_systems, plan_operations
from essm_sync.models import (
    OPERATIONS,
    Audit,
    CreateBooking,
    CreateBuilding,
    CreateRoom,
    Plan,
    RetireRoom,
    UpdateBooking,
)
from essm_sync.sandbox import expected_audit, owned_bookings
from tests.world import World, make_world

# What the messy seed plants on purpose; each must be found (the oracle says where).
SEEDED = {
    "campus-missing", "building-missing", "building-differs", "building-unknown-to-booker",
    "room-missing", "room-differs", "room-marked-for-deletion", "room-retired",
    "room-unknown-to-booker", "item-room-retired",
    "room-department-unknown", "department-unknown", "name-too-long", "name-collision",
    "code-shared", "item-room-unknown", "item-room-not-bookable", "item-room-code-shared",
    "item-over-capacity", "items-shared", "item-unreadable", "room-held", "room-days-unconfirmed",
    "booking-conflict", "booking-missing", "booking-copied-key",
}  # fmt: skip


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path, seed=7, rooms=40)


async def _audit(world: World) -> Audit:
    async with world.systems() as systems:
        found = await audit_systems(systems, world.settings, world.options)
        assert systems.termtime.writes + systems.booker.writes == 0
    return found


async def _plan(world: World) -> Plan:
    async with world.systems() as systems:
        return await plan_operations(OPERATIONS, systems, world.settings, world.options)


def _pairs(audit: Audit) -> set[tuple[str, str]]:
    return {(d.check, d.key) for d in audit.discrepancies}


def _keys(audit: Audit, check: str) -> set[str]:
    return {d.key for d in audit.discrepancies if d.check == check}


@pytest.mark.parametrize(("seed", "rooms"), [(7, 40), (3, 16), (11, 60)])
async def test_audit_lists_every_seeded_discrepancy_and_nothing_else(
    tmp_path: Path, seed: int, rooms: int
) -> None:
    """Before any sync: the audit's (check, key) pairs are exactly the oracle's."""
    world = make_world(tmp_path, seed=seed, rooms=rooms)
    found = await _audit(world)
    assert _pairs(found) == expected_audit(world.sandbox)
    if seed == 7:
        assert {d.check for d in found.discrepancies} >= SEEDED


async def test_audit_agrees_with_plan_then_with_sync(world: World) -> None:
    """Its counts are the plan's; after a sync only what no sync fixes is left, and the
    conflicts and held rooms are those the sync reported."""
    plan, found = await _plan(world), await _audit(world)
    changes = [c for stage in plan.stages for c in stage.changes]
    counts = {str(check): n for check, n in found.counts.items()}
    for check, kind in (
        ("booking-missing", CreateBooking), ("building-missing", CreateBuilding),
        ("room-missing", CreateRoom), ("room-retired", RetireRoom),
    ):  # fmt: skip
        assert counts.get(check, 0) == sum(isinstance(c, kind) for c in changes), check
    creates = {c.key for c in changes if isinstance(c, CreateBooking)}
    assert _keys(found, "booking-missing") == creates
    conflicts = {c.key for stage in plan.stages for c in stage.conflicts}
    assert _keys(found, "booking-conflict") | _keys(found, "item-clash") >= conflicts
    assert _keys(found, "room-held") == {room for stage in plan.stages for room in stage.held}

    report, _ = await world.sync()
    after = await _audit(world)
    assert _pairs(after) == expected_audit(world.sandbox)
    reported = {c.key for p in report.plans for s in p.stages for c in s.conflicts}
    assert _keys(after, "booking-conflict") <= reported
    assert reported <= _keys(after, "booking-conflict") | _keys(after, "item-clash")
    assert _keys(after, "room-held") == {room for p in report.plans for room in p.held}
    fixed_by_sync = {
        "campus-missing", "building-missing", "building-differs", "room-missing",
        "room-differs", "room-marked-for-deletion", "room-retired", "booking-missing",
        "booking-differs", "booking-orphaned", "booking-duplicate",
    }  # fmt: skip
    assert not fixed_by_sync & set(after.counts)


async def test_audit_sees_moved_dropped_and_doubled_bookings(world: World) -> None:
    """After a sync: a moved item, a dropped one and a second owned booking of one item
    are listed as the oracle expects, each under its own check."""
    await world.sync()
    tt, bk = world.sandbox.termtime, world.sandbox.booker
    owned = owned_bookings(world.sandbox)
    plain = sorted(k for k in owned if k.count(":") == 2 and ":0" in k)
    moved_id, dropped_id = plain[10].split(":")[1], plain[40].split(":")[1]
    tt.events[moved_id].start = dt.time(7)
    del tt.events[dropped_id]
    tt.changed_events()
    first = bk.bookings[owned[plain[60]][0]]
    bk.add_booking(
        room=first.room, start=first.start, end=first.end, title=first.title,
        description=first.description, booking_type=first.booking_type,
        department=first.department, external_id=first.external_id,
        created_by=first.created_by,
    )  # fmt: skip
    found = await _audit(world)
    assert _pairs(found) == expected_audit(world.sandbox)
    assert any(moved_id in key for key in _keys(found, "booking-differs"))
    assert any(dropped_id in key for key in _keys(found, "booking-orphaned"))
    assert any(plain[60] in key for key in _keys(found, "booking-duplicate"))
    plan = await _plan(world)
    updates = {c.key for s in plan.stages for c in s.changes if isinstance(c, UpdateBooking)}
    assert _keys(found, "booking-differs") == updates
