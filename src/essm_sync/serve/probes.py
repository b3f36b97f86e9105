"""serve's own reads: a readiness probe of each system, and Booker's listing polled.

One client per system for serve's life, apart from the runs' own; a probe tries once,
so that /readyz tells the truth of now, not of the end of a retry loop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import httpx

from essm_sync.clients import BookerClient, TermTimeClient
from essm_sync.core import is_owned
from essm_sync.engine import listing_window
from essm_sync.errors import ApiError
from essm_sync.models import Booking
from essm_sync.settings import RetrySettings, Settings

_ONCE = RetrySettings(attempts=1, total_timeout_s=15)


class SystemReads:
    """The probe and the poll, over clients serve keeps open."""

    def __init__(
        self,
        settings: Settings,
        *,
        termtime_transport: httpx.AsyncBaseTransport | None = None,
        booker_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._settings = settings
        self.termtime = TermTimeClient(settings.termtime, _ONCE, transport=termtime_transport)
        self.booker = BookerClient(settings.booker, _ONCE, transport=booker_transport)
        self._seen: frozenset[Booking] | None = None

    async def aclose(self) -> None:
        """Close both clients."""
        await self.termtime.aclose()
        await self.booker.aclose()

    async def probe(self) -> dict[str, str | None]:
        """Ask each system for something small; return each one's problem, None if none."""
        result: dict[str, str | None] = {}
        calls: dict[str, Callable[[], Awaitable[object]]] = {
            "TermTime": self.termtime.ping,
            "Booker": self.booker.list_sites,
        }
        for system, call in calls.items():
            try:
                await call()
            except ApiError as exc:
                result[system] = str(exc)
            else:
                result[system] = None
        return result

    async def poll(self) -> bool:
        """Read Booker's listing; whether people's bookings changed since the last poll.

        The sync's own bookings are left out, so that a run's own writes never trigger
        another run. The first poll only takes note.
        """
        settings = self._settings
        zone = settings.bookings.zone()
        first, last = settings.bookings.window(dt.datetime.now(zone).date())
        start, end = listing_window(first, last, zone)
        owners = settings.booker.owners()
        listing = await self.booker.list_bookings(start, end)
        people = frozenset(b for b in listing if not is_owned(b, owners))
        changed = self._seen is not None and people != self._seen
        self._seen = people
        return changed
