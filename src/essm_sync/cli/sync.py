"""`essm-sync sync`: plan then apply each operation as a stage, never prompting."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from essm_sync.cli.options import MetricsFile, NoGuard, Operations, ReportFile, handled

if TYPE_CHECKING:
    from essm_sync.engine import Interrupt, Systems
    from essm_sync.models import Plan


@handled
def sync(
    ctx: typer.Context,
    operations: Operations = None,
    no_guard: NoGuard = False,
    report_path: ReportFile = None,
    metrics_file: MetricsFile = None,
) -> None:
    """Plan and apply OPERATION... (default: all three): the scheduled job's command."""
    # The stack is loaded when the command runs, so that `--help` answers at once.
    from essm_sync.cli.common import operations_of, settings_of, window_of, year_of
    from essm_sync.cli.logs import is_json
    from essm_sync.cli.metrics import metrics_job
    from essm_sync.cli.output import echo_plan, warn_plan
    from essm_sync.cli.progress import progress_bars
    from essm_sync.cli.writing import run_writing
    from essm_sync.engine import RunOptions, RunReport, sync_operations

    settings = settings_of(ctx)
    ops = operations_of(operations, settings)
    first, last = window_of(settings)
    metrics = metrics_job(settings, "sync", ops, metrics_file)
    report = RunReport()
    zone = settings.bookings.zone()

    shown: list[Plan] = []

    def show(plan: Plan) -> bool:
        if not is_json():  # among JSON logs, the changes are in the report, not the log
            echo_plan(plan, fmt="text", zone=zone)
        said = [w for p in shown for stage in p.stages for w in stage.warnings]
        warn_plan([plan], zone=zone, named=[s for p in shown for s in p.skipped], said=said)
        shown.append(plan)
        return True

    async def work(systems: Systems, interrupt: Interrupt) -> None:
        options = RunOptions(
            first_day=first, last_day=last, interrupt=interrupt,
            use_guard=settings.guard.enabled and not no_guard,
            fetch_progress=bars, apply_progress=bars, year=year_of(settings),
        )  # fmt: skip
        await sync_operations(ops, systems, settings, options, report, confirm=show)

    with progress_bars(enabled=ctx.obj.wants_progress(settings)) as bars:
        run_writing(settings, report, work, report_path=report_path, warned=shown, metrics=metrics)
