"""Settings: file plus environment, environment winning; one clear line on error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from essm_sync.errors import ConfigError
from essm_sync.settings import Settings, describe_validation_error, load_settings

GOOD = """
[termtime]
base_url = "https://termtime.example.ac.uk/v1/api/"
api_key = "FILEKEY0000000000000"

[booker]
base_url = "https://booker.example.ac.uk/api"
username = "essm-sync"
password = "file-password"

[bookings]
window_start = "2026-10-01"
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in (
        "ESSM_SYNC_CONFIG",
        "ESSM_SYNC_BOOKER__PASSWORD",
        "ESSM_SYNC_TERMTIME__CONCURRENCY",
    ):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "essm-sync.toml"
    path.write_text(GOOD)
    return path


def test_file_is_read_and_urls_normalised(config: Path) -> None:
    """Values come from the file; a trailing slash on a base URL is dropped."""
    settings = load_settings(config)
    assert settings.termtime.base_url == "https://termtime.example.ac.uk/v1/api"
    assert settings.termtime.concurrency == 8
    assert str(settings.bookings.window_start) == "2026-10-01"


def test_environment_wins_over_the_file(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ESSM_SYNC_<SECTION>__<KEY> overrides the file."""
    monkeypatch.setenv("ESSM_SYNC_BOOKER__PASSWORD", "env-password")
    monkeypatch.setenv("ESSM_SYNC_TERMTIME__CONCURRENCY", "3")
    settings = load_settings(config)
    assert settings.booker.password.get_secret_value() == "env-password"
    assert settings.termtime.concurrency == 3


def test_config_path_from_the_environment(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """$ESSM_SYNC_CONFIG names the file when --config is not given."""
    monkeypatch.setenv("ESSM_SYNC_CONFIG", str(config))
    assert load_settings(None).booker.username == "essm-sync"


def test_secrets_never_show(config: Path) -> None:
    """Neither repr nor str of the settings carries a secret."""
    settings = load_settings(config)
    shown = repr(settings) + str(settings) + settings.model_dump_json()
    assert "file-password" not in shown
    assert "FILEKEY" not in shown


def test_missing_key_is_one_line_naming_it(tmp_path: Path) -> None:
    """A missing setting names the key and its environment variable."""
    path = tmp_path / "c.toml"
    path.write_text(GOOD.replace('password = "file-password"\n', ""))
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert "booker.password (ESSM_SYNC_BOOKER__PASSWORD) is required" in message
    assert "\n" not in message


def test_invalid_value_never_echoes_it(tmp_path: Path) -> None:
    """An invalid value is named by key, and the bad value itself is not printed."""
    path = tmp_path / "c.toml"
    path.write_text(
        GOOD.replace(
            'username = "essm-sync"', 'username = "essm-sync"\nconcurrency = "lots-of-secret"'
        )
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert "booker.concurrency" in str(caught.value)
    assert "lots-of-secret" not in str(caught.value)


def test_unknown_time_zone_and_key_are_refused(tmp_path: Path) -> None:
    """A time zone that does not exist, and a key that is not a setting, are errors."""
    path = tmp_path / "c.toml"
    path.write_text(GOOD + 'timezone = "Europe/Atlantis"\nwindow_stop = "2027-01-01"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert "bookings.timezone" in str(caught.value)
    assert "bookings.window_stop" in str(caught.value)


def test_missing_and_broken_files_are_clear(tmp_path: Path) -> None:
    """A missing file and invalid TOML each give one line."""
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[termtime\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(broken)


def test_credentials_in_a_url_are_refused(tmp_path: Path) -> None:
    """A base URL carrying user:password@ is refused: secrets belong in their settings."""
    path = tmp_path / "c.toml"
    path.write_text(GOOD.replace("https://booker.example", "https://u:p@booker.example"))
    with pytest.raises(ConfigError, match=r"booker\.base_url"):
        load_settings(path)


def test_example_settings_file_loads_with_its_secrets_filled_in(tmp_path: Path) -> None:
    """settings.example.toml is valid as shipped once the placeholders are real values."""
    text = (Path(__file__).parent.parent / "settings.example.toml").read_text()
    path = tmp_path / "settings.toml"
    path.write_text(text.replace('api_key = "..."', 'api_key = "' + "k" * 20 + '"'))
    settings = load_settings(path)
    assert settings.bookings.kinds == ("activities", "exams")
    assert settings.bookings.exam_booking_type == "Exam"
    assert settings.booker.owners() == frozenset({"essm-sync"})


def test_owner_names_widen_ownership_without_case(tmp_path: Path) -> None:
    """`booker.owner_names` replaces the default of the sign-in user, compared casefolded."""
    settings = Settings(
        termtime={"base_url": "http://t", "api_key": "k" * 20},
        booker={
            "base_url": "http://b",
            "username": "sync",
            "password": "p",
            "owner_names": ["Sync", "Old-Sync"],
        },
    )
    assert settings.booker.owners() == frozenset({"sync", "old-sync"})


_SYSTEMS = {
    "termtime": {"base_url": "http://t", "api_key": "k" * 20},
    "booker": {"base_url": "http://b", "username": "sync", "password": "p"},
}


def test_kinds_are_named_as_users_write_them_and_each_gets_its_type() -> None:
    """`bookings` in `bookings.kinds` is TermTime's own bookings; each kind has its type."""
    settings = Settings(
        **_SYSTEMS,  # type: ignore[arg-type]  # sections given as plain mappings
        bookings={"kinds": ["bookings", "exams", "bookings"], "termtime_booking_type": "TT"},
    )
    assert settings.bookings.kinds == ("bookings", "exams")
    assert settings.bookings.item_kinds() == ("termtime_bookings", "exams")
    assert settings.bookings.booking_types() == {
        "activities": "Teaching",
        "exams": "Exam",
        "termtime_bookings": "TT",
    }


@pytest.mark.parametrize("kinds", [[], ["lectures"], ["termtime_bookings"]])
def test_an_unknown_or_empty_list_of_kinds_is_refused(kinds: list[str]) -> None:
    """Only the kinds' setting names are accepted, and at least one of them."""
    with pytest.raises(ValidationError) as caught:
        Settings(**_SYSTEMS, bookings={"kinds": kinds})  # type: ignore[arg-type]  # mappings
    message = describe_validation_error(caught.value, source=None)
    assert "setting bookings.kinds" in message
    assert "activities, exams, bookings" in message


def _lock_of(termtime: str, booker: str) -> Path:
    return Settings(
        termtime={"base_url": termtime, "api_key": "k" * 20},
        booker={"base_url": booker, "username": "sync", "password": "p"},
    ).lock_file()


def test_one_pair_of_systems_has_one_lock_however_spelt() -> None:
    """localhost and 127.0.0.1, case, default ports and a trailing slash name one system."""
    one = _lock_of("http://localhost:8701/v1/api", "https://Booker.Example.ac.uk/api")
    assert one == _lock_of("http://127.0.0.1:8701/v1/api/", "https://booker.example.ac.uk:443/api")
    assert one == _lock_of("http://[::1]:8701/v1/api", "https://BOOKER.example.ac.uk/api/")
    assert one != _lock_of("http://localhost:8702/v1/api", "https://booker.example.ac.uk/api")
    assert one != _lock_of("http://localhost:8701/v1/api", "https://other.example.ac.uk/api")


def test_a_mistyped_key_suggests_the_nearest_valid_one(tmp_path: Path) -> None:
    """`api_keyy` and `[bookingz]` are named, each with the key that was probably meant."""
    path = tmp_path / "typo.toml"
    path.write_text(
        '[termtime]\nbase_url = "http://x/v1/api"\napi_keyy = "x"\n'
        '[booker]\nbase_url = "http://y/api"\nusername = "u"\npassword = "p"\n[bookingz]\n'
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert "termtime.api_keyy is not a setting; did you mean termtime.api_key?" in message
    assert "bookingz is not a setting; did you mean bookings?" in message


def test_no_configuration_at_all_says_how_to_give_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a file or any ESSM_SYNC_ variable, the error says how to pass settings."""
    for name in [n for n in os.environ if n.startswith("ESSM_SYNC_")]:
        monkeypatch.delenv(name)
    with pytest.raises(ConfigError, match="pass --config FILE"):
        load_settings(None)


def test_a_mistyped_variable_is_named_not_blamed_on_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unknown ESSM_SYNC_ variable is named as the variable, with the one meant; the
    file it did not come from is not mentioned."""
    path = tmp_path / "good.toml"
    path.write_text(GOOD)
    monkeypatch.setenv("ESSM_SYNC_BOOKER__PASWORD", "x")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value) == (
        "invalid configuration: environment variable ESSM_SYNC_BOOKER__PASWORD is not a "
        "setting; did you mean ESSM_SYNC_BOOKER__PASSWORD?"
    )


@pytest.mark.parametrize("code", ["1", "2", "3"])
def test_incomplete_exit_code_may_not_take_a_code_that_means_something_else(
    config: Path, monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    """run.incomplete_exit_code 1, 2 or 3 would hide an error, changes or a refusal."""
    monkeypatch.setenv("ESSM_SYNC_RUN__INCOMPLETE_EXIT_CODE", code)
    with pytest.raises(ConfigError, match=r"run\.incomplete_exit_code"):
        load_settings(config)


def test_metrics_settings_read_an_empty_file_as_none_and_check_the_url(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """metrics.file = "" is no textfile; a Pushgateway URL must be http(s)."""
    monkeypatch.setenv("ESSM_SYNC_METRICS__FILE", "")
    monkeypatch.setenv("ESSM_SYNC_RUN__INCOMPLETE_EXIT_CODE", "0")
    settings = load_settings(config)
    assert settings.metrics.file is None
    assert settings.run.incomplete_exit_code == 0
    monkeypatch.setenv("ESSM_SYNC_METRICS__PUSHGATEWAY_URL", "pushgateway:9091")
    with pytest.raises(ConfigError, match=r"metrics\.pushgateway_url"):
        load_settings(config)


def test_a_variable_of_a_section_that_does_not_exist_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ESSM_SYNC_BOKER__PASSWORD` names no section: refused, with the variable meant,
    rather than passed over while the file's password is used."""
    path = tmp_path / "good.toml"
    path.write_text(GOOD)
    monkeypatch.setenv("ESSM_SYNC_BOKER__PASSWORD", "x")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value) == (
        "invalid configuration: environment variable ESSM_SYNC_BOKER__PASSWORD is not a "
        "setting; did you mean ESSM_SYNC_BOOKER__PASSWORD?"
    )
