"""`essm-sync serve`: near-real-time bookings from TermTime's webhooks (design.md, Serve).

The first SIGTERM or Ctrl-C stops taking triggers and lets a running sync finish, then
exits 0; a second Ctrl-C asks the running sync to stop as its own first one would.
"""

from __future__ import annotations

from typing import Annotated

import typer

from essm_sync.cli.options import Globals, handled


@handled
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int | None,
        typer.Option(
            min=0, max=65535, help="Port to listen on (default: setting serve.port, 8080)."
        ),
    ] = None,
) -> None:
    """Run bookings syncs on TermTime's webhooks, poll Booker, serve status and metrics."""
    import importlib

    from essm_sync.cli.common import settings_of
    from essm_sync.cli.logs import inform
    from essm_sync.errors import ConfigError

    try:
        importlib.import_module("uvicorn")
        importlib.import_module("starlette")
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"serve needs the serve extra ({exc.name} is missing): pip install 'essm-sync[serve]'"
        ) from None
    from essm_sync.serve.main import run_server

    options: Globals = ctx.obj
    settings = settings_of(ctx)
    settings.serve.secret()  # refuse to start with no secret: anyone could trigger runs
    extra = [*(["--log-format", options.log_format] if options.log_format else []),
             *(["--verbose"] if options.verbose else [])]  # fmt: skip

    def listening(url: str, bound: int) -> None:
        # Said at every log level: where to point a browser, a probe or TermTime.
        inform("serve.listening", f"serve listening on {url}", url=url, port=bound)

    run_server(
        settings, config=options.config, host=host,
        port=settings.serve.port if port is None else port, extra_args=extra,
        on_listening=listening,
    )  # fmt: skip
