"""`essm-sync audit` over real HTTP: every format lists what the oracle expects, exit 2 with
--detailed-exitcode, a file with --out, nothing written to either system, no secrets."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from essm_sync.cli.app import app
from essm_sync.sandbox import expected_audit
from tests.cli.conftest import LiveSandbox

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _run(live: LiveSandbox, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--config", str(live.config), "audit", *args])
    return result.exit_code, result.stdout, result.stderr


def _markdown_pairs(text: str) -> set[tuple[str, str]]:
    pairs = set()
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        if line.startswith("| `") and len(cells) == 15:
            pairs.add((cells[0].strip("`"), cells[2].replace("\\|", "|")))
    return pairs


def test_every_format_lists_what_the_oracle_expects(live: LiveSandbox, tmp_path: Path) -> None:
    """JSON, CSV and Markdown each list every expected (check, key) and nothing else; the
    text summary counts what JSON lists; the sandbox is left as it was."""
    expected = expected_audit(live.university)
    bookings_before = len(live.university.booker.bookings)
    rooms_before = {c: (r.name, r.to_delete) for c, r in live.university.termtime.rooms.items()}

    code, out, _ = _run(live, "--format", "json")
    assert code == 0
    document = json.loads(out)
    jsonschema.validate(document, json.loads((ROOT / "docs" / "audit.schema.json").read_text()))
    records = document["discrepancies"]
    assert {(r["check"], r["key"]) for r in records} == expected

    saved = tmp_path / "audit.csv"
    code, out, err = _run(live, "--format", "csv", "--out", str(saved))
    assert code == 0
    assert out == ""
    assert f"Audit written to {saved}: {len(records)} discrepancies" in err
    rows = list(csv.DictReader(io.StringIO(saved.read_text())))
    assert len(rows) == len(records)
    assert {(r["check"], r["key"]) for r in rows} == expected

    code, out, _ = _run(live, "--format", "markdown")
    assert code == 0
    assert _markdown_pairs(out) == expected

    code, out, _ = _run(live)
    assert code == 0
    counts = Counter(r["check"] for r in records)
    for check, count in counts.items():
        assert any(line.split()[1:3] == [check, str(count)] for line in out.splitlines()), check
    assert f": {len(records)} discrepancies" in out.splitlines()[0]

    assert len(live.university.booker.bookings) == bookings_before
    now = {c: (r.name, r.to_delete) for c, r in live.university.termtime.rooms.items()}
    assert now == rooms_before
    for secret in live.secrets:
        assert secret not in out


def test_detailed_exit_code_is_2_when_anything_is_listed(live: LiveSandbox) -> None:
    """The messy sandbox always has discrepancies: --detailed-exitcode exits 2."""
    code, out, _ = _run(live, "--detailed-exitcode", "--format", "csv")
    assert code == 2
    assert out.startswith("category,check,system,key,differs,booker,termtime,fix,items,title,")


def test_an_unwritable_out_path_is_refused_before_reading(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """--out into a missing folder is one error line and exit 1."""
    code, _, err = _run(live, "--out", str(tmp_path / "no" / "audit.md"))
    assert code == 1
    assert err.strip().splitlines() == [
        f"error: cannot write the audit to {tmp_path / 'no' / 'audit.md'}: "
        f"folder {tmp_path / 'no'} does not exist"
    ]
