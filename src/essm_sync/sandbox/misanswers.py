"""Faults where the server answers, but not what was asked: what sits in front of it does.

A listing page that comes back empty (with the true `TotalCount`), as another page under
the number asked for, or as page 1 whatever was asked (a cache, a load balancer, a replica
that lags: booker-api.md, Bookings); a create stored but answered with a message instead of
its record; and a token that dies while a whole batch of writes is in flight.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from essm_sync.sandbox.faults import Faults

_WRITES = frozenset({"POST", "PUT", "DELETE"})
_PAGE = re.compile(rb"(^|&)page=(\d+)")


def is_listing(scope: Scope) -> bool:
    """Whether the request reads Booker's bookings listing."""
    return scope["method"] == "GET" and str(scope["path"]).endswith("/booker/bookings")


async def gather_writes(faults: Faults) -> None:
    """Hold each write until `token_death_in_flight` are held, then let the token die and
    let them all go on: every one of them meets a 401 together.

    A batch that never fills (fewer writes than that) goes on after `gather_wait_s`,
    without the fault. After a death the next `token_death_rest` writes pass freely: the
    new token lives, as a real one would (one dying again under the writes it repeats
    would be a token good for no request at all).
    """
    if faults.injected["token died in flight"] >= faults.token_deaths_max:
        return
    if faults.resting > 0:
        faults.resting -= 1
        return
    gathering = faults.gathering
    faults.gathered += 1
    if faults.gathered >= faults.token_death_in_flight:
        faults.gathered = 0
        faults.gathering = anyio.Event()
        faults.resting = faults.token_death_rest
        if faults.expire_tokens is not None:
            faults.expire_tokens()
        faults.injected["token died in flight"] += 1
        gathering.set()
        return
    with anyio.move_on_after(faults.gather_wait_s):
        await gathering.wait()


async def answer_listing(
    app: ASGIApp, faults: Faults, scope: Scope, receive: Receive, send: Send
) -> bool:
    """Answer a listing page wrongly, if a listing fault strikes; say whether one did."""
    asked = _page_of(scope)
    struck = _strike(faults, asked)
    if struck is None:
        return False
    faults.injected[struck] += 1
    if struck == "empty page":
        await _rewritten(app, scope, receive, send, lambda body: {**body, "Items": []})
        return True
    # A repeat is the page before under the number asked for; an ignored `page` is page 1
    # as itself.
    shown, echoed = (asked - 1, asked) if struck == "repeated page" else (1, 1)
    moved = {**scope, "query_string": _with_page(scope, shown)}
    await _rewritten(app, moved, receive, send, lambda body: {**body, "Page": echoed})
    return True


def _strike(faults: Faults, asked: int) -> str | None:
    draw, edge = faults.roll(), 0.0
    for name, rate in (
        ("empty page", faults.empty_page_rate),
        ("repeated page", faults.repeat_page_rate if asked > 1 else 0.0),
        ("page ignored", faults.ignore_page_rate if asked > 1 else 0.0),
    ):
        edge += rate
        if draw < edge:
            return name
    return None


async def answer_create_with_message(
    app: ASGIApp, scope: Scope, receive: Receive, send: Send
) -> None:
    """Let the app store a create, then answer 200 with a message instead of the record."""
    await _rewritten(
        app, scope, receive, send, lambda _body: {"Message": "The request was processed."},
        status=200,
    )  # fmt: skip


def wants_listing_fault(faults: Faults, scope: Scope) -> bool:
    """Whether a listing fault may strike this request (rolls only when one is on)."""
    rates = (faults.empty_page_rate, faults.repeat_page_rate, faults.ignore_page_rate)
    return is_listing(scope) and any(rates)


def wants_create_fault(faults: Faults, scope: Scope) -> bool:
    """Whether this request is a create the unanswered-create fault may strike (a sign-in
    is not a create)."""
    return (
        scope["method"] == "POST"
        and faults.unanswered_create_rate > 0
        and not str(scope["path"]).endswith("/token")
    )


def is_booking_write(scope: Scope) -> bool:
    """Whether the request changes one of Booker's bookings."""
    return scope["method"] in _WRITES and "/booker/bookings" in str(scope["path"])


def _page_of(scope: Scope) -> int:
    found = _PAGE.search(scope.get("query_string", b""))
    return int(found.group(2)) if found else 1


def _with_page(scope: Scope, page: int) -> bytes:
    query: bytes = scope.get("query_string", b"")
    return _PAGE.sub(lambda m: m.group(1) + b"page=" + str(page).encode(), query, count=1)


async def _rewritten(
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    change: Callable[[Any], Any],
    *,
    status: int | None = None,
) -> None:
    """Let the app answer, then pass on a successful JSON answer changed by `change`."""
    start: dict[str, Any] = {}
    body = bytearray()

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        else:
            body.extend(message.get("body", b""))

    await app(scope, receive, keep)
    code = int(start.get("status", 500))
    if 200 <= code < 300 and body:
        payload = json.dumps(change(json.loads(body))).encode()
        code = status or code
    else:
        payload = bytes(body)
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(payload)).encode()))
    await send({"type": "http.response.start", "status": code, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
