"""The status page in a real headless browser: clean, showing conflicts, updated by runs."""

from __future__ import annotations

from pathlib import Path

import httpx

from essm_sync.sandbox import expected_conflicts
from tests.e2e.browser import load, needs_chromium
from tests.e2e.serve_harness import serving_with_serve


@needs_chromium
def test_the_console_check_catches_a_script_error(tmp_path: Path) -> None:
    """A page whose script fails shows console lines: the check below can fail."""
    page = tmp_path / "bad.html"
    page.write_text("<p>x</p><script>throw new Error('broken page')</script>")
    _, console = load(page.as_uri(), tmp_path / "profile")
    assert any("broken page" in line for line in console)


@needs_chromium
def test_the_page_loads_clean_and_updates_after_a_triggered_run(tmp_path: Path) -> None:
    """Before any run the page says so; after a webhook's run it lists the run and the
    conflicts the sandbox arranged (a person's booking over a lecture), with no console
    error either time."""
    with serving_with_serve(tmp_path) as live:
        before, console_before = load(f"{live.url}/", tmp_path / "profile")
        secret = live.sandbox.config.read_text().split('webhook_secret = "', 1)[1].split('"')[0]
        response = httpx.post(f"{live.url}/hooks/termtime", headers={"X-Essm-Sync-Token": secret})
        assert response.status_code == 202
        live.wait_for("serve.run_finished")
        after, console_after = load(f"{live.url}/", tmp_path / "profile")
        arranged = expected_conflicts(live.sandbox.university)
    assert (console_before, console_after) == ([], [])
    assert "No run yet." in before
    assert "Conflicts standing now (0)" in before
    assert "No run yet." not in after
    assert "<td>webhook</td>" in after
    assert arranged
    assert f"Conflicts standing now ({len(arranged)})" in after
    assert all(key in after for key in arranged)
    assert " by reception" in after
