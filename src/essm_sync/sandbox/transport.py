"""An in-process httpx transport onto the fake servers, as the demo and tests use them.

A write the fault middleware cut off surfaces as a dropped connection, as over a socket.
"""

from __future__ import annotations

import httpx

from essm_sync.sandbox.faults import ConnectionDropped


class SandboxTransport(httpx.ASGITransport):
    """`httpx.ASGITransport` that turns a dropped answer into `httpx.RemoteProtocolError`."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except ConnectionDropped:
            raise httpx.RemoteProtocolError(
                "server closed the connection", request=request
            ) from None
