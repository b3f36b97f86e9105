"""Escaping at its edges: characters past the basic plane, quotes, NFC accents, inner spaces."""

from __future__ import annotations

import pytest

from essm_sync.core import lookalikes, shown
from essm_sync.core.shown import lookalike_key


@pytest.mark.parametrize(
    ("code", "printed"),
    [
        ("LR\U000e00011", '"LR\\U000e00011"'),  # a tag character, past the basic plane
        ("LR\uffff1", '"LR\\uffff1"'),  # the last code point of the basic plane
        ('A"\u200b\\', '"A\\"\\u200b\\\\"'),  # quotes and backslashes inside the quotes
        ('X"1', 'X"1'),  # nothing hides: printed as itself, quote and all
        ("q\u0301", "q\u0301"),  # in NFC already (no composed form): the accent is seen
        ("Xavière", "Xavière"),  # a letter only strip() of other characters would lose
    ],
)
def test_escaping_at_its_edges(code: str, printed: str) -> None:
    """Each hiding character is escaped in the form its code point needs; nothing else is."""
    assert shown(code) == printed


def test_inner_spaces_are_part_of_the_look() -> None:
    """Codes that differ by a space inside them read differently and are not look-alikes."""
    assert lookalike_key(" LR 1\u200b ") == "lr 1"
    assert lookalikes(["LR 1"], ["LR1"]) == []
