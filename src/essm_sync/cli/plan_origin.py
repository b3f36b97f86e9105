"""A saved plan's origin: recorded by `plan --out`, checked by `apply --plan` before either
system is read (design.md, Observability: a plan made against other systems is refused)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from essm_sync import __version__
from essm_sync.errors import StalePlanError
from essm_sync.models import Plan, PlanOrigin
from essm_sync.settings import Settings, is_same_system


def with_origin(plan: Plan, settings: Settings) -> Plan:
    """Return `plan` recording now, this version and the two base URLs it was made against."""
    origin = PlanOrigin(
        made_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        version=__version__,
        termtime_url=settings.termtime.base_url,
        booker_url=settings.booker.base_url,
    )
    return plan.model_copy(update={"origin": origin})


def check_origin(plan: Plan, settings: Settings, path: Path) -> None:
    """Refuse a saved plan made against other systems, or that does not say which.

    Raises:
        StalePlanError: one line naming the systems of the plan and of the settings.
    """
    origin = plan.origin
    if origin is None:
        raise StalePlanError(
            f"the plan {path} does not say which systems it was made against (an earlier "
            "version made it); make it again with `essm-sync plan --out`"
        )
    ours = settings.termtime.base_url, settings.booker.base_url
    if not (is_same_system(origin.termtime_url, ours[0])
            and is_same_system(origin.booker_url, ours[1])):  # fmt: skip
        raise StalePlanError(
            f"the plan {path} was made against TermTime {origin.termtime_url} and Booker "
            f"{origin.booker_url}, not these settings' TermTime {ours[0]} and Booker "
            f"{ours[1]}; make a new plan against these systems"
        )
