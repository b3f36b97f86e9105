"""How an audit and its records read in every format for people."""

from __future__ import annotations

from essm_sync.models import Audit, Discrepancy


def title_of(audit: Audit) -> str:
    """Return the audit's one-line title: its window, time zone and size."""
    total = len(audit.discrepancies)
    return (
        f"Audit of Booker and TermTime, {audit.window_start} to {audit.window_end} "
        f"({audit.timezone}): {total} discrepanc{'y' if total == 1 else 'ies'}"
    )


def time_of(d: Discrepancy) -> str:
    """Return a record's local time span, `HH:MM-HH:MM`, or '' when it has none."""
    if d.start is None:
        return ""
    return f"{d.start}-{d.end}" if d.end else d.start
