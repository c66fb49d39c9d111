"""Every hardening test runs with its own cache folder (never the user's)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CERT_PREP_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("CERT_PREP_BANKS", raising=False)
