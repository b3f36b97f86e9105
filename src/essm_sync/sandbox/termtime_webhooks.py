"""Timetable webhooks of the fake TermTime (§38.6-38.10): the registry and its calls out.

When one of its items is added, moved or dropped, the fake calls every timetable webhook
registered for that kind of change with the verb, URL and header it was given. Calls can
be dropped or doubled at seeded rates: delivery is not promised (termtime-api.md §14).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import httpx

# Which registered type a change of an item fires. The reference names only
# `activity.new`; the other two are the sandbox's reading (design.md, Serve).
CHANGE_TYPES = ("activity.new", "activity.update", "activity.delete")


@dataclass
class TTWebhook:
    """One registered webhook, as `GET /webhook/timetable` lists it."""

    code: str
    type: str
    url: str
    header: str = ""
    verb: str = "POST"  # the reference gives no default; the sandbox's choice
    email: str = ""
    success: int = 0
    failure: int = 0

    def as_json(self, database: str) -> dict[str, object]:
        """Render the webhook as §38.6 does."""
        return {
            "c": self.code, "t": self.type, "h": self.header, "u": self.url, "v": self.verb,
            "e": self.email, "success": self.success, "failure": self.failure,
            "database": database,
        }  # fmt: skip


@dataclass(frozen=True)
class Delivery:
    """One call the fake made (or dropped): what tests and the demo look at."""

    code: str
    change: str
    status: int | None  # None: dropped, or the call failed to connect


@dataclass
class Webhooks:
    """Registered timetable webhooks and how their calls are delivered.

    `transport` lets tests deliver in process (an ASGI app); None uses the network.
    """

    registered: dict[str, TTWebhook] = field(default_factory=dict)
    drop_rate: float = 0.0
    double_rate: float = 0.0
    seed: int = 0
    transport: httpx.AsyncBaseTransport | None = None
    timeout_s: float = 10.0
    deliveries: list[Delivery] = field(default_factory=list)
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    async def notify(self, change: str) -> list[Delivery]:
        """Call every webhook registered for `change`; return what became of each call."""
        made: list[Delivery] = []
        hooks = [hook for _, hook in sorted(self.registered.items()) if hook.type == change]
        if not hooks:
            return made
        async with httpx.AsyncClient(
            transport=self.transport, timeout=self.timeout_s, follow_redirects=False
        ) as client:
            for hook in hooks:
                if self._rng.random() < self.drop_rate:
                    made.append(Delivery(hook.code, change, None))
                    continue
                times = 2 if self._rng.random() < self.double_rate else 1
                for _ in range(times):
                    made.append(await _call(client, hook, change))
        self.deliveries.extend(made)
        return made


async def _call(client: httpx.AsyncClient, hook: TTWebhook, change: str) -> Delivery:
    headers = {}
    name, colon, value = hook.header.partition(":")
    if colon and name.strip():
        # `h` is one header line, `Name: value` (termtime-api.md §14).
        headers[name.strip()] = value.strip()
    try:
        # The body is undocumented; the fake sends the change, which a receiver must not need.
        body = None if hook.verb.upper() in ("GET", "HEAD") else {"t": change}
        response = await client.request(hook.verb, hook.url, headers=headers, json=body)
    except httpx.HTTPError:
        hook.failure += 1
        return Delivery(hook.code, change, None)
    if response.is_success:
        hook.success += 1
    else:
        hook.failure += 1
    return Delivery(hook.code, change, response.status_code)
