"""What the TermTime client's mixins (room bookings, webhooks) need of the client itself.

The mixins keep each part of the API in a file of its own; this one protocol says which
of the client's reading and writing they may use, so that they declare it once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol, TypeVar

import httpx
from pydantic import TypeAdapter

from essm_sync.clients.http import HttpCore

T = TypeVar("T")


class TermTimeHost(Protocol):
    """The TermTime client's own calls, as its mixins see them."""

    _http: HttpCore

    async def _call(
        self,
        method: str,
        path: str,
        endpoint: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
    ) -> httpx.Response: ...

    async def _read(
        self,
        adapter: TypeAdapter[T],
        path: str,
        endpoint: str,
        params: Mapping[str, str] | None = None,
    ) -> T: ...

    async def _write(
        self,
        method: str,
        path: str,
        endpoint: str,
        *,
        params: Mapping[str, str],
        json: Any = None,
        landed: Callable[[], Awaitable[bool]] | None = None,
    ) -> None: ...
