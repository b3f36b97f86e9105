"""The long-running part of serve: triggers in, one run at a time out, probes, polling.

Time comes from an injectable clock and runs from an injectable runner, so tests drive
the whole loop with fakes. Stopping (SIGTERM) takes no more triggers and lets the running
sync finish; only after `stop_grace_s` is the sync itself asked to stop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol

import anyio
import structlog

from essm_sync.models import ALL_OPERATIONS, OPERATIONS, Operation
from essm_sync.serve.runner import RunRecord, is_locked
from essm_sync.serve.scheduler import Due, Scheduler, next_daily
from essm_sync.serve.status import Status
from essm_sync.settings import Settings

_log = structlog.get_logger("essm_sync.serve")

Clock = Callable[[], float]
Probe = Callable[[], Awaitable[dict[str, str | None]]]  # system -> error, None when it answered


def booker_operations(settings: Settings) -> tuple[Operation, ...]:
    """What a change in Booker's listing runs: the bookings (people's bookings decide the
    conflicts) and, when the operation is on, the room bookings (design.md, Serve)."""
    if settings.roombookings.owner is None:
        return ("bookings",)
    return ("bookings", "roombookings")


Poll = Callable[[], Awaitable[bool]]  # whether Booker's listing changed since the last poll


class Runner(Protocol):
    """Runs one due sync and says how it went."""

    async def __call__(self, due: Due) -> RunRecord: ...

    def interrupt(self) -> None: ...


class Service:
    """Debounced runs of `sync` on triggers, under the nightly job's lock."""

    def __init__(
        self,
        settings: Settings,
        runner: Runner,
        *,
        clock: Clock = anyio.current_time,
        probe: Probe | None = None,
        poll: Poll | None = None,
        probe_every_s: float = 30.0,
        lock_retry_s: float = 60.0,
        stop_grace_s: float | None = None,
    ) -> None:
        serve = settings.serve
        self.settings = settings
        self.status = Status()
        self.scheduler = Scheduler(debounce_s=serve.debounce_s, max_delay_s=serve.max_delay_s)
        self._runner = runner
        self._clock = clock
        self._probe = probe
        self._poll = poll
        self._probe_every_s = probe_every_s
        self._lock_retry_s = lock_retry_s
        self._stop_grace_s = (
            settings.retry.total_timeout_s if stop_grace_s is None else stop_grace_s
        )
        self._lock_path: Path = settings.lock_file()
        self._wake = anyio.Event()
        self._stopping = False
        self._stopped = anyio.Event()
        self._sleepers: set[anyio.Event] = set()
        self.idle = anyio.Event()  # set whenever no run is going on and none is due now

    @property
    def stopping(self) -> bool:
        """Whether serve is shutting down and refuses new triggers."""
        return self._stopping

    def hook_operations(self) -> tuple[Operation, ...]:
        """Return what a timetable change needs: the bookings stage."""
        return ("bookings",)

    def full_operations(self) -> tuple[Operation, ...]:
        """Return what the daily full sync runs: all, as the nightly job does."""
        enabled = self.settings.roombookings.owner is not None
        return ALL_OPERATIONS if enabled else OPERATIONS

    def trigger(
        self, operations: tuple[Operation, ...], reason: str, *, at_once: bool = False
    ) -> bool:
        """Ask for a run; False once serve is stopping."""
        if self._stopping:
            return False
        self.scheduler.trigger(self._clock(), operations, reason, at_once=at_once)
        self.status.counters[f"triggers:{reason}"] += 1
        self.idle = anyio.Event()
        self._wake.set()
        return True

    def wake(self) -> None:
        """Look at the clock again now (tests move a fake clock, then wake the loops)."""
        self._wake.set()
        for sleeper in list(self._sleepers):
            sleeper.set()

    async def _sleep_until(self, when: float) -> None:
        """Wait until the clock reads `when` (or later), woken early by `wake`."""
        while (left := when - self._clock()) > 0:
            sleeper = anyio.Event()
            self._sleepers.add(sleeper)
            try:
                with anyio.move_on_after(left):
                    await sleeper.wait()
            finally:
                self._sleepers.discard(sleeper)

    def stop(self) -> None:
        """Take no more triggers; the running sync, if any, finishes."""
        self._stopping = True
        self._stopped.set()
        self._wake.set()

    async def run(self) -> None:
        """Run until stopped: the run loop, probes, and Booker polling and the daily sync."""
        async with anyio.create_task_group() as group:
            if self._probe is not None:
                group.start_soon(self._probing)
            if self._poll is not None and self.settings.serve.poll_booker_s > 0:
                group.start_soon(self._polling)
            if self.settings.serve.full_sync_at is not None:
                group.start_soon(self._daily)
            await self._running()
            group.cancel_scope.cancel()

    async def _running(self) -> None:
        while not self._stopping:
            due = self.scheduler.start(self._clock())
            if due is not None:
                await self._execute(due)
                continue
            when = self.scheduler.next_due()
            if when is None:
                self.idle.set()
            self._wake = anyio.Event()
            wait = None if when is None else max(0.0, when - self._clock())
            with anyio.move_on_after(wait):
                await self._wake.wait()
        self.idle.set()

    async def _execute(self, due: Due) -> None:
        with anyio.CancelScope(shield=True):
            if is_locked(self._lock_path):
                record = RunRecord(
                    dt.datetime.now(dt.UTC), dt.datetime.now(dt.UTC), due.reasons,
                    due.operations, None,
                )  # fmt: skip
            else:
                async with anyio.create_task_group() as group:
                    group.start_soon(self._grace)
                    record = await self._guarded(due)
                    group.cancel_scope.cancel()
        self.status.record(record)
        if record.exit_code is None:
            _log.warning("serve.run_waiting", reason="another run holds the lock")
            self.scheduler.requeue(self._clock(), due, wait_s=self._lock_retry_s)
        else:
            self.scheduler.finish()

    async def _guarded(self, due: Due) -> RunRecord:
        started = dt.datetime.now(dt.UTC)
        try:
            return await self._runner(due)
        except Exception as exc:  # a run that could not be started is one failed run
            _log.error("serve.run_failed", error=str(exc))
            finished = dt.datetime.now(dt.UTC)
            report = {"error": f"the sync could not be run: {exc}"}
            return RunRecord(started, finished, due.reasons, due.operations, 1, report)

    async def _grace(self) -> None:
        """Once stopping, give the running sync `stop_grace_s`, then ask it to stop."""
        await self._stopped.wait()
        await anyio.sleep(self._stop_grace_s)
        self._runner.interrupt()

    async def probe_now(self) -> None:
        """Ask both systems now; /readyz tells what they answered."""
        if self._probe is None:
            return
        errors = await self._probe()
        for system, problem in errors.items():
            self.status.ready[system] = problem is None
            if problem is None:
                self.status.probe_errors.pop(system, None)
            else:
                self.status.probe_errors[system] = problem

    async def _probing(self) -> None:
        while True:
            await self.probe_now()
            await anyio.sleep(self._probe_every_s)

    async def _polling(self) -> None:
        assert self._poll is not None  # noqa: S101 - started only with a poll
        while True:
            await self._sleep_until(self._clock() + self.settings.serve.poll_booker_s)
            try:
                changed = await self._poll()
            except Exception as exc:  # a failed poll waits for the next; it never stops serve
                _log.warning("serve.poll_failed", error=str(exc))
                continue
            if changed:
                self.trigger(booker_operations(self.settings), "booker")

    async def _daily(self) -> None:
        at = self.settings.serve.full_sync_at
        assert at is not None  # noqa: S101 - started only when set
        zone = self.settings.bookings.zone()
        while True:
            now = dt.datetime.now(dt.UTC)
            await anyio.sleep((next_daily(now, at, zone) - now).total_seconds())
            self.trigger(self.full_operations(), "daily", at_once=True)
