"""Domain mastery, readiness and its band, and predictions against mock results."""

from __future__ import annotations

import pytest

from cert_prep.study.card_sync import exam_cards, scheduler
from cert_prep.study.expectation import PRIOR_ACCURACY, SEEN_SHRINK
from cert_prep.study.mastery import domain_mastery, item_mastery
from cert_prep.study.readiness import (
    MOCK_SHRINK,
    UNCHECKED,
    Readiness,
    estimate,
    mock_comparison,
    mock_shift,
    outlook,
    readiness,
    verdict,
)
from tests.study.conftest import days


def _by_id(result):
    return {d.id: d for d in result}


def test_unseen_items_count_as_not_mastered(student, store, bank, clock):
    student.answer("s-a1", True)  # one of alpha's four items, right, just now
    domains = _by_id(domain_mastery(bank, exam_cards(store, bank, clock.now()), clock.now()))
    alpha = domains["alpha"]
    # the item: recall 1.0 (same day) and accuracy 1.0; the other three: 0
    assert alpha.mastery == pytest.approx(1.0 / 4)
    assert (alpha.seen, alpha.total, alpha.due) == (1, 4, 0)
    assert domains["beta"].mastery == 0.0 and domains["beta"].seen == 0


def test_a_wrong_answer_counts_through_recent_accuracy(student, store, bank, clock):
    student.answer("s-a1", False)
    state = exam_cards(store, bank, clock.now())["s-a1"]
    # FSRS says 100% the same day (the key was just shown); the accuracy says 0.
    assert scheduler().get_card_retrievability(state.card, clock.now()) == 1.0
    assert item_mastery(state, clock.now()) == pytest.approx(0.5)


def test_mastery_fades_with_time_and_items_become_due(student, store, bank, clock):
    student.answer("s-a1", True)
    states = exam_cards(store, bank, clock.now())
    now_m = _by_id(domain_mastery(bank, states, clock.now()))["alpha"]
    later = clock.now() + days(30)
    later_m = _by_id(domain_mastery(bank, states, later))["alpha"]
    assert later_m.mastery < now_m.mastery
    assert now_m.due == 0 and later_m.due == 1  # a Good first answer is due after 2 days
    state = states["s-a1"]
    expected = 0.5 * scheduler().get_card_retrievability(state.card, later) + 0.5 * 1.0
    assert later_m.mastery == pytest.approx(expected / 4)


def test_domains_come_weakest_first(student, store, bank, clock):
    for item in ("s-a1", "s-a2", "s-a3", "s-a4", "s-g1", "s-g2"):
        student.answer(item, True)
    student.answer("s-b1", False)
    order = [d.id for d in domain_mastery(bank, exam_cards(store, bank, clock.now()), clock.now())]
    # gamma and alpha: all right, all seen; gamma on fewer answers, so shrunk more
    assert order == ["beta", "gamma", "alpha"]


def test_ties_go_to_the_bigger_share_of_the_exam(store, bank, clock):
    order = [d.id for d in domain_mastery(bank, exam_cards(store, bank, clock.now()), clock.now())]
    assert order == ["alpha", "beta", "gamma"]  # all 0: weights 2, 2, 1 then blueprint order


def test_readiness_with_nothing_seen_has_no_number(store, bank, clock):
    ready = readiness(store, bank, clock.now())
    assert isinstance(ready, Readiness)
    assert (ready.pass_percent, ready.seen, ready.total) == (60.0, 0, 10)
    # unseen questions are neither wrong nor right: the stated prior, not 0%
    assert ready.predicted_percent == pytest.approx(100 * PRIOR_ACCURACY)
    # a bank of 10 needs its 10 answered; the usual minimum is 30
    assert (ready.enough_data, ready.answers_needed, ready.verdict) == (
        False,
        10,
        "not enough data",
    )
    assert ready.outlook == "not enough data yet: answer 10 more questions"
    assert ready.mock_note == ""  # no prediction: nothing a mock exam could check yet
    assert ready.as_json() == {
        "predicted_percent": None,
        "verdict": "not enough data",
        "pass_probability": None,
        "answers_needed": 10,
        "mock_adjustment": 0.0,
        "mocks_compared": 0,
    }
    assert [d.id for d in ready.domains] == ["alpha", "beta", "gamma"]


def test_unseen_questions_count_at_the_first_try_accuracy(student, store, bank, clock):
    student.answer("s-a1", True)
    student.answer("s-g1", True)
    student.answer("s-g2", False)
    ready = readiness(store, bank, clock.now())
    m = _by_id(ready.domains)
    assert m["alpha"].weight == pytest.approx(0.4) and m["gamma"].weight == pytest.approx(0.2)
    # beta is unseen: at the first-try accuracy (2 of 3 right) shrunk toward the prior
    assert m["beta"].seen == 0 and 0.5 < m["beta"].expected < 2 / 3
    # alpha: one known item and three unseen ones at alpha's own (shrunk) first-try rate
    rate, lam = m["alpha"].unseen_rate, SEEN_SHRINK
    known = (1 - lam) * m["alpha"].mastery * 4 + lam * 1 * rate  # the seen one, shrunk
    assert m["alpha"].expected == pytest.approx((known + 3 * rate) / 4)
    expected = 100 * sum(d.weight * d.expected for d in ready.domains)
    assert ready.predicted_percent == pytest.approx(expected, abs=0.05)
    assert ready.low <= ready.predicted_percent <= ready.high


def test_the_range_narrows_as_more_items_are_seen(student, store, bank, clock):
    widths = []
    for item in bank.items:
        student.answer(item.id, True)
        ready = readiness(store, bank, clock.now())
        widths.append(ready.high - ready.low)
    assert widths == sorted(widths, reverse=True)
    final = readiness(store, bank, clock.now())
    assert final.seen == final.total == 10 and final.predicted_percent > 95
    assert final.enough_data and final.verdict == "likely pass"
    assert final.pass_probability > 0.99


def test_verdicts_are_bands_of_the_chance_of_passing():
    assert verdict(0, 0.80) == "likely pass"
    assert verdict(0, 0.79) == "uncertain"
    assert verdict(0, 0.21) == "uncertain"
    assert verdict(0, 0.20) == "likely fail"
    assert verdict(3, 0.99) == "not enough data"
    assert outlook(0, 0.5) == "uncertain: a 50% chance of reaching the pass mark"
    assert outlook(1, 0.5) == "not enough data yet: answer 1 more question"
    assert (
        outlook(0, 0.11)
        == "likely to fail if the exam were today: an 11% chance of reaching the pass mark"
    )
    assert outlook(0, 0.84).startswith("likely to pass: an 84% chance")
    assert outlook(0, 0.08).endswith("an 8% chance of reaching the pass mark")
    assert outlook(0, 0.12).endswith("a 12% chance of reaching the pass mark")


def test_far_from_the_pass_mark_is_never_uncertain(student, store, bank, clock):
    """Everything seen and everything missed, long ago: far below the cut, a likely fail
    (the old band called any straddling range "borderline")."""
    for item in bank.items:
        student.answer(item.id, False)
    student.later(days=120)
    ready = readiness(store, bank, clock.now())
    assert ready.enough_data and ready.predicted_percent < 35
    assert ready.verdict == "likely fail" and ready.pass_probability <= 0.2


def test_predictions_are_recorded_before_each_mock_exam(student, store, bank, clock):
    first = student.sit_exam({"s-a1": True, "s-b1": False, "s-g1": True})
    student.later(days=1)
    for item in ("s-a2", "s-a3", "s-b2"):
        student.answer(item, True)
    student.later(hours=2)
    second = student.sit_exam({"s-a4": True, "s-b4": True})
    rows = mock_comparison(store, bank, clock.now())
    assert [r.attempt_id for r in rows] == [first, second]
    assert rows[0].actual_percent == pytest.approx(66.7)
    # nothing had been answered before it: no prediction to compare
    assert (rows[0].predicted_percent, rows[0].low, rows[0].high, rows[0].seen) == (
        None,
        None,
        None,
        0,
    )
    # before the second exam only 6 of the bank's 10 had been seen: still too few
    assert rows[1].actual_percent == 100.0
    assert rows[1].seen == 6 and rows[1].predicted_percent is None
    # recorded once, from the cards as they stood: asking again changes nothing
    again = mock_comparison(store, bank, clock.now() + days(5))
    assert again == rows


def test_mock_gaps_shift_the_prediction_shrunk_toward_none():
    assert mock_shift([]) == 0.0
    assert MOCK_SHRINK == 2.0
    assert mock_shift([-30.0]) == pytest.approx(-10.0)  # one exam: a third of its gap
    assert mock_shift([-30.0, -30.0]) == pytest.approx(-15.0)
    assert mock_shift([20.0, -20.0]) == 0.0


def test_a_corrected_prediction_has_a_wider_range(student, store, bank, clock):
    """The correction is estimated from a few sittings: with mock gaps the range widens by
    the bias left uncertain after them (variance x (1 + 1 / (n + MOCK_SHRINK)))."""
    for n, item in enumerate(bank.items):
        student.answer(item.id, n % 2 == 0)
    states, now = exam_cards(store, bank, clock.now()), clock.now()
    plain = estimate(bank, states, now)
    assert 0 < plain.low < plain.predicted_percent  # the top of the range is clipped at 100
    for gaps in ([0.0], [0.0, 0.0, 0.0]):
        widened = estimate(bank, states, now, gaps)
        assert widened.predicted_percent == plain.predicted_percent  # no gap: no shift
        ratio = (widened.predicted_percent - widened.low) / (plain.predicted_percent - plain.low)
        assert ratio == pytest.approx((1 + 1 / (len(gaps) + MOCK_SHRINK)) ** 0.5, abs=0.02)
        assert widened.pass_probability != plain.pass_probability


def test_a_mock_exam_below_its_prediction_lowers_the_next(student, store, bank, clock):
    """The model flattered this student (everything right in drills, everything wrong in
    the mock): the prediction after it moves by a third of the gap, and says why."""
    for item in bank.items:
        student.answer(item.id, True)
    student.later(days=1)
    before = readiness(store, bank, clock.now())
    assert before.mocks_compared == 0 and before.mock_adjustment == 0.0
    assert before.mock_note == UNCHECKED  # unchecked, and says so
    student.sit_exam({item.id: False for item in bank.items})
    student.later(hours=1)
    (row,) = mock_comparison(store, bank, clock.now())
    assert row.actual_percent == 0.0 and row.predicted_percent is not None
    gap = row.actual_percent - row.predicted_percent
    ready = readiness(store, bank, clock.now())
    raw = estimate(bank, exam_cards(store, bank, clock.now()), clock.now())
    assert raw.mocks_compared == 0  # the recorded predictions stay the model's own
    assert ready.mocks_compared == 1 and ready.mock_gap == pytest.approx(round(gap, 1))
    assert ready.mock_adjustment == pytest.approx(round(gap / 3, 1))
    assert ready.predicted_percent == pytest.approx(raw.predicted_percent + gap / 3, abs=0.11)
    assert ready.pass_probability < raw.pass_probability
    assert ready.mock_note.startswith(f"Adjusted {ready.mock_adjustment:+.1f} points: your 1 ")
    assert "below the prediction made before it" in ready.mock_note
    assert ready.as_json()["mock_adjustment"] == ready.mock_adjustment
    assert ready.as_json()["mocks_compared"] == 1
    assert "Not yet checked" not in ready.mock_note


def test_removed_items_leave_mastery_but_not_history(student, store, bank, clock):
    from cert_prep.bank.loader import ExamBank

    student.answer("s-g2", True)
    trimmed = ExamBank(
        bank.blueprint, bank.blueprint_path, [it for it in bank.items if it.id != "s-g2"]
    )
    gamma = _by_id(readiness(store, trimmed, clock.now()).domains)["gamma"]
    assert (gamma.seen, gamma.total, gamma.mastery) == (0, 1, 0.0)
    assert exam_cards(store, trimmed, clock.now())["s-g2"].reps == 1


def test_a_mock_gap_too_small_to_move_the_prediction_never_reads_minus_zero(
    student, store, bank, clock
):
    for n, item in enumerate(bank.items):
        student.answer(item.id, n % 2 == 0)
    ready = estimate(bank, exam_cards(store, bank, clock.now()), clock.now(), [-0.1])
    assert ready.mock_adjustment == 0.0 and str(ready.as_json()["mock_adjustment"]) == "0.0"
    assert ready.mock_note == (
        "Your 1 full mock exam scored 0.1 points below the prediction made before it: "
        "too little to adjust the prediction."
    )
    assert "-0.0" not in ready.mock_note
