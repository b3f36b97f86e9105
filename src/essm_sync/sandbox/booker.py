"""The fake Booker as a Starlette app under `/api`, enforcing booker-api.md and no looser."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from essm_sync.sandbox.booker_state import BKBooking, BookerState
from essm_sync.sandbox.faults import FaultMiddleware, Faults
from essm_sync.sandbox.responses import JSONResponse

Handler = Callable[[Request, BookerState, str], Awaitable[Response]]
_FIELDS = ("RoomOptimeIndex", "StartTime", "EndTime", "Title", "Description", "BookingType",
           "DepartmentId", "ExternalId")  # fmt: skip
_SERVER_SET = ("OptimeIndex", "CreatedBy", "Status")


class BookerFailure(Exception):
    """An error answer with Booker's `Message` body."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        self.status = status
        self.body = {"Message": message, **extra}
        super().__init__(message)


def _invalid(field: str, problem: str) -> BookerFailure:
    return BookerFailure(400, "The request is invalid.", Errors={field: [problem]})


def _instant(value: Any, field: str) -> dt.datetime:
    """Parse an ISO 8601 instant; a date alone or a time without offset is refused."""
    if not isinstance(value, str) or "T" not in value:
        raise _invalid(field, "must be an ISO 8601 date and time with a UTC offset")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise _invalid(field, "must be an ISO 8601 date and time with a UTC offset") from None
    if parsed.tzinfo is None:
        raise _invalid(field, "must carry a UTC offset")
    return parsed.astimezone(dt.UTC)


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise _invalid(name, f"must be an integer from {low} to {high}")
    return int(raw)


def _route(path: str, handler: Handler, method: str, state: BookerState) -> Route:
    async def endpoint(request: Request) -> Response:
        try:
            user = _authorise(request, state)
            return await handler(request, state, user)
        except BookerFailure as failure:
            return JSONResponse(failure.body, status_code=failure.status)

    return Route(path, endpoint, methods=[method])


def _authorise(request: Request, state: BookerState) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    held = state.tokens.get(token) if scheme.lower() == "bearer" else None
    if held is None or held[1] <= state.clock():
        raise BookerFailure(401, "Authorization has been denied for this request.")
    return held[0]


async def _token(request: Request) -> Response:
    state: BookerState = request.app.state.booker
    try:
        form = dict(parse_qsl((await request.body()).decode(), strict_parsing=True))
    except (UnicodeDecodeError, ValueError):
        form = {}
    if form.get("grant_type") != "password":
        return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
    user, password = form.get("username"), form.get("password")
    if not isinstance(user, str) or state.users.get(user) != password:
        body = {
            "error": "invalid_grant",
            "error_description": "The user name or password is incorrect.",
        }
        return JSONResponse(body, status_code=400)
    token = secrets.token_urlsafe(32)
    state.tokens[token] = (user, state.clock() + state.token_ttl_s)
    return JSONResponse(
        {"access_token": token, "token_type": "bearer", "expires_in": int(state.token_ttl_s)}
    )


def _lister(attribute: str) -> Handler:
    async def handler(request: Request, state: BookerState, user: str) -> Response:
        spoilt = state.unreadable.get(attribute, set())
        return JSONResponse(
            [
                # A name served as an object, as a broken export might: the record is unreadable.
                {**r, "Name": {"broken": True}} if r.get("Id") in spoilt else r
                for r in getattr(state, attribute)
            ]
        )

    return handler


async def _list_bookings(request: Request, state: BookerState, user: str) -> Response:
    params = request.query_params
    for name in ("start", "end"):
        if name not in params:
            raise _invalid(name, "is required")
    start, end = _instant(params["start"], "start"), _instant(params["end"], "end")
    page = _int_param(request, "page", 1, 1, 1_000_000)
    size = _int_param(request, "pageSize", 100, 1, 500)
    room = (
        _int_param(request, "roomOptimeIndex", 0, 0, 2**31)
        if "roomOptimeIndex" in params
        else None
    )
    found = state.query(start, end, room=room, external_id=params.get("externalId"))
    items = [b.to_json() for b in found[(page - 1) * size : page * size]]
    return JSONResponse({"Items": items, "Page": page, "PageSize": size, "TotalCount": len(found)})


async def _body(request: Request, *, creating: bool) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise BookerFailure(400, "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise BookerFailure(400, "The request body must be a booking object.")
    if creating:
        for name in _SERVER_SET:
            if name in body:
                raise _invalid(name, "is set by the server")
    missing = [
        name for name in ("RoomOptimeIndex", "StartTime", "EndTime", "Title") if name not in body
    ]
    if not creating:
        # booker-api.md: PUT takes the whole booking as read, server-set fields included.
        whole = (*_FIELDS, *_SERVER_SET)
        missing += [name for name in whole if name not in body and name not in missing]
    if missing:
        raise BookerFailure(
            400, "The request is invalid.", Errors={m: ["is required"] for m in missing}
        )
    return body


def _validate(state: BookerState, body: dict[str, Any]) -> dict[str, Any]:
    room_id = body["RoomOptimeIndex"]
    if not isinstance(room_id, int) or isinstance(room_id, bool):
        raise _invalid("RoomOptimeIndex", "must be an integer")
    room = state.room(room_id)
    if room is None:
        raise _invalid("RoomOptimeIndex", "no such room")
    if not (room["Live"] and room["Bookable"]):
        raise _invalid("RoomOptimeIndex", "the room is not live and bookable")
    start, end = _instant(body["StartTime"], "StartTime"), _instant(body["EndTime"], "EndTime")
    if end <= start:
        raise _invalid("EndTime", "must be after StartTime")
    title = body["Title"]
    if not isinstance(title, str) or not title.strip():
        raise _invalid("Title", "is required")
    # Undocumented; as strict as `ExternalId`'s 255, so that a client cutting titles is tested.
    if len(title) > 255:
        raise _invalid("Title", "must be at most 255 characters")
    optional: dict[str, str | None] = {}
    for name in ("Description", "BookingType", "DepartmentId", "ExternalId"):
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            raise _invalid(name, "must be text or null")
        optional[name] = value
    external = optional["ExternalId"]
    if external is not None and len(external) > 255:
        raise _invalid("ExternalId", "must be at most 255 characters")
    department = optional["DepartmentId"]
    if department is not None and department not in {d["Id"] for d in state.departments}:
        raise _invalid("DepartmentId", "no such department")
    return {
        "room": room_id,
        "start": start,
        "end": end,
        "title": title,
        "description": optional["Description"],
        "booking_type": optional["BookingType"],
        "department": department,
        "external_id": external,
    }


def _check_free(state: BookerState, fields: dict[str, Any], ignore: int | None) -> None:
    clashing = sorted(
        b.id
        for b in state.bookings_in(fields["room"])
        # A cancelled booking no longer holds its room (booker-api.md).
        if b.id != ignore
        and b.status != "Cancelled"
        and b.start < fields["end"]
        and b.end > fields["start"]
    )
    if clashing:
        raise BookerFailure(
            409, "The room is already booked at that time.", ConflictingBookings=clashing
        )


async def _create_booking(request: Request, state: BookerState, user: str) -> Response:
    fields = _validate(state, await _body(request, creating=True))
    _check_free(state, fields, None)
    booking = state.add_booking(created_by=user, **fields)
    return JSONResponse(booking.to_json(), status_code=201)


def _owned_booking(request: Request, state: BookerState, user: str) -> BKBooking:
    raw = request.path_params["id"]
    booking = state.bookings.get(int(raw)) if raw.isdigit() else None
    if booking is None:
        raise BookerFailure(404, "No booking with that OptimeIndex.")
    if booking.created_by != user:
        raise BookerFailure(403, "Only the user who made a booking may change it.")
    return booking


async def _update_booking(request: Request, state: BookerState, user: str) -> Response:
    booking = _owned_booking(request, state, user)
    body = await _body(request, creating=False)
    if body.get("OptimeIndex", booking.id) != booking.id:
        raise _invalid("OptimeIndex", "does not match the address")
    fields = _validate(state, body)
    _check_free(state, fields, booking.id)
    state.update_booking(booking, fields)
    return JSONResponse(booking.to_json())


async def _delete_booking(request: Request, state: BookerState, user: str) -> Response:
    booking = _owned_booking(request, state, user)
    state.remove_booking(booking.id)
    return Response(status_code=204)


def create_booker_app(state: BookerState, faults: Faults | None = None) -> Any:
    """Return the fake Booker as an ASGI app; its API lives under `/api`."""
    table: list[tuple[str, Handler, str]] = [
        ("/booker/sites", _lister("sites"), "GET"),
        ("/booker/buildings", _lister("buildings"), "GET"),
        ("/booker/rooms", _lister("rooms"), "GET"),
        ("/booker/departments", _lister("departments"), "GET"),
        ("/booker/bookings", _list_bookings, "GET"),
        ("/booker/bookings", _create_booking, "POST"),
        ("/booker/bookings/{id}", _update_booking, "PUT"),
        ("/booker/bookings/{id}", _delete_booking, "DELETE"),
    ]
    routes = [Route("/token", _token, methods=["POST"])]
    routes += [_route(path, handler, method, state) for path, handler, method in table]
    app = Starlette(routes=[Mount("/api", routes=routes)])
    app.state.booker = state
    if faults is None:
        return app
    if faults.expire_tokens is None:
        faults.expire_tokens = state.expire_tokens
    return FaultMiddleware(app, faults)
