"""`essm-sync sync`: plan then apply each operation as a stage, never prompting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import anyio
import typer

from essm_sync.cli.common import (
    OperationName,
    handled,
    operations_of,
    run_lock,
    settings_of,
    systems_of,
    window_of,
)
from essm_sync.cli.finish import finish
from essm_sync.cli.output import echo_plan
from essm_sync.engine import RunOptions, RunReport, Systems, sync_operations
from essm_sync.models import Plan

NoGuard = Annotated[
    bool, typer.Option("--no-guard", help="Skip the safety limits for this run, deliberately.")
]
ReportFile = Annotated[
    Path | None, typer.Option("--report", help="Write a JSON run report to this file.")
]


@handled
def sync(
    ctx: typer.Context,
    operations: Annotated[list[OperationName] | None, typer.Argument(show_default=False)] = None,
    no_guard: NoGuard = False,
    report_path: ReportFile = None,
) -> None:
    """Plan and apply OPERATION... (default: all three): the scheduled job's command."""
    settings = settings_of(ctx)
    ops = operations_of(operations)
    first, last = window_of(settings)
    started = dt.datetime.now(dt.UTC)
    report = RunReport()
    zone = settings.bookings.zone()
    opened: list[Systems] = []
    versions: dict[str, str] = {}

    def show(plan: Plan) -> bool:
        echo_plan(plan, fmt="text", zone=zone)
        return True

    async def run() -> None:
        async with systems_of(settings) as systems:
            opened.append(systems)
            if report_path is not None:
                versions["TermTime"] = (await systems.termtime.ping()).version
            options = RunOptions(
                first_day=first, last_day=last, use_guard=settings.guard.enabled and not no_guard
            )
            await sync_operations(ops, systems, settings, options, report, confirm=show)

    with run_lock(settings):
        try:
            anyio.run(run)
        except KeyboardInterrupt:
            report.interrupted = True
    finish(
        report, settings, systems=opened[0] if opened else None, started=started,
        report_path=report_path, versions=versions,
    )  # fmt: skip
