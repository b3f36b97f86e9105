"""`essm-sync demo`: the whole job against the embedded sandbox, twice."""

from __future__ import annotations

from typing import Annotated

import typer

from essm_sync.cli.options import handled


@handled
def demo(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="Seed of the generated university.")] = 7,
    rooms: Annotated[int, typer.Option(min=3, help="Number of Booker rooms.")] = 60,
    tidy: Annotated[
        bool, typer.Option("--tidy", help="Serve tidy data, without the mess of real exports.")
    ] = False,
) -> None:
    """Run the sync on a generated university: plan, sync, then show a second run is idle.

    By default the sandbox serves messy data as real systems do (odd types, unreadable
    items, clock-change nights, colliding names); `--tidy` turns that off.
    """
    from essm_sync.cli.common import sandbox_module, sandbox_year_start

    demo_run = sandbox_module("essm_sync.cli.demo_run")
    # The academic year containing today: a later year's demo still has a timetable to book.
    demo_run.run_demo(seed=seed, rooms=rooms, tidy=tidy, year_start=sandbox_year_start())
