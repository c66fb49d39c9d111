"""Shared fixtures: sample bank roots under tests/, temp data dirs, a fake clock."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cert_prep.clock import FakeClock
from cert_prep.store import Store

FIXTURES = Path(__file__).parent / "bank" / "fixtures"

pytest_plugins = ["tests.engine.fixtures"]


@pytest.fixture
def demo_root(tmp_path: Path) -> Path:
    """A writable copy of the small demo bank root."""
    root = tmp_path / "banks"
    shutil.copytree(FIXTURES / "root", root)
    return root


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path):
    """A study store in a fresh data dir, closed after the test."""
    store = Store.open(tmp_path / "data" / "cert-prep.sqlite3")
    yield store
    store.close()


@pytest.fixture(scope="session")
def book_cache(tmp_path_factory) -> Path:
    """A cache folder with the ICD-10-CM book index, built once per session (~5 s)."""
    from cert_prep.book.book import Book

    cache = tmp_path_factory.mktemp("book-cache")
    Book.open(cache).close()
    return cache
