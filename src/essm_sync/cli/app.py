"""The Typer application: global options, then one command per module."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from essm_sync.cli.apply import apply
from essm_sync.cli.audit import audit
from essm_sync.cli.check import check
from essm_sync.cli.demo import demo
from essm_sync.cli.group import EssmSyncGroup
from essm_sync.cli.logs import echo
from essm_sync.cli.options import Globals
from essm_sync.cli.plan import plan
from essm_sync.cli.sandbox import sandbox
from essm_sync.cli.serve import serve
from essm_sync.cli.show import show
from essm_sync.cli.sync import sync
from essm_sync.cli.webhook import webhook
from essm_sync.env import CONFIG_ENV

app = typer.Typer(
    name="essm-sync",
    help="Keep TermTime's estate and Booker's teaching bookings in step.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=EssmSyncGroup,
    # Plain help: rich's help renderer alone costs more start-up time than all the rest.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from essm_sync import __version__

        echo(f"essm-sync {__version__}")
        raise typer.Exit


@app.callback()
def main_options(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", envvar=CONFIG_ENV, help="Settings file (TOML)."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log HTTP requests too.")
    ] = False,
    log_format: Annotated[
        str | None,
        typer.Option(
            "--log-format",
            # Read from the environment here too, so even a settings error is logged as set.
            envvar="ESSM_SYNC_RUN__LOG_FORMAT",
            help="text or json (default: the run.log_format setting).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Keep TermTime's estate and Booker's teaching bookings in step."""
    if log_format not in (None, "text", "json"):
        raise typer.BadParameter("must be text or json", param_hint="--log-format")
    ctx.obj = Globals(config=config, verbose=verbose, log_format=log_format)


for command in (check, plan, apply, sync, audit, show, sandbox, demo, serve):
    app.command()(command)
app.add_typer(webhook, name="webhook")


def main() -> None:
    """Run the command line."""
    app()
