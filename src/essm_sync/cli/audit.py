"""`essm-sync audit`: every discrepancy between the two systems, read-only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from essm_sync.cli.logs import echo
from essm_sync.cli.options import EXIT_CHANGES, EXIT_OK, AuditFormat, MetricsFile, handled

if TYPE_CHECKING:
    from essm_sync.engine import Systems
    from essm_sync.models import Audit


@handled
def audit(
    ctx: typer.Context,
    fmt: Annotated[
        AuditFormat,
        typer.Option("--format", help="text (a summary), markdown, csv, json or html (one page)."),
    ] = AuditFormat.text,
    out: Annotated[
        Path | None, typer.Option(help="Write the audit to this file instead of stdout.")
    ] = None,
    detailed_exitcode: Annotated[
        bool, typer.Option("--detailed-exitcode", help="Exit 2 when anything is listed.")
    ] = False,
    metrics_file: MetricsFile = None,
) -> None:
    """List every discrepancy between Booker and TermTime, by category; writes nothing."""
    import dataclasses

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
    from essm_sync.cli.logs import warn
    from essm_sync.cli.metrics import exit_code_of, export_read_only, metrics_job
    from essm_sync.cli.progress import progress_bars
    from essm_sync.core import counted, render_audit
    from essm_sync.engine import RunOptions, audit_systems, open_systems
    from essm_sync.errors import ApiError, EssmSyncError
    from essm_sync.models import INFO_CHECKS

    settings = settings_of(ctx)
    if out is not None:
        check_writable(out, "the audit")
    running = sync_running(settings, "audit")
    first, last = window_of(settings)
    # Labelled with the operations whose checks run: roombookings' only when it is on.
    metrics = metrics_job(settings, "audit", operations_of(None, settings), metrics_file)
    opened: list[Systems] = []
    options = RunOptions(
        first_day=first, last_day=last, year=year_of(settings), sync_running=running
    )
    cut = options.cut()
    if cut.warning is not None:  # the audit has no plan to carry it
        warn("window.cut", f"bookings: window: {cut.warning}")

    async def run() -> Audit:
        async with open_systems(settings) as systems:
            opened.append(systems)
            try:
                return await audit_systems(
                    systems, settings, dataclasses.replace(options, fetch_progress=bars)
                )
            except ApiError as exc:
                raise blame_the_sync(exc) if running else exc from None

    try:
        with progress_bars(enabled=ctx.obj.wants_progress(settings)) as bars:
            found = anyio.run(run)
    except EssmSyncError as exc:
        export_read_only(metrics, opened[0] if opened else None, exit_code=exit_code_of(exc))
        raise
    text = render_audit(found, fmt.value)
    if out is None:
        echo(text, nl=False)
    else:
        write_whole(out, text, "the audit")
        written = counted(len(found.discrepancies), "discrepancy", "discrepancies")
        echo(f"Audit written to {out}: {written}", err=True)
    # Records that only inform (items taught together) are nothing to act on.
    listed = any(d.check not in INFO_CHECKS for d in found.discrepancies)
    code = EXIT_CHANGES if detailed_exitcode and listed else EXIT_OK
    export_read_only(metrics, opened[0], exit_code=code)
    if code != EXIT_OK:
        raise typer.Exit(code)
