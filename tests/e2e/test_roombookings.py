"""People's Booker bookings reach the fake TermTime as room bookings, and stay in step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from essm_sync.engine import (
    RunReport,
    Systems,
    apply_saved_plan,
    plan_operations,
    sync_operations,
)
from essm_sync.errors import StalePlanError
from essm_sync.models import ALL_OPERATIONS, OPERATIONS
from essm_sync.sandbox.oracle_roombookings import (
    CONVERGED,
    due_room_bookings,
    held_room_bookings,
    others_of,
    room_booking_divergence,
)
from tests.world import World, make_world

EVERY_KIND = ("activities", "exams", "bookings")  # as `bookings.kinds` names them


def _world(tmp_path: Path, *, kinds: tuple[str, ...] | None = None) -> World:
    world = make_world(tmp_path, roombookings={"owner": "ESSMSYNC"})
    if kinds is not None:
        bookings = world.settings.bookings.model_copy(update={"kinds": kinds})
        world.settings = world.settings.model_copy(update={"bookings": bookings})
    return world


async def _sync(world: World) -> tuple[RunReport, Systems]:
    async with world.systems() as systems:
        report = await sync_operations(
            ALL_OPERATIONS, systems, world.settings, world.options, RunReport()
        )
        return report, systems


@pytest.fixture
def world(tmp_path: Path) -> World:
    return _world(tmp_path)


async def test_a_sync_books_peoples_bookings_into_termtime(world: World) -> None:
    """One sync gives every person's booking in a served room a room booking per local day
    (across midnight, over three days; none for a cancelled one or a room TermTime lacks),
    kept Pending by TermTime, and leaves the timetablers' room bookings as they were."""
    others = others_of(world.sandbox.termtime)
    due = due_room_bookings(world.sandbox)
    report, _ = await _sync(world)
    assert [p.stages[0].operation for p in report.plans] == list(ALL_OPERATIONS)
    assert room_booking_divergence(world.sandbox) == CONVERGED
    assert not [o for o in report.outcomes if o.operation == "roombookings" and o.status != "done"]
    titles = {fields[0] for fields in due.values()}
    assert {"Astronomy night", "Weekend conference: three days"} <= titles
    assert not {"Called off", "Room TermTime never had"} & titles
    days = sorted(c for c, f in due.items() if f[0] == "Weekend conference: three days")
    assert len(days) == 3
    night = sorted((c, f[2], f[3]) for c, f in due.items() if f[0] == "Astronomy night")
    assert [(t, du) for _, t, du in night] == [("22:00", "02:00"), ("00:00", "01:00")]
    held = world.sandbox.termtime.room_bookings.values()
    assert {b.state for b in held if b.code.startswith("booker:")} == {"Pending"}
    assert others_of(world.sandbox.termtime) == others


async def test_a_second_sync_writes_nothing_and_reads_the_listing_once(world: World) -> None:
    """Straight after a sync, a sync writes nothing though TermTime keeps them Pending, and
    reads Booker's listing and TermTime's room bookings once for both stages."""
    await _sync(world)
    report, systems = await _sync(world)
    assert [len(p.changes) for p in report.plans] == [0, 0, 0, 0]
    assert systems.termtime.writes + systems.booker.writes == 0
    pages = -(-len(world.sandbox.booker.bookings) // world.settings.booker.page_size)
    assert systems.booker.requests["GET booker/bookings"] == pages
    assert systems.termtime.requests["GET roombookings"] == 1


async def test_a_moved_and_a_cancelled_booking_are_followed(world: World) -> None:
    """A person's booking moved to another evening moves its room booking there; one
    cancelled loses its room booking; nothing else is written in TermTime."""
    await _sync(world)
    bk = world.sandbox.booker
    night = next(b for b in bk.bookings.values() if b.title == "Astronomy night")
    talk = next(b for b in bk.bookings.values() if b.title.startswith("Society meeting"))
    bk.update_booking(night, {"start": night.start + dt.timedelta(days=7),
                              "end": night.end + dt.timedelta(days=7)})  # fmt: skip
    talk.status = "Cancelled"
    before = set(held_room_bookings(world.sandbox.termtime))
    report, systems = await _sync(world)
    after = set(held_room_bookings(world.sandbox.termtime))
    assert room_booking_divergence(world.sandbox) == CONVERGED
    assert not [c for c in after if c.startswith(f"booker:{talk.id}:")]
    assert len([c for c in after - before if c.startswith(f"booker:{night.id}:")]) == 2
    (stage,) = report.plans[3].stages
    kinds = sorted(c.kind for c in stage.changes)
    assert kinds == ["create_roombooking"] * 2 + ["delete_roombooking"] * 3
    assert systems.termtime.writes == len(stage.changes)


async def test_a_timetablers_room_booking_is_never_touched(world: World) -> None:
    """Room bookings TermTime's own staff made, however they look, survive every run as
    they were, even when their room is also booked in Booker."""
    others = others_of(world.sandbox.termtime)
    assert others
    await _sync(world)
    await _sync(world)
    assert others_of(world.sandbox.termtime) == others


async def test_the_loop_never_closes_with_every_kind_booked(tmp_path: Path) -> None:
    """With bookings.kinds naming TermTime's bookings too, the sync's own room bookings are
    never booked back into Booker; a timetabler's are; and a second sync writes nothing."""
    world = _world(tmp_path, kinds=EVERY_KIND)
    await _sync(world)
    tt, bk = world.sandbox.termtime, world.sandbox.booker
    ours = {str(b.id) for b in tt.room_bookings.values() if b.code.startswith("booker:")}
    assert ours
    booked = {
        (b.external_id or "").split(":")[2]
        for b in bk.bookings.values()
        if (b.external_id or "").startswith("termtime:booking:") and b.created_by == "essm-sync"
    }
    assert not {uid for uid in booked if uid.startswith("RB") and uid[2:].split("-")[0] in ours}
    assert any(uid.startswith("RB") for uid in booked)  # the timetablers' room bookings
    report, systems = await _sync(world)
    assert [len(p.changes) for p in report.plans] == [0, 0, 0, 0]
    assert systems.termtime.writes + systems.booker.writes == 0


async def test_a_saved_plan_is_stale_only_when_a_room_booking_it_holds_would_differ(
    world: World,
) -> None:
    """`apply --plan` of room bookings refuses a plan once a booking it would write moved,
    and applies one whose bookings held still though another booking changed."""
    async with world.systems() as systems:
        await sync_operations(OPERATIONS, systems, world.settings, world.options, RunReport())
        plan = await plan_operations(("roombookings",), systems, world.settings, world.options)
    bk = world.sandbox.booker
    (stage,) = plan.stages
    planned = {int(c.key.split(":")[1]) for c in stage.changes}
    moved = bk.bookings[min(planned)]
    bk.update_booking(moved, {"title": moved.title + " (moved)"})
    async with world.systems() as systems:
        with pytest.raises(StalePlanError, match=f"booker:{moved.id}:"):
            await apply_saved_plan(plan, systems, world.settings, RunReport())
    bk.update_booking(moved, {"title": moved.title.removesuffix(" (moved)")})
    elsewhere = next(b for b in bk.bookings.values() if b.id not in planned)
    bk.update_booking(elsewhere, {"title": "Renamed elsewhere"})
    async with world.systems() as systems:
        report = await apply_saved_plan(plan, systems, world.settings, RunReport())
    assert {o.status for o in report.outcomes} == {"done"}
    assert len(report.outcomes) == len(stage.changes)
