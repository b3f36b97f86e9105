"""The sync over real HTTP against the fakes with injected latency: first, idle, incremental."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.live import RunResult, run_sync, serve
from essm_sync.sandbox import Faults, Sandbox, generate

SIZES = {"small": (200, 4_000), "large": (1_000, 50_000)}


@dataclass(frozen=True)
class Row:
    """One measured run."""

    size: str
    scenario: str
    concurrency: int
    result: RunResult
    latency_s: float

    @property
    def bound_s(self) -> float:
        """Requests x latency / concurrency: the wall time perfect overlap would give."""
        return self.result.total_requests * self.latency_s / self.concurrency


def _move_events(university: Sandbox, share: float, seed: int) -> int:
    """Move `share` of the events to 07:00-08:00, a slot the seed leaves free."""
    rng = random.Random(seed)
    events = university.termtime.events
    chosen = rng.sample(sorted(events), int(len(events) * share))
    for uid in chosen:
        events[uid] = dataclasses.replace(events[uid], start=dt.time(7), end=dt.time(8))
    university.termtime.changed_events()
    return len(chosen)


def bench_size(size: str, *, latency_s: float, concurrency: int, baseline: bool) -> list[Row]:
    """Measure one size: first sync, idle sync, 5% incremental, and optionally concurrency 1."""
    rooms, events = SIZES[size]
    env = {
        "ESSM_SYNC_TERMTIME__CONCURRENCY": str(concurrency),
        "ESSM_SYNC_BOOKER__CONCURRENCY": str(concurrency),
    }
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        university = generate(seed=1, rooms=rooms, events=events)
        faults = Faults(latency_s=latency_s)
        with serve(university, workdir, (faults, faults)) as config:
            for scenario in ("first", "idle", "incremental"):
                if scenario == "incremental":
                    _move_events(university, 0.05, seed=2)
                result = run_sync(config, workdir, env=env)
                rows.append(Row(size, scenario, concurrency, result, latency_s))
        if baseline:
            university = generate(seed=1, rooms=rooms, events=events)
            sequential = dict.fromkeys(env, "1")
            with serve(university, workdir, (faults, faults)) as config:
                result = run_sync(config, workdir, env=sequential)
                rows.append(Row(size, "first", 1, result, latency_s))
    return rows
