"""The items-shared metric counts every member of each group taught together."""

from __future__ import annotations

import datetime as dt

from essm_sync.metrics import facts_of_plan
from essm_sync.models import Plan, Shared, Stage

AT = dt.datetime(2026, 11, 28, 10, tzinfo=dt.UTC)


def _group(key: str, *members: str) -> Shared:
    return Shared(key=key, room="R1", title="A + B", start=AT, end=AT + dt.timedelta(hours=1),
                  items=members)  # fmt: skip


def test_items_shared_counts_every_member_of_every_group() -> None:
    """Two groups, of two and three items, are five items shared in the bookings stage."""
    stage = Stage(operation="bookings", owned=0, desired=2,
                  shared=(_group("k1", "k1", "k2"), _group("k3", "k3", "k4", "k5")))  # fmt: skip
    facts = facts_of_plan(
        Plan(stages=(stage,)), command="plan", operations=("bookings",), exit_code=0,
        started_s=0.0, finished_s=1.0, requests={}, retries={},
    )  # fmt: skip
    assert facts.stages["bookings"].items_shared == 5
