"""Both fake servers on loopback, for driving the real command line over real HTTP."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from essm_sync.cli import common
from essm_sync.sandbox import (
    Faults,
    Sandbox,
    TermTimeState,
    create_booker_app,
    create_termtime_app,
    generate,
    render_config,
)


@dataclass
class LiveSandbox:
    """A running pair of fake servers and a settings file that reaches them."""

    university: Sandbox
    config: Path

    @property
    def secrets(self) -> list[str]:
        """The key, the password and every token the fake Booker has issued."""
        return [self.university.api_key, self.university.password, *self.university.booker.tokens]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(
    tmp_path: Path, *, rooms: int = 16, faults: Faults | None = None, messy: bool = True
) -> Iterator[LiveSandbox]:
    """Serve a generated university on two loopback ports until the block ends."""
    university = generate(seed=3, rooms=rooms, messy=messy)
    ports = free_port(), free_port()
    servers = [
        uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="off")
        )
        for app, port in (
            (create_termtime_app(university.termtime, faults), ports[0]),
            (create_booker_app(university.booker, faults), ports[1]),
        )
    ]
    threads = [threading.Thread(target=server.run, daemon=True) for server in servers]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while not all(server.started for server in servers):
        if time.monotonic() > deadline:
            raise RuntimeError("the sandbox servers did not start")
        time.sleep(0.01)
    config = tmp_path / "essm-sync.toml"
    config.write_text(
        render_config(
            university,
            termtime_url=f"http://127.0.0.1:{ports[0]}/v1/api",
            booker_url=f"http://127.0.0.1:{ports[1]}/api",
        )
    )
    yield LiveSandbox(university, config)
    for server in servers:
        server.should_exit = True
    for thread in threads:
        thread.join(timeout=10)


@pytest.fixture(autouse=True)
def sandbox_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the commands' today the sandbox's, so that its academic year is the one assumed
    whatever the machine's clock says."""
    today = TermTimeState().today
    monkeypatch.setattr(common, "today_of", lambda _settings: today)


@pytest.fixture
def live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveSandbox]:
    for name in ("ESSM_SYNC_CONFIG", "ESSM_SYNC_TERMTIME__API_KEY", "ESSM_SYNC_BOOKER__PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with serving(tmp_path) as running:
        yield running
