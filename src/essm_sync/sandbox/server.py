"""Serve both fake systems on loopback with uvicorn until interrupted."""

from __future__ import annotations

import socket

import anyio
import uvicorn

from essm_sync.sandbox.booker import create_booker_app
from essm_sync.sandbox.faults import Faults
from essm_sync.sandbox.seed import Sandbox
from essm_sync.sandbox.termtime import create_termtime_app

# The sandbox's own webhook secret: `essm-sync serve` checks it on every call.
WEBHOOK_SECRET = "sandbox-webhook-secret-0000"  # noqa: S105 - fake data, like the key


def render_config(
    sandbox: Sandbox, *, termtime_url: str, booker_url: str, serve_url: str | None = None
) -> str:
    """Return a settings file that opens both fakes (and says where `serve` listens)."""
    # The port serve listens on is the one TermTime is told to call: one setting for both.
    port = serve_url.rsplit(":", 1)[-1] if serve_url is not None else ""
    serve = (
        f'\n[serve]\npublic_url = "{serve_url}"\nport = {port}\n'
        f'webhook_secret = "{WEBHOOK_SECRET}"\n'
        if serve_url is not None
        else ""
    )
    return (
        "# Settings for the essm-sync sandbox. Real deployments keep secrets in the\n"
        "# environment (ESSM_SYNC_TERMTIME__API_KEY, ESSM_SYNC_BOOKER__PASSWORD).\n"
        "[termtime]\n"
        f'base_url = "{termtime_url}"\n'
        f'api_key = "{sandbox.api_key}"\n\n'
        "[booker]\n"
        f'base_url = "{booker_url}"\n'
        f'username = "{sandbox.username}"\n'
        f'password = "{sandbox.password}"\n\n'
        "[bookings]\n"
        'timezone = "Europe/London"\n'
        f'window_start = "{sandbox.first_day.isoformat()}"\n'
        f'window_end = "{sandbox.last_day.isoformat()}"\n' + serve
    )


async def serve(
    sandbox: Sandbox,
    *,
    host: str,
    termtime_port: int,
    booker_port: int,
    faults: Faults | None = None,
) -> None:
    """Run both servers until cancelled.

    Raises:
        OSError: a port is taken by a listening socket.
    """
    sockets = [listening_socket(host, port) for port in (termtime_port, booker_port)]
    servers = [
        uvicorn.Server(
            uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off")
        )
        for app, port in (
            (create_termtime_app(sandbox.termtime, faults), termtime_port),
            (create_booker_app(sandbox.booker, faults), booker_port),
        )
    ]
    async with anyio.create_task_group() as group:
        for server, sock in zip(servers, sockets, strict=True):
            group.start_soon(server.serve, [sock])


def listening_socket(host: str, port: int) -> socket.socket:
    """Bind a port with SO_REUSEADDR, so that a restarted sandbox gets its ports back at once
    while the last run's connections linger in TIME_WAIT; a listening socket still wins."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock
