"""Booker's error answers (booker-api.md, Errors), mapped onto the error tree."""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import TypeAdapter, ValidationError

from essm_sync.clients.http import retry_after_s
from essm_sync.errors import (
    ApiError,
    AuthError,
    ConflictError,
    NotFoundError,
    RejectedError,
    TransientError,
)

SYSTEM = "Booker"
_JSON = TypeAdapter(dict[str, Any])


def _message(response: httpx.Response) -> tuple[str, dict[str, Any]]:
    try:
        body = _JSON.validate_json(response.content)
    except ValidationError:
        return "", {}
    return " ".join(str(body.get("Message") or "").split())[:200], body


def map_error(response: httpx.Response, operation: str) -> ApiError:
    """Turn a Booker error answer into the error tree (booker-api.md, Errors)."""
    status = response.status_code
    message, body = _message(response)
    problem = f"HTTP {status}" + (f": {message}" if message else "")
    if status == 400:
        fields = body.get("Errors")
        if isinstance(fields, dict) and fields:
            problem += " (" + ", ".join(sorted(str(k) for k in fields)) + ")"
        return RejectedError(SYSTEM, operation, problem)
    if status in (401, 403):
        return AuthError(SYSTEM, operation, problem)
    if status == 404 and not body:
        # Booker answers a missing record with a JSON `Message` (booker-api.md, Errors); a
        # bare 404 is a path that is not Booker's API, never "already gone".
        path = response.request.url.path
        return RejectedError(
            SYSTEM, operation, f"HTTP 404 without an error body: no API at {path}; "
            "booker.base_url is probably wrong (it usually ends in /api)",
        )  # fmt: skip
    if status == 404:
        return NotFoundError(SYSTEM, operation, problem)
    if status == 409:
        raw = body.get("ConflictingBookings") or []
        ids = tuple(int(i) for i in raw if isinstance(i, int))
        return ConflictError(SYSTEM, operation, problem, conflicting=ids)
    if status == 429 or status >= 500:
        return TransientError(SYSTEM, operation, problem, retry_after_s=retry_after_s(response))
    return RejectedError(SYSTEM, operation, problem)
