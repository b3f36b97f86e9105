"""A run's change counts in the words people read on the status page (`bookings: 2 created`)."""

from __future__ import annotations

from typing import Any


def _what(operation: str, kind: str) -> tuple[str, str]:
    """Split `create_booking` into its verb and the noun to print: none for the stage's own."""
    verb, _, noun = kind.partition("_")
    # The stage's own records need no noun: `bookings: 2 created`, `rooms: 3 floors created`.
    if f"{noun}s" == operation:
        return verb, ""
    return verb, noun.replace("roombooking", "room booking").replace("_", " ")


def _said(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'} " if noun else f"{n} "


def describe_counts(operation: str, kinds: dict[str, dict[str, Any]]) -> str:
    """Return one stage's counts per kind and outcome as words, e.g. `2 created, 1 failed`."""
    parts = []
    for kind, statuses in sorted(kinds.items()):
        verb, noun = _what(operation, kind)
        for status, n in sorted(statuses.items()):
            past = f"{verb}d" if verb.endswith("e") else f"{verb}ed"
            said = {
                "done": past,
                "failed": f"failed to {verb}" if verb else "failed",
                "conflict": "held by a person's booking (conflict)",
                "skipped": "not sent",
            }.get(status, status)
            parts.append(f"{_said(int(n), noun)}{said}")
    return f"{operation}: {', '.join(parts)}"
