"""The guard's refusal in its exact words: what tripped, by how much, and what to change."""

from __future__ import annotations

import datetime as dt

import pytest

from essm_sync.core import Limits, check_limits
from essm_sync.errors import UnsafePlanError
from essm_sync.models import BookingDraft, Change, Plan, Stage, UpdateBooking

LIMITS = Limits(
    max_delete_pct=25, max_delete_count=10, max_update_pct=50, max_update_count=30,
    min_source_pct=50, min_owned=20,
)  # fmt: skip
_AT = dt.datetime(2026, 10, 8, 9, tzinfo=dt.UTC)


def _update(i: int) -> Change:
    draft = BookingDraft(
        room_optime_index=1, start=_AT, end=_AT + dt.timedelta(hours=1), title="T",
        description=None, booking_type=None, department_id=None, external_id=f"termtime:{i}:R",
    )  # fmt: skip
    return UpdateBooking(booking_id=i, room="R", before=draft, after=draft)


def test_refusal_message_and_refused_stages_in_full() -> None:
    """Each broken limit is worded with its share, joined, and only those stages are refused."""
    plan = Plan(
        stages=(
            Stage(
                operation="bookings",
                owned=30,
                desired=30,
                present=30,
                changes=tuple(_update(i) for i in range(16)),
            ),
            Stage(operation="rooms", owned=101, desired=50, present=101),
            Stage(operation="buildings", owned=30, desired=30, present=30),
        )
    )
    with pytest.raises(UnsafePlanError) as caught:
        check_limits(plan, LIMITS)
    assert str(caught.value) == (
        "safety limit tripped, nothing written in that stage: "
        "bookings: would change 16 of 30 owned (53% > 50%); "
        "limit guard.max_update_pct (ESSM_SYNC_GUARD__MAX_UPDATE_PCT); "
        "rooms: the source offers 50 rooms where 101 are synced now (below 50%); "
        "limit guard.min_source_pct (ESSM_SYNC_GUARD__MIN_SOURCE_PCT)"
        ". If this is intended, raise the limit named, or run once with --no-guard"
    )
    assert caught.value.operations == ("bookings", "rooms")


def test_a_plan_within_limits_passes() -> None:
    """Half the synced rooms offered and half the bookings changed is still allowed."""
    plan = Plan(
        stages=(
            Stage(
                operation="bookings",
                owned=32,
                desired=32,
                present=32,
                changes=tuple(_update(i) for i in range(16)),
            ),
            Stage(operation="rooms", owned=100, desired=50, present=100),
        )
    )
    check_limits(plan, LIMITS)
