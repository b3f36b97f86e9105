"""The `[serve]` settings: defaults as design.md gives them, the secret never echoed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from essm_sync.errors import ConfigError
from essm_sync.settings import load_settings
from tests.test_settings import GOOD


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("ESSM_SYNC_CONFIG", raising=False)
    monkeypatch.delenv("ESSM_SYNC_SERVE__WEBHOOK_SECRET", raising=False)
    return tmp_path / "essm-sync.toml"


def test_defaults(config: Path) -> None:
    """Without a `[serve]` section every setting takes design.md's default."""
    config.write_text(GOOD)
    serve = load_settings(config).serve
    assert (serve.webhook_code, serve.webhook_header) == ("essm-sync", "X-Essm-Sync-Token")
    assert serve.webhook_types == ("activity.new", "activity.update", "activity.delete")
    assert (serve.debounce_s, serve.max_delay_s, serve.poll_booker_s) == (30, 120, 300)
    assert (serve.public_url, serve.webhook_secret, serve.full_sync_at) == (None, None, None)


def test_values_and_the_hook_url(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook is `<public_url>/hooks/termtime`; the secret may come from the environment."""
    config.write_text(
        GOOD + '[serve]\npublic_url = "https://s.example/"\nfull_sync_at = "02:30"\n'
    )
    monkeypatch.setenv("ESSM_SYNC_SERVE__WEBHOOK_SECRET", "from-the-environment-1")
    serve = load_settings(config).serve
    assert serve.hook_url() == "https://s.example/hooks/termtime"
    assert serve.secret() == "from-the-environment-1"
    assert serve.full_sync_at == dt.time(2, 30)
    assert "from-the-environment-1" not in repr(serve)


def test_a_short_secret_is_refused_without_echoing_it(config: Path) -> None:
    """A secret under 16 characters is one line naming the setting, never the value."""
    config.write_text(GOOD + '[serve]\nwebhook_secret = "tiny-secret"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    assert "serve.webhook_secret" in str(caught.value)
    assert "tiny-secret" not in str(caught.value)
