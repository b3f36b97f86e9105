"""`essm-sync apply`: apply a saved plan exactly, or plan, confirm and apply."""

from __future__ import annotations

import datetime as dt
import sys
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
from essm_sync.cli.sync import NoGuard, ReportFile
from essm_sync.core import load_plan
from essm_sync.engine import RunOptions, RunReport, Systems, apply_saved_plan, sync_operations
from essm_sync.errors import ConfigError
from essm_sync.models import Plan


def _read_plan(path: Path) -> Plan:
    try:
        return load_plan(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the plan {path}: {exc.strerror}") from None
    except ValueError:
        raise ConfigError(f"{path} is not a plan saved by `essm-sync plan --out`") from None


@handled
def apply(
    ctx: typer.Context,
    operations: Annotated[list[OperationName] | None, typer.Argument(show_default=False)] = None,
    plan_file: Annotated[
        Path | None, typer.Option("--plan", help="Apply exactly this saved plan.")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Apply without asking.")] = False,
    no_guard: NoGuard = False,
    report_path: ReportFile = None,
) -> None:
    """Apply a saved plan, or plan OPERATION... and apply it once confirmed."""
    settings = settings_of(ctx)
    saved = _read_plan(plan_file) if plan_file is not None else None
    if saved is not None and operations:
        raise ConfigError("give either --plan or operations, not both")
    if saved is None and not yes and not sys.stdin.isatty():
        raise ConfigError("not on a terminal: pass --yes to apply without confirmation")
    zone = settings.bookings.zone()
    started = dt.datetime.now(dt.UTC)
    report = RunReport()
    opened: list[Systems] = []
    versions: dict[str, str] = {}

    def confirm(plan: Plan) -> bool:
        echo_plan(plan, fmt="text", zone=zone)
        return yes or typer.confirm("Apply these changes?", default=False)

    async def run() -> None:
        async with systems_of(settings) as systems:
            opened.append(systems)
            if report_path is not None:
                versions["TermTime"] = (await systems.termtime.ping()).version
            if saved is not None:
                guarded = settings.guard.enabled and not no_guard
                await apply_saved_plan(saved, systems, settings, report, use_guard=guarded)
                return
            first, last = window_of(settings)
            options = RunOptions(
                first_day=first, last_day=last, use_guard=settings.guard.enabled and not no_guard
            )
            await sync_operations(
                operations_of(operations), systems, settings, options, report, confirm=confirm
            )

    with run_lock(settings):
        try:
            anyio.run(run)
        except KeyboardInterrupt:
            report.interrupted = True
    finish(
        report, settings, systems=opened[0] if opened else None, started=started,
        report_path=report_path, versions=versions,
    )  # fmt: skip
