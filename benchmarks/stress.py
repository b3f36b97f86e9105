"""Stress: real `essm-sync sync` processes over HTTP against fakes that fail often.

For each seed: 5xx, 429 with Retry-After, latency and writes whose answer is cut off, on
both systems; at most two runs; then the state is checked against the sandbox's oracle.
Run with `python -m benchmarks.stress [--seeds 5] [--rooms 60]`.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

from benchmarks.live import pin_servers, run_sync, serve
from essm_sync.sandbox import Faults, divergence, generate, people_bookings

RETRY_ENV = {
    "ESSM_SYNC_RETRY__ATTEMPTS": "8",
    "ESSM_SYNC_RETRY__WAIT_INITIAL_S": "0.05",
    "ESSM_SYNC_RETRY__WAIT_MAX_S": "0.5",
}


def stress_seed(
    seed: int, *, rooms: int, error_rate: float, drop_rate: float
) -> dict[str, object]:
    """Run up to two syncs under faults; return the figures of this seed."""
    university = generate(seed=seed, rooms=rooms)
    people = people_bookings(university)

    def faulty(index: int) -> Faults:
        return Faults(latency_s=0.005, error_rate=error_rate, rate_limit_rate=error_rate / 2,
                      retry_after_s=0.2, drop_rate=drop_rate, seed=seed * 10 + index)  # fmt: skip

    faults = (faulty(0), faulty(1))
    runs, requests, exits = 0, 0, []
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp, serve(university, Path(tmp), faults) as config:
        for _ in range(2):
            result = run_sync(config, Path(tmp), env=RETRY_ENV)
            runs += 1
            requests += result.total_requests
            exits.append(result.exit_code)
            counts = divergence(university)
            if result.exit_code in (0, 4) and not any(counts.values()):
                break
    injected: Counter[str] = faults[0].injected + faults[1].injected
    return {
        "seed": seed,
        "runs": runs,
        "exits": exits,
        "requests": requests,
        "5xx": injected["5xx"],
        "429": injected["429"],
        "dropped": injected["dropped"],
        **counts,
        "people changed": int(people_bookings(university) != people),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--rooms", type=int, default=60)
    parser.add_argument("--error-rate", type=float, default=0.1)
    parser.add_argument("--drop-rate", type=float, default=0.1)
    args = parser.parse_args()
    pin_servers()
    rows = [
        stress_seed(seed, rooms=args.rooms, error_rate=args.error_rate, drop_rate=args.drop_rate)
        for seed in range(1, args.seeds + 1)
    ]
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")
    keys = ("duplicates", "missing", "stray", "mistimed", "people changed")
    totals = {k: sum(int(str(r[k])) for r in rows) for k in keys}
    print(f"\nTotals over {len(rows)} seeds: " + ", ".join(f"{k} {v}" for k, v in totals.items()))


if __name__ == "__main__":
    main()
