"""Booker's token dying with every request slot in flight: the sign-in goes out at once."""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import httpx
import respx

from essm_sync.clients import BookerClient
from essm_sync.settings import Settings
from tests.clients.conftest import BK

SLOTS = 8


class _Releasing(httpx.AsyncByteStream):
    """An answer's body that gives its pooled connection back once read or closed."""

    def __init__(self, body: bytes, pool: _Pool) -> None:
        self._body, self._pool, self._open = body, pool, True

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._body

    async def aclose(self) -> None:
        if self._open:
            self._open = False
            self._pool.held -= 1


class _Pool(httpx.AsyncBaseTransport):
    """httpcore's pool in miniature: a request holds one of `size` connections until its
    answer is read or closed; asking with every one held fails at once, as a pool timeout
    would after its wait (respx alone has no pool, so it could not show the stall)."""

    def __init__(self, router: respx.Router, size: int) -> None:
        self._router, self._size, self.held = router, size, 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.held >= self._size:
            raise httpx.PoolTimeout("every pooled connection is held", request=request)
        self.held += 1
        answer = await self._router.async_handler(request)
        body = await answer.aread()
        return httpx.Response(
            answer.status_code, headers=answer.headers, stream=_Releasing(body, self)
        )


async def test_a_token_dying_with_every_slot_in_flight_is_renewed_at_once(
    settings: Settings,
) -> None:
    """Eight reads in flight at concurrency 8 all get 401: the one sign-in finds a free
    connection (the 401s hold none), and every read is repeated once with the new token."""
    router = respx.Router(assert_all_called=False)
    pool = _Pool(router, SLOTS)
    held_at_sign_in: list[int] = []
    tokens = iter(["tok-1", "tok-2"])

    def sign_in(request: httpx.Request) -> httpx.Response:
        held_at_sign_in.append(pool.held - 1)  # besides the sign-in's own connection
        return httpx.Response(200, json={"access_token": next(tokens)})

    arrived = 0
    all_in_flight = anyio.Event()

    async def rooms(request: httpx.Request) -> httpx.Response:
        nonlocal arrived
        if request.headers["Authorization"] == "Bearer tok-2":
            return httpx.Response(200, json=[])
        arrived += 1
        if arrived == SLOTS:
            all_in_flight.set()
        await all_in_flight.wait()  # the token dies once every slot holds a request
        return httpx.Response(401, json={"Message": "Authorization has been denied."})

    token = router.post(f"{BK}/token").mock(side_effect=sign_in)
    route = router.get(f"{BK}/booker/rooms").mock(side_effect=rooms)
    wide = settings.booker.model_copy(update={"concurrency": SLOTS})
    client = BookerClient(wide, settings.retry, transport=pool)
    with anyio.fail_after(30):  # a hang guard only: the old client waited for a connection
        async with anyio.create_task_group() as group:
            for _ in range(SLOTS):
                group.start_soon(client.list_rooms)
    assert (token.call_count, route.call_count) == (2, 2 * SLOTS)
    assert held_at_sign_in == [0, 0]
    assert pool.held == 0
