"""Registering webhooks converges on exactly ours and never touches anyone else's."""

from __future__ import annotations

from essm_sync.core import plan_webhooks, webhook_specs
from essm_sync.models import TermTimeWebhook

URL = "https://sync.example/hooks/termtime"
HEADER = "X-Essm-Sync-Token: a-secret-of-some-length"
WANTED = webhook_specs(
    code="essm-sync", types=["activity.new", "activity.update"], url=URL, header=HEADER
)


def _hook(code: str, kind: str, *, url: str = URL, header: str = HEADER) -> TermTimeWebhook:
    return TermTimeWebhook.model_validate(
        {"c": code, "t": kind, "u": url, "h": header, "v": "POST"}
    )


def test_one_webhook_per_type_named_after_the_code() -> None:
    """Each type gets its own webhook `<code>-<type>`, as a §38 webhook has one type."""
    assert [(s.code, s.type, s.verb) for s in WANTED] == [
        ("essm-sync-activity.new", "activity.new", "POST"),
        ("essm-sync-activity.update", "activity.update", "POST"),
    ]


def test_nothing_registered_creates_each() -> None:
    """Against an empty list every wanted webhook is created."""
    changes = plan_webhooks((), WANTED, code="essm-sync")
    assert [(c.action, c.code) for c in changes] == [
        ("create", "essm-sync-activity.new"),
        ("create", "essm-sync-activity.update"),
    ]


def test_registered_as_wanted_is_no_change() -> None:
    """Registering twice changes nothing the second time."""
    have = (_hook("essm-sync-activity.new", "activity.new"),
            _hook("essm-sync-activity.update", "activity.update"))  # fmt: skip
    assert plan_webhooks(have, WANTED, code="essm-sync") == ()


def test_a_new_secret_or_url_is_an_update() -> None:
    """A webhook of ours with another header or URL is updated in place."""
    have = (
        _hook("essm-sync-activity.new", "activity.new", header="X-Essm-Sync-Token: old"),
        _hook("essm-sync-activity.update", "activity.update", url="https://old/hooks"),
    )
    changes = plan_webhooks(have, WANTED, code="essm-sync")
    assert [(c.action, c.code) for c in changes] == [
        ("update", "essm-sync-activity.new"),
        ("update", "essm-sync-activity.update"),
    ]


def test_a_type_no_longer_wanted_is_removed_and_others_are_left() -> None:
    """Our webhook of a dropped type is removed; someone else's webhook is never touched."""
    have = (_hook("essm-sync-activity.delete", "activity.delete"),
            _hook("other-tool", "activity.new"),
            _hook("essm-sync", "activity.new"))  # fmt: skip
    changes = plan_webhooks(have, WANTED, code="essm-sync")
    assert [(c.action, c.code) for c in changes if c.action == "delete"] == [
        ("delete", "essm-sync-activity.delete")
    ]


def test_a_changed_type_is_removed_then_created() -> None:
    """PUT cannot change a type (§38.8), so a code whose type differs is replaced."""
    have = (_hook("essm-sync-activity.new", "activity.delete"),)
    changes = plan_webhooks(have, WANTED[:1], code="essm-sync")
    assert [(c.action, c.code) for c in changes] == [
        ("delete", "essm-sync-activity.new"),
        ("create", "essm-sync-activity.new"),
    ]


def test_removing_all_deletes_only_ours() -> None:
    """Wanting none removes each of our webhooks and nothing else."""
    have = (_hook("essm-sync-activity.new", "activity.new"), _hook("essm-syncx", "activity.new"))
    changes = plan_webhooks(have, (), code="essm-sync")
    assert [(c.action, c.code) for c in changes] == [("delete", "essm-sync-activity.new")]
