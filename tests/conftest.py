"""Shared fixtures: retries without sleeping, quiet logs, a real Pushgateway."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import stamina

from essm_sync.cli.logs import configure_logging


@pytest.fixture(autouse=True)
def _no_backoff() -> Iterator[None]:
    """Retries keep their configured attempts but never sleep."""
    with stamina.set_testing(True, attempts=100, cap=True):
        yield


@pytest.fixture(autouse=True)
def _quiet_logs() -> None:
    configure_logging(log_format="text", verbose=False)


PUSHGATEWAY = "prometheus-pushgateway"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _binary(name: str, *, fallback: str) -> str:
    found = shutil.which(name) or (fallback if Path(fallback).exists() else None)
    if found is None:
        pytest.skip(f"{name} is not installed (apt-get install {name})")
    return found


@pytest.fixture
def pushgateway() -> Iterator[str]:
    """Yield the URL of a Pushgateway started for this test, stopped after it."""
    binary = _binary(PUSHGATEWAY, fallback=f"/usr/bin/{PUSHGATEWAY}")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - a fixed binary and arguments
        # Debian's default persists to one file under /var/lib shared by every run on the
        # machine: in memory only, each test gets an empty Pushgateway.
        [
            binary,
            f"--web.listen-address=127.0.0.1:{port}",
            "--persistence.file=",
            "--log.level=error",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the Pushgateway exited: {process.stderr.read()!r}")  # type: ignore[union-attr]  # stderr is a pipe
            try:
                if httpx.get(f"{url}/-/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the Pushgateway did not start")
            time.sleep(0.02)
        yield url
    finally:
        process.terminate()
        process.communicate(timeout=10)  # reaps it and closes the pipe
