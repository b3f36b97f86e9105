"""Request checks of the fake TermTime: the key, parameters and the error body (§3).

Statuses for each code are the sandbox's choice (termtime-api.md §3): 401 for key and
rights problems, 500 for the catch-all, 400 for the rest.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from essm_sync.sandbox.responses import JSONResponse
from essm_sync.sandbox.termtime_state import TermTimeState

_KEY = re.compile(r"^[A-Za-z0-9]{20}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class TermTimeFailure(Exception):
    """An error answer: `{"code": N, "message": ...}`."""

    def __init__(self, code: int, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)

    def response(self) -> Response:
        """Render the error as TermTime does."""
        status = 401 if self.code in (100, 101, 108, 110) else 500 if self.code == 105 else 400
        return JSONResponse({"code": self.code, "message": self.message}, status_code=status)


def authorise(request: Request, state: TermTimeState, *, write: bool) -> str:
    """Return the key's user, or fail with 108, 100, 101 or 110."""
    header = request.headers.get("authorization")
    if header is not None:
        if not header.startswith("k"):
            raise TermTimeFailure(100, "Bad API key")
        key = header[1:]
    elif "key" in request.query_params:
        key = request.query_params["key"]
    else:
        raise TermTimeFailure(108, "API key not found")
    if not _KEY.match(key):
        raise TermTimeFailure(100, "Bad API key")
    if key not in state.keys:
        raise TermTimeFailure(101, "Unrecognised API key")
    user, can_write = state.keys[key]
    if write and not can_write:
        raise TermTimeFailure(110, f"User {user} lacks the rights for this operation")
    return user


def text(
    request: Request, name: str, *, low: int = 1, high: int = 45, required: bool = False
) -> str | None:
    """Read a query parameter, enforcing presence (102) and length (109)."""
    value = request.query_params.get(name)
    if value is None:
        if required:
            raise TermTimeFailure(102, f"Mandatory parameter '{name}' is missing")
        return None
    if not low <= len(value) <= high:
        raise TermTimeFailure(109, f"Parameter '{name}' must be {low} to {high} characters")
    return value


def segment(value: str, name: str, *, high: int = 45) -> str:
    """Check a path segment's length (109)."""
    if not 1 <= len(value) <= high:
        raise TermTimeFailure(109, f"Path parameter '{name}' must be 1 to {high} characters")
    return value


def query_by(request: Request) -> str:
    """Return `Name` (the default) or `Code`; anything else is 109."""
    value = request.query_params.get("queryBy", "Name")
    if value not in ("Name", "Code"):
        raise TermTimeFailure(109, "Parameter 'queryBy' must be Name or Code")
    return value


def date_param(request: Request, name: str) -> dt.date | None:
    """Read a `YYYY-MM-DD` query parameter (exactly 10 characters)."""
    value = request.query_params.get(name)
    if value is None:
        return None
    if not _DATE.match(value):
        raise TermTimeFailure(109, f"Parameter '{name}' must be a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise TermTimeFailure(109, f"Parameter '{name}' is not a valid date") from None


async def capacities(request: Request, state: TermTimeState) -> dict[str, int] | None:
    """Read the `[{code, val}]` body; None when there is no body."""
    raw = await request.body()
    if not raw.strip():
        return None
    try:
        body: Any = json.loads(raw)
    except ValueError:
        raise TermTimeFailure(109, "The request body is not valid JSON") from None
    if not isinstance(body, list):
        raise TermTimeFailure(109, "The capacities body must be an array")
    result: dict[str, int] = {}
    for item in body:
        if not isinstance(item, dict) or "code" not in item or "val" not in item:
            raise TermTimeFailure(102, "Each capacity needs 'code' and 'val'")
        code, val = item["code"], item["val"]
        if not isinstance(val, int) or isinstance(val, bool) or val < 0:
            raise TermTimeFailure(109, "Capacity 'val' must be a non-negative integer")
        if code not in state.activity_types:
            raise TermTimeFailure(106, f"No activity type with code {code}")
        result[str(code)] = val
    return result


def created(message: str) -> Response:
    """The create answer: `200 {"code": 0, "message": ...}`."""
    return JSONResponse({"code": 0, "message": message})


def done() -> Response:
    """The update and delete answer: 200 with no body."""
    return Response(status_code=200)
