"""What serve knows for its status page and /metrics: the last runs, what stands now.

Conflicts and held rooms are those of the latest run that planned bookings; a conflict's
"since" is the first run, in this process's life, that reported it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from essm_sync.serve.runner import RunRecord


@dataclass(frozen=True)
class StandingConflict:
    """An event that cannot be booked, the booking in the way, and since when."""

    key: str
    room: str
    title: str
    start: str
    end: str
    blocking: str  # the booking in the way, and who made it
    since: dt.datetime


@dataclass
class Status:
    """Runs, standing conflicts and held rooms, readiness and counters."""

    runs: deque[RunRecord] = field(default_factory=lambda: deque(maxlen=20))
    conflicts: tuple[StandingConflict, ...] = ()
    held_rooms: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()
    ready: dict[str, bool] = field(default_factory=lambda: {"TermTime": False, "Booker": False})
    probe_errors: dict[str, str] = field(default_factory=dict)
    counters: Counter[str] = field(default_factory=Counter)
    audit: dict[str, Any] = field(default_factory=dict)
    _first_seen: dict[str, dt.datetime] = field(default_factory=dict)

    def record(self, run: RunRecord) -> None:
        """Keep a finished run; take the conflicts and held rooms it reports as standing.

        A run still kept out by the lock replaces the row of the one before: a long
        nightly job must not push the real runs off the page."""
        if run.exit_code is None and self.runs and self.runs[0].exit_code is None:
            self.runs.popleft()
        self.runs.appendleft(run)
        self.counters[f"runs:{run.result}"] += 1
        if run.exit_code is None or "bookings" not in run.operations or not run.report:
            return
        found = list(_conflicts(run.report))
        keys = {f"{key}|{room}" for key, room, *_ in found}
        self._first_seen = {k: v for k, v in self._first_seen.items() if k in keys}
        standing = []
        for key, room, title, start, end, blocking in found:
            since = self._first_seen.setdefault(f"{key}|{room}", run.finished)
            standing.append(StandingConflict(key, room, title, start, end, blocking, since))
        self.conflicts = tuple(standing)
        self.held_rooms = tuple(sorted({str(r) for r in run.report.get("held_rooms", [])}))
        # Rooms with items taught together, each group holding one booking (design.md).
        self.shared = tuple(sorted({
            str(group["room"]) for group in run.report.get("shared", [])
            if isinstance(group, dict) and "room" in group
        }))  # fmt: skip

    def read_audit(self, path: Path | None) -> None:
        """Take the counts of the latest audit written to `path`, when there is one."""
        if path is None:
            return
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            written = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        except (OSError, ValueError):
            self.audit = {}
            return
        counts = body.get("counts") if isinstance(body, dict) else None
        self.audit = {"counts": counts, "written": written} if isinstance(counts, dict) else {}

    @property
    def is_ready(self) -> bool:
        """Whether both systems answered the last probe."""
        return all(self.ready.values())


def _conflicts(report: dict[str, Any]) -> list[tuple[str, str, str, str, str, str]]:
    """Return (key, room, title, start, end, booking in the way) from a run report."""
    found: list[tuple[str, str, str, str, str, str]] = []
    for item in report.get("conflicts_foreseen", []):
        blocking = "; ".join(
            f"booking {b.get('booking_id')} “{b.get('title', '')}” by {b.get('created_by') or '?'}"
            for b in item.get("blocking", [])
        ) or (f"our booking of {item['clashes_with']}" if item.get("clashes_with") else "")
        found.append(
            (str(item.get("key", "")), str(item.get("room", "")), str(item.get("title", "")),
             str(item.get("start", "")), str(item.get("end", "")), blocking)
        )  # fmt: skip
    for failure in report.get("failures", []):
        if failure.get("status") == "conflict":
            found.append(
                (str(failure.get("key", "")), "", "", "", "", str(failure.get("reason", "")))
            )
    return found
