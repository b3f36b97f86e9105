"""The floor of the HTTP benchmark on this machine: a bare httpx client, `concurrency`
requests at a time, against a server that only waits `latency` and answers a small JSON
body, each on its own cores as in the sync benchmark. What it measures above the ideal
bound is the cost of the client, the server and the event loops, which no sync goes below.

`python -m benchmarks.floor URL REQUESTS CONCURRENCY` is the client; `measure` runs both.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import dataclass

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from benchmarks.live import run_client, serving
from essm_sync.cli.output import cpu_seconds


@dataclass(frozen=True)
class Floor:
    """A bare client's wall time against the bound, and its CPU per request."""

    requests: int
    wall_s: float
    bound_s: float
    cpu_ms_per_request: float

    @property
    def ratio(self) -> float:
        return self.wall_s / self.bound_s


def _app(latency_s: float) -> Starlette:
    async def answer(request: Request) -> JSONResponse:
        await request.body()
        await asyncio.sleep(latency_s)
        return JSONResponse({"OptimeIndex": 1, "Title": "x"}, status_code=201)

    return Starlette(routes=[Route("/x", answer, methods=["POST"])])


async def _post_all(url: str, requests: int, concurrency: int) -> tuple[float, float]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits) as client:
        slots = asyncio.Semaphore(concurrency)

        async def one() -> None:
            async with slots:
                (await client.post("/x", json={"Title": "x", "RoomOptimeIndex": 1})).json()

        await asyncio.gather(*(one() for _ in range(concurrency)))  # connections opened
        cpu, started = cpu_seconds(), time.perf_counter()
        await asyncio.gather(*(one() for _ in range(requests)))
        return time.perf_counter() - started, cpu_seconds() - cpu


def measure(*, latency_s: float, concurrency: int, requests: int = 2000) -> Floor:
    """Serve the waiting app here and post to it from a child process."""
    with serving([_app(latency_s)]) as (port,):
        done = run_client(
            ["benchmarks.floor", f"http://127.0.0.1:{port}", str(requests), str(concurrency)]
        )
    wall, cpu = json.loads(done.stdout)
    bound = requests * latency_s / concurrency
    return Floor(requests, wall, bound, cpu / requests * 1000)


if __name__ == "__main__":
    url, count, slots = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    print(json.dumps(asyncio.run(_post_all(url, count, slots))))
