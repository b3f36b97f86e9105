"""A triggered run is `essm-sync sync OPERATION...` itself, run as a child process.

The nightly job's command, not a copy of it: the same plan, guard, lock, report, metrics
and exit codes. The child's logs go where serve's go; its JSON report tells the status
page what happened. A child of its own session, it never receives the signal meant for
serve: serve decides when a running sync is told to stop.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import filelock
import structlog

from essm_sync.models import OPERATIONS
from essm_sync.serve.scheduler import Due

_log = structlog.get_logger("essm_sync.serve")

_OUTCOMES = {0: "done", 1: "error", 3: "refused by the guard", 4: "incomplete", 130: "interrupted"}
_RESULTS = {0: "done", 1: "error", 3: "refused", 4: "incomplete", 130: "interrupted"}


@dataclass(frozen=True)
class RunRecord:
    """One run as the status page and /metrics show it."""

    started: dt.datetime
    finished: dt.datetime
    reasons: tuple[str, ...]
    operations: tuple[str, ...]
    exit_code: int | None  # None: it did not start (another run held the lock)
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def outcome(self) -> str:
        """Say in a word or two how the run ended."""
        if self.exit_code is None:
            return "waiting: another run holds the lock"
        if self.exit_code == 0 and self.report.get("complete") is False:
            return "incomplete"  # run.incomplete_exit_code showed 4 as 0
        return _OUTCOMES.get(self.exit_code, f"exit {self.exit_code}")

    @property
    def result(self) -> str:
        """The outcome as one word, for a metric's label."""
        if self.exit_code is None:
            return "locked"
        if self.outcome == "incomplete":
            return "incomplete"
        return _RESULTS.get(self.exit_code, f"exit_{self.exit_code}")


def is_locked(path: Path) -> bool:
    """Whether another process holds the run lock now (the nightly `sync`, say)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        return True
    lock.release()
    return False


class ChildRunner:
    """Run `essm-sync sync` for a due run and read its report."""

    def __init__(
        self,
        *,
        config: Path | None,
        lock_path: Path,
        state_dir: Path,
        extra_args: Sequence[str] = (),
        metrics_file: Path | None = None,
    ) -> None:
        self._config = config
        # The last run's report stays where its summary line says until the next run.
        self._report = state_dir / "last-report.json"
        self._metrics = ["--metrics-file", str(metrics_file)] if metrics_file else []
        self._lock_path = lock_path
        self._extra = tuple(extra_args)
        self._process: anyio.abc.Process | None = None

    def command(self, operations: Sequence[str], report: Path) -> list[str]:
        """Return the child's command line."""
        config = ["--config", str(self._config)] if self._config is not None else []
        if set(OPERATIONS) <= set(operations):
            operations = ()  # the daily full sync: exactly the nightly job's command
        return [
            sys.executable, "-m", "essm_sync", *config, *self._extra,
            "sync", *operations, "--report", str(report), *self._metrics,
        ]  # fmt: skip

    async def __call__(self, due: Due) -> RunRecord:
        """Run the sync of `due`; a run the lock keeps out comes back with no exit code."""
        started = dt.datetime.now(dt.UTC)
        if is_locked(self._lock_path):
            return RunRecord(started, started, due.reasons, due.operations, None)
        self._report.unlink(missing_ok=True)  # never read the run before's
        command = self.command(due.operations, self._report)
        _log.info("serve.run_started", operations=due.operations, reasons=due.reasons)
        async with await anyio.open_process(
            command, stdin=subprocess.DEVNULL, stdout=None, stderr=None,
            start_new_session=True,
        ) as process:  # fmt: skip
            self._process = process
            try:
                code = await process.wait()
            finally:
                self._process = None
        report = _read(self._report)
        finished = dt.datetime.now(dt.UTC)
        if code == 1 and not report and is_locked(self._lock_path):
            # The nightly job took the lock between the check and the child's start.
            return RunRecord(started, finished, due.reasons, due.operations, None)
        requests = report.get("requests", {})
        _log.info(
            "serve.run_finished", exit_code=code, operations=due.operations,
            requests={system: sum(counts.values()) for system, counts in requests.items()},
        )  # fmt: skip
        return RunRecord(started, finished, due.reasons, due.operations, code, report)

    def interrupt(self) -> None:
        """Ask a running child to finish its writes in flight and stop (its first SIGTERM)."""
        if self._process is not None and self._process.returncode is None:
            os.kill(self._process.pid, signal.SIGTERM)


def _read(path: Path) -> dict[str, Any]:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return body if isinstance(body, dict) else {}
