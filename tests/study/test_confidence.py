"""Confidence ratings: the rating they give, what the store keeps, weak --json, and
confidently wrong items first in a weak drill."""

from __future__ import annotations

import json

import fsrs
import pytest

from cert_prep.cli.main import build_parser
from cert_prep.study.cards import GUESS, SURE, UNSURE, rating_for
from cert_prep.study.confidence import calibration, parse_confidence
from cert_prep.study.selection import select_weak_drill


@pytest.mark.parametrize(
    ("correct", "seconds", "confidence", "rating"),
    [
        (True, 100.0, None, fsrs.Rating.Good),  # off: as before
        (True, 100.0, GUESS, fsrs.Rating.Hard),  # right but a guess: may be luck
        (True, 100.0, UNSURE, fsrs.Rating.Good),
        (True, 100.0, SURE, fsrs.Rating.Good),
        (True, 10.0, SURE, fsrs.Rating.Easy),
        (False, 100.0, SURE, fsrs.Rating.Again),  # a misconception
        (False, 100.0, GUESS, fsrs.Rating.Again),
    ],
)
def test_rating_uses_confidence(correct, seconds, confidence, rating):
    assert rating_for(correct, seconds, 100.0, confidence) == rating


def test_store_keeps_confidence_and_counts_it(store, student):
    student.answer("s-a1", True, confidence=SURE)
    student.answer("s-a2", False, confidence=SURE)
    student.answer("s-a3", True, confidence=GUESS)
    student.answer("s-a4", False)  # not asked: not counted
    assert [r.confidence for r in store.reviews("study")] == [SURE, SURE, GUESS, None]
    cal = calibration(store, "study").as_json()
    assert cal["calibration"] == {
        "sure": {"answered": 2, "accuracy": 0.5},
        "unsure": {"answered": 0, "accuracy": None},
        "guess": {"answered": 1, "accuracy": 1.0},
    }
    assert cal["confidently_wrong"] == ["s-a2"]


def test_confidently_wrong_is_most_recent_first_and_cleared_by_a_right_answer(store, student):
    student.answer("s-a1", False, confidence=SURE)
    student.later(hours=1)
    student.answer("s-b1", False, confidence=SURE)
    student.later(hours=1)
    student.answer("s-g1", False, confidence=SURE)
    assert store.confidently_wrong("study") == ["s-g1", "s-b1", "s-a1"]
    student.later(days=1)
    student.answer("s-b1", True, confidence=UNSURE)
    assert store.confidently_wrong("study") == ["s-g1", "s-a1"]


def test_confidently_wrong_due_items_come_first(store, bank, clock, student):
    student.answer("s-a1", False)
    student.later(hours=2)
    student.answer("s-b1", False)
    student.later(days=3)
    plain = [i.id for i in select_weak_drill(store, bank, clock.now(), 2).items]
    assert plain == ["s-a1", "s-b1"]  # less recall first
    student.later(hours=1)
    student.answer("s-a4", True)  # unrelated, keeps the clock moving
    # the same history, with s-b1 called sure: it comes back first
    store.db.execute("UPDATE reviews SET confidence = 3 WHERE item_id = 's-b1'")
    first = [i.id for i in select_weak_drill(store, bank, clock.now(), 2).items]
    assert first == ["s-b1", "s-a1"]


def test_weak_json_reports_calibration(context, capsys):
    from tests.study.conftest import Student

    student = Student(context.store(), context.exam("study"), context.clock)
    student.answer("s-a1", True, confidence=SURE)
    student.answer("s-b1", False, confidence=SURE)
    student.answer("s-b2", False, confidence=UNSURE)
    args = build_parser().parse_args(["weak", "--json"])
    assert args.func(args, context) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["calibration"]["sure"] == {"answered": 2, "accuracy": 0.5}
    assert payload["calibration"]["unsure"] == {"answered": 1, "accuracy": 0.0}
    assert payload["confidently_wrong"] == ["s-b1"]
    assert "domains" in payload and "predicted_percent" in payload


@pytest.mark.parametrize(
    ("text", "level"),
    [("1", GUESS), ("guess", GUESS), (" Sure ", SURE), ("2", UNSURE), ("", None)],
)
def test_parse_confidence(text, level):
    assert parse_confidence(text) == level


def test_parse_confidence_refuses_other_words():
    with pytest.raises(ValueError, match="1 \\(guess\\)"):
        parse_confidence("maybe")


def test_progress_chart_shows_accuracy_per_level_and_the_wrong_items(store, bank, student):
    from cert_prep.ui.widgets.confidence_view import calibration_lines

    assert "No confidence ratings yet" in calibration_lines(calibration(store, "study"), bank).plain
    student.answer("s-a1", True, confidence=SURE)
    student.answer("s-a2", True, confidence=SURE)
    student.answer("s-a3", True, confidence=SURE)
    student.answer("s-b1", False, confidence=SURE)
    student.answer("s-g1", True, confidence=GUESS)
    text = calibration_lines(calibration(store, "study"), bank).plain
    lines = text.splitlines()
    assert "sure" in lines[1] and "75% right of 4" in lines[1]
    assert "unsure" in lines[2] and "no answers" in lines[2]
    assert "guess" in lines[3] and "100% right of 1" in lines[3]
    assert "Confidently wrong (1)" in text and "s-b1" in text
    assert bank.item("s-b1").question.stem.split()[0] in text  # the stem, as typed


def test_a_large_history_is_read_through_small_indexes(context):
    """Confidence counts, the confidently-wrong list and the code answers come from
    partial indexes (migration 5), not a scan of every review: a history of a million
    answers holds few of them."""
    db = context.store().db

    def plan(sql: str, *args: object) -> str:
        return " ".join(row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + sql, args))

    rated = plan(
        "SELECT confidence, count(*), sum(correct) FROM reviews WHERE exam = ?"
        " AND confidence IS NOT NULL AND confidence IN (1, 2, 3) GROUP BY confidence",
        "study",
    )
    assert "reviews_rated" in rated
    code = plan(
        "SELECT * FROM reviews WHERE exam = ? AND (substr(response, 1, 1) = '['"
        " OR domain = 'icd-10-cm-lookup') ORDER BY id",
        "study",
    )
    assert "reviews_code_answers" in code


def test_code_reviews_are_the_code_answers_and_the_lookup_track(context):
    from cert_prep.book.lookup import LOOKUP_DOMAIN
    from cert_prep.store import Review

    store = context.store()
    common = ("2026-03-02T09:00:00Z", "A", True, 30.0, "drill", None, None)
    store.add_reviews(
        [
            Review("s-a1", "study", "alpha", *common),  # a letter: not a code answer
            Review(
                "s-c1",
                "study",
                "alpha",
                "2026-03-02T09:01:00Z",
                ["E11.9"],
                False,
                30.0,
                "drill",
                None,
                None,
            ),
            Review(
                "lk-1",
                "study",
                LOOKUP_DOMAIN,
                "2026-03-02T09:02:00Z",
                None,
                False,
                30.0,
                "drill",
                None,
                None,
            ),
        ]
    )
    assert [r.item_id for r in store.code_reviews("study")] == ["s-c1", "lk-1"]
