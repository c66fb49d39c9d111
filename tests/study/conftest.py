"""Study-layer tests: a small sample bank (fixtures/banks), a fake clock, reviews written
through the Store the way the drill and exam engine write them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cert_prep.bank.loader import ExamBank, Library, load_library
from cert_prep.bank.models import key_hash
from cert_prep.clock import FakeClock, to_iso
from cert_prep.context import AppContext
from cert_prep.paths import Locations
from cert_prep.store import NewItem, Review, Store

BANKS = Path(__file__).parent / "fixtures" / "banks"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PACE = 120.0  # the study blueprint: 10 minutes for 5 questions


@pytest.fixture(scope="session")
def library() -> Library:
    library = load_library([BANKS], None)
    assert not library.problems, library.problems
    return library


@pytest.fixture
def bank(library) -> ExamBank:
    return library.exam("study")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def context(tmp_path, library, clock):
    locations = Locations(
        bank_roots=(BANKS,),
        data_dir=tmp_path / "data",
        exports_dir=tmp_path / "exports",
        cache_dir=None,
    )
    ctx = AppContext(locations, clock, _library=library)
    yield ctx
    ctx.close()


@dataclass
class Student:
    """Answers items at the fake clock's time, as the drill engine records them."""

    store: Store
    bank: ExamBank
    clock: FakeClock

    def answer(
        self,
        item_id: str,
        correct: bool,
        seconds: float | None = 100.0,
        at: datetime | None = None,
        key: str | None = "current",
        confidence: int | None = None,
    ) -> None:
        item = self.bank.item(item_id)
        assert item is not None, item_id
        khash = key_hash(item.question) if key == "current" else key
        when = at or self.clock.now()
        self.store.add_reviews(
            [
                Review(
                    item_id,
                    self.bank.id,
                    item.domain,
                    to_iso(when),
                    "A",
                    correct,
                    seconds,
                    "drill",
                    None,
                    khash,
                    confidence,
                )
            ]
        )

    def later(self, days: float = 0.0, hours: float = 0.0) -> None:
        self.clock.advance(days * 86400 + hours * 3600)

    def sit_exam(self, answers: dict[str, bool], seconds: float = 100.0) -> int:
        """A submitted mock exam over `answers` (all of them answered), as Store.submit does."""
        items = [self.bank.item(i) for i in answers]
        attempt = self.store.create_attempt(
            self.bank.id,
            "exam",
            to_iso(self.clock.now()),
            [NewItem(it.id, it.domain, key_hash(it.question)) for it in items],
            time_limit_s=600,
        )
        reviews = []
        for it in items:
            self.clock.advance(seconds)
            reviews.append(
                Review(
                    it.id,
                    self.bank.id,
                    it.domain,
                    to_iso(self.clock.now()),
                    "A",
                    answers[it.id],
                    seconds,
                    "exam",
                    attempt,
                    key_hash(it.question),
                )
            )
        right = sum(answers.values())
        percent = round(100 * right / len(items), 1)
        self.store.submit(
            attempt,
            to_iso(self.clock.now()),
            "submitted",
            {seq: ok for seq, ok in enumerate(answers.values())},
            right,
            len(items),
            percent,
            percent >= 60,
            reviews,
        )
        return attempt


@pytest.fixture
def student(store, bank, clock) -> Student:
    return Student(store, bank, clock)


def days(n: float) -> timedelta:
    return timedelta(days=n)
