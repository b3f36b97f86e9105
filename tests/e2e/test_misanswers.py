"""Against a Booker (and TermTime) that answer wrongly, the sync is never misled.

Wrong listing pages, creates answered without their record, and a token dying with every
write in flight: no duplicate, no conflict with the sync's own booking, the exact state.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from essm_sync.engine import RunOptions, RunReport, open_systems, sync_operations
from essm_sync.errors import ApiError
from essm_sync.models import OPERATIONS
from essm_sync.sandbox import Faults, divergence, owned_bookings
from essm_sync.settings import load_settings
from tests.cli.conftest import serving
from tests.world import World, make_world

CONVERGED = {"duplicates": 0, "missing": 0, "stray": 0, "mistimed": 0, "conflicts booked": 0}
# Rates that a page asked again, or a listing read again, gets past on these seeds; a
# repeat is caught only once the whole read is counted, so it strikes more rarely.
LISTING_FAULTS: dict[str, Callable[[], Faults]] = {
    "empty page": lambda: Faults(seed=7, empty_page_rate=0.2),
    "repeated page": lambda: Faults(seed=7, repeat_page_rate=0.05),
    "page ignored": lambda: Faults(seed=7, ignore_page_rate=0.2),
}
ALWAYS: dict[str, Callable[[], Faults]] = {
    "empty": lambda: Faults(empty_page_rate=1.0),
    "repeated": lambda: Faults(repeat_page_rate=1.0),
    "ignored": lambda: Faults(ignore_page_rate=1.0),
}


def _booker_writes(world: World) -> int:
    return sum(
        1
        for method, path, _ in world.booker_requests
        if method in ("POST", "PUT", "DELETE") and "/booker/bookings" in path
    )


def _conflicts_with_own(world: World, report: RunReport) -> list[str]:
    owned = {b.id for b in world.sandbox.booker.bookings.values() if b.external_id}
    return [
        o.key for o in report.outcomes if o.status == "conflict" and set(o.conflicting) & owned
    ]


@pytest.mark.parametrize("fault", list(LISTING_FAULTS))
async def test_wrong_listing_pages_never_make_a_duplicate_or_a_false_conflict(
    tmp_path: Path, fault: str
) -> None:
    """After a first sync, a second one reads the listing through wrong pages: it plans
    nothing, creates nothing again and meets no conflict with its own bookings."""
    world = make_world(tmp_path, seed=7, rooms=20, page_size=25)
    await world.sync()
    before = _booker_writes(world)
    world.booker_faults = LISTING_FAULTS[fault]()
    report, _ = await world.sync()
    assert world.booker_faults.injected[fault] > 0
    assert _conflicts_with_own(world, report) == []
    assert sum(len(p.changes) for p in report.plans) == 0
    assert _booker_writes(world) == before
    assert divergence(world.sandbox) == CONVERGED


@pytest.mark.parametrize(
    ("fault", "named"),
    [
        ("empty", "page 1 came back empty"),
        # The last page repeating the one before is also too long for the last: the first
        # repeat is named all the same.
        ("repeated", r"page 2 repeated page 1 \(the same bookings\)"),
        ("ignored", "page 2 answered as page 1"),
    ],
)
async def test_a_page_wrong_on_every_read_stops_the_stage_before_it_writes(
    tmp_path: Path, fault: str, named: str
) -> None:
    """A fault on every read (so two reads agree on the same wrong listing): the bookings
    stage stops with one line naming Booker and the page, and writes nothing."""
    world = make_world(tmp_path, seed=7, rooms=12, page_size=25)
    await world.sync()
    before, owned = _booker_writes(world), owned_bookings(world.sandbox)
    world.booker_faults = ALWAYS[fault]()
    with pytest.raises(ApiError, match=f"^Booker GET booker/bookings: {named}"):
        await world.sync()
    assert _booker_writes(world) == before
    assert owned_bookings(world.sandbox) == owned


async def test_creates_answered_without_their_record_count_as_created(tmp_path: Path) -> None:
    """Every create stored but answered 200 with a message, in both systems: each is
    reported done (none failed), nothing is made twice, and the state is exact."""
    world = make_world(tmp_path, seed=4, rooms=12)
    world.booker_faults = Faults(unanswered_create_rate=1.0)
    world.termtime_faults = Faults(unanswered_create_rate=1.0)
    report, _ = await world.sync()
    creates = [o for o in report.outcomes if o.verb == "create"]
    assert {o.status for o in creates} == {"done"}
    assert {o.operation for o in creates} >= {"rooms", "bookings"}
    assert len([o for o in creates if o.operation == "bookings"]) == len(
        owned_bookings(world.sandbox)
    )
    assert world.booker_faults.injected["create unanswered"] > 0
    assert world.termtime_faults.injected["create unanswered"] > 0
    assert divergence(world.sandbox) == CONVERGED


async def test_a_token_dying_with_every_write_in_flight_does_not_stall_the_run(
    tmp_path: Path,
) -> None:
    """Over real sockets and a real connection pool, eight writes in flight all get 401:
    one sign-in goes out, every write is repeated, and the run completes within its
    deadline (5 s here; the old client waited on the pool until it passed)."""
    faults = Faults(token_death_in_flight=8)
    with serving(tmp_path, rooms=16, faults=faults) as live:
        settings = load_settings(live.config)
        settings = settings.model_copy(
            update={
                "retry": settings.retry.model_copy(update={"total_timeout_s": 5.0}),
                "booker": settings.booker.model_copy(update={"concurrency": 8}),
            }
        )
        options = RunOptions(
            first_day=live.university.first_day, last_day=live.university.last_day
        )
        async with open_systems(settings) as systems:
            report = await sync_operations(OPERATIONS, systems, settings, options, RunReport())
        assert faults.injected["token died in flight"] == 1
        assert not [o for o in report.outcomes if o.status == "failed"]
        assert systems.booker.requests["POST token"] == 2
        assert divergence(live.university) == CONVERGED
