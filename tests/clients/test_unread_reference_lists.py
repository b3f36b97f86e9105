"""The lists stages decide by (Booker sites and departments; TermTime campuses, departments
and activity types) are read record by record too: one odd record is set aside and named by
its code, or by its position when its code cannot be read; only a list that is no list fails."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import respx

from essm_sync.clients import BookerClient, TermTimeClient
from essm_sync.errors import InvalidDataError
from essm_sync.settings import Settings
from tests.clients.conftest import BK, TT

# (system, path, kind, a good record, the same record spoilt, its key, what the key is when
# its code is spoilt too, the field named)
_LISTS: list[tuple[str, str, str, dict[str, Any], dict[str, Any], str, dict[str, Any], str]] = [
    ("Booker", "booker/sites", "site", {"OptimeIndex": 1, "Id": "S1", "Name": "North"},
     {"Name": None}, "S1", {"Id": None}, "Name"),
    ("Booker", "booker/departments", "department", {"Id": "UAS", "Name": "Academic"},
     {"Name": ["x"]}, "UAS", {"Id": None}, "Name"),
    ("TermTime", "campuses", "campus", {"n": "North", "code": "S1"},
     {"n": None}, "S1", {"code": None}, "n"),
    ("TermTime", "departments", "department", {"c": "UAS", "n": "Academic"},
     {"n": 7}, "UAS", {"c": None}, "n"),
    ("TermTime", "activitytypes", "activity type", {"c": "LEC", "n": "Lecture"},
     {"n": ["x"]}, "LEC", {"c": None}, "n"),
]  # fmt: skip


def _reader(
    system: str, path: str, settings: Settings
) -> tuple[Any, Callable[[], Awaitable[Any]]]:
    """Return the client and its call that reads the list at `path`."""
    if system == "Booker":
        respx.post(f"{BK}/token").respond(json={"access_token": "t", "token_type": "bearer"})
        booker = BookerClient(settings.booker, settings.retry)
        calls = {"booker/sites": booker.list_sites, "booker/departments": booker.list_departments}
        return booker, calls[path]
    termtime = TermTimeClient(settings.termtime, settings.retry)
    calls = {
        "campuses": termtime.list_campuses,
        "departments": termtime.list_departments,
        "activitytypes": termtime.list_activity_types,
    }
    return termtime, calls[path]


def _url(system: str, path: str) -> str:
    return f"{BK}/{path}" if system == "Booker" else f"{TT}/{path}"


@respx.mock
@pytest.mark.parametrize(
    ("system", "path", "kind", "good", "bad", "key", "no_key", "field"), _LISTS
)
async def test_one_odd_record_is_set_aside_by_its_code(
    settings: Settings, system: str, path: str, kind: str, good: dict[str, Any],
    bad: dict[str, Any], key: str, no_key: dict[str, Any], field: str,
) -> None:  # fmt: skip
    """A record with one field the sync cannot read is set aside, named by system, kind,
    code and field; the other records of the list are read."""
    other = {k: (f"{v}2" if isinstance(v, str) else v) for k, v in good.items()}
    respx.get(_url(system, path)).respond(json=[good | bad, other])
    client, read = _reader(system, path, settings)
    assert len(await read()) == 1
    (unread,) = client.unread[kind]
    assert (unread.system, unread.kind, unread.key, unread.has_code) == (system, kind, key, True)
    assert unread.problem.startswith(f"{field}")


@respx.mock
@pytest.mark.parametrize(
    ("system", "path", "kind", "good", "bad", "key", "no_key", "field"), _LISTS
)
async def test_a_record_whose_code_cannot_be_read_is_named_by_its_place(
    settings: Settings, system: str, path: str, kind: str, good: dict[str, Any],
    bad: dict[str, Any], key: str, no_key: dict[str, Any], field: str,
) -> None:  # fmt: skip
    """A record whose code itself cannot be read is named by its position and marked as
    having no code, so that a stage can rule out no code for it."""
    respx.get(_url(system, path)).respond(json=[good, good | no_key])
    client, read = _reader(system, path, settings)
    assert len(await read()) == 1
    (unread,) = client.unread[kind]
    assert unread.key.startswith("#2 (no ")
    assert not unread.has_code


@respx.mock
@pytest.mark.parametrize(
    ("system", "path", "kind", "good", "bad", "key", "no_key", "field"), _LISTS
)
async def test_a_list_that_is_no_list_still_fails_whole(
    settings: Settings, system: str, path: str, kind: str, good: dict[str, Any],
    bad: dict[str, Any], key: str, no_key: dict[str, Any], field: str,
) -> None:  # fmt: skip
    """An answer that is not a list of records cannot be read as a list: the read fails."""
    respx.get(_url(system, path)).respond(json={"records": [good]})
    _, read = _reader(system, path, settings)
    with pytest.raises(InvalidDataError, match=path):
        await read()
