"""The HTTP machinery both clients share: pooling, a concurrency bound, retries, parsing.

Nothing here knows either system's rules; the clients pass in how to read an error answer.
"""

from __future__ import annotations

import email.utils
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import anyio
import httpx
import stamina
import structlog
from pydantic import TypeAdapter, ValidationError

from essm_sync.errors import ApiError, InvalidDataError, TransientError
from essm_sync.settings import RetrySettings

T = TypeVar("T")
_log = structlog.get_logger("essm_sync.http")

ErrorMapper = Callable[[httpx.Response, str], ApiError]


class HttpCore:
    """One pooled `httpx.AsyncClient`, bounded to `concurrency` requests in flight."""

    def __init__(
        self,
        *,
        system: str,
        base_url: str,
        concurrency: int,
        timeout_s: float,
        retry: RetrySettings,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.system = system
        self.retry = retry
        self.requests: Counter[str] = Counter()
        self.writes = 0  # requests that change data; signing in does not
        self._limiter = anyio.CapacityLimiter(concurrency)
        self._client = httpx.AsyncClient(
            base_url=base_url + "/",
            timeout=httpx.Timeout(timeout_s),
            limits=httpx.Limits(
                max_connections=concurrency, max_keepalive_connections=concurrency
            ),
            transport=transport,
            follow_redirects=False,
        )

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._client.aclose()

    async def send(
        self,
        method: str,
        path: str,
        *,
        operation: str,
        endpoint: str,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        errors: ErrorMapper,
        changes_data: bool | None = None,
    ) -> httpx.Response:
        """Send one request, once; map every failure into the error tree.

        `endpoint` is the path's template (`timetable/room/{c}`), used for counting.
        """
        self.requests[f"{method} {endpoint}"] += 1
        if method != "GET" if changes_data is None else changes_data:
            self.writes += 1
        async with self._limiter:
            started = time.perf_counter()
            try:
                response = await self._client.request(
                    method, path, params=params, json=json, data=data, headers=headers
                )
            except httpx.TimeoutException:
                raise TransientError(self.system, operation, "timed out") from None
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__})"
                raise TransientError(self.system, operation, problem) from None
        _log.debug(
            "http.request",
            system=self.system,
            method=method,
            path=endpoint,
            status=response.status_code,
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
        )
        if response.status_code >= 400:
            raise errors(response, operation)
        return response

    async def retrying(self, operation: str, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run `attempt` until it succeeds, retrying transient failures with backoff."""
        async for try_ in stamina.retry_context(
            on=_backoff_hook,
            attempts=self.retry.attempts,
            timeout=self.retry.total_timeout_s,
            wait_initial=self.retry.wait_initial_s,
            wait_max=self.retry.wait_max_s,
            wait_jitter=self.retry.wait_initial_s,
        ):
            with try_:
                if try_.num > 1:
                    _log.info("retry.attempt", system=self.system, operation=operation, n=try_.num)
                return await attempt()
        raise AssertionError("unreachable: stamina raises once attempts are spent")

    async def retrying_create(
        self,
        operation: str,
        send: Callable[[], Awaitable[T]],
        lookup: Callable[[], Awaitable[T | None]],
    ) -> T:
        """Retry a create that is not safe to repeat: before each retry, look for the last
        try's result, since a lost answer does not mean a lost write."""
        tries = 0

        async def attempt() -> T:
            nonlocal tries
            tries += 1
            if tries > 1 and (found := await lookup()) is not None:
                return found
            return await send()

        return await self.retrying(operation, attempt)


def _backoff_hook(exc: Exception) -> bool | float:
    """Retry only transient failures, waiting at least what Retry-After asked."""
    if not isinstance(exc, TransientError):
        return False
    if exc.retry_after_s is not None:
        return exc.retry_after_s
    return True


def retry_after_s(response: httpx.Response) -> float | None:
    """Read a Retry-After header given in seconds or as an HTTP date."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def parse(adapter: TypeAdapter[T], response: httpx.Response, *, system: str, operation: str) -> T:
    """Validate a response body, turning any failure into one `InvalidDataError` line."""
    body = response.content
    if not body.strip():
        raise InvalidDataError(system, operation, "empty response body")
    try:
        return adapter.validate_json(body)
    except ValidationError as exc:
        raise InvalidDataError(system, operation, describe_invalid(exc)) from None


def describe_invalid(exc: ValidationError) -> str:
    """Say what is wrong with a body in one line, without echoing the data."""
    first = exc.errors(include_input=False, include_url=False)[0]
    if first["type"] == "json_invalid":
        return "invalid JSON in the response body"
    where = ".".join(str(part) for part in first["loc"]) or "body"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"invalid data at {where}: {str(first['msg']).lower()}{more}"
