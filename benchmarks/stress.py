"""Stress: real `essm-sync sync` processes over HTTP against fakes that fail often.

For each seed, on both systems: latency, 5xx, 429 with a short Retry-After, writes whose
answer is cut off, and rarer, nastier faults: a Retry-After of a day, answers trickling in
a byte at a time, error messages echoing the credential sent, redirects to a login page,
creates stored but answered with a message instead of their record, and (Booker) people
cancelling and re-making bookings while pages are read, listing pages that come back
empty, as the page before or as page 1, and the token dying with eight writes in flight.
Runs repeat, faults on, until the state converges (at most six, then one calm run); then
Booker is checked against the sandbox's oracle, every conflict reported against the
oracle's, and every output against the secrets. Run with
`python -m benchmarks.stress [--seeds 5] [--rooms 30]`.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.live import pin_servers, run_sync, serve
from essm_sync.sandbox import (
    Faults,
    divergence,
    expected_conflicts,
    generate,
    people_bookings,
)

RETRY_ENV = {
    "ESSM_SYNC_RETRY__ATTEMPTS": "8",
    "ESSM_SYNC_RETRY__WAIT_INITIAL_S": "0.05",
    "ESSM_SYNC_RETRY__WAIT_MAX_S": "0.5",
    # Short, so a trickling answer or an absurd Retry-After shows quickly.
    "ESSM_SYNC_RETRY__TOTAL_TIMEOUT_S": "4",
    # Pages of 50, so that even a small university's listing has later pages to get wrong.
    "ESSM_SYNC_BOOKER__PAGE_SIZE": "50",
}
MAX_RUNS = 6  # with faults on; then, if need be, one run with the faults stopped
RARE = 0.003  # each of the nasty faults, per request
WRONG_PAGE = 0.02  # each kind of wrong listing page, per page read
UNANSWERED = 0.05  # creates stored but answered with a message


def stress_seed(
    seed: int, *, rooms: int, error_rate: float, drop_rate: float
) -> dict[str, object]:
    """Run up to two syncs under faults; return the figures of this seed."""
    university = generate(seed=seed, rooms=rooms)
    people = people_bookings(university)

    def faulty(index: int) -> Faults:
        return Faults(
            latency_s=0.005, error_rate=error_rate, rate_limit_rate=error_rate / 2,
            retry_after_s=0.2, drop_rate=drop_rate, huge_retry_after_rate=RARE,
            trickle_rate=RARE, trickle_byte_s=0.2, echo_rate=RARE, redirect_rate=RARE,
            churn_rate=0.3 if index else 0.0, churn=university.booker.churn if index else None,
            churn_max=20, seed=seed * 10 + index, unanswered_create_rate=UNANSWERED,
            empty_page_rate=WRONG_PAGE if index else 0.0,
            repeat_page_rate=WRONG_PAGE / 4 if index else 0.0,  # caught only by the count
            ignore_page_rate=WRONG_PAGE if index else 0.0,
            token_death_in_flight=8 if index else 0, token_deaths_max=MAX_RUNS,
        )  # fmt: skip

    faults = (faulty(0), faulty(1))
    runs, requests, exits, longest, calm = 0, 0, [], 0.0, False
    counts: dict[str, int] = {}
    outputs: list[str] = []
    conflicts: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp, serve(university, Path(tmp), faults) as config:
        for _ in range(MAX_RUNS):
            result = run_sync(config, Path(tmp), env=RETRY_ENV)
            runs += 1
            requests += result.total_requests
            exits.append(result.exit_code)
            longest = max(longest, result.process_s)
            outputs += [result.stdout, result.stderr, json.dumps(result.report)]
            conflicts |= _conflicts(result.report)
            counts = divergence(university)
            if result.exit_code in (0, 4) and not any(counts.values()):
                break
        else:
            # The night is over: the faults stop, and the next run must converge.
            calm = True
            for fault in faults:
                fault.error_rate = fault.rate_limit_rate = fault.drop_rate = 0.0
                fault.huge_retry_after_rate = fault.trickle_rate = 0.0
                fault.echo_rate = fault.redirect_rate = fault.churn_rate = 0.0
                fault.empty_page_rate = fault.repeat_page_rate = fault.ignore_page_rate = 0.0
                fault.unanswered_create_rate, fault.token_death_in_flight = 0.0, 0
            result = run_sync(config, Path(tmp), env=RETRY_ENV)
            exits.append(result.exit_code)
            outputs += [result.stdout, result.stderr, json.dumps(result.report)]
            conflicts |= _conflicts(result.report)
            counts = divergence(university)
    injected: Counter[str] = faults[0].injected + faults[1].injected
    secrets = [university.api_key, university.password, *university.booker.tokens]
    text = "\n".join(outputs)
    return {
        "seed": seed,
        "runs under faults": runs,
        "then a calm run": "yes" if calm else "no",
        "exits": "/".join(str(code) for code in exits),
        "longest run (s)": f"{longest:.1f}",
        "requests": f"{requests:,}",
        "5xx": injected["5xx"],
        "429": injected["429"],
        "Retry-After 1 day": injected["huge Retry-After"],
        "trickled": injected["trickled"],
        "echoed secret": injected["echo"],
        "redirects": injected["redirect"],
        "churned": injected["churned"],
        "writes cut off": injected["dropped"],
        "empty pages": injected["empty page"],
        "repeated pages": injected["repeated page"],
        "page ignored": injected["page ignored"],
        "creates unanswered": injected["create unanswered"],
        "token died, 8 in flight": injected["token died in flight"],
        **counts,
        "false conflicts": len(conflicts - expected_conflicts(university)),
        "people's changed": int(people_bookings(university) != people),
        "secrets shown": sum(text.count(secret) for secret in secrets),
        "redacted (***)": text.count("***"),
    }


def _conflicts(report: dict[str, Any]) -> set[str]:
    """The keys of every conflict a run reported, foreseen or met at a create."""
    met = {str(f["key"]) for f in report.get("failures", []) if f.get("status") == "conflict"}
    return met | {str(c["key"]) for c in report.get("conflicts_foreseen", [])}


def arguments() -> argparse.ArgumentParser:
    """The stress run's options; the defaults are what the README's table was run with."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--rooms", type=int, default=30)
    parser.add_argument("--error-rate", type=float, default=0.1)
    parser.add_argument("--drop-rate", type=float, default=0.1)
    return parser


def main() -> None:
    args = arguments().parse_args()
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
    keys = ("duplicates", "missing", "stray", "mistimed", "conflicts booked",
            "false conflicts", "people's changed", "secrets shown")  # fmt: skip
    totals = {k: sum(int(str(r[k])) for r in rows) for k in keys}
    print(f"\nTotals over {len(rows)} seeds: " + ", ".join(f"{k} {v}" for k, v in totals.items()))


if __name__ == "__main__":
    main()
