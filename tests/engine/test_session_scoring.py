"""Scoring through sessions: single, multi, code (with sequencing), shuffled lettering,
the reviews written for answered items, and drills' immediate feedback."""

from __future__ import annotations

import pytest

from cert_prep.bank.loader import ExamBank
from cert_prep.bank.models import key_hash
from cert_prep.engine.assembly import DrillPlan, ExamOptions, ExamPlan
from cert_prep.engine.session import (
    AlreadyAnswered,
    AttemptClosed,
    DrillSession,
    ExamSession,
    NotAChoice,
)


def exam_of(bank: ExamBank, ids: list[str], orders=None) -> ExamPlan:
    """A plan with exactly these items (assembly is tested elsewhere)."""
    items = [bank.item(i) for i in ids]
    return ExamPlan(
        bank.id,
        bank.blueprint.name,
        items,
        orders or [None] * len(items),
        3600.0,
        ExamOptions(seed=0),
        len(items),
    )


def test_single_multi_and_code_answers_are_scored(store, tiny, clock):
    plan = exam_of(tiny, ["tiny-a2", "tiny-a4", "tiny-b2", "tiny-g1", "tiny-b1", "tiny-a3"])
    session = ExamSession.start(store, tiny, plan, clock)
    session.choose("C")  # a2: right
    session.next()
    session.choose("A")  # a4 multi: toggle A, D -> right
    session.choose("B")
    session.choose("D")
    session.choose("B")
    assert session.current.response == ["A", "D"]
    session.next()
    session.set_codes("i10, e11.9")  # b2: any order, dots and case ignored -> right
    assert session.current.response == ["I10", "E11.9"]
    session.next()
    session.set_codes("R65.20 A41.51")  # g1: principal-first, wrong order -> wrong
    session.next()
    session.choose("2")  # b1: choice 2 is B, the key is D -> wrong
    # a3 left unanswered -> wrong
    result = session.submit()
    assert (result.score.correct, result.score.total) == (3, 6)
    assert result.score.percent == 50.0
    assert result.passed is False  # tiny passes at 60%
    assert [e.correct for e in result.entries] == [True, True, True, False, False, False]
    by_domain = {d.id: (d.correct, d.total) for d in result.score.domains}
    assert by_domain == {"alpha": (2, 3), "beta": (1, 2), "gamma": (0, 1)}
    g1 = result.entries[3]
    marks = g1.marks()
    assert marks.sequence_ok is False and not marks.wrong and not marks.missing
    row = store.attempt(session.id)
    assert (row.correct, row.total, row.percent, row.passed) == (3, 6, 50.0, False)


def test_code_marks_right_wrong_missing(store, tiny, clock):
    session = ExamSession.start(store, tiny, exam_of(tiny, ["tiny-b2"]), clock)
    session.set_codes("E11.9 Z99.9")
    marks = session.submit().entries[0].marks()
    assert (marks.right, marks.wrong, marks.missing) == (["E11.9"], ["Z99.9"], ["I10"])


def test_reviews_for_answered_items_only_with_their_time(store, tiny, clock):
    session = ExamSession.start(
        store, tiny, exam_of(tiny, ["tiny-a2", "tiny-a3", "tiny-b4"]), clock
    )
    clock.advance(20)
    session.choose("C")
    answered_at = session.current.answered_at
    clock.advance(10)
    session.next()
    clock.advance(5)
    session.next()
    clock.advance(7)
    session.choose("B")
    clock.advance(3)
    session.submit()
    reviews = store.reviews("tiny")
    assert [(r.item_id, r.correct, r.mode) for r in reviews] == [
        ("tiny-a2", True, "exam"),
        ("tiny-b4", False, "exam"),
    ]
    first = reviews[0]
    assert first.reviewed_at == answered_at
    assert first.seconds == 30
    assert reviews[1].seconds == 10  # the question on screen at submission counts too
    assert first.key_hash == key_hash(tiny.item("tiny-a2").question)
    assert first.attempt_id == session.id


def test_shuffled_answers_are_stored_in_the_bank_lettering(store, tiny, clock):
    plan = exam_of(tiny, ["tiny-a2", "tiny-a4"], orders=[["C", "A", "B"], ["D", "C", "B", "A"]])
    session = ExamSession.start(store, tiny, plan, clock)
    session.choose("A")  # shown first: bank key C (the key)
    assert session.current.response == "C"
    session.next()
    session.choose("A")  # bank D
    session.choose("D")  # bank A
    assert session.current.response == ["A", "D"]
    assert session.current.response_text() == "A, D"  # as shown: D->A, A->D sorted on screen
    result = session.submit()
    assert result.score.correct == 2
    stored = store.attempt_items(session.id)
    assert stored[0].choice_order == ["C", "A", "B"] and stored[0].response == "C"


def test_wrong_keys_are_refused_with_a_message(store, tiny, clock):
    session = ExamSession.start(store, tiny, exam_of(tiny, ["tiny-a3", "tiny-b2"]), clock)
    with pytest.raises(NotAChoice, match="no choice E"):
        session.choose("E")  # a3 has A and B only
    session.next()
    with pytest.raises(NotAChoice):
        session.choose("A")  # a code item
    assert session.answered_count == 0


def test_passing_and_the_scaled_estimate(store, library, clock):
    mini = library.exam("mini")
    session = ExamSession.start(store, mini, exam_of(mini, ["mini-1", "mini-2", "mini-3"]), clock)
    session.choose("A")
    session.next()
    session.choose("B")
    result = session.submit()
    assert result.score.percent == pytest.approx(66.7)
    assert result.passed is True
    assert result.score.scaled_score == 300 + round(100 * (66.7 - 50) / 50)


def test_a_submitted_exam_takes_no_more_answers(store, tiny, clock):
    session = ExamSession.start(store, tiny, exam_of(tiny, ["tiny-a3"]), clock)
    session.submit()
    with pytest.raises(AttemptClosed):
        session.choose("A")
    with pytest.raises(AttemptClosed):
        session.submit()


# ---- drills -------------------------------------------------------------------------------


def drill_of(bank, ids) -> DrillPlan:
    return DrillPlan(bank, [bank.item(i) for i in ids], ["intro line"], {"seed": 0})


def test_drill_answers_give_feedback_and_a_review_at_once(store, tiny, clock):
    drill = DrillSession.start(store, drill_of(tiny, ["tiny-a2", "tiny-a4", "tiny-g1"]), clock)
    clock.advance(12)
    feedback = drill.choose("B")
    assert feedback.correct is False and feedback.key == "C"
    assert feedback.rationale == "C is the key of alpha two."
    reviews = store.reviews("tiny")
    assert [(r.item_id, r.correct, r.mode, r.seconds) for r in reviews] == [
        ("tiny-a2", False, "drill", 12)
    ]
    with pytest.raises(AlreadyAnswered):
        drill.choose("C")
    drill.next()
    assert drill.choose("A") is None  # multi: toggles, nothing recorded yet
    drill.choose("D")
    assert len(store.reviews("tiny")) == 1
    feedback = drill.submit_choices()
    assert feedback.correct is True
    drill.next()
    with pytest.raises(NotAChoice):
        drill.submit_codes("  ")
    feedback = drill.submit_codes("A41.51 R65.20")
    assert feedback.correct is True and feedback.marks.sequence_ok is True
    assert len(store.reviews("tiny")) == 3
    result = drill.finish()
    assert (result.score.correct, result.score.total) == (2, 3)
    assert result.passed is None
    assert store.attempt(drill.id).status == "submitted"


def test_a_drill_ended_early_counts_the_answered_questions(store, tiny, clock):
    drill = DrillSession.start(store, drill_of(tiny, ["tiny-a2", "tiny-a3", "tiny-b4"]), clock)
    drill.choose("C")
    drill.next()
    drill.next()  # skips a3
    drill.choose("B")
    result = drill.finish("quit")
    assert (result.score.correct, result.score.total, result.skipped) == (1, 2, 1)
    row = store.attempt(drill.id)
    assert (row.correct, row.total, row.submitted_reason) == (1, 2, "quit")
