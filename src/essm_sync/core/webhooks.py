"""Which TermTime webhooks to register, update or remove so that exactly ours remain.

Ours are the codes `<webhook_code>-<type>`, one per type: a §38 webhook has one type, and
its type cannot be changed by PUT (§38.8), so a changed type is a removal and a creation.
Webhooks with other codes belong to someone else and are never touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from essm_sync.models import TermTimeWebhook, WebhookSpec


@dataclass(frozen=True)
class WebhookChange:
    """One call to make: `create`, `update` (PUT of header, URL and verb) or `delete`."""

    action: str
    code: str
    spec: WebhookSpec | None = None


def webhook_specs(
    *, code: str, types: Sequence[str], url: str, header: str
) -> tuple[WebhookSpec, ...]:
    """Return the webhooks essm-sync wants: one per type, all calling `url` with `header`."""
    return tuple(
        WebhookSpec(code=webhook_code(code, kind), type=kind, url=url, header=header)
        for kind in dict.fromkeys(types)
    )


def webhook_code(code: str, kind: str) -> str:
    """Return the §38 code of our webhook of one type."""
    return f"{code}-{kind}"


def is_our_webhook(webhook: TermTimeWebhook, code: str) -> bool:
    """Whether a registered webhook is one essm-sync manages under `code`."""
    return webhook.code.startswith(f"{code}-")


def plan_webhooks(
    registered: Sequence[TermTimeWebhook], wanted: Sequence[WebhookSpec], *, code: str
) -> tuple[WebhookChange, ...]:
    """Return the calls that leave exactly `wanted` among our webhooks, none if they are."""
    have = {hook.code: hook for hook in registered if is_our_webhook(hook, code)}
    changes: list[WebhookChange] = []
    for spec in wanted:
        hook = have.pop(spec.code, None)
        if hook is None:
            changes.append(WebhookChange("create", spec.code, spec))
        elif hook.type != spec.type:
            changes += [
                WebhookChange("delete", spec.code),
                WebhookChange("create", spec.code, spec),
            ]
        elif (hook.url, hook.header, hook.verb.upper()) != (spec.url, spec.header, spec.verb):
            changes.append(WebhookChange("update", spec.code, spec))
    changes += [WebhookChange("delete", stale) for stale in sorted(have)]
    return tuple(changes)
