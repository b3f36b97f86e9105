"""`audit` with the `roombookings` operation on: missing, differing and stale room bookings,
and owned bookings people cancelled, exactly as the oracle reads them from the fakes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from essm_sync.engine import RunReport, audit_systems, plan_operations, sync_operations
from essm_sync.models import ALL_OPERATIONS, Audit, CreateRoomBooking
from essm_sync.sandbox import expected_audit, owned_bookings
from essm_sync.sandbox.oracle_roombookings import held_room_bookings
from tests.world import World, make_world


def _world(tmp_path: Path) -> World:
    return make_world(tmp_path, seed=7, rooms=40, roombookings={"owner": "ESSMSYNC"})


async def _audit(world: World) -> Audit:
    async with world.systems() as systems:
        found = await audit_systems(systems, world.settings, world.options)
        assert systems.termtime.writes + systems.booker.writes == 0
    return found


def _pairs(audit: Audit) -> set[tuple[str, str]]:
    return {(d.check, d.key) for d in audit.discrepancies}


async def test_before_a_sync_every_persons_booking_is_a_missing_room_booking(
    tmp_path: Path,
) -> None:
    """Before any sync the audit lists exactly the oracle's pairs, room bookings included,
    and its `roombooking-missing` records are the plan's room-booking creates."""
    world = _world(tmp_path)
    found = await _audit(world)
    assert _pairs(found) == expected_audit(world.sandbox, roombookings=True)
    async with world.systems() as systems:
        plan = await plan_operations(ALL_OPERATIONS, systems, world.settings, world.options)
    creates = {c.key for s in plan.stages for c in s.changes if isinstance(c, CreateRoomBooking)}
    assert creates
    assert {d.key for d in found.discrepancies if d.check == "roombooking-missing"} == creates


async def test_after_changes_in_booker_the_audit_names_each(tmp_path: Path) -> None:
    """After a sync: a moved booking's room booking differs, a cancelled one's is stale, and
    an owned booking a person cancelled is `booking-cancelled`; nothing else is out."""
    world = _world(tmp_path)
    async with world.systems() as systems:
        await sync_operations(ALL_OPERATIONS, systems, world.settings, world.options, RunReport())
    assert not {c for c, _ in _pairs(await _audit(world))} & {
        "roombooking-missing", "roombooking-differs", "roombooking-stale",
    }  # fmt: skip
    bk = world.sandbox.booker
    held = {int(code.split(":")[1]) for code in held_room_bookings(world.sandbox.termtime)}
    meetings = sorted(
        (b for b in bk.bookings.values() if b.title.startswith("Society") and b.id in held),
        key=lambda b: b.id,
    )
    moved, called_off = meetings[0], meetings[1]
    bk.update_booking(moved, {"start": moved.start + dt.timedelta(minutes=30)})
    called_off.status = "Cancelled"
    ours = bk.bookings[sorted(owned_bookings(world.sandbox).values())[0][0]]
    ours.status = "Cancelled"
    found = await _audit(world)
    assert _pairs(found) == expected_audit(world.sandbox, roombookings=True)
    checks = {c for c, _ in _pairs(found)}
    assert {"roombooking-differs", "roombooking-stale", "booking-cancelled"} <= checks
    assert ("booking-cancelled", f"{ours.external_id} #{ours.id}") in _pairs(found)


async def test_a_booking_over_several_days_ends_on_its_own_date(tmp_path: Path) -> None:
    """A missing room booking of a person's booking over days gives its end with its date:
    the three-day conference ends `YYYY-MM-DD HH:MM`, a booking within one day `HH:MM`."""
    found = await _audit(_world(tmp_path))
    missing = [d for d in found.discrepancies if d.check == "roombooking-missing"]
    spans = [d for d in missing if d.end is not None and d.date is not None]
    ends = [(d.end or "", str(d.date)) for d in spans]
    assert any(len(end) == 16 for end, _ in ends)
    assert all(len(end) == 5 or (len(end) == 16 and end[:10] != day) for end, day in ends)
