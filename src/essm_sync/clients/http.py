"""The HTTP machinery both clients share: pooling, a concurrency bound, retries, parsing.

Nothing here knows either system's rules; the clients pass in how to read an error answer.
"""

from __future__ import annotations

import contextlib
import email.utils
import functools
import socket
import ssl
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, TypeVar

import anyio
import httpx
import stamina
import structlog
from pydantic import TypeAdapter, ValidationError

from essm_sync.errors import (
    ApiError,
    InvalidDataError,
    RejectedError,
    TransientError,
    UnreachableError,
)
from essm_sync.settings import RetrySettings

T = TypeVar("T")
_log = structlog.get_logger("essm_sync.http")

ErrorMapper = Callable[[httpx.Response, str], ApiError]


# Retries are logged once each, as `retry.attempt`, by this module; stamina's own
# instrumentation would add a line of its internals per retry.
stamina.instrumentation.set_on_retry_hooks([])


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
        secrets: Iterable[str] = (),
    ) -> None:
        self.system = system
        self.retry = retry
        self.requests: Counter[str] = Counter()
        self.writes = 0  # requests that change data; signing in does not
        self.retries = 0
        self._secrets = {secret for secret in secrets if secret}
        self._stopped = False
        self._waiting: set[anyio.CancelScope] = set()
        self._limiter = anyio.CapacityLimiter(concurrency)
        self._origin = _origin(base_url)
        self._client = httpx.AsyncClient(
            base_url=base_url + "/",
            timeout=httpx.Timeout(timeout_s),
            limits=httpx.Limits(
                max_connections=concurrency, max_keepalive_connections=concurrency
            ),
            transport=transport,
            follow_redirects=False,
            verify=_tls() if transport is None else True,
        )

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._client.aclose()

    def add_secret(self, value: str) -> None:
        """Never let this value (a key, password or token) reach a message or a log."""
        if value:
            self._secrets.add(value)

    def redact(self, text: str) -> str:
        """Replace every secret of this client in `text` by `***` (design.md, Failing well)."""
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text

    def stop_waiting(self) -> None:
        """End every backoff wait now and start no retry: the run was asked to stop."""
        self._stopped = True
        for scope in list(self._waiting):
            scope.cancel()

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
        auth: httpx.Auth | None = None,
        errors: ErrorMapper,
        changes_data: bool | None = None,
        limited: bool = True,
    ) -> httpx.Response:
        """Send one request, once; map every failure into the error tree.

        `endpoint` is the path's template (`timetable/room/{c}`), used for counting.
        """
        self.requests[f"{method} {endpoint}"] += 1
        if method != "GET" if changes_data is None else changes_data:
            self.writes += 1
        async with self._limiter if limited else _UNLIMITED:
            started = time.perf_counter()
            try:
                response = await self._client.request(
                    method, path, params=params, json=json, data=data, headers=headers,
                    auth=auth or httpx.USE_CLIENT_DEFAULT,
                )  # fmt: skip
            except httpx.ConnectError as exc:
                # Refused, no such host, or no TLS there: waiting will not fix a wrong
                # address tonight.
                problem = _unreachable(exc, self._origin, self.system.lower())
                raise UnreachableError(self.system, operation, problem) from None
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
        if 300 <= response.status_code < 400:
            raise self._redacted(self._redirect(response, operation))
        if response.status_code >= 400:
            raise self._redacted(errors(response, operation))
        return response

    def _redirect(self, response: httpx.Response, operation: str) -> ApiError:
        # A redirect is never followed nor taken as success: a write "answered" by a login
        # page or another host did not happen (design.md, Failing well).
        target = response.headers.get("location", "")
        target = target.split("?", 1)[0] if target else "nowhere"
        problem = (
            f"HTTP {response.status_code} redirect to {target}; "
            f"{self.system.lower()}.base_url is probably wrong"
        )
        return RejectedError(self.system, operation, problem)

    def _redacted(self, error: ApiError) -> ApiError:
        clean = self.redact(error.problem)
        if clean != error.problem:
            error.problem = clean
            error.args = (f"{error.system} {error.operation}: {clean}",)
        return error

    async def retrying(self, operation: str, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run `attempt` until it succeeds, retrying transient failures with backoff.

        No call outlives `retry.total_timeout_s`, waits and slow answers included, and a
        stop request ends a backoff wait at once.
        """
        deadline_s = self.retry.total_timeout_s
        started = anyio.current_time()

        def backoff(exc: Exception) -> bool | float:
            if not isinstance(exc, TransientError):
                return False
            if exc.retry_after_s is None:
                return True
            left = deadline_s - (anyio.current_time() - started)
            if exc.retry_after_s > left:
                exc.problem += (
                    f"; Retry-After asks for {_seconds(exc.retry_after_s)}, past "
                    f"retry.total_timeout_s ({deadline_s:g} s)"
                )
                exc.args = (f"{exc.system} {exc.operation}: {exc.problem}",)
                return False
            return exc.retry_after_s

        with anyio.CancelScope() as waiting:
            try:
                with anyio.fail_after(deadline_s):
                    async for try_ in stamina.retry_context(
                        on=backoff,
                        attempts=self.retry.attempts,
                        timeout=deadline_s,
                        wait_initial=self.retry.wait_initial_s,
                        wait_max=self.retry.wait_max_s,
                        wait_jitter=self.retry.wait_initial_s,
                    ):
                        with try_:
                            self._waiting.discard(waiting)
                            if try_.num > 1:
                                self._before_retry(operation, try_.num)
                            try:
                                return await attempt()
                            except TransientError:
                                self._waiting.add(waiting)
                                raise
            except TimeoutError:
                problem = f"no complete answer within retry.total_timeout_s ({deadline_s:g} s)"
                raise TransientError(self.system, operation, problem) from None
            finally:
                self._waiting.discard(waiting)
        raise ApiError(self.system, operation, "not retried: the run was interrupted")

    def _before_retry(self, operation: str, number: int) -> None:
        if self._stopped:  # not a TransientError: that would be retried
            raise ApiError(self.system, operation, "not retried: the run was interrupted")
        self.retries += 1
        _log.info("retry.attempt", system=self.system, operation=operation, attempt=number)

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


_UNLIMITED = contextlib.nullcontext()


@functools.cache
def _tls() -> ssl.SSLContext:
    # Loading the CA bundle is most of what opening a client costs: both clients share one.
    return httpx.create_ssl_context()


def _unreachable(exc: httpx.ConnectError, origin: str, setting: str) -> str:
    """Say why a connection failed, and what to check, in the words of its first cause."""
    causes: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and len(causes) < 10:
        causes.append(link)
        link = link.__cause__ or link.__context__
    text = " ".join(str(cause) for cause in causes)
    fix = f"check {setting}.base_url"
    if "WRONG_VERSION_NUMBER" in text or "record layer failure" in text:
        # The answer to our TLS hello was not TLS: an https:// URL for a plain HTTP port.
        return (
            f"cannot connect to {origin}: it does not speak TLS (plain HTTP?); "
            f"{fix}: http:// or https://"
        )
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return f"cannot connect to {origin}: its TLS certificate is not trusted here"
    if any(isinstance(cause, ssl.SSLError) for cause in causes):
        return f"cannot connect to {origin}: the TLS handshake failed; {fix}"
    if any(isinstance(cause, ConnectionRefusedError) for cause in causes):
        return f"cannot connect to {origin}: connection refused; {fix} and that the server runs"
    if any(isinstance(cause, socket.gaierror) for cause in causes) or "not known" in text:
        return f"cannot connect to {origin}: no such host; {fix}"
    return f"cannot connect to {origin} ({exc or type(exc).__name__}); {fix}"


def _origin(base_url: str) -> str:
    url = httpx.URL(base_url)
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"


def _seconds(value: float) -> str:
    if value == float("inf"):
        return "forever"
    return f"{value:,.0f} s" if value >= 10 else f"{value:g} s"


def retry_after_s(response: httpx.Response) -> float | None:
    """Read a Retry-After header given in seconds or as an HTTP date."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        # `1e400` reads as infinity, which the deadline refuses; NaN and negatives as 0.
        return seconds if seconds >= 0 else 0.0
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
