"""The engine and UI tests' sample library ("tiny" and "mini" banks), clock and context.

Registered for the whole suite in tests/conftest.py; the study and report tests override
`library`, `clock` and `context` with their own sample banks.
"""

from __future__ import annotations

import pytest

from cert_prep.bank.loader import Library
from cert_prep.clock import FakeClock
from tests.engine.support import fixture_library, make_context


@pytest.fixture(scope="session")
def library() -> Library:
    return fixture_library()


@pytest.fixture
def tiny(library):
    return library.exam("tiny")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def context(tmp_path, clock, library):
    ctx = make_context(tmp_path, clock, library)
    yield ctx
    ctx.close()
