"""The bookings stage never asks TermTime for days outside its academic year."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from essm_sync.engine import RunOptions, RunReport, open_systems, sync_operations
from essm_sync.models import OPERATIONS
from essm_sync.sandbox import (
    SandboxTransport,
    create_booker_app,
    create_termtime_app,
    due_bookings,
    owned_bookings,
)
from tests.world import Recorder, World, make_world

D = dt.date


async def _sync(world: World, first: dt.date, last: dt.date) -> tuple[RunReport, list[str]]:
    """Sync every operation over the window, in the sandbox's academic year; return the
    report and the timetable requests TermTime answered, with their status."""
    tt = world.sandbox.termtime
    seen: list[tuple[str, str, int]] = []
    options = RunOptions(first_day=first, last_day=last, year=(tt.year_start, tt.year_end))
    async with open_systems(
        world.settings,
        termtime_transport=SandboxTransport(Recorder(create_termtime_app(tt), seen)),
        booker_transport=SandboxTransport(create_booker_app(world.sandbox.booker)),
    ) as systems:
        report = await sync_operations(OPERATIONS, systems, world.settings, options, RunReport())
    return report, [f"{path} {status}" for _, path, status in seen if "/timetable/" in path]


async def test_window_crossing_31_july_books_everything_up_to_it(tmp_path: Path) -> None:
    """A window from March to September books every item up to 31 July, asks nothing past
    it, and says so once: nothing fails, nothing is held."""
    world = make_world(tmp_path, messy=False)
    report, requests = await _sync(world, D(2027, 3, 1), D(2027, 9, 30))
    assert requests
    assert all(line.endswith(" 200") for line in requests)
    (stage,) = [s for plan in report.plans for s in plan.stages if s.operation == "bookings"]
    assert [w.message for w in stage.warnings if w.key == "window"] == [
        "the window 2027-03-01 to 2027-09-30 is cut to TermTime's academic year 2026-08-01 to "
        "2027-07-31: 2027-03-01 to 2027-07-31 is synced, the rest left as it is"
    ]
    assert not stage.held
    assert not stage.conflicts
    assert {o.status for o in report.outcomes} == {"done"}
    served = dataclasses.replace(world.sandbox, first_day=D(2027, 3, 1), last_day=D(2027, 7, 31))
    expected = due_bookings(served)
    assert expected
    assert set(owned_bookings(world.sandbox)) == set(expected)


async def test_window_outside_the_year_reads_no_timetable(tmp_path: Path) -> None:
    """A window wholly past the year asks TermTime for no timetable and books nothing."""
    world = make_world(tmp_path, messy=False)
    report, requests = await _sync(world, D(2027, 8, 1), D(2027, 12, 1))
    assert requests == []
    (stage,) = [s for plan in report.plans for s in plan.stages if s.operation == "bookings"]
    assert not stage.changes
    assert [w.key for w in stage.warnings].count("window") == 1
    assert owned_bookings(world.sandbox) == {}
