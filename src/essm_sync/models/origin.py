"""Where a saved plan came from: when, by which version, against which systems."""

from __future__ import annotations

from pydantic import AwareDatetime

from essm_sync.models._base import Frozen


class PlanOrigin(Frozen):
    """Recorded by `plan --out` so that `apply --plan` can refuse a plan made against
    other systems, and a person can tell how old a plan is."""

    made_at: AwareDatetime
    version: str  # of essm-sync
    termtime_url: str
    booker_url: str
