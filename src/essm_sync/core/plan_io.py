"""A plan as JSON: saved by `plan --out`, read back by `show` and `apply --plan`."""

from __future__ import annotations

from pydantic import BaseModel, TypeAdapter

from essm_sync.models import PLAN_FORMAT, Plan


class _Format(BaseModel):
    format: int = 1


_FORMAT = TypeAdapter(_Format)


def render_json(plan: Plan) -> str:
    """Return the plan as JSON; the same plan always gives the same bytes."""
    return plan.model_dump_json(indent=2) + "\n"


def load_plan(text: str) -> Plan:
    """Read a plan saved by `render_json`.

    Raises:
        ValueError: the text is not a plan of this version's format.
    """
    found = _FORMAT.validate_json(text).format
    if found != PLAN_FORMAT:
        raise ValueError(f"plan format {found}, this version reads {PLAN_FORMAT}")
    return Plan.model_validate_json(text)
