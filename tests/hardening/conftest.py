"""Every hardening test runs with its own cache folder (never the user's)."""

from __future__ import annotations

import pytest

from tests.conftest import own_cache_folder


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch, warm_bank_cache):
    cache = own_cache_folder(tmp_path / "cache", warm_bank_cache)
    monkeypatch.setenv("CERT_PREP_CACHE", str(cache))
    monkeypatch.delenv("CERT_PREP_BANKS", raising=False)
