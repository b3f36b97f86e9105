"""The fake TermTime enforces the 7.7.0 contract: auth codes, required parameters, errors."""

from __future__ import annotations

import httpx
import pytest

from essm_sync.sandbox import Sandbox, create_termtime_app, generate

BASE = "http://tt/v1/api"


@pytest.fixture
def university() -> Sandbox:
    return generate(seed=1, rooms=12)


def _client(university: Sandbox, key: str | None = None) -> httpx.AsyncClient:
    headers = {"Authorization": "k" + (key or university.api_key)}
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(create_termtime_app(university.termtime)),
        base_url=BASE,
        headers=headers,
    )


async def test_missing_key_is_108(university: Sandbox) -> None:
    """No header and no key parameter: 401 with code 108."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(create_termtime_app(university.termtime))
    ) as c:
        response = await c.get(f"{BASE}/rooms")
    assert (response.status_code, response.json()["code"]) == (401, 108)


@pytest.mark.parametrize(("key", "code"), [("short", 100), ("ZZZZZZZZZZZZZZZZZZZZ", 101)])
async def test_bad_and_unknown_keys(university: Sandbox, key: str, code: int) -> None:
    """A malformed key is 100, a well-formed unknown one 101."""
    async with _client(university, key) as client:
        response = await client.get("/ping")
    assert (response.status_code, response.json()["code"]) == (401, code)


async def test_key_as_query_parameter_is_accepted(university: Sandbox) -> None:
    """`?key=` works as the reference allows."""
    transport = httpx.ASGITransport(create_termtime_app(university.termtime))
    async with httpx.AsyncClient(transport=transport) as client:
        response = await client.get(f"{BASE}/ping", params={"key": university.api_key})
    assert response.json()["version"] == "7.7.0"


async def test_read_only_key_cannot_write(university: Sandbox) -> None:
    """A key whose user lacks rights gets 110 on a write."""
    readonly = next(k for k, (user, _) in university.termtime.keys.items() if user == "readonly")
    async with _client(university, readonly) as client:
        response = await client.post("/campus/Somewhere", params={"code": "SW"})
    assert (response.status_code, response.json()["code"]) == (401, 110)


async def test_missing_required_parameter_is_102(university: Sandbox) -> None:
    """POST room without `dc` is refused with 102, and nothing is created."""
    async with _client(university) as client:
        response = await client.post(
            "/room/NEW-1", params={"n": "x", "f": "x", "b": "x", "cam": "x"}
        )
    assert response.json()["code"] == 102
    assert "NEW-1" not in university.termtime.rooms


async def test_unknown_objects_are_106(university: Sandbox) -> None:
    """A room placed in a campus that does not exist is 106."""
    async with _client(university) as client:
        response = await client.post(
            "/room/NEW-1", params={"n": "x", "f": "G", "b": "B", "cam": "Atlantis", "dc": "ENG"}
        )
        missing = await client.get("/room/NOPE")
    assert response.json()["code"] == 106
    assert (missing.status_code, missing.json()["code"]) == (400, 106)


async def test_bad_flag_and_too_long_name_are_109(university: Sandbox) -> None:
    """`td=2` and a 46-character name on create are wrong formats."""
    code = next(iter(university.termtime.rooms))
    async with _client(university) as client:
        flag = await client.put(f"/room/{code}", params={"td": "2"})
        long = await client.post("/campus/" + "x" * 46, params={"code": "LONG"})
    assert flag.json()["code"] == 109
    assert long.json()["code"] == 109


async def test_room_in_use_cannot_be_deleted(university: Sandbox) -> None:
    """Deleting a room with scheduled events is refused with 114."""
    busy = next(code for code in university.termtime.rooms if university.termtime.events_in(code))
    async with _client(university) as client:
        response = await client.delete(f"/room/{busy}")
    assert response.json()["code"] == 114
    assert busy in university.termtime.rooms


async def test_move_needs_floor_building_and_campus_together(university: Sandbox) -> None:
    """PUT room with `f` alone is 103: the names only mean something together."""
    code = next(iter(university.termtime.rooms))
    async with _client(university) as client:
        response = await client.put(f"/room/{code}", params={"f": "Ground"})
    assert response.json()["code"] == 103


async def test_timetable_outside_the_academic_year_is_refused(university: Sandbox) -> None:
    """A range inside the year is served; one reaching past it, or wholly outside, is 109."""
    room = next(code for code in university.termtime.rooms if university.termtime.events_in(code))
    async with _client(university) as client:
        inside = await client.get(
            f"/timetable/room/{room}", params={"start": "2026-08-01", "end": "2027-07-31"}
        )
        past = await client.get(
            f"/timetable/room/{room}", params={"start": "2026-09-01", "end": "2027-08-01"}
        )
        before = await client.get(
            f"/timetable/room/{room}", params={"start": "2026-07-31", "end": "2026-12-01"}
        )
        outside = await client.get(
            f"/timetable/room/{room}", params={"start": "2030-01-01", "end": "2030-02-01"}
        )
        bad = await client.get(
            f"/timetable/room/{room}", params={"start": "1/9/2026", "end": "2026-12-01"}
        )
    assert inside.json()["timePeriod"] == {"startDate": "2026-08-01", "endDate": "2027-07-31"}
    assert inside.json()["schedule"][0]["items"][0]["uniqueId"]
    for refused in (past, before, outside, bad):
        assert refused.status_code == 400
        assert refused.json()["code"] == 109


async def test_capacities_follow_the_body(university: Sandbox) -> None:
    """PUT with a capacities body replaces `rc`; an unknown activity type is 106."""
    code = next(iter(university.termtime.rooms))
    async with _client(university) as client:
        ok = await client.put(f"/room/{code}", json=[{"code": "LEC", "val": 7}])
        bad = await client.put(f"/room/{code}", json=[{"code": "NOPE", "val": 7}])
        room = (await client.get(f"/room/{code}")).json()
    assert ok.status_code == 200
    assert ok.content == b""
    assert bad.json()["code"] == 106
    assert room["rc"] == [{"type": "Lecture", "code": "LEC", "cap": 7}]


async def test_put_building_reads_the_campus_segment_as_a_name(university: Sandbox) -> None:
    """§8.3: `c` is "Identifying name for a campus" whatever queryBy says; a code is 106."""
    tt = university.termtime
    code, (_, campus) = next(iter(sorted(tt.buildings.items())))
    async with _client(university) as client:
        by_code = await client.put(
            f"/building/{code}/{campus}", params={"queryBy": "Code", "n": "X"}
        )
        by_name = await client.put(
            f"/building/{code}/{tt.campuses[campus]}", params={"queryBy": "Code", "n": "Renamed"}
        )
    assert (by_code.status_code, by_code.json()["code"]) == (400, 106)
    assert by_name.status_code == 200
    assert tt.buildings[code][0] == "Renamed"
