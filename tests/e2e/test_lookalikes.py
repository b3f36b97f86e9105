"""Look-alike codes in the sandbox: the audit pairs them (`code-lookalike`) and every
output shows them apart, never as the same code nor as unrelated ones."""

from __future__ import annotations

from pathlib import Path

from essm_sync.core import render_audit
from essm_sync.engine import audit_systems
from essm_sync.sandbox import add_lookalikes, expected_audit
from tests.world import make_world


async def test_lookalike_codes_are_audited_and_shown_apart(tmp_path: Path) -> None:
    """Trailing space, zero-width space, NFC against NFD: each Booker code has one
    `code-lookalike` record, the oracle agrees, and the text report escapes both codes."""
    world = make_world(tmp_path)
    pairs = add_lookalikes(world.sandbox.termtime, world.sandbox.booker)
    async with world.systems() as systems:
        found = await audit_systems(systems, world.settings, world.options)
    assert {(d.check, d.key) for d in found.discrepancies} == expected_audit(world.sandbox)
    alike = {d.key: d for d in found.discrepancies if d.check == "code-lookalike"}
    assert set(alike) == set(pairs)
    text = render_audit(found, "markdown")
    for record in alike.values():
        assert record.booker is not None
        assert record.booker != record.termtime
        assert record.booker in text
    assert '"LR9 "' in text
    assert '"ZW\\u200b1"' in text
    assert '"Cafe\\u0301-1"' in text
