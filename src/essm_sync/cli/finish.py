"""The end of a writing run: print the report, write it to a file if asked, pick the exit code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from essm_sync.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL
from essm_sync.cli.output import echo_report, write_report
from essm_sync.engine import RunReport, Systems
from essm_sync.settings import Settings


def finish(
    report: RunReport,
    settings: Settings,
    *,
    systems: Systems | None,
    started: dt.datetime,
    report_path: Path | None,
    versions: dict[str, str],
) -> None:
    """Report the run and exit 0 (all done), 4 (some changes failed) or 130 (interrupted)."""
    echo_report(report, zone=settings.bookings.zone())
    if report_path is not None:
        requests = (
            {"TermTime": dict(systems.termtime.requests), "Booker": dict(systems.booker.requests)}
            if systems is not None
            else {}
        )
        write_report(
            report_path, report, started=started, finished=dt.datetime.now(dt.UTC),
            requests=requests, versions=versions,
        )  # fmt: skip
    if report.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_OK if report.is_complete else EXIT_PARTIAL)
