"""Fakes for serve's tests: a clock moved by hand and a runner that records each run."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx

from essm_sync.serve import Due, RunRecord, Service, create_app
from essm_sync.settings import Settings

SECRET = "serve-secret-0123456789"
HEADER = "X-Essm-Sync-Token"


def serve_settings(tmp_path: Path, **serve: Any) -> Settings:
    """Settings whose lock lives in `tmp_path`, with a webhook secret."""
    return Settings(
        termtime={"base_url": "http://tt.test/v1/api", "api_key": "ABCDEFGHIJ0123456789"},
        booker={"base_url": "http://bk.test/api", "username": "essm-sync", "password": "pw"},
        run={"lock_path": str(tmp_path / "sync.lock")},
        serve={"public_url": "http://serve.test", "webhook_secret": SECRET, **serve},
    )


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FakeRunner:
    """Records each due run; holds it open until `release` when `hold` is set."""

    def __init__(self, *, hold: bool = False, exit_code: int = 0) -> None:
        self.runs: list[Due] = []
        self.hold = hold
        self.exit_code = exit_code
        self.started = anyio.Event()
        self.released = anyio.Event()
        self.interrupted = 0
        self.report: dict[str, Any] = {}

    async def __call__(self, due: Due) -> RunRecord:
        self.runs.append(due)
        self.started.set()
        if self.hold:
            await self.released.wait()
        now = dt.datetime.now(dt.UTC)
        return RunRecord(now, now, due.reasons, due.operations, self.exit_code, self.report)

    def interrupt(self) -> None:
        self.interrupted += 1

    def release(self) -> None:
        self.released.set()


@asynccontextmanager
async def running(service: Service) -> AsyncIterator[httpx.AsyncClient]:
    """Run the service's loop and give a client onto its app, in process."""
    transport = httpx.ASGITransport(create_app(service))
    async with (
        anyio.create_task_group() as group,
        httpx.AsyncClient(transport=transport, base_url="http://serve.test") as client,
    ):
        group.start_soon(service.run)
        yield client
        service.stop()


def hook(client: httpx.AsyncClient, secret: str | None = SECRET) -> Any:
    """Call the webhook as TermTime would, with the given secret (None: no header)."""
    headers = {HEADER: secret} if secret is not None else {}
    return client.post("/hooks/termtime", headers=headers, json={"t": "activity.update"})


Factory = Callable[..., Service]
