"""`essm-sync check`: prove both systems answer with the configured credentials.

Each system is probed on its own, so one being down does not hide the other's state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from essm_sync.cli.logs import echo, error, warn
from essm_sync.cli.options import EXIT_ERROR, handled

if TYPE_CHECKING:
    from essm_sync.engine import Systems
    from essm_sync.errors import ApiError
    from essm_sync.settings import Settings


async def _termtime(systems: Systems, settings: Settings) -> str:
    ping = await systems.termtime.ping()
    return (
        f"TermTime: ok, {settings.termtime.base_url}, database {ping.database}, "
        f"API {ping.version}, user {ping.user}"
    )


async def _booker(systems: Systems, settings: Settings) -> str:
    await systems.booker.authenticate()
    return f"Booker: ok, {settings.booker.base_url}, signed in as {settings.booker.username}"


def _roombookings(settings: Settings) -> str:
    """Say whether the roombookings operation runs, and for which owner (design.md: only
    when `roombookings.owner` is set); a staff code is no secret."""
    from essm_sync.core import shown

    owner = settings.roombookings.owner
    if owner is None:
        return "Room bookings: off (roombookings.owner unset)"
    return f"Room bookings: on, owned by TermTime staff code {shown(owner)}"


@handled
def check(ctx: typer.Context) -> None:
    """Check each system on its own: its URL answers, its version, the sign-in works."""
    import anyio

    from essm_sync.cli.common import settings_of, window_of, year_of
    from essm_sync.core import cut_window
    from essm_sync.engine import open_systems
    from essm_sync.errors import ApiError

    settings = settings_of(ctx)
    first, last = window_of(settings)  # a window that ends before it starts is an error
    year = year_of(settings)
    results: dict[str, str | ApiError] = {}

    async def probe(name: str, systems: Systems) -> None:
        call = _termtime if name == "TermTime" else _booker
        try:
            results[name] = await call(systems, settings)
        except ApiError as exc:
            results[name] = exc

    async def run() -> None:
        async with open_systems(settings) as systems, anyio.create_task_group() as group:
            group.start_soon(probe, "TermTime", systems)
            group.start_soon(probe, "Booker", systems)

    anyio.run(run)
    for name in ("TermTime", "Booker"):
        found = results[name]
        if isinstance(found, ApiError):
            url = settings.termtime.base_url if name == "TermTime" else settings.booker.base_url
            error(f"{found} ({url})")
        else:
            echo(found)
    echo(f"Window: {first} to {last}, times in {settings.bookings.timezone}")
    echo(
        f"Academic year assumed: {year[0]} to {year[1]} (termtime.academic_year_start "
        f"{settings.termtime.academic_year_start}); timetables are read only within it"
    )
    echo(_roombookings(settings))
    warning = cut_window(first, last, year).warning
    if warning is not None:
        warn("window.cut", f"bookings: window: {warning}")
    if any(isinstance(found, ApiError) for found in results.values()):
        raise typer.Exit(EXIT_ERROR)
