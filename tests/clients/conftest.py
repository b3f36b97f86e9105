"""Settings for clients pointed at respx-mocked hosts."""

from __future__ import annotations

import pytest

from essm_sync.settings import Settings

KEY = "ABCDEFGHIJ0123456789"
TT = "https://tt.test/v1/api"
BK = "https://bk.test/api"


@pytest.fixture
def settings() -> Settings:
    return Settings(
        termtime={"base_url": TT, "api_key": KEY},
        booker={"base_url": BK, "username": "essm-sync", "password": "pw-secret", "page_size": 2},
    )
