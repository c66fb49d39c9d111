"""Nothing lost: every answer, flag and move is in SQLite at once; reopening the store brings
back the same questions, answers, flags and position. Two connections never corrupt it."""

from __future__ import annotations

import json
import sqlite3

import pytest

from cert_prep.bank.loader import ExamBank
from cert_prep.cli.main import main
from cert_prep.engine.assembly import DrillPlan, ExamOptions, plan_exam
from cert_prep.engine.attempt_summary import history
from cert_prep.engine.session import AttemptClosed, DrillSession, ExamSession, load_result
from cert_prep.store import OpenExamExists, Store, StoreError
from tests.engine.support import BANKS


def test_reopening_the_store_gives_back_the_same_exam(tmp_path, tiny, clock):
    path = tmp_path / "db.sqlite3"
    first = Store.open(path)
    plan = plan_exam(tiny, ExamOptions(seed=4, shuffle=True))
    session = ExamSession.start(first, tiny, plan, clock)
    answers = {}
    for index in range(session.count):
        session.go_to(index)
        entry = session.current
        if entry.kind == "code":
            session.set_codes("E11.9 I10")
        else:
            session.choose("A")
        answers[entry.seq] = entry.response
        if index in (1, 4):
            session.toggle_flag()
    session.go_to(2)
    # no close(): the process dies here; a new process opens the file
    del session
    first.db.close()

    second = Store.open(path)
    assert second.open_exam("tiny") is not None
    again = ExamSession.open(second, tiny, second.open_exam("tiny").id, clock)
    assert [e.item.id for e in again.entries] == [it.id for it in plan.items]
    assert [e.choice_order for e in again.entries] == plan.choice_orders
    assert {e.seq: e.response for e in again.entries} == answers
    assert [e.flagged for e in again.entries] == [i in (1, 4) for i in range(6)]
    assert again.index == 2
    second.close()


def test_one_unfinished_exam_per_exam(store, tiny, library, clock):
    session = ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    with pytest.raises(OpenExamExists) as info:
        ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=2)), clock)
    assert info.value.attempt_id == session.id
    mini = library.exam("mini")
    ExamSession.start(store, mini, plan_exam(mini, ExamOptions(seed=1)), clock)  # another exam
    session.discard()
    assert store.open_exam("tiny") is None
    ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=2)), clock)


def test_a_submission_in_another_window_closes_this_one(tmp_path, tiny, clock):
    path = tmp_path / "db.sqlite3"
    one, two = Store.open(path), Store.open(path)
    mine = ExamSession.start(one, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    mine.choose("A")
    theirs = ExamSession.open(two, tiny, mine.id, clock)
    theirs.submit()
    with pytest.raises(AttemptClosed):
        mine.choose("B")
    assert mine.current.response is not None  # unchanged: the write was refused
    assert one.attempt_items(mine.id)[0].response == mine.current.response
    one.close()
    two.close()


def test_a_busy_database_refuses_the_write_and_loses_nothing(tmp_path, tiny, clock):
    path = tmp_path / "db.sqlite3"
    store = Store.open(path)
    session = ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    session.choose("A")
    store.db.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another cert-prep holds the write lock
    with pytest.raises(StoreError, match="another cert-prep is writing") as caught:
        session.choose("B")
    assert caught.value.kind == "busy"
    with pytest.raises(StoreError):
        session.next()
    assert session.current.response == "A" and session.index == 0  # memory still matches disk
    other.execute("ROLLBACK")
    other.close()
    session.choose("B")
    assert store.attempt_items(session.id)[0].response == "B"
    store.close()
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_questions_gone_from_the_banks_are_left_out(tmp_path, store, tiny, clock):
    session = ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    first_id = session.entries[0].item.id
    smaller = ExamBank(
        tiny.blueprint, tiny.blueprint_path, [it for it in tiny.items if it.id != first_id]
    )
    again = ExamSession.open(store, smaller, session.id, clock)
    assert again.missing == [first_id]
    assert again.count == 5
    result = again.submit()
    assert result.score.total == 5


def test_drill_progress_survives_and_resumes(tmp_path, tiny, clock):
    path = tmp_path / "db.sqlite3"
    first = Store.open(path)
    plan = DrillPlan(tiny, [tiny.item("tiny-a2"), tiny.item("tiny-a3")], ["why"], {})
    drill = DrillSession.start(first, plan, clock)
    drill.choose("C")
    drill.next()
    first.db.close()
    second = Store.open(path)
    again = DrillSession.open(second, tiny, drill.id, clock)
    assert again.index == 1 and again.entries[0].correct is True
    assert again.intro == ["why"]
    assert len(second.reviews("tiny")) == 1
    second.close()


def test_a_confidence_drill_stores_the_answer_before_its_rating(tmp_path, tiny, clock):
    from cert_prep.engine.session import AlreadyAnswered

    path = tmp_path / "db.sqlite3"
    first = Store.open(path)
    items = [tiny.item(i) for i in ("tiny-a2", "tiny-a3", "tiny-a1")]
    drill = DrillSession.start(first, DrillPlan(tiny, items, [], {"confidence": True}), clock)
    drill.choose("C")
    assert drill.rating_due
    assert first.attempt_items(drill.id)[0].response == "C"  # saved before the rating
    assert first.reviews("tiny") == []  # its review waits for it
    first.db.close()  # a crash at the rating prompt

    second = Store.open(path)
    again = DrillSession.open(second, tiny, drill.id, clock)
    assert again.rating_due and again.current.response == "C"  # asked again on resume
    assert again.rate(1).correct  # right, but a guess
    with pytest.raises(AlreadyAnswered):
        again.rate(2)  # one review per answer
    again.next()
    again.choose("B")  # wrong (the key is A)
    again.rate(3)  # and sure of it: a misconception
    assert second.confidently_wrong("tiny") == ["tiny-a3"]
    again.next()
    again.choose("B")
    again.finish()  # ended at the prompt: the review is written, unrated
    assert [(r.item_id, r.confidence) for r in second.reviews("tiny")] == [
        ("tiny-a2", 1),
        ("tiny-a3", 3),
        ("tiny-a1", None),
    ]
    second.close()


def test_history_lists_attempts_newest_first_with_domains(context, tiny, clock):
    store = context.store()
    exam = ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    exam.choose(exam.current.letters(exam.current.question.answer)[0])
    exam.submit()
    clock.advance(60)
    drill = DrillSession.start(
        store, DrillPlan(tiny, [tiny.item("tiny-a2"), tiny.item("tiny-b4")]), clock
    )
    drill.choose("C")
    drill.finish()
    rows = history(store)
    assert [r["mode"] for r in rows] == ["drill", "exam"]
    assert rows[0]["passed"] is None
    assert rows[0]["domains"] == [{"id": "alpha", "correct": 1, "total": 1}]
    assert rows[1]["domains"] == [
        {"id": "alpha", "correct": 1, "total": 3},
        {"id": "beta", "correct": 0, "total": 2},
        {"id": "gamma", "correct": 0, "total": 1},
    ]
    assert set(rows[1]) == {
        "id",
        "exam",
        "mode",
        "started_at",
        "submitted_at",
        "correct",
        "total",
        "percent",
        "passed",
        "domains",
        "pretest",
    }
    assert load_result(store, tiny, exam.id).score.correct == 1


def test_history_command_json(tmp_path, tiny, clock, capsys):
    data = tmp_path / "data"
    store = Store.open(data / "cert-prep.sqlite3")
    session = ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    session.submit()
    store.close()
    code = main(["history", "--json", "--data-dir", str(data), "--banks", str(BANKS)])
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1 and rows[0]["exam"] == "tiny" and rows[0]["passed"] is False
    assert rows[0]["total"] == 6 and rows[0]["correct"] == 0
    assert main(["history", "--data-dir", str(data)]) == 0
    assert "tiny" in capsys.readouterr().out


def test_resume_with_nothing_open_says_so(tmp_path, capsys):
    code = main(["resume", "--plain", "--data-dir", str(tmp_path / "d"), "--banks", str(BANKS)])
    assert code == 1
    assert "no unfinished exam" in capsys.readouterr().err


def test_an_answer_given_before_its_item_changed_is_pointed_out(store, tiny, clock, monkeypatch):
    """A key or choices edited after the answer (the letter may now name another
    choice): reopening says which question; answering again settles it."""
    from cert_prep.bank import models
    from cert_prep.engine import entry as entry_module
    from cert_prep.engine import session as session_module

    session = ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    target = next(i for i, e in enumerate(session.entries) if e.kind == "single")
    session.go_to(target)
    session.choose("A")
    edited_id = session.current.item.id
    unchanged = ExamSession.open(store, tiny, session.id, clock)
    assert unchanged.bank_changes() == [] and not any(e.changed for e in unchanged.entries)

    def edited_hash(question):
        real = models.key_hash(question)
        return "edited" + real[6:] if question is tiny.item(edited_id).question else real

    monkeypatch.setattr(entry_module, "key_hash", edited_hash)
    monkeypatch.setattr(session_module, "key_hash", edited_hash)
    again = ExamSession.open(store, tiny, session.id, clock)
    assert [e.changed for e in again.entries].count(True) == 1
    assert f"question(s) {target + 1}. Check those answers." in again.bank_changes()[0]
    assert store.attempt_items(session.id)[target].response == "A"  # kept as given
    again.go_to(target)
    again.choose("B")
    assert store.attempt_items(session.id)[target].key_hash.startswith("edited")
    assert ExamSession.open(store, tiny, session.id, clock).bank_changes() == []


def test_a_clock_set_back_never_dates_an_answer_before_its_exam(store, tiny, clock):
    session = ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    clock.advance(-86400)  # the computer's clock is set back a day mid-exam
    target = next(i for i, e in enumerate(session.entries) if e.kind == "single")
    session.go_to(target)
    session.choose("A")
    row = store.attempt_items(session.id)[target]
    assert row.answered_at == session.attempt.started_at
