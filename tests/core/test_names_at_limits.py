"""Names and codes at TermTime's 45-character limit, and the stable suffixes that part them."""

from __future__ import annotations

from essm_sync.core._common import fit_name, floor_code, too_long, unique_names
from essm_sync.models import PlanWarning

_NAME = "Lecture Theatre of the School of Natural Sciences West"


def test_a_name_of_45_characters_is_kept_and_46_are_cut_with_a_warning() -> None:
    """A name exactly at the limit passes untouched; one past it is cut and said so."""
    warnings: list[PlanWarning] = []
    assert fit_name("A" * 45, "R1", warnings) == "A" * 45
    assert fit_name("B" * 46, "R2", warnings) == "B" * 45
    assert warnings == [PlanWarning(key="R2", message="name longer than 45 characters, shortened")]


def test_a_code_of_45_characters_is_accepted_and_46_skipped_under_a_short_key() -> None:
    """A code at the limit is synced; one past it is skipped, warned under its key's first 60."""
    warnings: list[PlanWarning] = []
    assert too_long("C" * 45, "C" * 45, warnings) is False
    assert too_long("D" * 46, "K" * 70, warnings) is True
    assert warnings == [
        PlanWarning(
            key="K" * 60,
            message="code longer than 45 characters, which TermTime refuses; skipped",
        )
    ]


def test_floor_codes_at_their_limits() -> None:
    """A nameless floor is FLOOR; a taken or too long code gets its stable suffix, within 45."""
    assert floor_code("MIL", "--") == "MIL-FLOOR"
    assert floor_code("B" * 39, "Level") == "B" * 39 + "-LEVEL"
    assert floor_code("MIL", "Level 1", taken=frozenset({"MIL-LEVEL1"})) == "MIL-LEVEL1-AD3930"
    assert floor_code("B" * 40, "Level") == "B" * 38 + "-8BE781"


def test_colliding_names_get_the_key_up_to_12_characters_else_a_digest() -> None:
    """Each colliding name is cut before its suffix without a trailing space, and said so."""
    warnings: list[PlanWarning] = []
    named = {"ABCDEFGHIJKL": ("Mill Lane", _NAME), "ABCDEFGHIJKLM": ("Mill Lane", _NAME)}
    assert unique_names(named, warnings) == {
        "ABCDEFGHIJKL": "Lecture Theatre of the School (ABCDEFGHIJKL)",
        "ABCDEFGHIJKLM": "Lecture Theatre of the School of Nat (170F56)",
    }
    assert warnings[2:] == [
        PlanWarning(
            key="ABCDEFGHIJKL",
            message="name collides with another in Mill Lane; made unique as "
            "'Lecture Theatre of the School (ABCDEFGHIJKL)'",
        ),
        PlanWarning(
            key="ABCDEFGHIJKLM",
            message="name collides with another in Mill Lane; made unique as "
            "'Lecture Theatre of the School of Nat (170F56)'",
        ),
    ]


def test_a_collision_outside_any_scope_is_named_as_in_termtime() -> None:
    """Names that collide regardless of case across TermTime say so in those words."""
    warnings: list[PlanWarning] = []
    assert unique_names({"K1": ("", "Lab"), "K2": ("", "LAB")}, warnings) == {
        "K1": "Lab (K1)",
        "K2": "LAB (K2)",
    }
    assert [w.message for w in warnings] == [
        "name collides with another in TermTime; made unique as 'Lab (K1)'",
        "name collides with another in TermTime; made unique as 'LAB (K2)'",
    ]
