"""When `serve` runs a sync: triggers debounced and coalesced, one run at a time.

Pure: every call is given the time (seconds on a monotonic clock), so tests drive it with
a fake clock. A trigger asks for operations; triggers pending together make one run of
the union of their operations. A run starts `debounce_s` after the latest trigger, but at
most `max_delay_s` after the first; triggers during a run wait for it to end and then
make one run, however many there were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from essm_sync.models import ALL_OPERATIONS, Operation


@dataclass(frozen=True)
class Due:
    """A run to start now: its operations in the fixed order, and what asked for it."""

    operations: tuple[Operation, ...]
    reasons: tuple[str, ...]
    triggers: int


@dataclass
class Scheduler:
    """Debounce and coalesce triggers into runs, never two at once."""

    debounce_s: float
    max_delay_s: float
    running: bool = False
    _first: float | None = None
    _last: float | None = None
    _at_once: bool = False
    _operations: set[Operation] = field(default_factory=set)
    _reasons: dict[str, None] = field(default_factory=dict)
    _count: int = 0
    _not_before: float = float("-inf")

    @property
    def pending(self) -> bool:
        """Whether a trigger waits for a run."""
        return self._first is not None

    def trigger(
        self, now: float, operations: Iterable[Operation], reason: str, *, at_once: bool = False
    ) -> None:
        """Ask for a run of `operations`; `at_once` skips the debounce (a daily sync)."""
        if self._first is None:
            self._first = now
        self._last = now
        self._at_once = self._at_once or at_once
        self._operations.update(operations)
        self._reasons.setdefault(reason)
        self._count += 1

    def next_due(self) -> float | None:
        """Return when the pending run may start (it may be past), or None if none waits."""
        if self._first is None or self._last is None:
            return None
        if self._at_once:
            return max(self._first, self._not_before)
        due = min(self._last + self.debounce_s, self._first + self.max_delay_s)
        return max(due, self._not_before)

    def start(self, now: float) -> Due | None:
        """Start the pending run if it is due and none is running; return it, else None."""
        due = self.next_due()
        if self.running or due is None or now < due:
            return None
        run = Due(
            operations=tuple(op for op in ALL_OPERATIONS if op in self._operations),
            reasons=tuple(self._reasons),
            triggers=self._count,
        )
        self.running = True
        self._first = self._last = None
        self._at_once = False
        self._not_before = float("-inf")
        self._operations = set()
        self._reasons = {}
        self._count = 0
        return run

    def finish(self) -> None:
        """Mark the running run ended; triggers that came meanwhile make the next one."""
        self.running = False

    def requeue(self, now: float, run: Due, *, wait_s: float) -> None:
        """Give a run back that could not start (another run held the lock): it starts
        again no sooner than `wait_s` from now, keeping its operations and reasons."""
        self.running = False
        for reason in run.reasons:
            self.trigger(now, run.operations, reason)
        self._not_before = now + wait_s


def next_daily(now: dt.datetime, at: dt.time, zone: dt.tzinfo) -> dt.datetime:
    """Return the next instant after `now` when the local clock in `zone` reads `at`.

    A time skipped when clocks go forward is read as PEP 495's fold=0, as everywhere.
    """
    local = now.astimezone(zone)
    day = local.date()
    for offset in range(3):
        when = dt.datetime.combine(day + dt.timedelta(days=offset), at, tzinfo=zone)
        if when > now:
            return when
    raise AssertionError("unreachable: a day later is always after now")  # pragma: no cover
