"""`webhook register|list|remove` against the sandbox: idempotent, and the secret unseen."""

from __future__ import annotations

from typer.testing import CliRunner

from essm_sync.cli.app import app
from essm_sync.sandbox import TTWebhook
from tests.cli.conftest import LiveSandbox

runner = CliRunner()
SECRET = "webhook-secret-0123456789"
SERVE = f"""
[serve]
public_url = "https://sync.example.ac.uk"
webhook_secret = "{SECRET}"
"""


def _run(live: LiveSandbox, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--config", str(live.config), "webhook", *args])
    return result.exit_code, result.stdout + result.stderr


def test_register_twice_then_remove(live: LiveSandbox) -> None:
    """Register makes one POST webhook per type; again, nothing; remove takes them all away."""
    live.config.write_text(live.config.read_text() + SERVE)
    first = _run(live, "register")
    second = _run(live, "register")
    registered = dict(live.university.termtime.webhooks.registered)
    listed = _run(live, "list")
    removed = _run(live, "remove")
    again = _run(live, "remove")
    assert (first[0], second[0], listed[0], removed[0], again[0]) == (0, 0, 0, 0, 0)
    assert sorted(registered) == [
        "essm-sync-activity.delete", "essm-sync-activity.new", "essm-sync-activity.update",
    ]  # fmt: skip
    hook = registered["essm-sync-activity.new"]
    assert (hook.verb, hook.url, hook.header) == (
        "POST", "https://sync.example.ac.uk/hooks/termtime", f"X-Essm-Sync-Token: {SECRET}",
    )  # fmt: skip
    assert first[1].count("registered essm-sync-") == 3
    assert "nothing to do" in second[1]
    assert "ours  essm-sync-activity.new (activity.new) POST" in listed[1]
    assert "header X-Essm-Sync-Token: ***" in listed[1]
    assert removed[1].count("removed essm-sync-") == 3
    assert live.university.termtime.webhooks.registered == {}
    assert "nothing to do" in again[1]
    assert all(SECRET not in output for _, output in (first, second, listed, removed))


def test_a_new_secret_updates_in_place_and_others_are_left(live: LiveSandbox) -> None:
    """A changed secret is a PUT of our webhooks; someone else's webhook stays as it was."""
    live.university.termtime.webhooks.registered["theirs"] = TTWebhook(
        "theirs", "activity.new", "https://else.example/x", header="X-Other: their-secret"
    )
    live.config.write_text(live.config.read_text() + SERVE)
    _run(live, "register")
    live.config.write_text(live.config.read_text().replace(SECRET, "another-secret-0123456789"))
    code, output = _run(live, "register")
    listed = _run(live, "list")[1]
    _run(live, "remove")
    assert code == 0
    assert output.count("updated essm-sync-") == 3
    assert "their-secret" not in listed
    assert "other theirs (activity.new)" in listed
    assert list(live.university.termtime.webhooks.registered) == ["theirs"]


def test_register_without_a_secret_is_a_configuration_error(live: LiveSandbox) -> None:
    """No serve.webhook_secret: exit 1, one line naming the setting, nothing registered."""
    live.config.write_text(live.config.read_text() + '[serve]\npublic_url = "https://s.example"\n')
    code, output = _run(live, "register")
    assert code == 1
    assert "serve.webhook_secret (ESSM_SYNC_SERVE__WEBHOOK_SECRET) is required" in output
    assert live.university.termtime.webhooks.registered == {}
