"""Run serve: uvicorn for the HTTP face, the service's loops beside it, signals handled here.

uvicorn's own signal handling is off: it would re-raise SIGTERM once it stopped, and serve
must exit 0 once the running sync has finished.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import anyio
import structlog
import uvicorn

from essm_sync.errors import ConfigError
from essm_sync.serve.app import create_app
from essm_sync.serve.probes import SystemReads
from essm_sync.serve.runner import ChildRunner
from essm_sync.serve.service import Service
from essm_sync.settings import Settings

_log = structlog.get_logger("essm_sync.serve")


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield  # signals are serve's, handled in `run_server`


def run_server(
    settings: Settings, *, config: Path | None, host: str, port: int, extra_args: Sequence[str],
    on_listening: Callable[[str, int], None] | None = None,
) -> None:  # fmt: skip
    """Serve until SIGTERM or Ctrl-C, then let a running sync finish and return.

    Args:
        on_listening: told the URL and port once the server takes calls; else logged.
    """
    # Bound before anything starts: a taken port is one line, and calls made as soon as
    # `serve.listening` is logged wait in the backlog instead of being refused.
    listener = _listen(host, port)
    with tempfile.TemporaryDirectory(prefix="essm-sync-serve-") as state:
        # The runs merge their metrics into the configured textfile, else one of serve's.
        metrics_file = settings.metrics.file or Path(state) / "metrics.prom"
        _serve(
            settings, listener, config=config, extra_args=extra_args, state=Path(state),
            metrics=metrics_file, on_listening=on_listening or _log_listening,
        )  # fmt: skip
    _log.info("serve.stopped")


def _serve(
    settings: Settings,
    listener: socket.socket,
    *,
    config: Path | None,
    extra_args: Sequence[str],
    state: Path,
    metrics: Path,
    on_listening: Callable[[str, int], None],
) -> None:
    host, port = listener.getsockname()[:2]
    runner = ChildRunner(
        config=config, lock_path=settings.lock_file(), state_dir=state, extra_args=extra_args,
        metrics_file=metrics,
    )  # fmt: skip
    reads = SystemReads(settings)
    service = Service(settings, runner, probe=reads.probe, poll=reads.poll)
    server = _Server(
        uvicorn.Config(
            create_app(service, metrics_file=metrics), host=host, port=port, lifespan="off",
            access_log=False, log_level="warning",
        )
    )  # fmt: skip

    async def watch_signals() -> None:
        with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
            async for signum in signals:
                name = signal.Signals(signum).name
                if service.stopping:
                    _log.warning("serve.sync_interrupted", signal=name)
                    runner.interrupt()
                    continue
                _log.warning("serve.stopping", signal=name)
                service.stop()
                server.should_exit = True

    async def main() -> None:
        try:
            async with anyio.create_task_group() as group:
                group.start_soon(watch_signals)
                group.start_soon(server.serve, [listener])
                bound = listener.getsockname()[1]
                shown_host = f"[{host}]" if ":" in host else host
                on_listening(f"http://{shown_host}:{bound}", bound)
                await service.run()
                group.cancel_scope.cancel()
        finally:
            await reads.aclose()

    try:
        anyio.run(main)
    finally:
        listener.close()


def _log_listening(url: str, port: int) -> None:
    _log.info("serve.listening", url=url, port=port)


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
        listener.listen(128)
    except OSError as exc:
        listener.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return listener
