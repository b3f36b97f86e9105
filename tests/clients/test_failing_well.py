"""Clients against misbehaving servers: bounded waits, no retried sign-in, no echoed
secrets, redirects and refused connections reported at once (design.md, Failing well)."""

from __future__ import annotations

import email.utils
import time

import anyio
import httpx
import pytest
import respx

from essm_sync.clients import BookerClient, TermTimeClient
from essm_sync.errors import ApiError, RejectedError, TransientError, UnreachableError
from essm_sync.settings import Settings
from tests.clients.conftest import BK, KEY, TT


def _tt(settings: Settings) -> TermTimeClient:
    return TermTimeClient(settings.termtime, settings.retry)


def _token() -> respx.Route:
    return respx.post(f"{BK}/token").respond(json={"access_token": "tok-SECRET-1"})


def _day_ahead() -> str:
    return email.utils.formatdate(time.time() + 86400, usegmt=True)


@respx.mock
@pytest.mark.parametrize("after", ["86400", "1e400", "day-ahead"])
async def test_retry_after_past_the_deadline_fails_at_once_quoting_it(
    settings: Settings, after: str
) -> None:
    """A Retry-After longer than retry.total_timeout_s is not waited for: one request."""
    value = _day_ahead() if after == "day-ahead" else after
    route = respx.get(f"{TT}/rooms").respond(429, headers={"Retry-After": value})
    with pytest.raises(TransientError, match=r"Retry-After asks for .*retry\.total_timeout_s"):
        await _tt(settings).list_rooms()
    assert route.call_count == 1


@respx.mock
async def test_short_retry_after_is_waited_for_and_retried(settings: Settings) -> None:
    """A Retry-After within the deadline is honoured and the request repeated."""
    route = respx.get(f"{TT}/rooms").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "1"}),
            httpx.Response(200, json=[]),
        ]
    )
    assert await _tt(settings).list_rooms() == ()
    assert route.call_count == 2


@respx.mock
async def test_a_trickling_answer_counts_against_the_deadline(settings: Settings) -> None:
    """An answer that never completes is cut off at retry.total_timeout_s."""
    quick = settings.model_copy(
        update={"retry": settings.retry.model_copy(update={"total_timeout_s": 0.2})}
    )

    async def slow(request: httpx.Request) -> httpx.Response:
        await anyio.sleep(5)
        return httpx.Response(200, json=[])

    respx.get(f"{TT}/rooms").mock(side_effect=slow)
    with pytest.raises(TransientError, match="no complete answer within"):
        await _tt(quick).list_rooms()


@respx.mock
async def test_a_stop_request_starts_no_retry(settings: Settings) -> None:
    """Once the run is asked to stop, a failed request is not tried again."""
    client = _tt(settings)

    def failing(request: httpx.Request) -> httpx.Response:
        client.stop_waiting()
        return httpx.Response(503)

    route = respx.get(f"{TT}/rooms").mock(side_effect=failing)
    with pytest.raises(ApiError, match="not retried: the run was interrupted"):
        await client.list_rooms()
    assert route.call_count == 1


@respx.mock
async def test_redirect_is_an_error_naming_where_it_points(settings: Settings) -> None:
    """A 302 is never success: the error names the target and suspects base_url."""
    respx.put(f"{TT}/room/R1").respond(302, headers={"Location": "https://sso.test/login?x=1"})
    with pytest.raises(RejectedError, match=r"redirect to https://sso\.test/login; termtime"):
        await _tt(settings).retire_room(code="R1")


@respx.mock
async def test_refused_connection_is_reported_at_once(settings: Settings) -> None:
    """A refused connection is not retried: one attempt, one line naming the address."""
    route = respx.get(f"{TT}/rooms").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(UnreachableError, match=r"cannot connect to https://tt\.test"):
        await _tt(settings).list_rooms()
    assert route.call_count == 1


@respx.mock
async def test_server_echoing_the_key_is_redacted(settings: Settings) -> None:
    """A message quoting the API key prints `***` in its place."""
    respx.get(f"{TT}/rooms").respond(
        401, json={"code": 101, "message": f"Unrecognised API key k{KEY}"}
    )
    with pytest.raises(ApiError) as caught:
        await _tt(settings).list_rooms()
    assert KEY not in str(caught.value)
    assert "***" in str(caught.value)


@respx.mock
async def test_server_echoing_the_token_or_password_is_redacted(settings: Settings) -> None:
    """Booker echoing the bearer token or the password never reaches the message."""
    _token()
    respx.get(f"{BK}/booker/rooms").respond(
        403, json={"Message": "bad auth header Bearer tok-SECRET-1 for pw-secret"}
    )
    with pytest.raises(ApiError) as caught:
        await BookerClient(settings.booker, settings.retry).list_rooms()
    assert "tok-SECRET-1" not in str(caught.value)
    assert "pw-secret" not in str(caught.value)


@respx.mock
async def test_sign_in_is_retried_once_not_inside_every_caller(settings: Settings) -> None:
    """With the token endpoint failing, concurrent reads share one sign-in and its retries."""
    token = respx.post(f"{BK}/token").respond(503)
    respx.get(f"{BK}/booker/rooms").respond(json=[])
    respx.get(f"{BK}/booker/sites").respond(json=[])
    client = BookerClient(settings.booker, settings.retry)
    failures: list[Exception] = []

    async def read(call: object) -> None:
        try:
            await call()  # type: ignore[operator]
        except ApiError as exc:
            failures.append(exc)

    async with anyio.create_task_group() as group:
        group.start_soon(read, client.list_rooms)
        group.start_soon(read, client.list_sites)
    assert token.call_count == settings.retry.attempts
    assert len(failures) == 2
    assert all("sign-in failed" in str(f) for f in failures)
