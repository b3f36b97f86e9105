"""Codes the two systems hold that differ only in how they look: both are held.

design.md, Failing well: codes that differ only by Unicode normalisation, case or
surrounding spaces are never silently treated as equal or as unrelated. Treated as
unrelated, one invisible character in a Booker code would create a second TermTime room
and delete the bookings of the first's items; so neither code is created, changed,
retired or booked over while the pair lasts. The pairs are `core/shown.py` `lookalikes`,
the audit's `code-lookalike` check: one rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from essm_sync.core.shown import lookalikes, shown
from essm_sync.models import PlanWarning


@dataclass(frozen=True)
class LookAlikes:
    """The codes of either system held for a look-alike, and one warning per pair."""

    held: frozenset[str]
    warnings: tuple[PlanWarning, ...]


def held_lookalikes(booker: Iterable[str], termtime: Iterable[str], *, what: str) -> LookAlikes:
    """Return the Booker and TermTime codes of a kind (`what`: room, building) that pair
    with a look-alike in the other system, and a warning naming each pair."""
    pairs = lookalikes(booker, termtime)
    return LookAlikes(
        held=frozenset(code for pair in pairs for code in pair),
        warnings=tuple(
            PlanWarning(key=b, message=f"Booker {what} {shown(b)} and TermTime {what} "
                        f"{shown(t)} differ only by case, spaces, invisible characters or "
                        "Unicode normalisation: both left alone, nothing created, changed or "
                        "deleted for either, until the codes are made equal")
            for b, t in pairs
        ),
    )  # fmt: skip
