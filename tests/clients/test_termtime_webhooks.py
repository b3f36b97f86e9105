"""The TermTime client's timetable webhook calls send what §38.6-38.10 name."""

from __future__ import annotations

import httpx
import pytest
import respx

from essm_sync.clients import TermTimeClient
from essm_sync.errors import RejectedError
from essm_sync.models import WebhookSpec
from essm_sync.settings import Settings
from tests.clients.conftest import KEY, TT

SECRET = "a-secret-of-some-length"
SPEC = WebhookSpec(
    code="essm-sync-activity.new",
    type="activity.new",
    url="https://sync.example/hooks/termtime",
    header=f"X-Essm-Sync-Token: {SECRET}",
)
LISTED = {
    "c": "essm-sync-activity.new", "t": "activity.new", "h": f"X-Essm-Sync-Token: {SECRET}",
    "u": "https://sync.example/hooks/termtime", "v": "POST", "e": "", "success": 3,
    "failure": 0, "database": "LIVE",
}  # fmt: skip


def _client(settings: Settings) -> TermTimeClient:
    return TermTimeClient(settings.termtime, settings.retry)


@respx.mock
async def test_list_reads_the_timetable_family(settings: Settings) -> None:
    """`GET webhook/timetable` is read, with the key in the header, into typed webhooks."""
    route = respx.get(f"{TT}/webhook/timetable").respond(json=[LISTED])
    [hook] = await _client(settings).list_webhooks()
    assert route.calls.last.request.headers["Authorization"] == f"k{KEY}"
    assert (hook.code, hook.type, hook.verb, hook.success) == (
        SPEC.code,
        "activity.new",
        "POST",
        3,
    )
    assert SECRET not in repr(hook)


@respx.mock
async def test_create_puts_every_field_in_the_query(settings: Settings) -> None:
    """`POST webhook/timetable/{c}` carries t, u, h and v as query parameters."""
    route = respx.post(f"{TT}/webhook/timetable/essm-sync-activity.new").respond(
        json={"code": 0, "message": "ok"}
    )
    await _client(settings).create_webhook(SPEC)
    assert dict(route.calls.last.request.url.params) == {
        "t": "activity.new",
        "u": "https://sync.example/hooks/termtime",
        "h": f"X-Essm-Sync-Token: {SECRET}",
        "v": "POST",
    }


@respx.mock
async def test_update_and_delete(settings: Settings) -> None:
    """PUT sends u, h and v (never t, which §38.8 does not take); DELETE sends nothing."""
    path = f"{TT}/webhook/timetable/essm-sync-activity.new"
    put = respx.put(path).respond(200)
    delete = respx.delete(path).respond(200)
    client = _client(settings)
    await client.update_webhook(SPEC)
    await client.delete_webhook(SPEC.code)
    assert set(put.calls.last.request.url.params) == {"u", "h", "v"}
    assert (delete.call_count, dict(delete.calls.last.request.url.params)) == (1, {})


@respx.mock
async def test_get_of_an_unknown_code_is_none(settings: Settings) -> None:
    """A 106 answer to `GET webhook/timetable/{c}` means no such webhook."""
    respx.get(f"{TT}/webhook/timetable/nobody").respond(
        400, json={"code": 106, "message": "No webhook"}
    )
    assert await _client(settings).get_webhook("nobody") is None


@respx.mock
async def test_a_refusal_echoing_the_secret_is_redacted(settings: Settings) -> None:
    """A server message quoting the header sent never shows the secret."""
    respx.post(f"{TT}/webhook/timetable/essm-sync-activity.new").respond(
        400, json={"code": 109, "message": f"Bad header X-Essm-Sync-Token: {SECRET}"}
    )
    with pytest.raises(RejectedError) as caught:
        await _client(settings).create_webhook(SPEC)
    assert SECRET not in str(caught.value)
    assert "***" in str(caught.value)


@respx.mock
async def test_a_lost_create_answer_is_looked_up_not_repeated(settings: Settings) -> None:
    """A create whose answer was lost is found by its code and not sent again."""
    create = respx.post(f"{TT}/webhook/timetable/essm-sync-activity.new").mock(
        side_effect=[httpx.RemoteProtocolError("dropped")]
    )
    respx.get(f"{TT}/webhook/timetable/essm-sync-activity.new").respond(json=LISTED)
    await _client(settings).create_webhook(SPEC)
    assert create.call_count == 1
