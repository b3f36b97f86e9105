"""serve's latency: an item moved in the sandbox TermTime until its booking moved in Booker.

`python -m benchmarks.serve [--moves 20] [--rooms 60] [--debounce-s 1] [--latency-ms 20]`.
Both fakes answer every request after `--latency-ms`; serve runs as a real process and
the fake TermTime calls its webhook over HTTP. The debounce is shortened (1 s by default,
30 s in production): the latency measured is the debounce plus what a run costs. Also
compares the requests of one triggered run with those of an idle nightly `sync`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.live import as_installed, pin_servers, run_sync, serving
from essm_sync.sandbox import (
    Faults,
    Sandbox,
    Webhooks,
    create_booker_app,
    create_termtime_app,
    generate,
    render_config,
)


def _items(university: Sandbox, count: int) -> list[tuple[str, str]]:
    """Booked activities, no two in one room on one day: (uniqueId, ExternalId)."""
    picked: dict[tuple[int, dt.date], tuple[str, str]] = {}
    for booking in sorted(university.booker.bookings.values(), key=lambda b: b.id):
        key = booking.external_id or ""
        parts = key.split(":")
        if (
            len(parts) == 3
            and parts[1] in university.termtime.events
            and (booking.room, booking.start.date()) not in picked
        ):
            event = university.termtime.events[parts[1]]
            if len(event.rooms) == 1:
                picked[booking.room, booking.start.date()] = (parts[1], key)
    assert len(picked) >= count, f"only {len(picked)} booked activities to move"
    return list(picked.values())[:count]


def _start(university: Sandbox, key: str) -> dt.datetime | None:
    found = [b.start for b in university.booker.bookings.values() if b.external_id == key]
    return found[0] if len(found) == 1 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--rooms", type=int, default=60)
    parser.add_argument("--debounce-s", type=float, default=1.0)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    args = parser.parse_args()
    pin_servers()
    as_installed()
    university = generate(seed=7, rooms=args.rooms)
    university.termtime.webhooks = Webhooks()
    faults = Faults(latency_s=args.latency_ms / 1000)
    apps = [
        create_termtime_app(university.termtime, faults),
        create_booker_app(university.booker, faults),
    ]
    with tempfile.TemporaryDirectory() as folder, serving(apps) as ports:
        workdir = Path(folder)
        serve_port = _free()
        url = f"http://127.0.0.1:{serve_port}"
        config = workdir / "bench.toml"
        config.write_text(
            render_config(
                university, termtime_url=f"http://127.0.0.1:{ports[0]}/v1/api",
                booker_url=f"http://127.0.0.1:{ports[1]}/api", serve_url=url,
            )
            + f"debounce_s = {args.debounce_s}\npoll_booker_s = 0\n"
        )  # fmt: skip
        first = run_sync(config, workdir)
        idle = run_sync(config, workdir)
        env = {**os.environ, "XDG_CACHE_HOME": str(workdir / "cache")}
        base = [sys.executable, "-m", "essm_sync", "--config", str(config)]
        subprocess.run([*base, "webhook", "register"], env=env, check=True, capture_output=True)  # noqa: S603
        serve = subprocess.Popen(  # noqa: S603 - our own module
            [*base, "--log-format", "json", "serve", "--port", str(serve_port)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            lines: queue.Queue[dict[str, Any]] = queue.Queue()
            threading.Thread(target=_read, args=(serve.stdout, lines), daemon=True).start()
            _wait(lines, "serve.listening")
            origin = f"http://127.0.0.1:{ports[0]}"
            latencies, requests = _moves(university, lines, origin, args.moves)
        finally:
            serve.terminate()
            serve.wait(timeout=120)
    idle_requests = sum(sum(c.values()) for c in idle.report.get("requests", {}).values())
    first_requests = sum(sum(c.values()) for c in first.report.get("requests", {}).values())
    print(f"## serve: item moved to booking moved, {args.latency_ms:g} ms per request, "
          f"{args.rooms} rooms, debounce {args.debounce_s:g} s\n")  # fmt: skip
    print("| moves | median (s) | worst (s) | requests per triggered run | "
          "requests of an idle nightly sync | of the first sync |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {len(latencies)} | {statistics.median(latencies):.2f} | {max(latencies):.2f} | "
        f"{statistics.median(requests):,.0f} | {idle_requests:,} | {first_requests:,} |"
    )


def _moves(
    university: Sandbox, lines: queue.Queue[dict[str, Any]], origin: str, count: int
) -> tuple[list[float], list[int]]:
    """Move `count` items one after another; return each one's latency (from the move to
    its booking moved in Booker) and the requests of the run it triggered."""
    latencies: list[float] = []
    requests: list[int] = []
    for unique_id, key in _items(university, count):
        before = _start(university, key)
        assert before is not None
        started = time.perf_counter()
        # 06:07 to 06:52: a time no lecture and no person's booking of the seed keeps.
        httpx.post(
            f"{origin}/sandbox/items/{unique_id}/move",
            params={"start": "06:07", "end": "06:52"},
            headers={"Authorization": "k" + university.api_key},
        ).raise_for_status()
        while (_start(university, key) or before) == before:
            assert time.perf_counter() - started < 300, f"{key} never moved"
            time.sleep(0.005)
        latencies.append(time.perf_counter() - started)
        finished = _wait(lines, "serve.run_finished")
        requests.append(sum(finished.get("requests", {}).values()))
    return latencies, requests


def _free() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _read(stream: Any, lines: queue.Queue[dict[str, Any]]) -> None:
    for line in stream:
        try:
            lines.put(json.loads(line))
        except ValueError:
            continue


def _wait(lines: queue.Queue[dict[str, Any]], event: str) -> dict[str, Any]:
    while True:
        record = lines.get(timeout=300)
        if record.get("event") == event:
            return record


if __name__ == "__main__":
    main()
