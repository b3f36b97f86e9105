"""Serve the fakes on loopback and run the real `essm-sync sync` against them as a process."""

from __future__ import annotations

import compileall
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from starlette.types import ASGIApp

import essm_sync
from essm_sync.cli.output import cpu_seconds
from essm_sync.sandbox import (
    Faults,
    Sandbox,
    create_booker_app,
    create_termtime_app,
    render_config,
)


@dataclass(frozen=True)
class RunResult:
    """One `sync` process: its exit code, wall time, peak memory and run report."""

    exit_code: int
    process_s: float
    report: dict[str, Any]
    stderr: str
    stdout: str = ""
    servers_cpu_s: float = float("nan")  # the fakes' CPU while it ran: they run in this process

    @property
    def peak_rss_mb(self) -> float:
        """The sync process's own peak memory, from its report."""
        return float(self.report.get("peak_rss_mb", float("nan")))

    @property
    def cpu_s(self) -> float:
        """The sync process's CPU time, start-up included, from its report."""
        return float(self.report.get("cpu_s", float("nan")))

    @property
    def wall_s(self) -> float:
        """The run's own duration, from its report: the process start-up is not the sync's."""
        return float(self.report.get("duration_s", self.process_s))

    @property
    def requests(self) -> dict[str, int]:
        """Requests by system, method and endpoint."""
        return {
            f"{system} {name}": n
            for system, counts in self.report.get("requests", {}).items()
            for name, n in counts.items()
        }

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())

    @property
    def writes(self) -> int:
        return sum(int(n) for n in self.report.get("writes", {}).values())


# The fake servers stand for systems on other machines: on a machine of two cores or more
# they get the first core and the sync the rest, so that neither slows the other down.
_CORES = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []


def pin_servers() -> None:
    """Keep this process (the fake servers) on the first core."""
    if len(_CORES) > 1:
        os.sched_setaffinity(0, {_CORES[0]})


def as_installed() -> None:
    """Run our processes as an installed essm-sync runs: from bytecode. An install (the
    image's included) compiles it; a checkout, or PYTHONDONTWRITEBYTECODE, would otherwise
    charge every run the compiling of its sources."""
    compileall.compile_dir(Path(essm_sync.__file__).parent, quiet=1)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def _client_core() -> None:
    if len(_CORES) > 1:
        os.sched_setaffinity(0, set(_CORES[1:]))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(apps: list[ASGIApp]) -> Iterator[list[int]]:
    """Serve each app on its own loopback port, in threads of this process (which
    `pin_servers` keeps on the first core), until the block ends; yield the ports."""
    ports = [_free_port() for _ in apps]
    servers = [
        uvicorn.Server(
            uvicorn.Config(
                app, host="127.0.0.1", port=port, log_level="critical", lifespan="off", backlog=256
            )
        )
        for app, port in zip(apps, ports, strict=True)
    ]
    threads = [threading.Thread(target=server.run, daemon=True) for server in servers]
    for thread in threads:
        thread.start()
    while not all(server.started for server in servers):
        time.sleep(0.01)
    try:
        yield ports
    finally:
        for server in servers:
            server.should_exit = True
        for thread in threads:
            thread.join(timeout=10)


@contextmanager
def serve(
    university: Sandbox, workdir: Path, faults: tuple[Faults, Faults] | None = None
) -> Iterator[Path]:
    """Serve both fakes until the block ends; yield a settings file that reaches them."""
    termtime_faults, booker_faults = faults or (None, None)
    apps = [
        create_termtime_app(university.termtime, termtime_faults),
        create_booker_app(university.booker, booker_faults),
    ]
    with serving(apps) as ports:
        config = workdir / "bench.toml"
        config.write_text(
            render_config(
                university,
                termtime_url=f"http://127.0.0.1:{ports[0]}/v1/api",
                booker_url=f"http://127.0.0.1:{ports[1]}/api",
            )
        )
        yield config


def run_client(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a Python module of ours as a child process on the client's cores."""
    return subprocess.run(  # noqa: S603 - our own interpreter and modules, fixed arguments
        [sys.executable, "-m", *args], capture_output=True, text=True, check=True,
        preexec_fn=_client_core,
    )  # fmt: skip


def run_sync(config: Path, workdir: Path, *, env: dict[str, str] | None = None) -> RunResult:
    """Run `essm-sync sync --report` as a child process, timing it from outside too."""
    report_path = workdir / "report.json"
    report_path.unlink(missing_ok=True)
    environment = {**os.environ, "XDG_CACHE_HOME": str(workdir / "cache"), **(env or {})}
    environment.pop("ESSM_SYNC_CONFIG", None)
    command = [
        sys.executable,
        "-m",
        "essm_sync",
        "--config",
        str(config),
        "sync",
        "--report",
        str(report_path),
    ]
    started, servers_started = time.perf_counter(), cpu_seconds()
    process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=_client_core,  # noqa: PLW1509 - only sets CPU affinity
    )  # fmt: skip
    stdout, stderr = process.communicate()
    exit_code = process.returncode
    wall, servers_cpu = time.perf_counter() - started, cpu_seconds() - servers_started
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    return RunResult(exit_code, wall, report, stderr, stdout, servers_cpu)
