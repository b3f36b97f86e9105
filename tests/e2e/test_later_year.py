"""A sandbox seeded for a later academic year syncs as the default one does, today in it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from essm_sync.core import academic_year
from essm_sync.engine import RunOptions, RunReport, Systems, sync_operations
from essm_sync.models import ALL_OPERATIONS
from essm_sync.sandbox import (
    CONVERGED,
    divergence,
    due_bookings,
    expected_conflicts,
    generate,
    owned_bookings,
)
from essm_sync.sandbox.oracle_roombookings import CONVERGED as ROOM_BOOKINGS_CONVERGED
from essm_sync.sandbox.oracle_roombookings import room_booking_divergence
from tests.world import World, make_world

D = dt.date
# 2027-28 holds 29 February 2028; 2028-29 is the first year after it.
LATER_YEARS = [(D(2027, 8, 1), D(2028, 2, 10)), (D(2028, 8, 1), D(2028, 11, 3))]


async def _sync(world: World, today: dt.date) -> tuple[RunReport, Systems]:
    """Sync every operation as `essm-sync sync` does on `today`: the window cut to the
    academic year that contains it, by the settings' rule."""
    month, day = world.settings.termtime.year_starts()
    options = RunOptions(
        first_day=world.sandbox.first_day,
        last_day=world.sandbox.last_day,
        year=academic_year(today, month=month, day=day),
    )
    async with world.systems() as systems:
        report = await sync_operations(
            ALL_OPERATIONS, systems, world.settings, options, RunReport()
        )
        return report, systems


@pytest.mark.parametrize(("year_start", "today"), LATER_YEARS)
async def test_a_later_year_books_converges_and_then_rests(
    tmp_path: Path, year_start: dt.date, today: dt.date
) -> None:
    """Seeded for a later year and synced with today inside it, the messy sandbox serves
    the same items as the default year's (the mess, the clock-change nights and the groups
    taught together among them), is read whole (no cut, no refused range), every due
    booking is made, and a second sync writes nothing."""
    world = make_world(tmp_path, year_start=year_start, roombookings={"owner": "ESSMSYNC"})
    tt = world.sandbox.termtime
    assert (tt.year_start, tt.year_end) == (year_start, D(year_start.year + 1, 7, 31))
    assert year_start < world.sandbox.first_day < world.sandbox.last_day < tt.year_end
    default = generate(seed=3, rooms=16)
    assert set(due_bookings(world.sandbox)) == set(due_bookings(default))
    assert expected_conflicts(world.sandbox) == expected_conflicts(default)
    assert "termtime:CLOCK-FWD:" in " ".join(due_bookings(world.sandbox))
    report, _ = await _sync(world, today)
    warnings = [w for plan in report.plans for stage in plan.stages for w in stage.warnings]
    assert not [w for w in warnings if w.key == "window"]
    assert {o.status for o in report.outcomes if o.operation == "bookings"} == {"done"}
    booked = owned_bookings(world.sandbox)
    assert len(booked) > 100
    assert {start.year for start, _ in due_bookings(world.sandbox).values()} == {
        year_start.year,
        year_start.year + 1,
    }
    assert divergence(world.sandbox) == CONVERGED
    assert room_booking_divergence(world.sandbox) == ROOM_BOOKINGS_CONVERGED
    report, systems = await _sync(world, today)
    assert [len(p.changes) for p in report.plans] == [0, 0, 0, 0]
    assert systems.termtime.writes + systems.booker.writes == 0
    assert owned_bookings(world.sandbox) == booked
