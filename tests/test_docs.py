"""The documented schemas are the ones the code writes; every audit check is documented."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import get_args

import jsonschema

from essm_sync.models import CHECKS, SYNC_FIXES, Audit, Check, Discrepancy, Plan

ROOT = Path(__file__).resolve().parents[1]


def test_committed_plan_schema_matches_the_model() -> None:
    """docs/plan.schema.json is regenerated whenever the plan model changes."""
    committed = json.loads((ROOT / "docs" / "plan.schema.json").read_text())
    assert committed == Plan.model_json_schema(), (
        "regenerate it: python -c 'import json; from essm_sync.models import Plan; "
        "print(json.dumps(Plan.model_json_schema(), indent=2))' > docs/plan.schema.json"
    )


def test_committed_audit_schema_matches_the_model() -> None:
    """docs/audit.schema.json is the schema of what `audit --format json` writes."""
    committed = json.loads((ROOT / "docs" / "audit.schema.json").read_text())
    assert committed == Audit.model_json_schema(mode="serialization"), (
        "regenerate it: python -c 'import json; from essm_sync.models import Audit; "
        'print(json.dumps(Audit.model_json_schema(mode="serialization"), indent=2))\' '
        "> docs/audit.schema.json"
    )


def test_audit_json_validates_against_the_schema() -> None:
    """A record of every field, counts included, passes the committed schema."""
    schema = json.loads((ROOT / "docs" / "audit.schema.json").read_text())
    record = Discrepancy(category="estate", check="room-differs", system="TermTime",
                         key="R1", differs="capacity", booker="30", termtime="40",
                         fix="run `essm-sync sync rooms`")  # fmt: skip
    audit = Audit(window_start=dt.date(2026, 10, 1), window_end=dt.date(2026, 12, 1),
                  timezone="Europe/London", discrepancies=(record,))  # fmt: skip
    document = json.loads(audit.model_dump_json())
    jsonschema.validate(document, schema)
    assert document["counts"] == {"room-differs": 1}
    document["discrepancies"][0]["check"] = "room-vanished"
    try:
        jsonschema.validate(document, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("the schema accepted an unknown check")


def test_every_audit_check_is_documented_once_with_its_category() -> None:
    """docs/audit.md has a row per check, in the category the code gives it."""
    assert tuple(CHECKS) == get_args(Check)
    text = (ROOT / "docs" / "audit.md").read_text()
    for check, (category, _) in CHECKS.items():
        rows = [line for line in text.splitlines() if line.startswith(f"| `{check}` |")]
        assert len(rows) == 1, check
        assert f"| {category} |" in rows[0], check


def test_every_audit_field_and_what_a_sync_fixes_is_documented() -> None:
    """docs/audit.md names every field of a record, and its "sync fixes it" column says yes
    for exactly the checks the audit marks as fixed by the next sync."""
    text = (ROOT / "docs" / "audit.md").read_text()
    for name in Discrepancy.model_fields:
        assert f"`{name}`" in text, name
    for check in CHECKS:
        (row,) = [line for line in text.splitlines() if line.startswith(f"| `{check}` |")]
        fixes = row.split("|")[3].strip().startswith("yes")
        assert fixes == (check in SYNC_FIXES), check
