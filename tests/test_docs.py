"""The documented plan schema is the one the code writes."""

from __future__ import annotations

import json
from pathlib import Path

from essm_sync.models import Plan

ROOT = Path(__file__).resolve().parents[1]


def test_committed_plan_schema_matches_the_model() -> None:
    """docs/plan.schema.json is regenerated whenever the plan model changes."""
    committed = json.loads((ROOT / "docs" / "plan.schema.json").read_text())
    assert committed == Plan.model_json_schema(), (
        "regenerate it: python -c 'import json; from essm_sync.models import Plan; "
        "print(json.dumps(Plan.model_json_schema(), indent=2))' > docs/plan.schema.json"
    )
