"""Debounce and coalescing, driven by a fake clock: seconds are just numbers here."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from essm_sync.models import Operation
from essm_sync.serve import Scheduler, next_daily

HOOK: tuple[Operation, ...] = ("bookings",)
ROOMS: tuple[Operation, ...] = ("rooms",)
ALL: tuple[Operation, ...] = ("buildings", "rooms", "bookings")


def _scheduler() -> Scheduler:
    return Scheduler(debounce_s=30, max_delay_s=120)


def test_a_trigger_runs_once_the_debounce_has_passed() -> None:
    """One trigger at 0 makes a run at 30, not before."""
    s = _scheduler()
    s.trigger(0, HOOK, "webhook")
    assert s.start(29.9) is None
    run = s.start(30)
    assert run is not None
    assert (run.operations, run.reasons, run.triggers) == (("bookings",), ("webhook",), 1)
    assert s.start(31) is None  # started once


def test_triggers_in_a_burst_coalesce_into_one_run() -> None:
    """Each trigger pushes the run back; a burst of five is one run after the last."""
    s = _scheduler()
    for at in (0, 10, 20, 30, 40):
        s.trigger(at, HOOK, "webhook")
    assert s.start(69) is None
    run = s.start(70)
    assert run is not None
    assert run.triggers == 5


def test_a_steady_stream_waits_at_most_max_delay() -> None:
    """Triggers every 10 s never let the debounce pass; the run starts at 120 anyway."""
    s = _scheduler()
    for at in range(0, 200, 10):
        if at < 120:
            s.trigger(at, HOOK, "webhook")
            assert s.start(at) is None
    assert s.next_due() == 120
    assert s.start(120) is not None


def test_a_trigger_during_a_run_is_queued_once() -> None:
    """Many triggers while a run goes on make exactly one run after it, not one each."""
    s = _scheduler()
    s.trigger(0, HOOK, "webhook")
    assert s.start(30) is not None
    for at in (31, 32, 33, 200):
        s.trigger(at, HOOK, "webhook")
    assert s.start(400) is None  # one at a time: the first is still running
    s.finish()
    queued = s.start(400)
    assert queued is not None
    assert queued.triggers == 4
    s.finish()
    assert (s.pending, s.start(10_000)) == (False, None)


def test_operations_of_different_triggers_are_joined_in_order() -> None:
    """Triggers pending together make one run of all their operations, in the fixed order."""
    s = _scheduler()
    s.trigger(0, ("roombookings",), "booker")
    s.trigger(5, HOOK, "webhook")
    s.trigger(6, ROOMS, "webhook")
    run = s.start(36)
    assert run is not None
    assert run.operations == ("rooms", "bookings", "roombookings")
    assert run.reasons == ("booker", "webhook")


def test_a_daily_sync_is_not_debounced() -> None:
    """A trigger `at_once` is due when it is given."""
    s = _scheduler()
    s.trigger(100, ALL, "daily", at_once=True)
    run = s.start(100)
    assert run is not None
    assert run.operations == ("buildings", "rooms", "bookings")


def test_a_run_that_could_not_start_waits_a_debounce_again() -> None:
    """A run given back (the lock was held) keeps what it was for and runs `wait_s` later."""
    s = _scheduler()
    s.trigger(0, HOOK, "webhook")
    run = s.start(30)
    assert run is not None
    s.requeue(31, run, wait_s=60)
    assert s.start(90) is None
    again = s.start(91)
    assert again is not None
    assert again.reasons == ("webhook",)


def test_next_daily_is_local_time_across_a_clock_change() -> None:
    """02:30 local is found on the next day, in the zone's offset of that day."""
    zone = zoneinfo.ZoneInfo("Europe/London")
    now = dt.datetime(2026, 10, 24, 0, 0, tzinfo=dt.UTC)  # clocks go back on the 25th
    first = next_daily(now, dt.time(2, 30), zone)
    second = next_daily(first, dt.time(2, 30), zone)
    assert first == dt.datetime(2026, 10, 24, 1, 30, tzinfo=dt.UTC)  # BST
    assert second == dt.datetime(2026, 10, 25, 2, 30, tzinfo=dt.UTC)  # GMT
