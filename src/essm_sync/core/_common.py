"""Small pure helpers the planners share."""

from __future__ import annotations

import hashlib
import re

from pydantic import BaseModel

from essm_sync.models import PlanWarning

# TermTime API 7.7.0: names are 1-45 characters on create (§8.4, §17.4, §26.4).
NAME_MAX = 45
_NOT_CODE = re.compile(r"[^A-Z0-9]+")

KIND_ORDER = (
    "create_campus",
    "create_building",
    "update_building",
    "create_floor",
    "create_room",
    "update_room",
    "retire_room",
    "delete_booking",
    "update_booking",
    "create_booking",
)
KIND_RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}


def fit_name(name: str, key: str, warnings: list[PlanWarning]) -> str:
    """Cut a name to what TermTime accepts, saying so."""
    if len(name) <= NAME_MAX:
        return name
    warnings.append(
        PlanWarning(key=key, message=f"name longer than {NAME_MAX} characters, shortened")
    )
    return name[:NAME_MAX]


def floor_code(building_code: str, floor: str) -> str:
    """Derive a floor's code from its building and name: stable from run to run."""
    slug = _NOT_CODE.sub("", floor.upper()) or "FLOOR"
    code = f"{building_code}-{slug}"
    if len(code) <= NAME_MAX:
        return code
    digest = hashlib.sha256(code.encode()).hexdigest()[:6].upper()
    return f"{code[: NAME_MAX - 7]}-{digest}"


def fingerprint(snapshot: BaseModel) -> str:
    """Return a digest of everything a plan was computed from."""
    return hashlib.sha256(snapshot.model_dump_json().encode()).hexdigest()


def sort_warnings(warnings: list[PlanWarning]) -> tuple[PlanWarning, ...]:
    """Return warnings in a stable order, without repeats."""
    return tuple(sorted(set(warnings), key=lambda w: (w.key, w.message)))
