"""`essm-sync plan`: print what would change, without changing anything."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from essm_sync.cli.options import (
    EXIT_CHANGES,
    EXIT_OK,
    EXIT_UNSAFE,
    MetricsFile,
    Operations,
    PlanFormat,
    handled,
)

if TYPE_CHECKING:
    from essm_sync.engine import Systems
    from essm_sync.models import Plan


@handled
def plan(
    ctx: typer.Context,
    operations: Operations = None,
    out: Annotated[
        Path | None, typer.Option(help="Save the plan as JSON for `apply --plan`.")
    ] = None,
    fmt: Annotated[
        PlanFormat, typer.Option("--format", help="How to print the plan.")
    ] = PlanFormat.text,
    detailed_exitcode: Annotated[
        bool,
        typer.Option(
            "--detailed-exitcode",
            help="Exit 2 when there are changes, 3 when the guard would refuse a stage.",
        ),
    ] = False,
    all_items: Annotated[
        bool, typer.Option("--all", help="List every change and warning (default off a terminal).")
    ] = False,
    metrics_file: MetricsFile = None,
) -> None:
    """Show the pending changes of OPERATION... (default: buildings rooms bookings)."""
    import anyio

    from essm_sync.cli.common import (
        blame_the_sync,
        check_writable,
        operations_of,
        settings_of,
        sync_running,
        window_of,
        year_of,
    )
    from essm_sync.cli.files import write_whole
    from essm_sync.cli.logs import echo
    from essm_sync.cli.metrics import exit_code_of, export_read_only, metrics_job
    from essm_sync.cli.output import echo_plan, warn_plan
    from essm_sync.cli.plan_origin import with_origin
    from essm_sync.cli.progress import progress_bars
    from essm_sync.core import render_json
    from essm_sync.engine import SYNC_RUNNING_WARNING, RunOptions, open_systems, plan_operations
    from essm_sync.errors import ApiError, EssmSyncError

    settings = settings_of(ctx)
    if out is not None:
        check_writable(out, "the plan")
    running = sync_running(settings, "plan")
    ops = operations_of(operations, settings)
    first, last = window_of(settings)
    metrics = metrics_job(settings, "plan", ops, metrics_file)
    opened: list[Systems] = []

    async def run() -> Plan:
        async with open_systems(settings) as systems:
            opened.append(systems)
            options = RunOptions(
                first_day=first,
                last_day=last,
                fetch_progress=bars,
                use_guard=settings.guard.enabled,
                year=year_of(settings),
                sync_running=running,
            )
            try:
                return await plan_operations(ops, systems, settings, options)
            except ApiError as exc:
                raise blame_the_sync(exc) if running else exc from None

    try:
        with progress_bars(enabled=ctx.obj.wants_progress(settings)) as bars:
            result = anyio.run(run)
    except EssmSyncError as exc:
        export_read_only(metrics, opened[0] if opened else None, exit_code=exit_code_of(exc))
        raise
    echo_plan(
        result, fmt=fmt.value, zone=settings.bookings.zone(), complete=True if all_items else None
    )
    # The opening note said a sync is running: not again for each stage.
    said = [SYNC_RUNNING_WARNING] if running else []
    warn_plan([result], zone=settings.bookings.zone(), said=said)
    if out is not None:
        write_whole(out, render_json(with_origin(result, settings)), "the plan")
        echo(f"Plan saved to {out}", err=True)
    if detailed_exitcode and any(stage.refused for stage in result.stages):
        code = EXIT_UNSAFE  # what `sync` would do: refuse, whatever else changes
    elif detailed_exitcode and result.has_changes:
        code = EXIT_CHANGES
    else:
        code = EXIT_OK
    export_read_only(metrics, opened[0], exit_code=code, plan=result)
    if code != EXIT_OK:
        raise typer.Exit(code)
