"""Counts in words, so that a line never says "1 rooms held"."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """Return `number noun`, the noun plural unless the number is one (`2 rooms`, `1 room`).

    Args:
        plural: the plural where adding "s" is wrong (`counted(2, "entry", "entries")`).
    """
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
