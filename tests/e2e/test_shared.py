"""Rooms taught together against the messy sandbox: one booking per group, converging,
and a key member dropped without a clash with the sync's own booking."""

from __future__ import annotations

from pathlib import Path

import pytest

from essm_sync.engine import audit_systems
from essm_sync.sandbox import (
    CONVERGED,
    GROUPS,
    KEY_MEMBER,
    divergence,
    drop_key_member,
    expected_audit,
    owned_bookings,
)
from tests.world import World, make_world


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path, seed=7, rooms=40)


def _owned(world: World, uid: str) -> list[str]:
    return [key for key in owned_bookings(world.sandbox) if f":{uid}:" in key]


async def test_each_group_holds_one_booking_and_a_second_run_writes_nothing(
    world: World,
) -> None:
    """Every co-taught group is one shared booking under its first member's key, or, over a
    person's booking, one conflict; the run converges and the next writes nothing."""
    report, _ = await world.sync()
    assert divergence(world.sandbox) == CONVERGED
    shared = {s.items[0].split(":")[1]: s for p in report.plans for s in p.shared}
    conflicts = [c for p in report.plans for c in p.conflicts]
    for members in GROUPS:
        first, *others = members
        if first == "CO-PERSON-1":
            (conflict,) = [c for c in conflicts if f":{first}:" in c.key]
            assert conflict.title == "ECO201 Lecture + LAW201 Lecture"
            assert not any(_owned(world, uid) for uid in members)
            continue
        assert [key.split(":")[1] for key in shared[first].items] == list(members)
        (key,) = _owned(world, first)
        assert shared[first].key == key
        assert not any(_owned(world, uid) for uid in others)
        (booking,) = (b for b in world.sandbox.booker.bookings.values() if b.external_id == key)
        assert booking.description == "Taught together: " + ", ".join(members)
    assert not any(":CO-" in c.key for c in conflicts if "CO-PERSON" not in c.key)
    assert not [o for o in report.outcomes if o.status in ("failed", "conflict")]
    again, systems = await world.sync()
    assert sum(len(p.changes) for p in again.plans) == 0
    assert systems.booker.writes + systems.termtime.writes == 0


async def test_dropping_the_key_member_moves_the_key_once_without_a_409(world: World) -> None:
    """Unscheduling the member whose key the booking carries deletes that booking and books
    the group under its next member, deletes first: no 409, and then nothing to do."""
    await world.sync()
    (old,) = _owned(world, KEY_MEMBER)
    drop_key_member(world.sandbox.termtime)
    start = len(world.booker_requests)
    report, _ = await world.sync()
    room_writes = sorted(
        (o.kind, o.key, o.status) for o in report.outcomes if ":CO-DROP-" in o.key
    )
    new = old.replace(KEY_MEMBER, "CO-DROP-B")
    assert room_writes == [
        ("create_booking", new, "done"), ("delete_booking", old, "done"),
    ]  # fmt: skip
    assert not [s for _, _, s in world.booker_requests[start:] if s == 409]
    assert _owned(world, "CO-DROP-B") == [new]
    assert divergence(world.sandbox) == CONVERGED
    again, systems = await world.sync()
    assert sum(len(p.changes) for p in again.plans) == 0
    assert systems.booker.writes == 0


async def test_audit_with_first_keeps_reporting_clashes(world: World) -> None:
    """With `overlapping_items = "first"` the audit lists clashes, not shared items, and
    agrees with the oracle read the same way."""
    bookings = world.settings.bookings.model_copy(update={"overlapping_items": "first"})
    world.settings = world.settings.model_copy(update={"bookings": bookings})
    async with world.systems() as systems:
        found = await audit_systems(systems, world.settings, world.options)
    pairs = {(d.check, d.key) for d in found.discrepancies}
    assert pairs == expected_audit(world.sandbox, overlapping="first")
    assert any(check == "item-clash" and ":CO-PAIR-2:" in key for check, key in pairs)
    assert not any(check == "items-shared" for check, _ in pairs)
