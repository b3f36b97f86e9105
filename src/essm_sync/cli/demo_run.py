"""The demo's work: the whole job against the embedded sandbox, twice.

Imported only by the `demo` command, so that production commands never load the fakes.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import typer

from essm_sync.cli.logs import echo, error
from essm_sync.cli.options import EXIT_ERROR
from essm_sync.cli.output import RunTotals, echo_report
from essm_sync.core import counted, render_text
from essm_sync.engine import (
    RunOptions,
    RunReport,
    Systems,
    open_systems,
    plan_operations,
    sync_operations,
)
from essm_sync.models import ALL_OPERATIONS
from essm_sync.sandbox import (
    Sandbox,
    SandboxTransport,
    create_booker_app,
    create_termtime_app,
    generate,
)
from essm_sync.settings import Settings

DEMO_OWNER = "ESSMSYNC"  # the TermTime staff code owning the demo's room bookings


def demo_settings(university: Sandbox) -> Settings:
    """Return settings that reach the in-process sandbox."""
    return Settings(
        termtime={"base_url": "http://termtime.sandbox/v1/api", "api_key": university.api_key},
        booker={
            "base_url": "http://booker.sandbox/api",
            "username": university.username,
            "password": university.password,
        },
        bookings={"window_start": university.first_day, "window_end": university.last_day},
        # People's bookings go into TermTime as room bookings: the fourth operation, on.
        roombookings={"owner": DEMO_OWNER},
    )


@asynccontextmanager
async def sandbox_systems(university: Sandbox, settings: Settings) -> AsyncIterator[Systems]:
    """Open clients whose transports lead straight into the fake servers."""
    async with open_systems(
        settings,
        termtime_transport=SandboxTransport(create_termtime_app(university.termtime)),
        booker_transport=SandboxTransport(create_booker_app(university.booker)),
    ) as systems:
        yield systems


def run_demo(*, seed: int, rooms: int, tidy: bool, year_start: dt.date) -> None:
    """Generate a university timetabled in the academic year from `year_start`, plan, sync,
    then show that a second sync has nothing to do."""
    university = generate(seed=seed, rooms=rooms, messy=not tidy, year_start=year_start)
    tt, bk = university.termtime, university.booker
    echo(
        f"Sandbox university (seed {seed}): {counted(len(bk.rooms), 'room')} in Booker, "
        f"{len(tt.rooms)} in TermTime, {counted(len(tt.events), 'timetabled event')}, "
        f"{counted(len(bk.bookings), 'booking')} made by "
        f"people; window {university.first_day} to {university.last_day}.\n"
    )
    settings = demo_settings(university)
    # The sandbox's TermTime states its academic year; a real one leaves it to the setting.
    options = RunOptions(
        first_day=university.first_day,
        last_day=university.last_day,
        year=(tt.year_start, tt.year_end),
    )
    zone = settings.bookings.zone()

    started = time.perf_counter()
    traffic: list[int] = []

    async def run() -> tuple[RunReport, RunReport, int]:
        async with sandbox_systems(university, settings) as systems:
            plan = await plan_operations(ALL_OPERATIONS, systems, settings, options)
            echo("== Plan (each stage against the state the one before would leave)")
            echo(render_text(plan, zone=zone, limit=5, notes=False))
            echo("== Sync: buildings, rooms, bookings, then room bookings, each on the state "
                 "left by the last")  # fmt: skip
            first = await sync_operations(ALL_OPERATIONS, systems, settings, options, RunReport())
            traffic.append(sum(systems.termtime.requests.values()) +
                           sum(systems.booker.requests.values()))  # fmt: skip
            traffic.append(systems.termtime.retries + systems.booker.retries)
        async with sandbox_systems(university, settings) as systems:
            second = await sync_operations(ALL_OPERATIONS, systems, settings, options, RunReport())
            return first, second, systems.termtime.writes + systems.booker.writes

    first, second, writes = anyio.run(run)
    totals = RunTotals(
        duration_s=time.perf_counter() - started, requests=traffic[0], retries=traffic[1],
        report=None,
    )  # fmt: skip
    echo_report(first, zone=zone, totals=totals)
    remaining = sum(len(p.changes) for p in second.plans)
    echo(
        f"\n== Second sync: {counted(remaining, 'change')}, {counted(writes, 'write request')}, "
        f"{counted(len(second.foreseen_conflicts), 'conflict')} still reported."
    )
    if remaining or writes:
        error("the second run should have had nothing to do")
        raise typer.Exit(EXIT_ERROR)
    held = sum(len(p.held) for p in second.plans)
    echo(converged_message(held))


def converged_message(held: int) -> str:
    """Return the demo's closing line, for `held` rooms still held (in the right number)."""
    stays = (
        "stays held until TermTime serves its"
        if held == 1
        else "stay held until TermTime serves their"
    )
    return (
        "Converged. Conflicts with bookings made by people stay reported until someone moves "
        "one of them"
        + (f", and {counted(held, 'room')} {stays} items readably" if held else "")
        + "; a scheduled `essm-sync sync` exits 4 while any remain."
    )
