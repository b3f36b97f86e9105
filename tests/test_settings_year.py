"""`termtime.academic_year_start`: a month-day every year has, 1 August by default."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from essm_sync.settings import TermTimeSettings

BASE = {"base_url": "https://termtime.example.ac.uk/v1/api", "api_key": "K" * 20}


def test_year_starts_on_1_august_by_default() -> None:
    """With no setting, TermTime's academic year is taken to start on 1 August."""
    assert TermTimeSettings(**BASE).year_starts() == (8, 1)


def test_year_start_is_read_as_month_and_day() -> None:
    """`09-15` is 15 September."""
    settings = TermTimeSettings(**BASE, academic_year_start="09-15")
    assert settings.year_starts() == (9, 15)


@pytest.mark.parametrize("value", ["02-29", "13-01", "08-32", "8-1", "0801", "August"])
def test_year_start_that_not_every_year_has_is_refused(value: str) -> None:
    """A day some years lack (29 February), an impossible date or another format is refused."""
    with pytest.raises(ValidationError):
        TermTimeSettings(**BASE, academic_year_start=value)
