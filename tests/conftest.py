"""Shared fixtures: retries without sleeping, quiet logs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stamina

from essm_sync.cli.logs import configure_logging


@pytest.fixture(autouse=True)
def _no_backoff() -> Iterator[None]:
    """Retries keep their configured attempts but never sleep."""
    with stamina.set_testing(True, attempts=100, cap=True):
        yield


@pytest.fixture(autouse=True)
def _quiet_logs() -> None:
    configure_logging(log_format="text", verbose=False)
