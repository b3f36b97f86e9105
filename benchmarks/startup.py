"""Start-up: how long `essm-sync --version` and `essm-sync sync --help` take, best of five,
as separate processes (what a person or a scheduler waits for)."""

from __future__ import annotations

import subprocess
import sys
import time

COMMANDS = (("--version",), ("sync", "--help"))


def measure(args: tuple[str, ...], *, runs: int = 5) -> float:
    """Return the fastest of `runs` wall times of `essm-sync ARGS`, in seconds."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "essm_sync", *args], capture_output=True, check=True
        )
        best = min(best, time.perf_counter() - started)
    return best


def table() -> list[str]:
    """Return the Markdown rows of the start-up figures."""
    rows = ["| command | best of 5 (s) |", "|---|---:|"]
    rows += [f"| `essm-sync {' '.join(args)}` | {measure(args):.2f} |" for args in COMMANDS]
    return rows


if __name__ == "__main__":
    print("\n".join(table()))
