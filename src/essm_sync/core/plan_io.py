"""A plan as JSON: saved by `plan --out`, read back by `show` and `apply --plan`."""

from __future__ import annotations

from pydantic import BaseModel, TypeAdapter

from essm_sync.models import READABLE_PLAN_FORMATS, Plan


class _Format(BaseModel):
    format: int = 1


_FORMAT = TypeAdapter(_Format)


def render_json(plan: Plan) -> str:
    """Return the plan as JSON; the same plan always gives the same bytes."""
    return plan.model_dump_json(indent=2) + "\n"


def load_plan(text: str) -> Plan:
    """Read a plan saved by `render_json`.

    Raises:
        ValueError: the text is not a plan of a format this version reads.
    """
    found = _FORMAT.validate_json(text).format
    if found not in READABLE_PLAN_FORMATS:
        readable = " and ".join(str(n) for n in sorted(READABLE_PLAN_FORMATS))
        raise ValueError(f"plan format {found}, this version reads {readable}")
    return Plan.model_validate_json(text)
