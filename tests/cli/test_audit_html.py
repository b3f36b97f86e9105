"""`audit --format html` in a real headless browser (Debian's chromium): the page loads
without a console message, lists the records in the audit's order, and its filter narrows
them; without JavaScript every record is there to read."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from essm_sync.cli.app import app
from tests.cli.conftest import LiveSandbox

CHROMIUM = shutil.which("chromium")
runner = CliRunner()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def _browse(
    page: Path, tmp_path: Path, fragment: str = "", *, width: int = 1280
) -> tuple[str, str]:
    """Return the page's DOM once its script ran, and what the browser logged."""
    assert CHROMIUM is not None
    done = subprocess.run(  # noqa: S603 - the system's chromium, fixed arguments
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
         "--v=0", f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={width},800",
         "--dump-dom", f"{page.as_uri()}{fragment}"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return done.stdout, done.stderr


def _rows(dom: str) -> list[str]:
    return re.findall(r"<tr data-category=[^>]*>.*?</tr>", dom, flags=re.S)


def test_the_html_audit_loads_cleanly_lists_the_records_and_filters(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """The page needs nothing from elsewhere, logs nothing to the console, shows every
    record in the JSON's order with totals, and `#q=ROOM` leaves only that room's rows."""
    page = tmp_path / "audit.html"
    config = ["--config", str(live.config), "audit"]
    assert runner.invoke(app, [*config, "--format", "html", "--out", str(page)]).exit_code == 0
    records = json.loads(runner.invoke(app, [*config, "--format", "json"]).stdout)
    records = records["discrepancies"]
    html = page.read_text()
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", html)  # no outside assets
    assert len(_rows(html)) == len(records)
    assert "hidden" not in "".join(_rows(html))  # without JavaScript, every row is there

    dom, log = _browse(page, tmp_path)
    assert "CONSOLE" not in log, log
    rows = _rows(dom)
    assert [re.findall(r"<td[^>]*>(.*?)</td>", row)[-1] for row in rows] == [
        r["key"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for r in records
    ]
    assert '<form id="controls"' in dom
    assert '<form id="controls" class="controls" hidden' not in dom
    assert "By category" in dom
    assert "By department" in dom
    assert f"{len(records)} of {len(records)} records shown" in dom

    room = records[0]["room"]
    dom, log = _browse(page, tmp_path, f"#q={room}")
    assert "CONSOLE" not in log, log
    visible = [row for row in _rows(dom) if " hidden" not in row.split(">", 1)[0]]
    assert 0 < len(visible) < len(records)
    assert all(room.lower() in row.lower() for row in visible)
    assert f"{len(visible)} of {len(records)} records shown" in dom


# Run after the page's own script: how far the page reaches past the window, in pixels.
_MEASURE = (
    "<script>document.body.dataset.overflow = String("
    "document.scrollingElement.scrollWidth - window.innerWidth);</script>"
)


def test_the_html_audit_fits_a_laptop_and_a_phone_without_scrolling_sideways(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """At 1280 px and at a phone's 390 px the records wrap to fit: the page is never wider
    than the window, so no column hides behind a sideways scroll."""
    page = tmp_path / "audit.html"
    config = ["--config", str(live.config), "audit", "--format", "html", "--out", str(page)]
    assert runner.invoke(app, config).exit_code == 0
    measured = tmp_path / "measured.html"
    measured.write_text(page.read_text().replace("</body>", f"{_MEASURE}</body>"))
    for width in (1280, 390):
        dom, log = _browse(measured, tmp_path, width=width)
        assert "CONSOLE" not in log, log
        overflow = re.search(r'data-overflow="(-?\d+)"', dom)
        assert overflow is not None
        assert int(overflow.group(1)) <= 0, (width, overflow.group(1))
