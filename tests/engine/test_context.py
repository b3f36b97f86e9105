"""The core's limits and rules as the settings give them."""

from __future__ import annotations

import datetime as dt

import pytest

from essm_sync.core import Limits, check_stage
from essm_sync.engine import limits_of, rules_of
from essm_sync.models import BookingDraft, Change, DeleteBooking, Stage, UpdateBooking
from tests.engine.fakes import settings_of

_AT = dt.datetime(2026, 10, 8, 8, tzinfo=dt.UTC)
_DRAFT = BookingDraft(
    room_optime_index=1,
    start=_AT,
    end=_AT + dt.timedelta(hours=1),
    title="T",
    description=None,
    booking_type=None,
    department_id=None,
    external_id="termtime:E1:R",
)


def _stage(*, deletes: int = 0, updates: int = 0, owned: int, desired: int | None = None) -> Stage:
    before = _DRAFT
    changes: list[Change] = [
        DeleteBooking(booking_id=i, room="R", before=before) for i in range(deletes)
    ]
    changes += [
        UpdateBooking(booking_id=10_000 + i, room="R", before=before, after=before)
        for i in range(updates)
    ]
    return Stage(
        operation="bookings",
        owned=owned,
        desired=owned if desired is None else desired,
        present=owned,
        changes=tuple(changes),
    )


DEFAULTS: Limits = limits_of(settings_of())


@pytest.mark.parametrize(
    ("stage", "refused"),
    [
        (_stage(deletes=25, owned=100), ()),  # 25%: at the limit
        (_stage(deletes=26, owned=100), ("max_delete_pct",)),
        (_stage(deletes=500, owned=100_000), ()),  # 500: at the limit
        (_stage(deletes=501, owned=100_000), ("max_delete_count",)),
        (_stage(updates=60, owned=100), ()),  # 60%
        (_stage(updates=61, owned=100), ("max_update_pct",)),
        (_stage(updates=5000, owned=100_000), ()),
        (_stage(updates=5001, owned=100_000), ("max_update_count",)),
        (_stage(owned=100, desired=50), ()),  # the source offers half: at the limit
        (_stage(owned=100, desired=49), ("min_source_pct",)),
        (_stage(deletes=19, owned=19, desired=19), ()),  # under 20 owned: no percentage
        (_stage(deletes=6, owned=20), ("max_delete_pct",)),
    ],
)
def test_the_guards_default_limits_hold_at_their_boundaries(
    stage: Stage, refused: tuple[str, ...]
) -> None:
    """With no `[guard]` settings, each limit passes at its value and trips one past it."""
    problems = check_stage(stage, DEFAULTS)
    assert len(problems) == len(refused)
    for problem, name in zip(problems, refused, strict=True):
        assert f"guard.{name} " in problem


def test_the_rules_follow_the_bookings_and_booker_settings() -> None:
    """Kinds by their setting names, each kind's type, departments sorted, owners folded."""
    settings = settings_of(
        bookings={
            "kinds": ["bookings", "activities"],
            "exam_booking_type": "Sitting",
            "departments": {"PHY": "P1", "ENG": "E1"},
        },
        booker={
            "base_url": "http://booker.test",
            "username": "sync",
            "password": "p",
            "owner_names": ["Sync", "Old-Sync"],
        },
    )
    rules = rules_of(settings)
    assert rules.kinds == ("termtime_bookings", "activities")
    assert rules.booking_types == {
        "activities": "Teaching",
        "exams": "Sitting",
        "termtime_bookings": "TermTime booking",
    }
    assert rules.departments == (("ENG", "E1"), ("PHY", "P1"))
    assert rules.owners == frozenset({"sync", "old-sync"})
