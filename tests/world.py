"""A generated university in the fake servers, and settings that reach it in process."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from essm_sync.engine import RunOptions, RunReport, Systems, open_systems, sync_operations
from essm_sync.models import OPERATIONS
from essm_sync.sandbox import (
    Faults,
    Sandbox,
    SandboxTransport,
    SeedYear,
    create_booker_app,
    create_termtime_app,
    generate,
)
from essm_sync.settings import Settings

DEFAULT_YEAR_START = SeedYear().first_day  # the academic year the seed is written for


class Recorder:
    """An ASGI wrapper that notes each request's method, path and answer status."""

    def __init__(self, app: ASGIApp, seen: list[tuple[str, str, int]]) -> None:
        self.app, self.seen = app, seen

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.seen.append((scope["method"], scope["path"], message["status"]))
            await send(message)

        await self.app(scope, receive, noting)


@dataclass
class World:
    """A sandbox university with optional faults on each system."""

    sandbox: Sandbox
    settings: Settings
    termtime_faults: Faults | None = None
    booker_faults: Faults | None = None
    systems_opened: list[Systems] = field(default_factory=list)
    booker_requests: list[tuple[str, str, int]] = field(default_factory=list)

    @asynccontextmanager
    async def systems(self) -> AsyncIterator[Systems]:
        async with open_systems(
            self.settings,
            termtime_transport=SandboxTransport(
                create_termtime_app(self.sandbox.termtime, self.termtime_faults)
            ),
            booker_transport=SandboxTransport(
                Recorder(
                    create_booker_app(self.sandbox.booker, self.booker_faults),
                    self.booker_requests,
                )
            ),
        ) as systems:
            self.systems_opened.append(systems)
            yield systems

    @property
    def options(self) -> RunOptions:
        return RunOptions(first_day=self.sandbox.first_day, last_day=self.sandbox.last_day)

    async def sync(self) -> tuple[RunReport, Systems]:
        async with self.systems() as systems:
            report = await sync_operations(
                OPERATIONS, systems, self.settings, self.options, RunReport()
            )
            return report, systems


def make_world(
    tmp_path: Path,
    *,
    seed: int = 3,
    rooms: int = 16,
    events: int | None = None,
    page_size: int = 500,
    messy: bool = True,
    year_start: dt.date = DEFAULT_YEAR_START,
    **overrides: object,
) -> World:
    sandbox = generate(seed=seed, rooms=rooms, events=events, messy=messy, year_start=year_start)
    settings = Settings(
        termtime={"base_url": "http://termtime.test/v1/api", "api_key": sandbox.api_key},
        booker={
            "base_url": "http://booker.test/api",
            "username": sandbox.username,
            "password": sandbox.password,
            "page_size": page_size,
        },
        bookings={"window_start": sandbox.first_day, "window_end": sandbox.last_day},
        run={"lock_path": tmp_path / "test.lock"},
        **overrides,  # type: ignore[arg-type]
    )
    return World(sandbox, settings)
