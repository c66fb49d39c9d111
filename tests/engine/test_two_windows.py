"""One unfinished attempt in two cert-prep windows: the second is told and may take it over,
the first then stops accepting answers, and submission scores what the store holds."""

from __future__ import annotations

import io

import pytest

from cert_prep.engine.assembly import ExamOptions, plan_exam
from cert_prep.engine.session import (
    AttemptClosed,
    AttemptMoved,
    DrillSession,
    ExamSession,
    held_elsewhere,
)
from cert_prep.plain import PlainMode
from cert_prep.store import Store
from tests.engine.test_session_scoring import drill_of, exam_of


@pytest.fixture
def two_stores(tmp_path):
    path = tmp_path / "db.sqlite3"
    one, two = Store.open(path), Store.open(path)
    yield one, two
    one.close()
    two.close()


def test_the_second_window_is_told_the_exam_is_open_elsewhere(two_stores, tiny, clock):
    one, two = two_stores
    first = ExamSession.start(one, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    held = held_elsewhere(two, first.id)
    assert held is not None and held.attempt_id == first.id and held.held_at
    from cert_prep.engine.attempt_summary import describe_unfinished

    assert describe_unfinished(two, two.attempt(first.id)).endswith(
        "0 of 6 answered, open in another window"
    )
    assert held_elsewhere(one, first.id, mine=first.holder) is None  # not elsewhere for itself


def test_taking_over_stops_the_first_window_and_overwrites_nothing(two_stores, tiny, clock):
    one, two = two_stores
    plan = exam_of(tiny, ["tiny-a2", "tiny-a3"])
    first = ExamSession.start(one, tiny, plan, clock)
    first.choose("A")  # wrong, saved while the first window held the exam
    second = ExamSession.open(two, tiny, first.id, clock)  # the student took it over
    second.choose("C")  # right
    with pytest.raises(AttemptMoved, match="moved to another cert-prep window"):
        first.choose("B")
    assert first.moved and first.closed
    with pytest.raises(AttemptMoved):
        first.submit()
    with pytest.raises(AttemptMoved):
        first.ensure_held()
    assert two.attempt_items(first.id)[0].response == "C"  # B never reached the store
    result = second.submit()
    assert (result.score.correct, result.score.total) == (1, 2)


def test_the_first_window_notices_the_move_without_a_key_press(two_stores, tiny, clock):
    one, two = two_stores
    first = ExamSession.start(one, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    first.ensure_held()  # still ours
    ExamSession.open(two, tiny, first.id, clock)
    with pytest.raises(AttemptMoved):
        first.ensure_held()


def test_submission_scores_what_the_store_holds(two_stores, tiny, clock):
    """Answers written to the store by another writer count, not this window's old copy."""
    one, two = two_stores
    plan = exam_of(tiny, ["tiny-a2", "tiny-a3", "tiny-a1"])
    session = ExamSession.start(one, tiny, plan, clock)
    session.choose("A")  # wrong in this window's copy
    at = "2026-11-23T09:01:00.000+00:00"
    two.save_response(session.id, 0, "C", at)  # right in the store
    two.save_response(session.id, 1, "A", at)  # answered only in the store
    result = session.submit()
    assert (result.score.correct, result.score.total) == (2, 3)
    items = two.attempt_items(session.id)
    assert [it.correct for it in items] == [True, True, False]
    reviews = two.reviews("tiny")
    assert sorted((r.item_id, r.correct) for r in reviews) == [("tiny-a2", True), ("tiny-a3", True)]


def test_a_closed_window_or_a_killed_one_does_not_count_as_open(two_stores, tiny, clock):
    one, two = two_stores
    first = ExamSession.start(one, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    first.close()  # left for later: released
    assert held_elsewhere(two, first.id) is None
    again = ExamSession.open(one, tiny, first.id, clock)
    # cert-prep killed: its process is gone, so the attempt is free.
    assert held_elsewhere(two, again.id, alive=lambda pid: False) is None
    assert held_elsewhere(two, again.id, alive=lambda pid: True) is not None


def test_drills_move_between_windows_too(two_stores, tiny, clock):
    one, two = two_stores
    first = DrillSession.start(one, drill_of(tiny, ["tiny-a2", "tiny-a3"]), clock)
    second = DrillSession.open(two, tiny, first.id, clock)
    with pytest.raises(AttemptClosed):
        first.choose("C")
    second.choose("C")
    assert second.finish().score.correct == 1


def test_plain_resume_asks_before_taking_over(tmp_path, context, tiny, clock):
    store = context.store()
    other = Store.open(context.locations.database)
    first = ExamSession.start(other, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    out = io.StringIO()
    code = PlainMode(context, io.StringIO("no\n"), out).resume_exam(tiny, first.id)
    assert code == 0
    assert "open in another cert-prep window since" in out.getvalue()
    assert "Nothing changed" in out.getvalue()
    first.ensure_held()  # still the first window's
    out = io.StringIO()
    PlainMode(context, io.StringIO("yes\nquit\n"), out).resume_exam(tiny, first.id)
    assert "Resuming" in out.getvalue()
    with pytest.raises(AttemptMoved):
        first.choose("A")
    assert store.attempt(first.id).status == "open"
    other.close()
