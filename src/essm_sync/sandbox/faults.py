"""Fault injection for the fake servers: what a bad night brings.

Latency, 5xx, 429 with a sane or an absurd Retry-After, writes committed and then cut off,
answers that trickle in a byte at a time, error messages that echo the credential sent,
redirects to a login page, people booking and cancelling while pages are read, and the
answers `misanswers` gives (wrong listing pages, creates answered without their record, a
token dying with every write in flight). A pure ASGI middleware; a dropped write is
committed by the app before the connection is cut, which is what makes a retried create
dangerous.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from essm_sync.sandbox import misanswers

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
    huge_retry_after_rate: float = 0.0  # 429 asking to come back in a day
    trickle_rate: float = 0.0  # reads answered one byte every `trickle_byte_s`
    trickle_byte_s: float = 0.5
    echo_rate: float = 0.0  # 400 whose message quotes the Authorization header
    redirect_rate: float = 0.0  # 302 to a login page
    churn_rate: float = 0.0  # before a later page is read, `churn` runs (people booking)
    churn: Callable[[], None] | None = None
    churn_max: int = 1_000_000  # people stop after this many changes
    empty_page_rate: float = 0.0  # a listing page answered `Items: []`, TotalCount true
    repeat_page_rate: float = 0.0  # a later page answered with the page before it
    ignore_page_rate: float = 0.0  # a later page answered as page 1 (`page` ignored)
    unanswered_create_rate: float = 0.0  # a create stored, answered 200 with a message
    token_death_in_flight: int = 0  # the token dies once this many writes are in flight
    token_deaths_max: int = 1
    token_death_rest: int = 100  # writes after a death that the token lives through
    gather_wait_s: float = 1.0  # how long writes wait for the batch that kills the token
    expire_tokens: Callable[[], None] | None = None  # set by the Booker app
    seed: int = 0
    injected: Counter[str] = field(default_factory=Counter)
    gathered: int = field(default=0, init=False, repr=False)
    resting: int = field(default=0, init=False, repr=False)
    gathering: anyio.Event = field(init=False, repr=False)
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self.gathering = anyio.Event()

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
        if await self._refused(scope, send):
            return
        if scope["method"] == "GET" and faults.roll() < faults.trickle_rate:
            faults.injected["trickled"] += 1
            await self._trickle(scope, receive, send)
            return
        if (
            _later_page_of_bookings(scope)
            and faults.churn is not None
            and faults.injected["churned"] < faults.churn_max
            and faults.roll() < faults.churn_rate
        ):
            faults.injected["churned"] += 1
            faults.churn()
        if misanswers.is_booking_write(scope) and faults.token_death_in_flight:
            await misanswers.gather_writes(faults)
        if misanswers.wants_listing_fault(faults, scope) and await misanswers.answer_listing(
            self.app, faults, scope, receive, send
        ):
            return
        if misanswers.wants_create_fault(faults, scope) and (
            faults.roll() < faults.unanswered_create_rate
        ):
            faults.injected["create unanswered"] += 1
            await misanswers.answer_create_with_message(self.app, scope, receive, send)
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

    async def _refused(self, scope: Scope, send: Send) -> bool:
        """Answer in place of the app with one of the error faults; say whether it did."""
        faults = self.faults
        draw, edge = faults.roll(), 0.0
        for name, rate in (
            ("5xx", faults.error_rate), ("429", faults.rate_limit_rate),
            ("huge Retry-After", faults.huge_retry_after_rate), ("echo", faults.echo_rate),
            ("redirect", faults.redirect_rate),
        ):  # fmt: skip
            edge += rate
            if draw < edge:
                faults.injected[name] += 1
                await _ANSWERS[name](scope, send, faults)
                return True
        return False

    async def _trickle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Let the app answer, then pass its body on one byte at a time."""
        start: dict[str, object] = {}
        body = bytearray()

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                body.extend(message.get("body", b""))

        await self.app(scope, receive, keep)
        await send(start)
        for index in range(len(body)):
            await anyio.sleep(self.faults.trickle_byte_s)
            last = index == len(body) - 1
            await send({"type": "http.response.body", "body": body[index : index + 1],
                        "more_body": not last})  # fmt: skip


def _later_page_of_bookings(scope: Scope) -> bool:
    query = scope.get("query_string", b"").decode()
    return (
        scope["method"] == "GET"
        and scope["path"].endswith("/booker/bookings")
        and "page=" in query
        and "page=1&" not in query + "&"
    )


def _authorization(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            return str(value.decode("latin-1"))
    return ""


async def _unavailable(scope: Scope, send: Send, faults: Faults) -> None:
    await _answer(send, 503, {"Message": "Service Unavailable"}, {})


async def _limited(scope: Scope, send: Send, faults: Faults) -> None:
    headers = {"retry-after": f"{faults.retry_after_s:g}"}
    await _answer(send, 429, {"Message": "Too Many Requests"}, headers)


async def _limited_for_a_day(scope: Scope, send: Send, faults: Faults) -> None:
    await _answer(send, 429, {"Message": "Come back tomorrow"}, {"retry-after": "86400"})


async def _echo(scope: Scope, send: Send, faults: Faults) -> None:
    # Both systems' error bodies at once: Booker reads `Message`, TermTime `code`/`message`.
    text = f"bad auth header {_authorization(scope)}"
    await _answer(send, 400, {"Message": text, "code": 109, "message": text}, {})


async def _redirect(scope: Scope, send: Send, faults: Faults) -> None:
    headers = {"location": "https://login.example.invalid/sso?return=" + scope["path"]}
    await _answer(send, 302, {"Message": "Found"}, headers)


_ANSWERS = {
    "5xx": _unavailable,
    "429": _limited,
    "huge Retry-After": _limited_for_a_day,
    "echo": _echo,
    "redirect": _redirect,
}


async def _swallow(message: Message) -> None:
    """Accept the app's answer and lose it."""


async def _answer(send: Send, status: int, body: object, headers: dict[str, str]) -> None:
    payload = json.dumps(body).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})
