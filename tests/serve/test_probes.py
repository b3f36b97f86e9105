"""serve's own reads: readiness probes, and Booker's listing polled for people's changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from essm_sync.sandbox import Faults, SandboxTransport, create_booker_app, create_termtime_app
from essm_sync.serve.probes import SystemReads
from tests.world import World, make_world


def _reads(world: World, *, booker_down: bool = False) -> SystemReads:
    faults = Faults(error_rate=1.0) if booker_down else None
    return SystemReads(
        world.settings,
        termtime_transport=SandboxTransport(create_termtime_app(world.sandbox.termtime)),
        booker_transport=SandboxTransport(create_booker_app(world.sandbox.booker, faults)),
    )


def _person_books(world: World, *, by: str) -> None:
    start = dt.datetime(2026, 11, 3, 20, tzinfo=dt.UTC)
    world.sandbox.booker.add_booking(
        room=world.sandbox.booker.rooms[0]["OptimeIndex"], start=start,
        end=start + dt.timedelta(hours=1), title="Party", description=None,
        booking_type=None, department=None,
        external_id="termtime:X:Y" if by == world.sandbox.username else None, created_by=by,
    )  # fmt: skip


async def test_the_poll_sees_people_not_the_sync_itself(tmp_path: Path) -> None:
    """The first poll takes note; a person's new booking is a change; the sync's own is not."""
    world = make_world(tmp_path)
    reads = _reads(world)
    try:
        first, unchanged = await reads.poll(), await reads.poll()
        _person_books(world, by=world.sandbox.username)
        ours = await reads.poll()
        _person_books(world, by="reception")
        theirs = await reads.poll()
    finally:
        await reads.aclose()
    assert (first, unchanged, ours, theirs) == (False, False, False, True)


async def test_the_probe_names_a_system_that_does_not_answer(tmp_path: Path) -> None:
    """TermTime answers, Booker fails with 503: the probe says so for Booker alone."""
    world = make_world(tmp_path)
    reads = _reads(world, booker_down=True)
    try:
        answers = await reads.probe()
    finally:
        await reads.aclose()
    assert answers["TermTime"] is None
    assert answers["Booker"] is not None
    assert "Booker" in answers["Booker"]
