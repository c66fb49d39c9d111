"""Report tests: the sample bank (fixtures/banks), a fake clock, a context on tmp_path."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cert_prep.bank.loader import Library, load_library
from cert_prep.clock import FakeClock
from tests.report.helpers import BANKS, make_context


@pytest.fixture(scope="session")
def library() -> Library:
    library = load_library([BANKS], None)
    assert not library.problems, library.problems
    return library


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 14, 5, tzinfo=UTC))


@pytest.fixture
def context(tmp_path, library, clock):
    ctx = make_context(tmp_path, library, clock)
    yield ctx
    ctx.close()
