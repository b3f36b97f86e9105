"""Under 5xx, 429, dropped connections and expiring tokens, two runs reach the exact state."""

from __future__ import annotations

from pathlib import Path

import pytest

from essm_sync.engine import Interrupt, RunOptions, RunReport, sync_operations
from essm_sync.models import OPERATIONS
from essm_sync.sandbox import (
    Faults,
    divergence,
    due_bookings,
    owned_bookings,
    people_bookings,
)
from tests.world import World, make_world


def _assert_converged(world: World) -> None:
    assert divergence(world.sandbox) == {
        "duplicates": 0,
        "missing": 0,
        "stray": 0,
        "mistimed": 0,
        "conflicts booked": 0,
    }


@pytest.mark.parametrize("seed", [11, 12, 13])
async def test_two_runs_converge_under_faults(tmp_path: Path, seed: int) -> None:
    """With 5xx, 429 and cut-off writes on both systems, two syncs leave the exact state."""
    world = make_world(tmp_path, seed=seed, rooms=14, retry={"attempts": 10})
    people = people_bookings(world.sandbox)
    world.termtime_faults = Faults(error_rate=0.1, rate_limit_rate=0.05, drop_rate=0.1, seed=seed)
    world.booker_faults = Faults(
        error_rate=0.1, rate_limit_rate=0.05, drop_rate=0.1, seed=seed + 100
    )
    _first, _ = await world.sync()
    await world.sync()
    injected = world.termtime_faults.injected + world.booker_faults.injected
    assert injected["dropped"] > 0
    assert injected["5xx"] > 0
    assert injected["429"] > 0
    _assert_converged(world)
    assert people_bookings(world.sandbox) == people
    world.termtime_faults = world.booker_faults = None
    third, _ = await world.sync()
    assert sum(len(p.changes) for p in third.plans) == 0


async def test_interrupted_run_converges_next_time(tmp_path: Path) -> None:
    """A run stopped after twenty changes skips the rest; the next run completes the job."""
    world = make_world(tmp_path)
    interrupt = Interrupt()

    def stop_after_twenty(label: str, done: int, total: int) -> None:
        if label == "bookings applied" and done >= 20:
            interrupt.request()

    options = RunOptions(
        first_day=world.sandbox.first_day,
        last_day=world.sandbox.last_day,
        interrupt=interrupt,
        apply_progress=stop_after_twenty,
    )
    async with world.systems() as systems:
        report = await sync_operations(OPERATIONS, systems, world.settings, options, RunReport())
    skipped = [o for o in report.outcomes if o.status == "skipped"]
    assert report.interrupted
    assert skipped
    assert all(o.message == "not started: interrupted" for o in skipped)
    assert len(owned_bookings(world.sandbox)) < len(due_bookings(world.sandbox))
    await world.sync()
    _assert_converged(world)


async def test_people_booking_while_pages_are_read_never_mislead_the_sync(
    tmp_path: Path,
) -> None:
    """A person cancelling and re-making a booking between page reads shifts the pages;
    the sync reads until two reads agree, so it makes no duplicate and no false conflict.

    One change while the pages are read: four reads always settle then. More changes can
    keep any number of reads from agreeing; that run stops before it writes (exit 1),
    which `benchmarks.stress` exercises.
    """
    world = make_world(tmp_path, seed=5, rooms=20, page_size=50)
    booker = world.sandbox.booker
    world.booker_faults = Faults(churn_rate=0.3, churn=booker.churn, churn_max=1, seed=5)
    await world.sync()
    report, _ = await world.sync()
    assert world.booker_faults.injected["churned"] == 1
    _assert_converged(world)
    assert not [o for o in report.outcomes if o.status == "conflict"]
    assert sum(len(p.changes) for p in report.plans) == 0
