"""What every writing run shares: the lock, signals, the report and the exit code.

The first Ctrl-C or SIGTERM stops new changes from starting and lets those in flight
finish; a second one abandons them. Either way the next run converges.
"""

from __future__ import annotations

import datetime as dt
import json
import signal
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import anyio
import structlog
import typer

from essm_sync.cli.common import check_writable, run_lock
from essm_sync.cli.logs import echo, error, is_json, warn
from essm_sync.cli.options import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_UNSAFE,
)
from essm_sync.cli.output import RunTotals, echo_report, summary, write_report
from essm_sync.engine import Interrupt, RunReport, Systems, open_systems
from essm_sync.errors import EssmSyncError, UnsafePlanError
from essm_sync.models import Plan
from essm_sync.settings import Settings

if TYPE_CHECKING:
    from essm_sync.cli.metrics import MetricsJob

Work = Callable[[Systems, Interrupt], Awaitable[None]]
_log = structlog.get_logger("essm_sync.run")


async def _watch_signals(interrupt: Interrupt, scope: anyio.CancelScope) -> None:
    with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        async for signum in signals:
            name = signal.Signals(signum).name
            if interrupt.is_requested:
                warn("run.abandoned", "abandoned: changes in flight may or may not have "
                     "landed; the next run converges", prefix=None, signal=name)  # fmt: skip
                scope.cancel()
                return
            interrupt.request()
            # One line, the event operations.md lists: a stop asked for is not an error.
            warn("run.interrupted", "interrupted: finishing changes in flight, starting no "
                 "new ones (again to abandon)", prefix=None, signal=name)  # fmt: skip


def run_writing(
    settings: Settings, report: RunReport, work: Work, *, report_path: Path | None,
    warned: Sequence[Plan] = (),
    metrics: MetricsJob | None = None,
) -> None:  # fmt: skip
    """Run `work` under the lock with signal handling, then report, export the metrics
    and exit.

    Args:
        warned: the plans whose warnings `work` has already said (as it showed them).
    """
    if report_path is not None:
        check_writable(report_path, "the report")
    started = dt.datetime.now(dt.UTC)
    interrupt = Interrupt()
    opened: list[Systems] = []
    versions: dict[str, str] = {}

    failures: list[Exception] = []

    async def main() -> None:
        async with open_systems(settings) as systems, anyio.create_task_group() as group:
            opened.append(systems)
            # The first stop request also ends every wait to retry, at once.
            interrupt.on_request(systems.termtime.stop_waiting)
            interrupt.on_request(systems.booker.stop_waiting)
            group.start_soon(_watch_signals, interrupt, group.cancel_scope)
            try:
                if report_path is not None:
                    versions["TermTime"] = (await systems.termtime.ping()).version
                await work(systems, interrupt)
            except Exception as exc:  # raised below, outside the task group, as itself
                failures.append(exc)
            group.cancel_scope.cancel()

    with run_lock(settings):
        anyio.run(main)
    # Past this point the run is over: a late signal must not cut the report short (nor
    # turn the exit code into 143); the report is written and the process exits at once.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
    failure = failures[0] if failures else None
    report.interrupted = report.interrupted or interrupt.is_requested
    systems = opened[0] if opened else None
    wrote = systems is not None and systems.termtime.writes + systems.booker.writes > 0
    saved = True
    if report_path is not None:
        saved = _save_report(
            report_path, report, systems, started=started, versions=versions, failure=failure
        )
    traffic = _traffic_of(systems, report_path if saved else None)
    unsafe = isinstance(failure, UnsafePlanError)
    # Earlier stages may have been applied before a later one failed: say what was done.
    # A refusal ends with the summary too; an error before any write stays one line.
    if failure is None or report.outcomes or wrote or unsafe:
        totals = RunTotals(
            duration_s=(dt.datetime.now(dt.UTC) - started).total_seconds(),
            requests=sum(n for counts in traffic.requests.values() for n in counts.values()),
            retries=sum(traffic.retries.values()),
            report=traffic.report,
            refused=failure.problems if isinstance(failure, UnsafePlanError) else (),
        )
        echo_report(report, zone=settings.bookings.zone(), totals=totals, warned=warned)
    if failure is not None and (not wrote or unsafe):
        _export(metrics, report, systems, EXIT_UNSAFE if unsafe else EXIT_ERROR, failure)
        _finished(report, started, exit_code=EXIT_UNSAFE if unsafe else EXIT_ERROR,
                  error=str(failure), traffic=traffic)  # fmt: skip
        raise failure
    if failure is not None:
        # Never 1 after anything was written (design.md, exit codes): the systems changed,
        # so the run did not reach its goal, and the lines above say what it did.
        known = isinstance(failure, EssmSyncError)
        error(str(failure) if known else f"unexpected {type(failure).__name__}: {failure}")
    code = _code_of(report, failure, wrote=wrote, saved=saved)
    if not _export(metrics, report, systems, code, failure) and code == EXIT_OK:
        code = EXIT_PARTIAL if wrote else EXIT_ERROR  # a file not saved (design.md, Files)
    _finished(report, started, exit_code=code, error=str(failure) if failure else None,
              traffic=traffic)  # fmt: skip
    # The metrics and the log keep 4; a scheduler that must see 0 may be given 0.
    raise typer.Exit(settings.run.incomplete_exit_code if code == EXIT_PARTIAL else code)


def _code_of(report: RunReport, failure: Exception | None, *, wrote: bool, saved: bool) -> int:
    """Return the exit code of a run that went to its end, or failed after writing."""
    if report.interrupted:
        return EXIT_INTERRUPTED
    if failure is not None or not saved:
        return EXIT_PARTIAL if wrote else EXIT_ERROR
    return EXIT_OK if report.is_complete else EXIT_PARTIAL


def _export(
    metrics: MetricsJob | None, report: RunReport, systems: Systems | None, code: int,
    failure: Exception | None,
) -> bool:  # fmt: skip
    """Export the run's metrics; False when the textfile could not be written."""
    if metrics is None:
        return True
    from essm_sync.cli.metrics import export_metrics, traffic_of  # noqa: PLC0415 - only when asked
    from essm_sync.metrics import facts_of_report  # noqa: PLC0415

    requests, retries = traffic_of(systems)
    refused = failure.operations if isinstance(failure, UnsafePlanError) else ()
    facts = facts_of_report(
        report, command=metrics.command, operations=metrics.operations, exit_code=code,
        started_s=metrics.started_s, finished_s=time.time(), requests=requests,
        retries=retries, refused=refused,
    )  # fmt: skip
    return export_metrics(metrics, facts)


@dataclass(frozen=True)
class _Traffic:
    requests: dict[str, dict[str, int]]  # per system, per method and endpoint
    retries: dict[str, int]  # per system
    report: Path | None  # where the report was written, if it was


def _traffic_of(systems: Systems | None, report: Path | None) -> _Traffic:
    if systems is None:
        return _Traffic({}, {}, report)
    return _Traffic(
        {"TermTime": dict(systems.termtime.requests), "Booker": dict(systems.booker.requests)},
        {"TermTime": systems.termtime.retries, "Booker": systems.booker.retries},
        report,
    )


def _save_report(
    path: Path, report: RunReport, systems: Systems | None, *, started: dt.datetime,
    versions: dict[str, str], failure: Exception | None,
) -> bool:  # fmt: skip
    """Write the run report; a failure to is one line naming the file (design.md, Files)."""
    requests = (
        {"TermTime": dict(systems.termtime.requests), "Booker": dict(systems.booker.requests)}
        if systems is not None
        else {}
    )
    writes = (
        {"TermTime": systems.termtime.writes, "Booker": systems.booker.writes}
        if systems is not None
        else {}
    )
    try:
        write_report(
            path, report, started=started, finished=dt.datetime.now(dt.UTC),
            requests=requests, writes=writes, versions=versions,
            error=str(failure) if failure else None,
        )  # fmt: skip
    except EssmSyncError as exc:
        error(str(exc))
        return False
    return True


def _finished(
    report: RunReport, started: dt.datetime, *, exit_code: int, traffic: _Traffic,
    error: str | None = None,
) -> None:  # fmt: skip
    """Log `run.finished`: the exit code, counts per operation, kind and outcome, duration,
    requests and retries per system, the report's path. Among JSON logs it is also the one
    line on stdout: the run's summary."""
    seconds = round((dt.datetime.now(dt.UTC) - started).total_seconds(), 3)
    held = [room for plan in report.plans for room in plan.held]
    fields = {
        "exit_code": exit_code, "counts": summary(report), "duration_s": seconds,
        "conflicts": len(report.foreseen_conflicts), "held_rooms": len(held),
        "shared": sum(len(plan.shared) for plan in report.plans),
        "interrupted": report.interrupted, "error": error,
        "requests": {system: sum(counts.values()) for system, counts in traffic.requests.items()},
        "retries": traffic.retries,
        "report": str(traffic.report) if traffic.report is not None else None,
    }  # fmt: skip
    _log.info("run.finished", **fields)
    if is_json():
        echo(json.dumps({"event": "run.finished", **fields}))
