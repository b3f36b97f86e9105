"""The fake TermTime's timetable webhooks: §38.6-38.10 as written, and the calls they make."""

from __future__ import annotations

import dataclasses
import datetime as dt

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from essm_sync.sandbox import (
    Sandbox,
    Webhooks,
    add_item,
    create_termtime_app,
    drop_item,
    edit_and_notify,
    generate,
    move_item,
)

BASE = "http://tt/v1/api"
HOOK = "/webhook/timetable/essm-sync"
HOOK_PARAMS = {"t": "activity.update", "u": "http://hooks/in", "h": "X-Token: s3cret-value"}


@pytest.fixture
def university() -> Sandbox:
    return generate(seed=1, rooms=6)


class Receiver:
    """An ASGI app standing in for the receiving end; it records every call."""

    def __init__(self, status: int = 202) -> None:
        self.calls: list[tuple[str, str, dict[str, str]]] = []
        self.status = status

        async def hook(request: Request) -> Response:
            self.calls.append((request.method, str(request.url), dict(request.headers)))
            return Response(status_code=self.status)

        self.app = Starlette(routes=[Route("/in", hook, methods=["GET", "POST", "PUT"])])


def _client(university: Sandbox, key: str | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(create_termtime_app(university.termtime)),
        base_url=BASE,
        headers={"Authorization": "k" + (key or university.api_key)},
    )


def _receive(
    university: Sandbox, receiver: Receiver, *, drop_rate: float = 0.0, double_rate: float = 0.0
) -> None:
    university.termtime.webhooks = Webhooks(
        transport=httpx.ASGITransport(receiver.app), drop_rate=drop_rate, double_rate=double_rate
    )


async def test_register_list_get_update_delete() -> None:
    """A webhook registered by §38.9 is listed, read, updated and removed as §38.6-38.10 say."""
    university = generate(seed=1, rooms=6)
    async with _client(university) as client:
        created = await client.post(HOOK, params=HOOK_PARAMS)
        listed = (await client.get("/webhook/timetable")).json()
        updated = await client.put(HOOK, params={"u": "http://hooks/other", "v": "PUT"})
        one = (await client.get(HOOK)).json()
        deleted = await client.delete(HOOK)
        after = (await client.get("/webhook/timetable")).json()
    assert created.json()["code"] == 0
    assert listed == [
        {
            "c": "essm-sync", "t": "activity.update", "h": "X-Token: s3cret-value",
            "u": "http://hooks/in", "v": "POST", "e": "", "success": 0, "failure": 0,
            "database": "SANDBOX",
        }
    ]  # fmt: skip
    assert (updated.status_code, updated.content) == (200, b"")
    assert (one["u"], one["v"], one["t"]) == ("http://hooks/other", "PUT", "activity.update")
    assert (deleted.status_code, after) == (200, [])


@pytest.mark.parametrize(
    ("path", "params", "code"),
    [
        (HOOK, {"u": "http://hooks/in"}, 102),
        (HOOK, {"t": "activity.new"}, 102),
        (HOOK, {**HOOK_PARAMS, "h": "X:1"}, 109),
        (HOOK, {**HOOK_PARAMS, "u": "h://"}, 109),
        (HOOK, {**HOOK_PARAMS, "v": "V" * 21}, 109),
        (HOOK, {**HOOK_PARAMS, "e": "a@b"}, 109),
        ("/webhook/timetable/" + "c" * 61, HOOK_PARAMS, 109),
    ],
)
async def test_register_checks_parameters(
    university: Sandbox, path: str, params: dict[str, str], code: int
) -> None:
    """A missing `t` or `u` is 102; a length outside §38.9's bounds is 109."""
    async with _client(university) as client:
        response = await client.post(path, params=params)
    assert (response.status_code, response.json()["code"]) == (400, code)


async def test_registering_a_code_twice_is_refused(university: Sandbox) -> None:
    """A second POST of one code is 109 and leaves the first registration as it was."""
    async with _client(university) as client:
        await client.post(HOOK, params=HOOK_PARAMS)
        again = await client.post(HOOK, params={**HOOK_PARAMS, "u": "http://elsewhere"})
        listed = (await client.get("/webhook/timetable")).json()
    assert (again.status_code, again.json()["code"]) == (400, 109)
    assert [hook["u"] for hook in listed] == ["http://hooks/in"]


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_unknown_code_is_106(university: Sandbox, method: str) -> None:
    """Reading, updating or removing a webhook nobody registered is 106."""
    async with _client(university) as client:
        response = await client.request(method, "/webhook/timetable/nobody")
    assert (response.status_code, response.json()["code"]) == (400, 106)


async def test_read_only_key_cannot_register(university: Sandbox) -> None:
    """Registering is a write: a read-only key gets 110."""
    readonly = next(k for k, (user, _) in university.termtime.keys.items() if user == "readonly")
    async with _client(university, readonly) as client:
        response = await client.post(HOOK, params=HOOK_PARAMS)
    assert (response.status_code, response.json()["code"]) == (401, 110)


async def test_a_moved_item_calls_the_hook_as_registered(university: Sandbox) -> None:
    """Moving an item calls its type's webhook with the verb, URL and header registered."""
    receiver = Receiver()
    _receive(university, receiver)
    async with _client(university) as client:
        await client.post(HOOK, params={**HOOK_PARAMS, "v": "PUT"})
        await client.post("/webhook/timetable/other", params={**HOOK_PARAMS, "t": "activity.new"})
    item = next(iter(university.termtime.events))
    change = move_item(university.termtime, item, start=dt.time(7))
    made = await edit_and_notify(university.termtime, change)
    assert [(d.code, d.status) for d in made] == [("essm-sync", 202)]
    [(method, url, headers)] = receiver.calls
    assert (method, url, headers["x-token"]) == ("PUT", "http://hooks/in", "s3cret-value")
    assert university.termtime.webhooks.registered["essm-sync"].success == 1


async def test_adding_and_dropping_fire_their_own_types(university: Sandbox) -> None:
    """An added item calls `activity.new` hooks, a dropped one `activity.delete` hooks."""
    receiver = Receiver()
    _receive(university, receiver)
    async with _client(university) as client:
        for kind in ("activity.new", "activity.delete"):
            await client.post(f"/webhook/timetable/{kind}", params={**HOOK_PARAMS, "t": kind})
    state = university.termtime
    template = next(iter(state.events.values()))
    added = add_item(state, dataclasses.replace(template, unique_id="NEW-1"))
    made = await edit_and_notify(state, added)
    dropped = await edit_and_notify(state, drop_item(state, template.unique_id))
    assert [(d.code, d.status) for d in made + dropped] == [
        ("activity.new", 202), ("activity.delete", 202),
    ]  # fmt: skip
    assert "NEW-1" in state.events
    assert template.unique_id not in state.events


async def test_a_failing_receiver_counts_failures(university: Sandbox) -> None:
    """A call answered with an error is counted in `failure`, as §38.6 lists it."""
    _receive(university, Receiver(status=500))
    async with _client(university) as client:
        await client.post(HOOK, params=HOOK_PARAMS)
        await client.post(f"http://tt/sandbox/items/{next(iter(university.termtime.events))}/move")
        listed = (await client.get("/webhook/timetable")).json()
    assert (listed[0]["success"], listed[0]["failure"]) == (0, 1)


@pytest.mark.parametrize(("drop", "double", "calls"), [(1.0, 0.0, 0), (0.0, 1.0, 2)])
async def test_calls_can_be_dropped_or_doubled(
    university: Sandbox, drop: float, double: float, calls: int
) -> None:
    """At the configured rates a call never goes out, or goes out twice."""
    receiver = Receiver()
    _receive(university, receiver, drop_rate=drop, double_rate=double)
    async with _client(university) as client:
        await client.post(HOOK, params=HOOK_PARAMS)
    change = move_item(university.termtime, next(iter(university.termtime.events)))
    await edit_and_notify(university.termtime, change)
    assert len(receiver.calls) == calls


async def test_edit_endpoints_move_and_drop_items(university: Sandbox) -> None:
    """`/sandbox/items` moves and drops items with the key, and calls the hooks after."""
    receiver = Receiver()
    _receive(university, receiver)
    state = university.termtime
    item = next(iter(state.events))
    room = next(code for code in sorted(state.rooms) if code not in state.events[item].rooms)
    transport = httpx.ASGITransport(create_termtime_app(state))
    headers = {"Authorization": "k" + university.api_key}
    async with httpx.AsyncClient(transport=transport, base_url="http://tt") as client:
        await client.post(f"/v1/api{HOOK}", params=HOOK_PARAMS, headers=headers)
        anonymous = await client.post(f"/sandbox/items/{item}/move")
        moved = await client.post(
            f"/sandbox/items/{item}/move",
            params={"start": "07:00", "end": "08:00", "rooms": room, "date": "2026-10-20"},
            headers=headers,
        )
        after_move = state.events[item]
        unknown = await client.delete("/sandbox/items/nothing", headers=headers)
        dropped = await client.delete(f"/sandbox/items/{item}", headers=headers)
    assert (anonymous.status_code, moved.status_code, dropped.status_code) == (401, 200, 200)
    assert (after_move.rooms, after_move.date, after_move.start) == (
        (room,),
        dt.date(2026, 10, 20),
        dt.time(7),
    )
    assert unknown.json()["code"] == 106
    assert item not in state.events
    assert len(receiver.calls) == 1  # the drop fires activity.delete, registered by nobody
