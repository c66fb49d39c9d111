"""Exam timing with a FakeClock: deadlines, the clock running on while closed, pausable
exams, time-out submission, warnings, time per question. Never sleeps."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cert_prep.clock import from_iso
from cert_prep.engine.assembly import ExamOptions, plan_exam
from cert_prep.engine.session import AttemptClosed, ExamSession, format_hms
from cert_prep.store import Store


def start(store, bank, clock, **options) -> ExamSession:
    plan = plan_exam(bank, ExamOptions(seed=1, **options))
    return ExamSession.start(store, bank, plan, clock)


def test_format_hms():
    assert format_hms(0) == "0:00:00"
    assert format_hms(3600) == "1:00:00"
    assert format_hms(4 * 3600 - 1) == "3:59:59"
    assert format_hms(0.4) == "0:00:01"  # a fraction left is still time left
    assert format_hms(-5) == "0:00:00"


def test_format_hms_exact_values():
    assert format_hms(59.2) == "0:01:00"
    assert format_hms(61) == "0:01:01"
    assert format_hms(14400) == "4:00:00"


def test_remaining_counts_down_with_the_clock(store, tiny, clock):
    session = start(store, tiny, clock)
    assert session.remaining() == 3600
    clock.advance(90)
    assert session.remaining() == 3510
    assert format_hms(session.remaining()) == "0:58:30"
    assert session.deadline == from_iso(session.attempt.started_at) + timedelta(hours=1)


def test_the_clock_runs_on_while_cert_prep_is_closed(tmp_path, tiny, clock):
    path = tmp_path / "db.sqlite3"
    first = Store.open(path)
    session = start(first, tiny, clock)
    session.choose("A")
    clock.advance(600)
    session.close()
    first.close()
    clock.advance(1200)  # closed for 20 minutes
    second = Store.open(path)
    resumed = ExamSession.open(second, tiny, session.id, clock)
    assert resumed.remaining() == 3600 - 1800
    assert resumed.current.response is not None
    second.close()


def test_deadline_passed_while_closed_submits_with_the_answers_it_has(tmp_path, tiny, clock):
    path = tmp_path / "db.sqlite3"
    first = Store.open(path)
    session = start(first, tiny, clock)
    answer = session.current.question.answer
    session.choose(session.current.letters(answer)[0])  # right
    session.next()
    session.choose("A" if session.current.kind != "code" else "x")
    deadline = session.deadline
    first.close()  # a crash: nothing more happens
    clock.advance(5 * 3600)
    second = Store.open(path)
    resumed = ExamSession.open(second, tiny, session.id, clock)
    assert resumed.expired()
    assert resumed.submit_if_expired() is True
    row = second.attempt(session.id)
    assert row.status == "submitted" and row.submitted_reason == "time"
    assert from_iso(row.submitted_at) == deadline  # it ended at its deadline
    assert resumed.result.time_used_s == 3600
    assert row.correct >= 1 and row.total == 6
    with pytest.raises(AttemptClosed):
        resumed.choose("A")
    second.close()


def test_time_out_while_open_submits_once(store, tiny, clock):
    session = start(store, tiny, clock)
    clock.advance(3599)
    assert session.submit_if_expired() is False
    clock.advance(1)
    assert session.submit_if_expired() is True
    assert session.submit_if_expired() is False
    assert store.attempt(session.id).submitted_reason == "time"


def test_pausable_exam_keeps_its_remaining_time_while_closed(tmp_path, tiny, clock):
    path = tmp_path / "db.sqlite3"
    first = Store.open(path)
    session = start(first, tiny, clock, pausable=True)
    clock.advance(300)
    session.choose("A")
    clock.advance(100)
    session.close()
    first.close()
    clock.advance(10_000)  # closed for hours: not charged
    second = Store.open(path)
    resumed = ExamSession.open(second, tiny, session.id, clock)
    assert resumed.remaining() == 3600 - 400
    clock.advance(50)
    assert resumed.remaining() == 3600 - 450
    second.close()


def test_pausable_exam_after_a_crash_loses_at_most_the_time_since_the_last_write(
    tmp_path, tiny, clock
):
    path = tmp_path / "db.sqlite3"
    first = Store.open(path)
    session = start(first, tiny, clock, pausable=True)
    clock.advance(200)
    session.toggle_flag()  # every write banks the time used
    clock.advance(30)  # then the process is killed: these 30 s are not charged
    first.close()
    clock.advance(5000)
    second = Store.open(path)
    resumed = ExamSession.open(second, tiny, session.id, clock)
    assert resumed.remaining() == 3600 - 200
    second.close()


def test_pausable_checkpoint_and_time_out(store, tiny, clock):
    session = start(store, tiny, clock, pausable=True)
    clock.advance(1000)
    session.checkpoint()
    assert store.attempt(session.id).elapsed_s == 1000
    clock.advance(2600)
    assert session.submit_if_expired()
    row = store.attempt(session.id)
    assert row.elapsed_s == 3600
    assert session.result.time_used_s == 3600


def test_warnings_at_30_and_5_minutes(store, tiny, clock):
    session = start(store, tiny, clock)
    shown: set[int] = set()
    clock.advance(29 * 60)
    assert session.warnings_due(shown) == []
    clock.advance(60 + 1)  # 29:59 left
    due = session.warnings_due(shown)
    assert due == [1800]
    shown.update(due)
    assert session.warnings_due(shown) == []
    clock.advance(25 * 60)
    assert session.warnings_due(shown) == [300]


def test_short_exam_has_no_30_minute_warning(store, library, clock):
    session = start(store, library.exam("mini"), clock)  # 10 minutes
    clock.advance(6 * 60)
    assert session.warnings_due(set()) == [300]


def test_time_on_each_question_is_kept(store, tiny, clock):
    session = start(store, tiny, clock)
    clock.advance(40)
    session.next()
    clock.advance(15)
    session.back()
    clock.advance(5)
    session.next()
    seconds = {it.seq: it.seconds for it in store.attempt_items(session.id)}
    assert seconds[0] == 45
    assert seconds[1] == 15
