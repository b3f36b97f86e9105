"""settings.example.toml names every setting with a comment, and loads as shipped and with
every optional setting switched on."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from essm_sync.settings import Settings, load_settings

EXAMPLE = Path(__file__).parent.parent / "settings.example.toml"
_SECTION = re.compile(r"^\[(\w+)\]")
_SETTING = re.compile(r"^(#\s*)?(\w+) = [^#]*(#.*)?$")


def _named() -> dict[tuple[str, str], bool]:
    """Each (section, key) the example names, set or commented out, and whether its line
    carries a comment saying what it is."""
    named: dict[tuple[str, str], bool] = {}
    section = ""
    for line in EXAMPLE.read_text().splitlines():
        if found := _SECTION.match(line):
            section = found[1]
        elif (found := _SETTING.match(line)) and section:
            named[(section, found[2])] = found[3] is not None
    return named


def _filled(text: str) -> str:
    return text.replace('api_key = "..."', 'api_key = "' + "k" * 20 + '"').replace(
        'webhook_secret = "..."', 'webhook_secret = "' + "s" * 16 + '"'
    )


def test_every_setting_is_in_the_example_with_a_comment() -> None:
    """Each key of each settings section appears in the example, its line commented."""
    named = _named()
    wanted = []
    for section, field in Settings.model_fields.items():
        model = field.annotation
        assert isinstance(model, type)
        assert issubclass(model, BaseModel)
        wanted += [(section, key) for key in model.model_fields]
    assert [key for key in wanted if key not in named] == []
    assert [key for key in wanted if not named[key]] == []


def test_the_example_loads_with_every_optional_setting_switched_on(tmp_path: Path) -> None:
    """Uncommenting every commented-out setting still gives settings that load."""
    text = re.sub(r"^# (\w+ = )", r"\1", EXAMPLE.read_text(), flags=re.MULTILINE)
    path = tmp_path / "settings.toml"
    path.write_text(_filled(text))
    settings = load_settings(path)
    assert settings.roombookings.owner == "ESSMSYNC"
    assert settings.bookings.overlapping_items == "share"
    assert settings.termtime.academic_year_start == "08-01"
    assert settings.serve.public_url == "https://essm-sync.example.ac.uk"
    assert settings.metrics.file is None
