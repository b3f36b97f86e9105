"""TermTime's error answers: `{"code": N, "message": ...}`, branched on by code, not status."""

from __future__ import annotations

import httpx
from pydantic import TypeAdapter, ValidationError

from essm_sync.clients.http import retry_after_s
from essm_sync.errors import (
    ApiError,
    AuthError,
    InUseError,
    NotFoundError,
    RejectedError,
    TransientError,
)
from essm_sync.models import ErrorBody

SYSTEM = "TermTime"
_AUTH_CODES = {100, 101, 108, 110}
_ERROR = TypeAdapter(ErrorBody)


def map_error(response: httpx.Response, operation: str) -> ApiError:
    """Turn a TermTime error answer into the error tree, by its `code` (termtime-api.md §3)."""
    status = response.status_code
    if status == 429 or (status >= 500 and status != 500):
        return TransientError(
            SYSTEM, operation, f"HTTP {status}", retry_after_s=retry_after_s(response)
        )
    try:
        body = _ERROR.validate_json(response.content)
    except ValidationError:
        if status == 500:
            return TransientError(SYSTEM, operation, "HTTP 500")
        if status in (401, 403):
            return AuthError(SYSTEM, operation, f"HTTP {status}: access refused")
        if status == 404:
            # TermTime answers a missing object with code 106, never 404 (termtime-api.md
            # §3): a bare 404 is a path that is not TermTime's API.
            return RejectedError(SYSTEM, operation, _no_endpoint(response, "termtime", "/v1/api"))
        return RejectedError(SYSTEM, operation, f"HTTP {status} without an error body")
    text = " ".join(body.message.split())[:200]
    problem = f"error {body.code}: {text}" if text else f"error {body.code}"
    code = body.code
    if code in _AUTH_CODES:
        return AuthError(SYSTEM, operation, problem)
    if code == 104:
        return ApiError(SYSTEM, operation, problem + " (check base_url and the key's database)")
    if code == 106:
        return NotFoundError(SYSTEM, operation, problem)
    if code == 114:
        return InUseError(SYSTEM, operation, problem)
    if code == 105 or status >= 500:
        return TransientError(SYSTEM, operation, problem)
    return RejectedError(SYSTEM, operation, problem)


def _no_endpoint(response: httpx.Response, setting: str, ending: str) -> str:
    """Say that an address is not the API's, naming the setting to fix (no query: it may
    carry a key)."""
    path = response.request.url.path
    return (
        f"HTTP 404 without an error body: no API at {path}; {setting}.base_url is probably "
        f"wrong (it usually ends in {ending})"
    )
