"""Fault injection for the fake servers: latency, 5xx, 429 with Retry-After, dropped writes.

A pure ASGI middleware. A dropped write is committed by the app and then the connection is
cut before the answer leaves, which is what makes a retried create dangerous.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_WRITES = frozenset({"POST", "PUT", "DELETE"})


class ConnectionDropped(Exception):
    """Raised after a write committed, so that the answer never reaches the client."""


@dataclass
class Faults:
    """How often each fault strikes; all zero means a well-behaved server."""

    latency_s: float = 0.0
    error_rate: float = 0.0
    rate_limit_rate: float = 0.0
    retry_after_s: float = 1.0
    drop_rate: float = 0.0
    seed: int = 0
    injected: Counter[str] = field(default_factory=Counter)
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def roll(self) -> float:
        """Draw the next number of the seeded sequence."""
        return self._rng.random()


class FaultMiddleware:
    """Wrap an app so that its requests meet the configured faults."""

    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        faults = self.faults
        if faults.latency_s > 0:
            await anyio.sleep(faults.latency_s)
        draw = faults.roll()
        if draw < faults.error_rate:
            faults.injected["5xx"] += 1
            await _answer(send, 503, {"Message": "Service Unavailable"}, {})
            return
        if draw < faults.error_rate + faults.rate_limit_rate:
            faults.injected["429"] += 1
            headers = {"retry-after": f"{faults.retry_after_s:g}"}
            await _answer(send, 429, {"Message": "Too Many Requests"}, headers)
            return
        if scope["method"] in _WRITES and faults.roll() < faults.drop_rate:
            faults.injected["dropped"] += 1
            await self.app(scope, receive, _swallow)
            # Promise a body and never send it: a real server's socket closes mid-answer.
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-length", b"64")],
                }
            )
            raise ConnectionDropped(f"{scope['method']} {scope['path']}")
        await self.app(scope, receive, send)


async def _swallow(message: Message) -> None:
    """Accept the app's answer and lose it."""


async def _answer(send: Send, status: int, body: object, headers: dict[str, str]) -> None:
    payload = json.dumps(body).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})
