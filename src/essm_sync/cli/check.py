"""`essm-sync check`: prove both systems answer with the configured credentials."""

from __future__ import annotations

import anyio
import typer

from essm_sync.cli.common import handled, settings_of
from essm_sync.engine import open_systems


@handled
def check(ctx: typer.Context) -> None:
    """Check that TermTime and Booker answer with the configured key and credentials."""
    settings = settings_of(ctx)

    async def run() -> None:
        async with open_systems(settings) as systems:
            ping = await systems.termtime.ping()
            typer.echo(
                f"TermTime: ok, database {ping.database}, API {ping.version}, user {ping.user}"
            )
            await systems.booker.authenticate()
            typer.echo(f"Booker: ok, signed in as {settings.booker.username}")

    anyio.run(run)
