"""The webhooks wanted, and the calls planned for them, carry every field TermTime needs."""

from __future__ import annotations

from essm_sync.core import WebhookChange, plan_webhooks, webhook_specs
from essm_sync.models import TermTimeWebhook, WebhookSpec

URL = "https://sync.example/hooks/termtime"
HEADER = "X-Essm-Sync-Token: a-secret-of-some-length"


def _wanted() -> tuple[WebhookSpec, ...]:
    return webhook_specs(
        code="essm-sync", types=["activity.new", "activity.update"], url=URL, header=HEADER
    )


def _hook(code: str, kind: str, *, url: str = URL) -> TermTimeWebhook:
    return TermTimeWebhook.model_validate(
        {"c": code, "t": kind, "u": url, "h": HEADER, "v": "POST"}
    )


def test_specs_carry_code_type_url_and_header_once_per_type() -> None:
    """Each type named twice still gives one webhook, calling our URL with our header."""
    specs = webhook_specs(
        code="essm", types=["room.update", "activity.new", "room.update"], url=URL, header=HEADER
    )
    assert specs == (
        WebhookSpec(code="essm-room.update", type="room.update", url=URL, header=HEADER),
        WebhookSpec(code="essm-activity.new", type="activity.new", url=URL, header=HEADER),
    )


def test_no_types_wants_no_webhooks() -> None:
    """An empty list of types wants nothing registered."""
    assert webhook_specs(code="essm", types=[], url=URL, header=HEADER) == ()


def test_creations_carry_the_spec_to_send() -> None:
    """A creation names the spec whose URL, header and type the POST sends."""
    wanted = _wanted()
    assert plan_webhooks((), wanted, code="essm-sync") == (
        WebhookChange("create", "essm-sync-activity.new", wanted[0]),
        WebhookChange("create", "essm-sync-activity.update", wanted[1]),
    )


def test_an_update_carries_the_spec_to_send() -> None:
    """An update names the spec whose URL the PUT sends."""
    wanted = _wanted()
    have = (
        _hook("essm-sync-activity.new", "activity.new"),
        _hook("essm-sync-activity.update", "activity.update", url="https://old/hooks"),
    )
    assert plan_webhooks(have, wanted, code="essm-sync") == (
        WebhookChange("update", "essm-sync-activity.update", wanted[1]),
    )


def test_a_changed_type_after_a_creation_keeps_both_calls() -> None:
    """Replacing a webhook of another type keeps the creation planned before it."""
    wanted = _wanted()
    have = (_hook("essm-sync-activity.update", "activity.delete"),)
    assert plan_webhooks(have, wanted, code="essm-sync") == (
        WebhookChange("create", "essm-sync-activity.new", wanted[0]),
        WebhookChange("delete", "essm-sync-activity.update"),
        WebhookChange("create", "essm-sync-activity.update", wanted[1]),
    )
