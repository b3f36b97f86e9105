"""Errors that point the right way: the wrong scheme, the wrong base path."""

from __future__ import annotations

from typer.testing import CliRunner

from essm_sync.cli.app import app
from tests.cli.conftest import LiveSandbox

runner = CliRunner()


def _check_with(live: LiveSandbox, old: str, new: str) -> list[str]:
    live.config.write_text(live.config.read_text().replace(old, new))
    result = runner.invoke(app, ["--config", str(live.config), "check"])
    assert result.exit_code == 1
    return result.stderr.strip().splitlines()


def test_https_against_a_plain_http_server_says_so(live: LiveSandbox) -> None:
    """An https:// URL for a port that speaks plain HTTP is named as such, not as a refused
    connection or an unknown host."""
    (line,) = _check_with(live, 'base_url = "http://', 'base_url = "https://')[:1]
    assert line.startswith("error: TermTime GET ping: cannot connect to https://127.0.0.1:")
    assert "does not speak TLS (plain HTTP?); check termtime.base_url: http:// or https://" in line
    assert "refused" not in line


def test_a_wrong_base_path_names_base_url(live: LiveSandbox) -> None:
    """A base URL whose path is not the API's gives a 404 that names the setting to fix."""
    lines = _check_with(live, "/v1/api", "/api/v1")
    assert "termtime.base_url is probably wrong (it usually ends in /v1/api)" in lines[0]
    assert "no API at /api/v1/ping" in lines[0]
    lines = _check_with(live, '/api"', '/booker/api"')
    booker = next(line for line in lines if line.startswith("error: Booker"))
    assert "booker.base_url is probably wrong (it usually ends in /api)" in booker
