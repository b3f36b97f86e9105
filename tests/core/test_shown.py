"""Codes printed so that two different ones never look alike, and look-alikes found."""

from __future__ import annotations

import pytest

from essm_sync.core import lookalikes, render_text, shown
from essm_sync.models import Plan, PlanWarning, Stage


@pytest.mark.parametrize(
    ("code", "printed"),
    [
        ("LR1", "LR1"),
        ("Café-1", "Café-1"),
        ("LR1 ", '"LR1 "'),
        (" LR1", '" LR1"'),
        ("LR\u200b1", '"LR\\u200b1"'),
        ("Cafe\u0301-1", '"Cafe\\u0301-1"'),
        ("a\tb", '"a\\u0009b"'),
        ("A\u00a0B", '"A\\u00a0B"'),
    ],
)
def test_a_code_that_hides_something_is_printed_escaped(code: str, printed: str) -> None:
    """Surrounding spaces, control, zero-width and non-breaking characters and the accents
    of a text not in NFC are escaped; a plain code is printed as itself."""
    assert shown(code) == printed


def test_codes_that_read_alike_are_printed_apart() -> None:
    """A trailing space, a zero-width space and NFD never print like the plain code."""
    codes = ["LR1", "LR1 ", "LR\u200b1", "Café-1", "Cafe\u0301-1"]
    assert len({shown(code) for code in codes}) == len(codes)


def test_lookalikes_pair_codes_differing_only_in_how_they_look() -> None:
    """Case, spaces, invisible characters and normalisation pair; equal codes do not."""
    booker = ["LR9 ", "ZW\u200b1", "Café-1", "lr2", "SAME", "OTHER"]
    termtime = ["LR9", "ZW1", "Cafe\u0301-1", "LR2", "SAME", "ELSE"]
    assert lookalikes(booker, termtime) == [
        ("Café-1", "Cafe\u0301-1"),
        ("LR9 ", "LR9"),
        ("ZW\u200b1", "ZW1"),
        ("lr2", "LR2"),
    ]


def test_a_plan_warning_prints_its_key_escaped() -> None:
    """The text plan shows a warning's code with its trailing space visible."""
    warning = PlanWarning(key="LR1 ", message="TermTime room unknown")
    stage = Stage(operation="rooms", owned=0, desired=0, warnings=(warning,))
    assert '? "LR1 ": TermTime room unknown' in render_text(Plan(stages=(stage,)))
