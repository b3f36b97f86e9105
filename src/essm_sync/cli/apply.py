"""`essm-sync apply`: apply a saved plan exactly, or plan, confirm and apply."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from essm_sync.cli.options import MetricsFile, NoGuard, Operations, ReportFile, handled

if TYPE_CHECKING:
    from essm_sync.engine import Interrupt, Systems
    from essm_sync.models import Plan


@handled
def apply(
    ctx: typer.Context,
    operations: Operations = None,
    plan_file: Annotated[
        Path | None, typer.Option("--plan", help="Apply exactly this saved plan.")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Apply without asking.")] = False,
    no_guard: NoGuard = False,
    report_path: ReportFile = None,
    metrics_file: MetricsFile = None,
) -> None:
    """Apply a saved plan, or plan OPERATION... and apply it once confirmed."""
    from essm_sync.cli.common import (
        operations_of,
        read_plan,
        settings_of,
        window_of,
        year_of,
    )
    from essm_sync.cli.logs import is_json
    from essm_sync.cli.metrics import metrics_job
    from essm_sync.cli.output import echo_plan, warn_plan
    from essm_sync.cli.plan_origin import check_origin
    from essm_sync.cli.progress import progress_bars
    from essm_sync.cli.writing import run_writing
    from essm_sync.engine import RunOptions, RunReport, apply_saved_plan, sync_operations
    from essm_sync.errors import ConfigError

    settings = settings_of(ctx)
    saved = read_plan(plan_file) if plan_file is not None else None
    if saved is not None and plan_file is not None:
        check_origin(saved, settings, plan_file)
    if saved is not None and operations:
        raise ConfigError("give either --plan or operations, not both")
    if saved is None and not yes and not sys.stdin.isatty():
        raise ConfigError("not on a terminal: pass --yes to apply without confirmation")
    ops = (
        tuple(stage.operation for stage in saved.stages)
        if saved is not None
        else operations_of(operations, settings)
    )
    metrics = metrics_job(settings, "apply", ops, metrics_file)
    zone = settings.bookings.zone()
    use_guard = settings.guard.enabled and not no_guard
    report = RunReport()

    shown: list[Plan] = []

    def confirm(plan: Plan) -> bool:
        if not (yes and is_json()):  # as for sync: among JSON logs the report has the changes
            echo_plan(plan, fmt="text", zone=zone)
        warn_plan([plan], zone=zone)  # before the question: a person decides on them too
        shown.append(plan)
        return yes or typer.confirm("Apply these changes?", default=False)

    async def work(systems: Systems, interrupt: Interrupt) -> None:
        if saved is not None:
            await apply_saved_plan(
                saved, systems, settings, report, use_guard=use_guard, interrupt=interrupt,
                year=year_of(settings),
            )  # fmt: skip
            return
        first, last = window_of(settings)
        options = RunOptions(
            first_day=first, last_day=last, use_guard=use_guard, interrupt=interrupt,
            fetch_progress=bars, apply_progress=bars, year=year_of(settings),
        )  # fmt: skip
        await sync_operations(ops, systems, settings, options, report, confirm=confirm)

    # No bars while a question may be asked on the same terminal.
    quiet = saved is None and not yes
    with progress_bars(enabled=ctx.obj.wants_progress(settings) and not quiet) as bars:
        run_writing(settings, report, work, report_path=report_path, warned=shown, metrics=metrics)
