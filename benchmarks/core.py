"""Time the pure planner on a large synthetic timetable: 100,000 events, 100,000 bookings."""

from __future__ import annotations

import datetime as dt
import gc
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from essm_sync.core import BookingRules, external_id, plan_bookings
from essm_sync.models import (
    BookerBuilding,
    BookerDepartment,
    BookerRoom,
    Booking,
    BookingsSnapshot,
    RoomEvents,
    TermTimeRoom,
    TimetableItem,
)

ZONE = ZoneInfo("Europe/London")
OWNERS = frozenset({"essm-sync"})
FIRST = dt.date(2026, 9, 28)


@dataclass(frozen=True)
class CoreResult:
    """What one planning run cost."""

    events: int
    bookings: int
    changes: int
    seconds: float
    peak_mb: float


def build(events: int, *, rooms: int = 2000, changed_pct: float = 5.0) -> BookingsSnapshot:
    """Return a snapshot where Booker already holds every event, `changed_pct` of them moved."""
    per_room = events // rooms
    booker_rooms, termtime_rooms, timetables, bookings = [], [], [], []
    every = round(100 / changed_pct) if changed_pct else 0
    n = 0
    for r in range(rooms):
        code = f"R{r:05d}"
        booker_rooms.append(
            BookerRoom.model_validate(
                {
                    "OptimeIndex": r + 1,
                    "Id": code,
                    "Name": code,
                    "BuildingId": "B",
                    "Floor": "G",
                    "Capacity": 30,
                    "DepartmentId": "ENG",
                    "Bookable": True,
                    "Live": True,
                }
            )
        )
        termtime_rooms.append(TermTimeRoom.model_validate({"c": code, "n": code}))
        items = []
        for i in range(per_room):
            day = FIRST + dt.timedelta(days=(i // 8) % 150)
            hour = 9 + i % 8
            uid = f"{r:05d}-{i:04d}"
            items.append(
                TimetableItem("activities", day, uid, f"Module {r} {i}", "x", "ENG",
                              hour * 3600, hour * 3600 + 50 * 60)
            )  # fmt: skip
            moved = every and n % every == 0
            start = dt.datetime.combine(day, dt.time(hour + (1 if moved else 0)), ZONE)
            bookings.append(
                Booking.from_wire(
                    {
                        "OptimeIndex": 10_000_000 + n,
                        "RoomOptimeIndex": r + 1,
                        "StartTime": start.astimezone(dt.UTC).isoformat(),
                        "EndTime": (start + dt.timedelta(minutes=50))
                        .astimezone(dt.UTC)
                        .isoformat(),
                        "Title": f"Module {r} {i}",
                        "Description": "x",
                        "BookingType": "Teaching",
                        "DepartmentId": "ENG",
                        "ExternalId": external_id(uid, code),
                        "CreatedBy": "essm-sync",
                    }
                )
            )
            n += 1
        timetables.append(
            RoomEvents(
                room=code, served=(FIRST, FIRST + dt.timedelta(days=200)), items=tuple(items)
            )
        )
    return BookingsSnapshot(
        termtime_rooms=tuple(termtime_rooms),
        booker_rooms=tuple(booker_rooms),
        booker_buildings=(
            BookerBuilding.model_validate(
                {"OptimeIndex": 1, "Id": "B", "Name": "B", "SiteId": "S", "Live": True}
            ),
        ),
        booker_departments=(BookerDepartment.model_validate({"Id": "ENG"}),),
        timetables=tuple(timetables),
        bookings=tuple(bookings),
    )


def measure(snapshot: BookingsSnapshot) -> CoreResult:
    """Plan once, timing it and tracing the memory it allocates."""
    rules = BookingRules(zone=ZONE, owners=OWNERS)
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    stage = plan_bookings(snapshot, rules=rules)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return CoreResult(
        events=sum(len(t.items) for t in snapshot.timetables),
        bookings=len(snapshot.bookings),
        changes=len(stage.changes),
        seconds=seconds,
        peak_mb=peak / 2**20,
    )


def time_only(snapshot: BookingsSnapshot) -> float:
    """Plan once without tracing, which slows allocation-heavy code."""
    gc.collect()
    started = time.perf_counter()
    plan_bookings(snapshot, rules=BookingRules(zone=ZONE, owners=OWNERS))
    return time.perf_counter() - started


def process_peak(events: int) -> float:
    """Build the snapshot and plan it as the engine does, in a fresh process; return that
    process's peak memory in MB (the snapshot included, nothing of the benchmark's own)."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and module, fixed arguments
        [sys.executable, "-m", "benchmarks.core", str(events)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout.strip())


if __name__ == "__main__":
    from essm_sync.cli.output import peak_rss_mb
    from essm_sync.engine import frozen_heap

    built = build(int(sys.argv[1]))
    with frozen_heap():
        plan_bookings(built, rules=BookingRules(zone=ZONE, owners=OWNERS))
    print(peak_rss_mb())
