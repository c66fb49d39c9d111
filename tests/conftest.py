"""Shared fixtures: sample bank roots under tests/, temp data dirs, a fake clock."""

from __future__ import annotations

import os
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
def warm_bank_cache(tmp_path_factory) -> Path:
    """A bank cache that already holds the shipped banks, built once per test process.

    Tests that run commands get their own cache folder (never the user's); starting it from
    this copy spares each of them validating every shipped bank file again, while what a
    test writes to its cache stays its own.
    """
    from cert_prep.bank.loader import load_library
    from cert_prep.paths import shipped_banks_dir

    cache = tmp_path_factory.mktemp("warm-bank-cache") / "banks.cache"
    # As lint loads them (codes looked up), which also serves a plain load.
    load_library([shipped_banks_dir()], cache, check_codes=True)
    return cache


def own_cache_folder(folder: Path, warm_cache: Path) -> Path:
    """`folder` as a test's own cache folder, starting from the warm bank cache. Linked, not
    copied (4 MB in some 200 tests): the cache is only ever replaced whole (a new file
    renamed over it), so a test's writes never reach the shared file."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        os.link(warm_cache, folder / "banks.cache")
    except OSError:
        shutil.copyfile(warm_cache, folder / "banks.cache")
    return folder


def add_book(folder: Path, book_cache: Path) -> Path:
    """`folder` (a test's cache folder) with the run's ICD-10-CM book index in it, linked
    rather than copied (35 MB; the book only reads it), so a command that opens the book
    does not build it again (~3 s)."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in book_cache.glob("icd10cm-book-*"):
        target = folder / source.name
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
    return folder


@pytest.fixture(scope="session")
def book_cache(tmp_path_factory) -> Path:
    """A cache folder with the ICD-10-CM book index (~3 s to build), built once per run:
    pytest-xdist's workers share it, the first to arrive building it under a lock."""
    import fcntl
    import os

    from cert_prep.book.book import Book

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    cache = shared / "book-cache"
    with open(shared / "book-cache.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        cache.mkdir(exist_ok=True)
        Book.open(cache).close()  # builds the index the first time; later opens find it
    return cache


def pytest_configure(config: pytest.Config) -> None:
    # Textual's Pilot waits for the app to go idle after every key press and pause, in
    # sleeps of 20 ms (textual._wait). Steps of 2 ms keep the same idleness test (CPU time
    # under a twentieth of the wall time slept) and halve the UI tests' wall time.
    import textual._wait as textual_wait

    textual_wait.SLEEP_GRANULARITY = 1 / 500
    textual_wait.SLEEP_IDLE = textual_wait.SLEEP_GRANULARITY / 20
