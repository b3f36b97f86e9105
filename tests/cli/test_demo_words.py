"""The demo's closing line is grammatical for one held room and for several."""

from __future__ import annotations

from essm_sync.cli.demo_run import converged_message


def test_one_held_room_stays_held_and_several_stay_held() -> None:
    """One room 'stays held until TermTime serves its items'; two 'stay held ... their'."""
    assert "and 1 room stays held until TermTime serves its items readably;" in (
        converged_message(1)
    )
    assert "and 2 rooms stay held until TermTime serves their items readably;" in (
        converged_message(2)
    )
    assert "held" not in converged_message(0)
