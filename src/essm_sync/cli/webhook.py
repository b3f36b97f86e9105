"""`essm-sync webhook register|list|remove`: TermTime's timetable webhooks for `serve`.

Register and remove are idempotent: a second run finds nothing to do. The header's value
is the secret `serve` checks, so it is never printed, neither ours nor anyone else's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from essm_sync.cli.logs import echo
from essm_sync.cli.options import handled

if TYPE_CHECKING:
    from essm_sync.core import WebhookChange
    from essm_sync.models import TermTimeWebhook

webhook = typer.Typer(
    help="Manage the TermTime webhooks that trigger `essm-sync serve`.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _header_name(header: str) -> str:
    name, colon, _ = header.partition(":")
    return f"{name.strip()}: ***" if colon else ("***" if header else "(none)")


def _describe(change: WebhookChange) -> str:
    spec = change.spec
    target = f" -> {spec.verb} {spec.url}, header {_header_name(spec.header)}" if spec else ""
    verb = {"create": "registered", "update": "updated", "delete": "removed"}[change.action]
    return f"{verb} {change.code}" + (f" ({spec.type})" if spec else "") + target


def _run(ctx: typer.Context, *, remove: bool) -> None:
    import anyio

    from essm_sync.cli.common import settings_of
    from essm_sync.engine import apply_webhooks, open_termtime, wanted_webhooks

    settings = settings_of(ctx)
    wanted = () if remove else wanted_webhooks(settings)

    async def run() -> tuple[WebhookChange, ...]:
        client = open_termtime(settings)
        try:
            return await apply_webhooks(client, wanted, code=settings.serve.webhook_code)
        finally:
            await client.aclose()

    changes = anyio.run(run)
    for change in changes:
        echo(_describe(change))
    if not changes:
        echo(
            "webhooks: nothing to do, TermTime already has "
            + ("none of ours" if remove else "ours")
        )


@webhook.command()
@handled
def register(ctx: typer.Context) -> None:
    """Register (or correct) one webhook per serve.webhook_types, calling serve's hook."""
    _run(ctx, remove=False)


@webhook.command()
@handled
def remove(ctx: typer.Context) -> None:
    """Remove every webhook of ours (codes `<serve.webhook_code>-...`), and no other."""
    _run(ctx, remove=True)


@webhook.command(name="list")
@handled
def list_(ctx: typer.Context) -> None:
    """List TermTime's timetable webhooks, ours marked; header values are never shown."""
    import anyio

    from essm_sync.cli.common import settings_of
    from essm_sync.core import is_our_webhook
    from essm_sync.engine import open_termtime

    settings = settings_of(ctx)

    async def run() -> tuple[TermTimeWebhook, ...]:
        client = open_termtime(settings)
        try:
            return await client.list_webhooks()
        finally:
            await client.aclose()

    hooks = anyio.run(run)
    for hook in hooks:
        mine = "ours  " if is_our_webhook(hook, settings.serve.webhook_code) else "other "
        counts = f"{hook.success or 0} ok, {hook.failure or 0} failed"
        echo(
            f"{mine}{hook.code} ({hook.type}) {hook.verb} {hook.url}, "
            f"header {_header_name(hook.header)}; {counts}"
        )
    if not hooks:
        echo("TermTime has no timetable webhooks")
