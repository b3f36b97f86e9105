"""Run the benchmarks and print a Markdown table: `python -m benchmarks [--quick]`."""

from __future__ import annotations

import argparse
import gc
import time
from collections import Counter

from benchmarks.core import OWNERS, ZONE, build, measure, time_only
from benchmarks.core import process_peak as process_peak_of
from benchmarks.floor import measure as measure_floor
from benchmarks.live import as_installed, pin_servers
from benchmarks.network import Row, bench_size
from benchmarks.startup import table as startup_table
from essm_sync.core import BookingRules, plan_bookings
from essm_sync.engine import frozen_heap


def _core(events: int) -> list[str]:
    snapshot = build(events)
    traced = measure(snapshot)
    plain = min(time_only(snapshot) for _ in range(3))
    frozen = []
    for _ in range(3):
        gc.collect()
        with frozen_heap():  # as the engine plans
            started = time.perf_counter()
            plan_bookings(snapshot, rules=BookingRules(zone=ZONE, owners=OWNERS))
            frozen.append(time.perf_counter() - started)
    process_peak = process_peak_of(events)
    return [
        "| events | bookings | changes | plan (s) | plan as the engine runs it (s) "
        "| planning peak, traced (MB) | process peak with the snapshot (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {traced.events:,} | {traced.bookings:,} | {traced.changes:,} | {plain:.2f} | "
        f"{min(frozen):.2f} | {traced.peak_mb:.0f} | {process_peak:.0f} |",
    ]


def _table(rows: list[Row]) -> list[str]:
    lines = [
        "| size | run | conc. | wall (s) | process (s) | requests | writes | ideal bound (s) "
        "| wall / bound | CPU (s) | CPU / request (ms) | fakes' CPU / request (ms) "
        "| peak RSS (MB) | exit |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        r = row.result
        ratio = r.wall_s / row.bound_s if row.bound_s else float("nan")
        lines.append(
            f"| {row.size} | {row.scenario} | {row.concurrency} | {r.wall_s:.1f} | "
            f"{r.process_s:.1f} | "
            f"{r.total_requests:,} | {r.writes:,} | {row.bound_s:.1f} | {ratio:.2f} | "
            f"{r.cpu_s:.1f} | {r.cpu_s * 1000 / max(r.total_requests, 1):.2f} | "
            f"{r.servers_cpu_s * 1000 / max(r.total_requests, 1):.2f} | "
            f"{r.peak_rss_mb:.0f} | {r.exit_code} |"
        )
    return lines


def _requests(rows: list[Row]) -> list[str]:
    lines = ["", "Requests by endpoint (concurrency 8):", ""]
    for row in rows:
        if row.concurrency == 1:
            continue
        counts = Counter(row.result.requests)
        shown = ", ".join(f"{name} {n:,}" for name, n in sorted(counts.items()))
        lines.append(f"- {row.size} {row.scenario}: {shown}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--sizes", default="small,large")
    parser.add_argument("--baseline", default="small", help="sizes that also run at concurrency 1")
    parser.add_argument("--core-events", type=int, default=100_000)
    parser.add_argument(
        "--quick", action="store_true", help="small size, no baseline, 20,000 core events"
    )
    args = parser.parse_args()
    sizes = ["small"] if args.quick else args.sizes.split(",")
    pin_servers()
    as_installed()
    core_events = 20_000 if args.quick else args.core_events
    print("## Start-up\n")
    print("\n".join(startup_table()))
    floor = measure_floor(latency_s=args.latency_ms / 1000, concurrency=args.concurrency)
    print(f"\n## Floor: a bare httpx client, {floor.requests:,} requests\n")
    print("| wall (s) | ideal bound (s) | wall / bound | client CPU / request (ms) |")
    print("|---:|---:|---:|---:|")
    print(
        f"| {floor.wall_s:.2f} | {floor.bound_s:.2f} | {floor.ratio:.2f} | "
        f"{floor.cpu_ms_per_request:.2f} |"
    )
    print("\n## Pure core\n")
    print("\n".join(_core(core_events)))
    rows: list[Row] = []
    for size in sizes:
        rows += bench_size(
            size,
            latency_s=args.latency_ms / 1000,
            concurrency=args.concurrency,
            baseline=not args.quick and size in args.baseline.split(","),
        )
    print(f"\n## Sync over HTTP, {args.latency_ms:g} ms latency per request\n")
    print("\n".join(_table(rows) + _requests(rows)))
    for row in rows:
        if row.result.exit_code not in (0, 4):
            print(f"\n{row.size} {row.scenario} failed: {row.result.stderr.strip()[-500:]}")


if __name__ == "__main__":
    main()
