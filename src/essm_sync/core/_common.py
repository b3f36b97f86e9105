"""Small pure helpers the planners share."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

from essm_sync.models import PlanWarning

# TermTime API 7.7.0: names are 1-45 characters on create (§8.4, §17.4, §26.4).
NAME_MAX = 45
_NOT_CODE = re.compile(r"[^A-Z0-9]+")


def fit_name(name: str, key: str, warnings: list[PlanWarning]) -> str:
    """Cut a name to what TermTime accepts, saying so."""
    if len(name) <= NAME_MAX:
        return name
    warnings.append(
        PlanWarning(key=key, message=f"name longer than {NAME_MAX} characters, shortened")
    )
    return name[:NAME_MAX]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:6].upper()


def floor_code(building_code: str, floor: str, *, taken: frozenset[str] = frozenset()) -> str:
    """Derive a floor's code from its building and name: stable from run to run.

    A code another floor already has (`Level 1` and `Level-1` give the same slug) gets a
    suffix from the floor's own name, so it stays the same on every run.
    """
    slug = _NOT_CODE.sub("", floor.upper()) or "FLOOR"
    code = f"{building_code}-{slug}"
    if len(code) <= NAME_MAX and code not in taken:
        return code
    suffix = f"-{_digest(building_code + chr(0) + floor)}"
    return f"{code[: NAME_MAX - len(suffix)]}{suffix}"


def unique_names(named: dict[str, tuple[str, str]], warnings: list[PlanWarning]) -> dict[str, str]:
    """Return each record's name as TermTime will hold it: cut to its limit, and made
    unique within its scope when two would collide, with a suffix from the record's key.

    Args:
        named: record key -> (scope, full name); names must be unique within a scope.
    """
    fitted = {key: fit_name(name, key, warnings) for key, (_, name) in named.items()}
    # TermTime's name look-ups are assumed case-insensitive, as its database may well be.
    seen = Counter((named[key][0], name.casefold()) for key, name in fitted.items())
    for key in sorted(fitted):
        scope, full = named[key]
        if seen[(scope, fitted[key].casefold())] < 2:
            continue
        suffix = f" ({key})" if len(key) <= 12 else f" ({_digest(key)})"
        fitted[key] = full[: NAME_MAX - len(suffix)].rstrip() + suffix
        message = f"name collides with another in {scope or 'TermTime'}; made unique"
        warnings.append(PlanWarning(key=key, message=f"{message} as {fitted[key]!r}"))
    return fitted


def too_long(code: str, key: str, warnings: list[PlanWarning]) -> bool:
    """Whether a code is longer than TermTime accepts; such a record is skipped, warned."""
    if len(code) <= NAME_MAX:
        return False
    message = f"code longer than {NAME_MAX} characters, which TermTime refuses; skipped"
    warnings.append(PlanWarning(key=key[:60], message=message))
    return True


def duplicated_codes(codes: Iterable[str]) -> set[str]:
    """Return the codes that more than one record claims; such records are never synced,
    since either would overwrite the other on alternate runs (design.md, estate collisions)."""
    return {code for code, count in Counter(codes).items() if count > 1}


def sort_warnings(warnings: list[PlanWarning]) -> tuple[PlanWarning, ...]:
    """Return warnings in a stable order, without repeats."""
    return tuple(sorted(set(warnings), key=lambda w: (w.key, w.message)))
