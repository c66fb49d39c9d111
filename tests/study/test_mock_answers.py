"""Answers given only in mock exams (no key shown) are first tries, not study: the readiness
model counts those questions at the first-try rate, and the cards say which were studied."""

from __future__ import annotations

import sqlite3

import pytest

from cert_prep.store import MIGRATIONS, Store
from cert_prep.study.card_sync import exam_cards
from cert_prep.study.expectation import expectations
from cert_prep.study.mastery import evaluate
from cert_prep.study.readiness import readiness


def test_cards_know_whether_an_item_was_studied(student, store, bank, clock):
    student.sit_exam({"s-a1": True, "s-a2": False})
    student.later(hours=1)
    student.answer("s-a2", True)  # a drill: the key is shown
    cards = exam_cards(store, bank, clock.now())
    assert cards["s-a1"].reps == 1 and not cards["s-a1"].studied
    assert cards["s-a2"].reps == 2 and cards["s-a2"].studied
    # the flag is saved with the card: a new store reads it back as it was
    again = Store.open(store.path)
    try:
        read_back = exam_cards(again, bank, clock.now())
        assert (read_back["s-a1"].studied, read_back["s-a2"].studied) == (False, True)
    finally:
        again.close()


def test_a_question_met_only_in_a_mock_counts_at_the_first_try_rate(student, store, bank, clock):
    """Right by luck in a mock is not knowing it: the domain's expected share right treats
    the question like one never seen, and its answer as a first try."""
    student.sit_exam({"s-a1": True, "s-a2": True, "s-b1": False})
    student.later(hours=2)
    states = exam_cards(store, bank, clock.now())
    evaluation = evaluate(bank, states, clock.now())
    alpha = evaluation.by_id()["alpha"]
    assert alpha.seen == 2  # seen, and shown as seen
    assert evaluation.first_tries["alpha"] == (2, 2)  # two right first tries
    total = alpha.total
    # nothing studied: the domain is all "unseen", at its first-try rate
    model = expectations(
        evaluation.first_tries, {d.id: (0.0, 0, d.total) for d in evaluation.domains}
    )
    assert alpha.expected == pytest.approx(model.domains["alpha"].expected)
    assert alpha.expected == pytest.approx(alpha.unseen_rate)
    # the same two answers given in a drill (key shown) count as studied questions
    student.later(days=1)
    student.answer("s-a1", True)
    student.answer("s-a2", True)
    drilled = evaluate(bank, exam_cards(store, bank, clock.now()), clock.now()).by_id()["alpha"]
    assert drilled.expected > alpha.expected
    assert drilled.total == total


def test_a_lucky_mock_does_not_raise_readiness_above_what_it_shows(student, store, bank, clock):
    """Every question of the bank answered right in mock exams and never studied: the
    prediction is the first-try rate's (shrunk toward the prior), not near 100%."""
    student.sit_exam({item.id: True for item in bank.items})
    student.later(hours=1)
    ready = readiness(store, bank, clock.now())
    assert ready.seen == ready.total == 10 and ready.enough_data
    evaluation = evaluate(bank, exam_cards(store, bank, clock.now()), clock.now())
    first_try = sum(d.weight * d.unseen_rate for d in evaluation.domains)
    assert ready.predicted_percent == pytest.approx(100 * first_try, abs=0.1)
    # 10 right first tries against a 50% prior (drilled right, it would be about 97%)
    assert ready.predicted_percent < 90


def test_migration_6_empties_the_cards_so_they_are_rebuilt(tmp_path, bank, clock, student):
    """A history from before migration 6: its cards lack the flag, so they are dropped and
    rebuilt from the reviews (which are the truth) on the next sync."""
    student.sit_exam({"s-a1": True})
    student.later(hours=1)
    student.answer("s-a2", True)
    exam_cards(student.store, bank, clock.now())
    path = student.store.path
    student.store.close()
    db = sqlite3.connect(path, isolation_level=None)
    assert db.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 2
    # back to version 5 as an older cert-prep left it: flag column gone, cards kept
    db.execute("ALTER TABLE cards DROP COLUMN studied")
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    db.close()
    store = Store.open(path)
    try:
        assert store.card_link().watermark(bank.id) == 0  # to be rebuilt
        cards = exam_cards(store, bank, clock.now())
        assert (cards["s-a1"].studied, cards["s-a2"].studied) == (False, True)
    finally:
        store.close()
