"""TermTime's timetable webhook calls (§38.6-38.10), mixed into the TermTime client.

Every field goes in the query, as for the other creates. `h` holds the secret that
`serve` checks: it is added to the client's redactions before it is ever sent.
"""

from __future__ import annotations

from urllib.parse import quote

from pydantic import TypeAdapter

from essm_sync.clients.termtime_host import TermTimeHost
from essm_sync.errors import NotFoundError
from essm_sync.models import TermTimeWebhook, WebhookSpec

_WEBHOOKS = TypeAdapter(tuple[TermTimeWebhook, ...])
_WEBHOOK = TypeAdapter(TermTimeWebhook)
_ONE = "webhook/timetable/{c}"


class TimetableWebhooks:
    """The §38.6-38.10 calls; the TermTime client supplies the reading and writing."""

    async def list_webhooks(self: TermTimeHost) -> tuple[TermTimeWebhook, ...]:
        """Return every timetable webhook of the key (§38.6)."""
        return await self._read(_WEBHOOKS, "webhook/timetable", "webhook/timetable")

    async def get_webhook(self: TermTimeHost, code: str) -> TermTimeWebhook | None:
        """Return one timetable webhook (§38.7), or None if there is none with this code."""
        try:
            return await self._read(_WEBHOOK, _path(code), _ONE)
        except NotFoundError:
            return None

    async def create_webhook(self: TermTimeHost, spec: WebhookSpec) -> None:
        """Register a timetable webhook (§38.9); a retried create first looks it up."""
        self._http.add_secret(spec.header.partition(":")[2].strip())

        async def landed() -> bool:
            return await TimetableWebhooks.get_webhook(self, spec.code) is not None

        params = {"t": spec.type, "u": spec.url, "h": spec.header, "v": spec.verb}
        await self._write("POST", _path(spec.code), _ONE, params=params, landed=landed)

    async def update_webhook(self: TermTimeHost, spec: WebhookSpec) -> None:
        """Set a webhook's header, URL and verb (§38.8; its type cannot change)."""
        self._http.add_secret(spec.header.partition(":")[2].strip())
        params = {"u": spec.url, "h": spec.header, "v": spec.verb}
        await self._write("PUT", _path(spec.code), _ONE, params=params)

    async def delete_webhook(self: TermTimeHost, code: str) -> None:
        """Remove a timetable webhook (§38.10)."""
        await self._write("DELETE", _path(code), _ONE, params={})


def _path(code: str) -> str:
    return "webhook/timetable/" + quote(code, safe="")
