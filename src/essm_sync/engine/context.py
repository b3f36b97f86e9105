"""What a run works with: the systems it talks to, its options, and the core's rules and
limits as the settings give them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from essm_sync.core import BookingRules, Limits, WindowCut, cut_window
from essm_sync.engine.fetch import Progress
from essm_sync.engine.interrupt import Interrupt
from essm_sync.engine.protocols import BookerApi, TermTimeApi
from essm_sync.settings import Settings


@dataclass
class Systems:
    """The systems a run talks to."""

    termtime: TermTimeApi
    booker: BookerApi


@dataclass(frozen=True)
class RunOptions:
    """What a run needs beyond the settings: the window and whether the guard is on.

    `year` is TermTime's academic year: the bookings stage syncs only the window's days
    inside it (design.md, The academic year); None syncs the window as given.
    """

    first_day: dt.date
    last_day: dt.date
    use_guard: bool = True
    interrupt: Interrupt = field(default_factory=Interrupt)
    fetch_progress: Progress | None = None
    apply_progress: Callable[[str, int, int], None] | None = None
    year: tuple[dt.date, dt.date] | None = None
    # A sync holds the lock while this read-only run reads: its listing is not settled (the
    # sync's writes shift it), and each stage says so (design.md, Failing well).
    sync_running: bool = False

    def cut(self) -> WindowCut:
        """Return the days the bookings stage syncs, cut to the academic year."""
        return cut_window(self.first_day, self.last_day, self.year)


def limits_of(settings: Settings) -> Limits:
    """Return the guard's limits from the `[guard]` settings."""
    guard = settings.guard
    return Limits(
        max_delete_pct=guard.max_delete_pct,
        max_delete_count=guard.max_delete_count,
        max_update_pct=guard.max_update_pct,
        max_update_count=guard.max_update_count,
        min_source_pct=guard.min_source_pct,
        min_owned=guard.min_owned,
    )


def rules_of(settings: Settings) -> BookingRules:
    """Return how events become bookings, from the `[bookings]` settings."""
    bookings = settings.bookings
    return BookingRules(
        zone=bookings.zone(),
        booking_types=bookings.booking_types(),
        departments=tuple(sorted(bookings.departments.items())),
        kinds=bookings.item_kinds(),
        owners=settings.booker.owners(),
        overlapping=bookings.overlapping_items,
    )
