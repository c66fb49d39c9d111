"""FSRS cards from the reviews: rating, replay, idempotence, crashes, key changes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import timedelta

import fsrs
import pytest

from cert_prep.bank.loader import ExamBank
from cert_prep.store import Store
from cert_prep.store.cards import CARD_COLUMNS
from cert_prep.study import card_sync as history
from cert_prep.study.card_sync import (
    card_id_for,
    exam_cards,
    pace_seconds,
    rating_for,
    scheduler,
    sync_cards,
)
from tests.study.conftest import PACE, START, days

# ---- rating ----------------------------------------------------------------------------------


def test_pace_is_time_limit_over_questions(bank):
    assert pace_seconds(bank.blueprint) == PACE == 600 / 5


@pytest.mark.parametrize(
    ("correct", "seconds", "expected"),
    [
        (False, 10.0, fsrs.Rating.Again),  # wrong is Again however fast
        (False, 1000.0, fsrs.Rating.Again),
        (False, None, fsrs.Rating.Again),
        (True, None, fsrs.Rating.Good),  # time unknown
        (True, 0.0, fsrs.Rating.Good),
        (True, 100.0, fsrs.Rating.Good),
        (True, 2 * PACE, fsrs.Rating.Good),  # exactly 2x pace is not yet Hard
        (True, 2 * PACE + 0.1, fsrs.Rating.Hard),
        (True, 0.5 * PACE, fsrs.Rating.Good),  # exactly half the pace is not yet Easy
        (True, 0.5 * PACE - 0.1, fsrs.Rating.Easy),
        (True, 5.0, fsrs.Rating.Easy),
    ],
)
def test_rating_mapping(correct, seconds, expected):
    assert rating_for(correct, seconds, PACE) == expected


def test_card_ids_are_stable_positive_and_distinct():
    assert card_id_for("s-a1") == card_id_for("s-a1")
    assert card_id_for("s-a1") != card_id_for("s-a2")
    assert 0 < card_id_for("s-a1") < 2**48


# ---- sync --------------------------------------------------------------------------------------


def _replay(*steps):
    """The card FSRS gives for (rating, time) steps, straight from the package."""
    card = fsrs.Card(card_id=1, due=steps[0][1])
    for rating, when in steps:
        card, _ = scheduler().review_card(card, rating, when)
    return card


def test_sync_replays_reviews_into_fsrs_cards(student, store, bank, clock):
    student.answer("s-a1", True, seconds=100)
    student.later(days=3)
    student.answer("s-a1", False, seconds=30)
    student.later(days=1)
    student.answer("s-a1", True, seconds=20)  # fast: Easy
    result = sync_cards(store, bank, clock.now())
    assert result.applied == 3
    state = exam_cards(store, bank, clock.now())["s-a1"]
    expected = _replay(
        (fsrs.Rating.Good, START),
        (fsrs.Rating.Again, START + days(3)),
        (fsrs.Rating.Easy, START + days(4)),
    )
    assert state.card.stability == pytest.approx(expected.stability)
    assert state.card.difficulty == pytest.approx(expected.difficulty)
    assert state.card.due == expected.due
    assert state.card.card_id == card_id_for("s-a1")
    assert (state.reps, state.lapses, state.first_correct) == (3, 1, True)
    # recent accuracy: right (1/4), wrong (2/4), right (4/4), normalised
    assert state.recent == pytest.approx((0.25 * 1 + 0.5 * 0 + 1 * 1) / 1.75)


def test_bulk_recall_equals_fsrs_retrievability(student, store, bank, clock):
    """Mastery computes recall from the card's fields; it must be FSRS's own number."""
    import random

    rng = random.Random(3)
    for _ in range(40):
        item = rng.choice(bank.items).id
        student.answer(item, rng.random() < 0.7, seconds=rng.uniform(20, 300))
        student.later(hours=rng.uniform(1, 90))
    states = exam_cards(store, bank, clock.now())
    checked = 0
    for state in states.values():
        card = state.card
        for hours in (0, 5, 23.99, 24, 24.01, 47, 300, 5000):
            at = clock.now() + timedelta(hours=hours)
            assert state.recall(history.to_ms(at)) == pytest.approx(
                scheduler().get_card_retrievability(card, at), rel=1e-12
            )
            checked += 1
    assert checked >= 40
    # whole days exactly at the boundary, with milliseconds in the review time
    student.answer("s-g1", True, at=START + timedelta(milliseconds=123))
    state = exam_cards(store, bank, START + timedelta(days=30))["s-g1"]
    for offset in (
        timedelta(days=1) - timedelta(milliseconds=1),
        timedelta(days=1),
        timedelta(days=2, milliseconds=-1),
        timedelta(days=2),
    ):
        at = START + timedelta(milliseconds=123) + offset
        assert state.recall(history.to_ms(at)) == scheduler().get_card_retrievability(
            state.card, at
        )


def _cards_table(store: Store) -> list[tuple]:
    return store.db.execute(f"SELECT {CARD_COLUMNS} FROM cards ORDER BY item_id").fetchall()


def test_sync_is_idempotent_across_calls_and_processes(student, store, bank, clock, tmp_path):
    for item in ("s-a1", "s-b1", "s-g1"):
        student.answer(item, item != "s-b1")
        student.later(hours=1)
    first = sync_cards(store, bank, clock.now())
    assert first.applied == 3
    before = _cards_table(store)
    assert sync_cards(store, bank, clock.now()).applied == 0
    assert _cards_table(store) == before
    # another process: no in-memory cache, same file
    other = Store.open(store.path)
    try:
        assert sync_cards(other, bank, clock.now()).applied == 0
        assert _cards_table(other) == before
    finally:
        other.close()


def test_incremental_sync_equals_one_replay_of_everything(student, store, bank, clock):
    plan = [
        ("s-a1", True),
        ("s-a2", False),
        ("s-a1", True),
        ("s-b3", True),
        ("s-a2", True),
        ("s-a1", False),
        ("s-b3", True),
        ("s-a2", True),
    ]
    for n, (item, ok) in enumerate(plan):
        student.answer(item, ok, seconds=40 + 30 * n)
        student.later(days=1.3)
        if n % 3 == 0:
            sync_cards(store, bank, clock.now())
    sync_cards(store, bank, clock.now())
    incremental = _cards_table(store)
    # forget every card and replay all reviews at once
    with store.transaction() as db:
        db.execute("DELETE FROM cards")
        db.execute("DELETE FROM card_sync")
    history._link(store).cache.clear()
    assert sync_cards(store, bank, clock.now()).applied == len(plan)
    assert _cards_table(store) == incremental


def test_a_long_history_is_applied_in_chunks_with_the_same_result(
    student, store, bank, clock, monkeypatch
):
    import random

    rng = random.Random(9)
    for _ in range(25):
        student.answer(rng.choice(bank.items).id, rng.random() < 0.6)
        student.later(hours=rng.uniform(2, 40))
    student.sit_exam({"s-a1": True, "s-b2": False, "s-g1": True})
    for _ in range(10):
        student.later(hours=rng.uniform(2, 40))
        student.answer(rng.choice(bank.items).id, rng.random() < 0.6)
    monkeypatch.setattr(history, "_CHUNK", 4)  # 38 reviews: ten transactions
    chunked = sync_cards(store, bank, clock.now())
    assert chunked.applied + chunked.rebuilt >= 38 and chunked.predictions == 1
    in_chunks = _cards_table(store)
    predicted = store.db.execute("SELECT predicted, low, high FROM readiness_history").fetchall()
    monkeypatch.setattr(history, "_CHUNK", 100_000)
    with store.transaction() as db:
        db.execute("DELETE FROM cards")
        db.execute("DELETE FROM card_sync")
        db.execute("DELETE FROM readiness_history")
    history._link(store).cache.clear()
    sync_cards(store, bank, clock.now())
    assert _cards_table(store) == in_chunks
    assert (
        store.db.execute("SELECT predicted, low, high FROM readiness_history").fetchall()
        == predicted
    )


def test_an_in_memory_store_works_the_same(bank, clock):
    from tests.study.conftest import Student

    store = Store.memory()
    Student(store, bank, clock).answer("s-a1", True)
    assert sync_cards(store, bank, clock.now()).applied == 1
    assert sync_cards(store, bank, clock.now()).applied == 0
    assert exam_cards(store, bank, clock.now())["s-a1"].reps == 1


def test_a_crash_during_sync_leaves_nothing_half_applied(student, store, bank, clock, monkeypatch):
    student.answer("s-a1", True)
    student.answer("s-a2", False)

    def boom(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(history, "_save_states", boom)
    with pytest.raises(sqlite3.OperationalError):
        sync_cards(store, bank, clock.now())
    assert store.db.execute("SELECT count(*) FROM cards").fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM card_sync").fetchone()[0] == 0
    monkeypatch.undo()
    assert sync_cards(store, bank, clock.now()).applied == 2
    states = exam_cards(store, bank, clock.now())
    assert states["s-a1"].reps == 1 and states["s-a2"].reps == 1  # applied once, not twice


def test_a_review_arriving_out_of_time_order_replays_that_card(student, store, bank, clock):
    # A drill answer at 10:00 is synced; an exam answered at 9:00 is submitted afterwards.
    student.answer("s-a1", True, at=START + days(1))
    sync_cards(store, bank, clock.now() + days(1))
    student.answer("s-a1", False, at=START)
    result = sync_cards(store, bank, START + days(2))
    assert result.rebuilt == 1
    state = exam_cards(store, bank, START + days(2))["s-a1"]
    expected = _replay((fsrs.Rating.Again, START), (fsrs.Rating.Good, START + days(1)))
    assert state.card.stability == pytest.approx(expected.stability)
    assert state.reps == 2 and state.first_correct is False


# ---- key changes and removed items ---------------------------------------------------------------


def _with_new_key(bank: ExamBank, item_id: str) -> ExamBank:
    """The same bank with one item's key changed (as after editing the bank file)."""
    items = []
    for item in bank.items:
        if item.id == item_id:
            question = item.question.model_copy(update={"answer": "B"})
            item = type(item)(
                question, item.exam, item.domain, item.code_year, item.case, item.source, item.line
            )
        items.append(item)
    return ExamBank(bank.blueprint, bank.blueprint_path, items)


def test_a_changed_key_resets_the_card_and_restarts_from_the_new_key(student, store, bank, clock):
    student.answer("s-a1", True)
    student.answer("s-a3", True)
    student.later(days=1)
    student.answer("s-a1", True)
    assert exam_cards(store, bank, clock.now())["s-a1"].reps == 2

    edited = _with_new_key(bank, "s-a1")
    result = sync_cards(store, edited, clock.now())
    assert result.rebuilt == 1
    states = exam_cards(store, edited, clock.now())
    assert not states["s-a1"].seen  # the answers were to another key
    assert states["s-a3"].reps == 1  # other items keep their history

    # Answers to the new key start a fresh card from the first of them.
    student.bank = edited
    student.later(days=1)
    student.answer("s-a1", False)
    state = exam_cards(store, edited, clock.now())["s-a1"]
    assert state.reps == 1 and state.first_correct is False
    assert state.card.stability == pytest.approx(
        _replay((fsrs.Rating.Again, clock.now())).stability
    )

    # Going back to the old key: the card is again the replay of the old key's answers
    # after the last answer to another key, which leaves nothing.
    back = exam_cards(store, bank, clock.now())["s-a1"]
    assert not back.seen


def test_an_edit_that_keeps_the_key_keeps_the_history(student, store, bank, clock):
    student.answer("s-a1", True)
    items = [
        type(it)(
            it.question.model_copy(update={"stem": "Alpha one, reworded: pick A."}),
            it.exam,
            it.domain,
            it.code_year,
            it.case,
            it.source,
            it.line,
        )
        if it.id == "s-a1"
        else it
        for it in bank.items
    ]
    reworded = ExamBank(bank.blueprint, bank.blueprint_path, items)
    assert exam_cards(store, reworded, clock.now())["s-a1"].reps == 1


def test_a_removed_item_keeps_its_card(student, store, bank, clock):
    student.answer("s-a1", True)
    student.answer("s-g2", True)
    trimmed = ExamBank(
        bank.blueprint, bank.blueprint_path, [it for it in bank.items if it.id != "s-g2"]
    )
    states = exam_cards(store, trimmed, clock.now())
    assert states["s-g2"].reps == 1  # history kept...
    stored = store.db.execute("SELECT reps FROM cards WHERE item_id = 's-g2'").fetchone()
    assert stored[0] == 1


# ---- a library, and import cost --------------------------------------------------------------


def test_sync_of_a_library_covers_every_exam(library, store, clock):
    from tests.study.conftest import Student

    Student(store, library.exam("study"), clock).answer("s-a1", True)
    Student(store, library.exam("second"), clock).answer("s2-1", False)
    result = sync_cards(store, library, clock.now())
    assert sorted(result.exams) == ["second", "study"]
    assert result.applied == 2


def test_importing_the_study_layer_does_not_import_fsrs():
    code = (
        "import sys, cert_prep.study.selection, cert_prep.study.readiness, "
        "cert_prep.cli.progress_commands; raise SystemExit(1 if 'fsrs' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
