"""`webhook register|list|remove`: bring TermTime's timetable webhooks to what serve needs."""

from __future__ import annotations

from typing import Protocol

import httpx

from essm_sync.clients import TermTimeClient
from essm_sync.core import WebhookChange, plan_webhooks, webhook_specs
from essm_sync.models import TermTimeWebhook, WebhookSpec
from essm_sync.settings import Settings


class WebhookApi(Protocol):
    """The §38.6-38.10 calls."""

    async def list_webhooks(self) -> tuple[TermTimeWebhook, ...]: ...
    async def create_webhook(self, spec: WebhookSpec) -> None: ...
    async def update_webhook(self, spec: WebhookSpec) -> None: ...
    async def delete_webhook(self, code: str) -> None: ...


def wanted_webhooks(settings: Settings) -> tuple[WebhookSpec, ...]:
    """Return the webhooks `serve` needs: one per type, calling its hook with the secret."""
    serve = settings.serve
    return webhook_specs(
        code=serve.webhook_code,
        types=serve.webhook_types,
        url=serve.hook_url(),
        header=f"{serve.webhook_header}: {serve.secret()}",
    )


async def apply_webhooks(
    api: WebhookApi, wanted: tuple[WebhookSpec, ...], *, code: str
) -> tuple[WebhookChange, ...]:
    """Make our registered webhooks exactly `wanted`; return the calls made, in order."""
    changes = plan_webhooks(await api.list_webhooks(), wanted, code=code)
    for change in changes:
        if change.action == "delete":
            await api.delete_webhook(change.code)
        elif change.spec is not None and change.action == "create":
            await api.create_webhook(change.spec)
        elif change.spec is not None:
            await api.update_webhook(change.spec)
    return changes


def open_termtime(
    settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None
) -> TermTimeClient:
    """Open a TermTime client on its own: the webhook commands need no Booker."""
    client = TermTimeClient(settings.termtime, settings.retry, transport=transport)
    if settings.serve.webhook_secret is not None:
        client.add_secret(settings.serve.webhook_secret.get_secret_value())
    return client
