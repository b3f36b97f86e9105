"""`essm-sync show PLAN_FILE`: print a saved plan again, in any format."""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import Annotated

import typer

from essm_sync.cli.options import PlanFormat, handled


@handled
def show(
    ctx: typer.Context,
    plan_file: Annotated[Path, typer.Argument(help="A plan saved by `plan --out`.")],
    fmt: Annotated[PlanFormat, typer.Option("--format", help="text, json or markdown.")] = (
        PlanFormat.text
    ),
    all_items: Annotated[
        bool, typer.Option("--all", help="List every change and warning (default off a terminal).")
    ] = False,
) -> None:
    """Print a saved plan: what `apply --plan` would do, without reading either system."""
    from essm_sync.cli.common import read_plan
    from essm_sync.cli.logs import echo
    from essm_sync.cli.output import echo_plan, warn_plan

    plan = read_plan(plan_file)
    zone = zoneinfo.ZoneInfo(plan.timezone or "Europe/London")
    if plan.origin is not None:
        origin = plan.origin
        echo(f"Plan made {origin.made_at:%Y-%m-%d %H:%M} UTC by essm-sync {origin.version} "
             f"against TermTime {origin.termtime_url} and Booker {origin.booker_url}",
             err=True)  # fmt: skip
    echo_plan(plan, fmt=fmt.value, zone=zone, complete=True if all_items else None)
    warn_plan([plan], zone=zone)
