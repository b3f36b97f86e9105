"""One way to make a discrepancy record, so that every check words it alike."""

from __future__ import annotations

import datetime as dt

from essm_sync.models import CHECKS, Check, Discrepancy, System


def record(
    check: Check,
    system: System,
    key: str,
    differs: str,
    fix: str,
    *,
    booker: str | None = None,
    termtime: str | None = None,
) -> Discrepancy:
    """Return a discrepancy of `check`, in its category."""
    return Discrepancy.model_construct(
        category=CHECKS[check][0], check=check, system=system, key=key, differs=differs,
        booker=booker, termtime=termtime, fix=fix,
    )  # fmt: skip


def when(start: dt.datetime, end: dt.datetime, zone: dt.tzinfo) -> str:
    """Return a span in local time, as staff read the timetable."""
    first, last = start.astimezone(zone), end.astimezone(zone)
    until = last.strftime("%H:%M") if last.date() == first.date() else f"{last:%Y-%m-%d %H:%M}"
    return f"{first:%Y-%m-%d %H:%M}-{until}"
