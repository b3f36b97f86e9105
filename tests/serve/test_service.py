"""serve's loop with a fake clock and runner: debounce, one run at a time, the lock, stop."""

from __future__ import annotations

from pathlib import Path

import anyio
import filelock

from essm_sync.serve import Service, booker_operations
from essm_sync.settings import RoomBookingSettings
from tests.serve.conftest import FakeClock, FakeRunner, hook, running, serve_settings


async def test_a_trigger_runs_after_the_debounce_on_the_clock(tmp_path: Path) -> None:
    """A call at 0 runs nothing at 29 s and one bookings sync at 30 s of the fake clock."""
    clock, runner = FakeClock(), FakeRunner()
    service = Service(serve_settings(tmp_path, debounce_s=30), runner, clock=clock)
    async with running(service) as client:
        await hook(client)
        clock.now = 29
        service.wake()
        await anyio.wait_all_tasks_blocked()
        early = len(runner.runs)
        clock.now = 30
        service.wake()
        await runner.started.wait()
        await service.idle.wait()
    assert early == 0
    assert [run.operations for run in runner.runs] == [("bookings",)]


async def test_triggers_during_a_run_are_queued_once(tmp_path: Path) -> None:
    """Three calls while a sync runs make exactly one more sync after it, not three."""
    runner = FakeRunner(hold=True)
    service = Service(serve_settings(tmp_path, debounce_s=0), runner, clock=FakeClock())
    async with running(service) as client:
        await hook(client)
        await runner.started.wait()
        for _ in range(3):
            assert (await hook(client)).status_code == 202
        runner.hold = False
        runner.release()
        await service.idle.wait()
    assert len(runner.runs) == 2
    assert runner.runs[1].triggers == 3
    assert [r.outcome for r in service.status.runs] == ["done", "done"]


async def test_the_nightly_lock_keeps_a_run_waiting(tmp_path: Path) -> None:
    """While a `sync` holds the lock no run starts; it runs once the lock is free."""
    clock, runner = FakeClock(), FakeRunner()
    settings = serve_settings(tmp_path, debounce_s=0)
    service = Service(settings, runner, clock=clock, lock_retry_s=60)
    nightly = filelock.FileLock(str(settings.lock_file()), timeout=0)
    nightly.acquire()
    async with running(service) as client:
        await hook(client)
        await anyio.wait_all_tasks_blocked()
        waiting = [r.outcome for r in service.status.runs]
        nightly.release()
        clock.now = 61
        service.wake()
        await runner.started.wait()
        await service.idle.wait()
    assert waiting == ["waiting: another run holds the lock"]
    assert len(runner.runs) == 1
    assert [r.outcome for r in service.status.runs] == ["done", waiting[0]]


async def test_a_long_wait_for_the_lock_is_one_row(tmp_path: Path) -> None:
    """Every retry kept out by the lock replaces the last such row, not adds one."""
    clock, runner = FakeClock(), FakeRunner()
    settings = serve_settings(tmp_path, debounce_s=0)
    service = Service(settings, runner, clock=clock, lock_retry_s=60)
    nightly = filelock.FileLock(str(settings.lock_file()), timeout=0)
    nightly.acquire()
    try:
        async with running(service) as client:
            await hook(client)
            for now in (61, 122, 183):
                await anyio.wait_all_tasks_blocked()
                clock.now = now
                service.wake()
            await anyio.wait_all_tasks_blocked()
    finally:
        nightly.release()
    assert [r.outcome for r in service.status.runs] == ["waiting: another run holds the lock"]
    assert service.status.counters["runs:locked"] == 4
    assert runner.runs == []


async def test_stop_lets_the_running_sync_finish(tmp_path: Path) -> None:
    """Stopping mid-run starts nothing new and returns only once the sync has ended."""
    runner = FakeRunner(hold=True)
    service = Service(serve_settings(tmp_path, debounce_s=0), runner, clock=FakeClock())
    finished = anyio.Event()
    async with running(service) as client:
        await hook(client)
        await runner.started.wait()
        await hook(client)  # queued, but serve stops before it may start
        service.stop()

        async def wait_for_run() -> None:
            await service.idle.wait()
            finished.set()

        async with anyio.create_task_group() as group:
            group.start_soon(wait_for_run)
            await anyio.wait_all_tasks_blocked()
            before_release = finished.is_set()
            runner.release()
    assert before_release is False
    assert len(runner.runs) == 1
    assert service.status.runs[0].outcome == "done"


async def test_a_long_run_is_asked_to_stop_after_the_grace(tmp_path: Path) -> None:
    """A sync still running `stop_grace_s` after stopping is interrupted, not killed."""
    runner = FakeRunner(hold=True)
    settings = serve_settings(tmp_path, debounce_s=0)
    service = Service(settings, runner, clock=FakeClock(), stop_grace_s=0)
    async with running(service) as client:
        await hook(client)
        await runner.started.wait()
        service.stop()
        while not runner.interrupted:
            await anyio.wait_all_tasks_blocked()
            await anyio.lowlevel.checkpoint()
        runner.release()
    assert runner.interrupted == 1


def test_a_change_in_booker_runs_the_room_bookings_when_they_are_on(tmp_path: Path) -> None:
    """A changed listing syncs the bookings, and the room bookings once an owner is set."""
    settings = serve_settings(tmp_path)
    assert booker_operations(settings) == ("bookings",)
    on = settings.model_copy(
        update={"roombookings": settings.roombookings.model_copy(update={"owner": "X"})}
    )
    assert booker_operations(on) == ("bookings", "roombookings")


async def test_booker_is_polled_on_the_clock(tmp_path: Path) -> None:
    """Polls follow `poll_booker_s` on the clock; a change seen in Booker's listing runs
    the bookings and, with an owner set, the room bookings."""
    clock, runner = FakeClock(), FakeRunner()
    settings = serve_settings(tmp_path, debounce_s=0, poll_booker_s=300)
    settings = settings.model_copy(update={"roombookings": RoomBookingSettings(owner="ESSM")})
    answers = [False, True]

    async def poll() -> bool:
        return answers.pop(0)

    service = Service(settings, runner, clock=clock, poll=poll)
    async with running(service):
        for now in (300, 600):
            await anyio.wait_all_tasks_blocked()
            clock.now = now
            service.wake()
        await runner.started.wait()
        await service.idle.wait()
    assert answers == []
    assert [(run.operations, run.reasons) for run in runner.runs] == [
        (("bookings", "roombookings"), ("booker",))
    ]


def test_the_daily_sync_runs_what_the_nightly_job_runs(tmp_path: Path) -> None:
    """The daily full sync is every operation, `roombookings` only with an owner."""
    off = serve_settings(tmp_path)
    on = off.model_copy(update={"roombookings": RoomBookingSettings(owner="ESSM")})
    assert Service(off, FakeRunner()).full_operations() == ("buildings", "rooms", "bookings")
    assert Service(on, FakeRunner()).full_operations() == (
        "buildings", "rooms", "bookings", "roombookings",
    )  # fmt: skip
