"""An unreadable floor is named by what of it can be read: its code, else its position,
and its name (design.md, Reading real data)."""

from __future__ import annotations

from pydantic import TypeAdapter

from essm_sync.models import Floor, read_each


def test_an_unreadable_floor_says_whether_it_gave_its_code() -> None:
    """A floor with no building keeps its code; one with no code is named by position and
    says it gave none, so it is not mistaken for a floor of that code."""
    data = [{"n": "Second", "code": "DAR-2", "bn": None, "cn": "C"}, {"n": "Second", "cn": "C"}]
    read, unread = read_each(TypeAdapter(Floor), data, system="TermTime", kind="floor",
                             key_field="code", name_field="n")  # fmt: skip
    assert read == ()
    assert [(u.key, u.has_code, u.name) for u in unread] == [
        ("DAR-2", True, "Second"),
        ("#2 (no code)", False, "Second"),
    ]
