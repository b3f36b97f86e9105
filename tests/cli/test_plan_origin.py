"""A saved plan records when, by which version and against which systems it was made;
`apply --plan` refuses one made against other systems, or one that does not say."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from essm_sync import __version__
from essm_sync.cli.app import app
from essm_sync.settings import load_settings
from tests.cli.conftest import LiveSandbox

runner = CliRunner()


def _run(live: LiveSandbox, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["--config", str(live.config), *args], env=env)
    return result.exit_code, result.stderr


def test_a_saved_plan_records_its_origin(live: LiveSandbox, tmp_path: Path) -> None:
    """plan --out writes the time, this version and both base URLs; show says them."""
    saved = tmp_path / "plan.json"
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert _run(live, "plan", "buildings", "--out", str(saved))[0] == 0
    origin = json.loads(saved.read_text())["origin"]
    settings = load_settings(live.config)
    assert origin["version"] == __version__
    assert origin["termtime_url"] == settings.termtime.base_url
    assert origin["booker_url"] == settings.booker.base_url
    assert dt.datetime.fromisoformat(origin["made_at"]) >= before
    code, err = _run(live, "show", str(saved))
    assert code == 0
    assert f"by essm-sync {__version__} against TermTime {settings.termtime.base_url}" in err


def test_apply_refuses_a_plan_made_against_other_systems(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """A plan whose Booker is another system is one line and exit 1, nothing written; the
    same system spelt otherwise (localhost for 127.0.0.1) is the same system."""
    saved = tmp_path / "plan.json"
    assert _run(live, "plan", "buildings", "--out", str(saved))[0] == 0
    body = json.loads(saved.read_text())
    booker = body["origin"]["booker_url"]
    body["origin"]["booker_url"] = "https://booker.other.example.ac.uk/api"
    saved.write_text(json.dumps(body))
    before = dict(live.university.termtime.buildings)
    code, err = _run(live, "apply", "--plan", str(saved))
    assert code == 1
    assert err.splitlines() == [
        f"error: the plan {saved} was made against TermTime {body['origin']['termtime_url']} "
        "and Booker https://booker.other.example.ac.uk/api, not these settings' TermTime "
        f"{body['origin']['termtime_url']} and Booker {booker}; make a new plan against "
        "these systems"
    ]
    assert live.university.termtime.buildings == before
    body["origin"]["booker_url"] = booker.replace("127.0.0.1", "localhost")
    saved.write_text(json.dumps(body))
    assert _run(live, "apply", "--plan", str(saved))[0] == 0


def test_an_older_plan_is_shown_but_not_applied(live: LiveSandbox, tmp_path: Path) -> None:
    """A format 2 plan (no origin) still shows; apply refuses it with one line saying to
    make it again."""
    saved = tmp_path / "plan.json"
    assert _run(live, "plan", "buildings", "--out", str(saved))[0] == 0
    body = json.loads(saved.read_text())
    del body["origin"]
    body["format"] = 2
    saved.write_text(json.dumps(body))
    assert _run(live, "show", str(saved))[0] == 0
    code, err = _run(live, "apply", "--plan", str(saved))
    assert code == 1
    assert "does not say which systems it was made against" in err
    assert "essm-sync plan --out" in err
    body["format"] = 1
    saved.write_text(json.dumps(body))
    code, err = _run(live, "show", str(saved))
    assert code == 1
    assert "plan format 1, this version reads 2 and 3" in err
