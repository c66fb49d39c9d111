"""Item analysis checked against small examples worked out by hand (see the comments)."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from cert_prep.bank.loader import load_library
from cert_prep.errors import UserError
from cert_prep.instructor.analysis import (
    analyse,
    flags_for,
    mean_sd,
    pearson,
    select_sittings,
)

from .conftest import BANKS, results_file

# ---- example 1: 5 students x 6 single items, every item keyed A -----------------------
#
#            q1 q2 q3 q4 q5 q6 | raw  percent
#   s1        A  A  A  A  A  B |  5   83.33
#   s2        A  A  A  B  A  C |  4   66.67
#   s3        A  A  C  C  A  B |  3   50.00
#   s4        A  B  A  B  A  D |  3   50.00
#   s5        D  C  B  A  A  B |  2   33.33
#   correct   4  3  3  2  5  0
#
# p = correct / answered: q1 4/5 = 0.8, q2 = q3 = 3/5 = 0.6, q4 2/5 = 0.4, q5 1.0, q6 0.0
#
# r_pb of q1 against the REST of the test (raw - q1): x = 1 1 1 1 0, rest = 4 3 2 2 2
#   mean x 0.8, mean rest 2.6; deviations of rest 1.4 0.4 -0.6 -0.6 -0.6
#   Sxx = 5 * 0.8 * 0.2 = 0.8; Syy = 1.96 + 0.16 + 0.36 * 3 = 3.2
#   Sxy = 0.2*1.4 + 0.2*0.4 + 0.2*(-0.6)*2 + (-0.8)*(-0.6) = 0.28 + 0.08 - 0.24 + 0.48 = 0.6
#   r = 0.6 / sqrt(0.8 * 3.2) = 0.6 / 1.6 = 0.375
# q2: x = 1 1 1 0 0, rest = 4 3 2 3 2, mean 2.8, deviations 1.2 0.2 -0.8 0.2 -0.8
#   Sxx = 1.2, Syy = 1.44 + 0.04 + 0.64 + 0.04 + 0.64 = 2.8
#   Sxy = 0.4*1.2 + 0.4*0.2 + 0.4*(-0.8) + (-0.6)*0.2 + (-0.6)*(-0.8) = 0.6
#   r = 0.6 / sqrt(1.2 * 2.8) = 0.6 / sqrt(3.36) = 0.32733
# q3: x = 1 1 0 1 0, rest = 4 3 3 2 2: the same sums, r = 0.32733
# q4: x = 1 0 0 0 1, rest = 4 4 3 3 1, mean 3, deviations 1 1 0 0 -2
#   Sxx = 1.2, Syy = 6, Sxy = 0.6*1 + (-0.4)*1 + 0 + 0 + 0.6*(-2) = -1.0
#   r = -1 / sqrt(7.2) = -0.37268  -> poor-discrimination AND check-key
# q5: everyone right (p 1.0 > 0.95: too-easy); q6: nobody right (p 0 < 0.20: too-hard);
#   neither varies, so r_pb is undefined (None).
#
# Scores: raw mean 17/5 = 3.4; deviations 1.6 0.6 -0.4 -0.4 -1.4, sum of squares 5.2
#   population variance 5.2 / 5 = 1.04, sd 1.019804 raw = 16.99673 percentage points
#   (a sample sd would be sqrt(5.2 / 4) = 1.140175 raw = 19.00292 points)
#   mean percent = 3.4 / 6 = 56.6667%
# KR-20 = k/(k-1) * (1 - sum(pq) / var), k = 6
#   sum(pq) = 0.8*0.2 + 0.6*0.4 + 0.6*0.4 + 0.4*0.6 + 0 + 0 = 0.16 + 0.72 = 0.88
#   KR-20 = 6/5 * (1 - 0.88/1.04) = 1.2 * 0.16/1.04 = 12/65 = 0.184615

KEY = "A"
ROWS = {
    "s1": "AAAAAB",
    "s2": "AAABAC",
    "s3": "AACCAB",
    "s4": "ABABAD",
    "s5": "DCBAAB",
}
ITEMS = [f"quiz-dx-00{i}" for i in range(1, 5)] + ["quiz-px-001", "quiz-px-009"]


def example_one():
    files = []
    for student, answers in ROWS.items():
        rows = [
            (item, "px" if "px" in item else "dx", answer, answer == KEY)
            for item, answer in zip(ITEMS, answers, strict=True)
        ]
        files.append(results_file(student, [(1, "quiz", "2026-03-02T10:00:00Z", rows)]))
    return files


def by_id(analysis):
    return {item.id: item for item in analysis.items}


def test_example_one_item_statistics():
    analysis = analyse(example_one())
    items = by_id(analysis)
    q1, q2, q3, q4, q5, q6 = (items[i] for i in ITEMS)
    assert [q.n for q in (q1, q2, q3, q4, q5, q6)] == [5] * 6
    assert [q.p for q in (q1, q2, q3, q4, q5, q6)] == pytest.approx([0.8, 0.6, 0.6, 0.4, 1.0, 0.0])
    assert q1.r_pb == pytest.approx(0.375)
    assert q2.r_pb == pytest.approx(0.6 / math.sqrt(3.36))
    assert q2.r_pb == pytest.approx(0.32733, abs=1e-5)
    assert q3.r_pb == pytest.approx(q2.r_pb)
    assert q4.r_pb == pytest.approx(-1 / math.sqrt(7.2))
    assert q4.r_pb == pytest.approx(-0.37268, abs=1e-5)
    assert q5.r_pb is None and q6.r_pb is None
    assert q1.flags == [] and q2.flags == [] and q3.flags == []
    assert q4.flags == ["poor-discrimination", "check-key"]
    assert q5.flags == ["too-easy"]
    assert q6.flags == ["too-hard"]


def test_example_one_choice_counts_without_and_with_the_bank():
    plain = by_id(analyse(example_one()))
    # without the bank: only the letters students picked
    assert plain["quiz-dx-001"].choices == {"A": 4, "D": 1}
    assert plain["quiz-dx-004"].choices == {"A": 2, "B": 2, "C": 1}
    assert plain["quiz-px-009"].choices == {"B": 3, "C": 1, "D": 1}
    # with the bank: every choice, unpicked ones at 0, and the key
    bank = load_library([BANKS]).exam("quiz")
    analysis = analyse(example_one(), bank=bank)
    items = by_id(analysis)
    assert items["quiz-dx-001"].choices == {"A": 4, "B": 0, "C": 0, "D": 1}
    assert items["quiz-dx-001"].key == ["A"]
    assert items["quiz-px-009"].key == []  # not in the bank: nothing invented
    assert analysis.exam_name == "Classroom quiz"
    # bank order: dx items, then px items, then items the bank does not have
    assert [i.id for i in analysis.items] == ITEMS


def test_example_one_exam_statistics():
    analysis = analyse(example_one())
    assert analysis.students == 5 and analysis.sittings == 5
    assert analysis.mean == pytest.approx(340 / 6)  # 56.6667%
    assert analysis.sd == pytest.approx(math.sqrt(1.04) / 6 * 100)  # population sd
    assert analysis.sd == pytest.approx(16.99673, abs=1e-5)
    assert analysis.sd != pytest.approx(19.00292, abs=1e-3)  # not the sample sd
    assert analysis.kr20 == pytest.approx(12 / 65)
    assert analysis.common_form == 6 and analysis.kr20_note is None


def test_json_has_exactly_the_documented_shape():
    data = analyse(example_one()).as_json()
    assert list(data) == ["exam", "students", "mean", "sd", "kr20", "items"]
    assert data["exam"] == "quiz" and data["students"] == 5
    assert data["mean"] == 56.67 and data["sd"] == 17.0 and data["kr20"] == 0.1846
    first = data["items"][0]
    assert list(first) == ["id", "domain", "n", "p", "r_pb", "choices", "flags"]
    assert first == {
        "id": "quiz-dx-001",
        "domain": "dx",
        "n": 5,
        "p": 0.8,
        "r_pb": 0.375,
        "choices": {"A": 4, "D": 1},
        "flags": [],
    }
    assert data["items"][3]["r_pb"] == -0.3727


# ---- example 2: r_pb exactly 0 is poor but not a key problem ---------------------------
#
#           a  b  c | raw   rest for a
#   t1      1  1  1 |  3      2
#   t2      1  0  0 |  1      0
#   t3      0  1  1 |  2      2
#   t4      0  0  0 |  0      0
# a: x = 1 1 0 0, rest = 2 0 2 0: mean x 0.5, mean rest 1; Sxy = 0.5*1 + 0.5*(-1)
#   + (-0.5)*1 + (-0.5)*(-1) = 0, so r = 0: poor-discrimination (0 < 0.10), not check-key
# b: x = 1 0 1 0, rest = 2 1 1 0: mean 1, Sxx = 1, Syy = 1 + 0 + 0 + 1 = 2,
#   Sxy = 0.5*1 + (-0.5)*0 + 0.5*0 + (-0.5)*(-1) = 1, r = 1 / sqrt(2) = 0.70711


def test_example_two_zero_correlation_boundary():
    pattern = {"t1": "111", "t2": "100", "t3": "011", "t4": "000"}
    files = [
        results_file(
            s,
            [
                (
                    1,
                    "quiz",
                    "2026-03-02T10:00:00Z",
                    [
                        (item, "dx", "A" if bit == "1" else "B", bit == "1")
                        for item, bit in zip(("a", "b", "c"), bits, strict=True)
                    ],
                )
            ],
        )
        for s, bits in pattern.items()
    ]
    items = by_id(analyse(files))
    assert items["a"].r_pb == 0.0
    assert items["a"].flags == ["poor-discrimination"]
    assert items["b"].r_pb == pytest.approx(1 / math.sqrt(2))
    assert items["b"].flags == []


# ---- example 3: a blank answer ----------------------------------------------------------
#
#           x  y  z      raw
#   u1      1  1  1       3
#   u2      1  0  0       1      (z answered, wrong)
#   u3      0  1  -       1      (z left blank: counts wrong in the score)
# z: n = 2 (answered), p = 1/2; over u1, u2: x = 1 0, rest = 2 1 -> r = 1.0
# KR-20 (a blank is wrong, as scored): p = 2/3, 2/3, 1/3; pq = 2/9 each, sum 2/3
#   raw mean 5/3; deviations 4/3 -2/3 -2/3; variance (16 + 4 + 4) / 9 / 3 = 8/9
#   KR-20 = 3/2 * (1 - (2/3) / (8/9)) = 3/2 * 1/4 = 0.375
#   percent: mean 500/9 = 55.556, sd sqrt(8/9) / 3 * 100 = 31.427


def example_three():
    def row(x, y, z):
        return [
            ("x", "dx", "A" if x else "B", bool(x)),
            ("y", "dx", "A" if y else "C", bool(y)),
            ("z", "dx", None if z is None else ("A" if z else "D"), bool(z)),
        ]

    return [
        results_file("u1", [(1, "quiz", "2026-03-02T10:00:00Z", row(1, 1, 1))]),
        results_file("u2", [(1, "quiz", "2026-03-02T10:00:00Z", row(1, 0, 0))]),
        results_file("u3", [(1, "quiz", "2026-03-02T10:00:00Z", row(0, 1, None))]),
    ]


def test_example_three_blank_answers():
    analysis = analyse(example_three())
    z = by_id(analysis)["z"]
    assert (z.presented, z.n, z.correct) == (3, 2, 1)
    assert z.p == 0.5
    assert z.r_pb == pytest.approx(1.0)
    assert z.choices == {"A": 1, "D": 1}  # the blank picked nothing
    assert analysis.kr20 == pytest.approx(0.375)
    assert analysis.mean == pytest.approx(500 / 9)
    assert analysis.sd == pytest.approx(math.sqrt(8 / 9) / 3 * 100)


def test_kr20_needs_one_common_form():
    other_form = results_file(
        "u4",
        [(1, "quiz", "2026-03-02T10:00:00Z", [("x", "dx", "A", True), ("w", "dx", "B", False)])],
    )
    files = [*example_three(), other_form]
    analysis = analyse(files)
    assert analysis.kr20 is None and analysis.common_form is None
    assert "2 different forms" in analysis.kr20_note
    assert analysis.as_json()["kr20"] is None


def test_kr20_undefined_when_scores_do_not_vary():
    files = [
        results_file(
            s,
            [
                (
                    1,
                    "quiz",
                    "2026-03-02T10:00:00Z",
                    [("x", "dx", "A", True), ("y", "dx", "B", False)],
                )
            ],
        )
        for s in ("a", "b")
    ]
    analysis = analyse(files)
    assert analysis.kr20 is None and "same score" in analysis.kr20_note
    assert analysis.sd == 0.0


# ---- which attempts ------------------------------------------------------------------------


def _two_attempts():
    first = [("x", "dx", "B", False), ("y", "dx", "A", True)]
    second = [("x", "dx", "A", True), ("y", "dx", "A", True)]
    # listed newest first on purpose: order comes from submitted_at, not the file
    return [
        results_file(
            "v1",
            [
                (8, "quiz", "2026-03-05T09:00:00+02:00", second),
                (3, "quiz", "2026-03-01T09:00:00Z", first),
            ],
        ),
        results_file("v2", [(1, "quiz", "2026-03-02T10:00:00Z", first)]),
    ]


@pytest.mark.parametrize(
    ("mode", "sittings", "x_correct"),
    [
        ("first", 2, 0),
        ("last", 2, 1),
        ("all", 3, 1),
    ],
)
def test_attempts_first_last_all(mode, sittings, x_correct):
    analysis = analyse(_two_attempts(), mode=mode)
    assert analysis.students == 2
    assert analysis.sittings == sittings
    assert by_id(analysis)["x"].correct == x_correct


def test_the_same_attempt_in_two_files_counts_once_with_a_warning():
    rows = [("x", "dx", "A", True), ("y", "dx", "B", False)]
    copy_a = results_file("w", [(4, "quiz", "2026-03-02T10:00:00Z", rows)], "w-march.json")
    copy_b = results_file("w", [(4, "quiz", "2026-03-02T10:00:00Z", rows)], "w-april.json")
    sittings, warnings = select_sittings([copy_a, copy_b], "quiz", "all")
    assert len(sittings) == 1
    assert any("is in 2 files" in w for w in warnings)


def test_several_exams_need_exam():
    files = [
        results_file(
            "a",
            [
                (1, "quiz", "2026-03-02T10:00:00Z", [("x", "dx", "A", True)]),
                (2, "demo", "2026-03-02T11:00:00Z", [("y", "dx", "A", True)]),
            ],
        )
    ]
    with pytest.raises(UserError) as caught:
        analyse(files)
    assert caught.value.exit_code == 2
    assert "demo (1 student(s)), quiz (1 student(s))" in caught.value.message
    assert analyse(files, exam="demo").items[0].id == "y"
    with pytest.raises(UserError, match="no `cpc` attempts"):
        analyse(files, exam="cpc")


def test_multi_and_code_choice_counts():
    files = [
        results_file(
            "m1",
            [
                (
                    1,
                    "quiz",
                    "2026-03-02T10:00:00Z",
                    [("quiz-dx-005", "dx", ["A", "C"], True), ("quiz-px-002", "px", ["I10"], True)],
                )
            ],
        ),
        results_file(
            "m2",
            [
                (
                    1,
                    "quiz",
                    "2026-03-02T10:00:00Z",
                    [
                        ("quiz-dx-005", "dx", ["A", "B"], False),
                        ("quiz-px-002", "px", ["i10", "E11.9"], False),
                    ],
                )
            ],
        ),
    ]
    bank = load_library([BANKS]).exam("quiz")
    items = by_id(analyse(files, bank=bank))
    # each picked key counts once; C (a key) and B (a distractor) once each
    assert items["quiz-dx-005"].choices == {"A": 2, "B": 1, "C": 1}
    assert items["quiz-dx-005"].key == ["A", "C"]
    # typed codes are grouped however they were spelled
    assert items["quiz-px-002"].choices == {"E11.9": 1, "I10": 2}


# ---- the building blocks -------------------------------------------------------------------


def test_flag_thresholds_are_strict_inequalities():
    assert flags_for(0.95, 0.10) == []
    assert flags_for(0.951, 0.3) == ["too-easy"]
    assert flags_for(0.20, 0.3) == []
    assert flags_for(0.199, 0.3) == ["too-hard"]
    assert flags_for(0.5, 0.0999) == ["poor-discrimination"]
    assert flags_for(0.5, -0.01) == ["poor-discrimination", "check-key"]
    assert flags_for(None, None) == []


def test_pearson_and_population_sd():
    assert pearson([1, 1, 1, 1, 0], [4, 3, 2, 2, 2]) == pytest.approx(0.375)
    assert pearson([1, 1], [2, 3]) is None  # x does not vary
    assert pearson([1], [2]) is None
    mean, sd = mean_sd([2, 4, 4, 4, 5, 5, 7, 9])  # the textbook example: sd 2 (population)
    assert (mean, sd) == (5.0, 2.0)
    assert mean_sd([]) == (None, None)


# ---- example 1 again, with q4 an unscored pretest item for everybody -------------------
#
# The score is q1 q2 q3 q5 q6 (k = 5): raw 4 4 3 3 1, mean 3 = 60%, deviations 1 1 0 0 -2,
#   population variance 6 / 5 = 1.2, sd sqrt(1.2) raw = 21.9089 points.
# q1 against the rest of the SCORED test: x = 1 1 1 1 0, rest = raw - x = 3 3 2 2 1
#   mean rest 2.2, deviations 0.8 0.8 -0.2 -0.2 -1.2; Sxx = 0.8, Syy = 2.8,
#   Sxy = 0.2*0.8*2 + 0.2*(-0.2)*2 + (-0.8)*(-1.2) = 0.32 - 0.08 + 0.96 = 1.2
#   r = 1.2 / sqrt(0.8 * 2.8) = 0.80178 (0.375 with q4 counted)
# q4, the pretest item, against the whole scored test: x = 1 0 0 0 1, raw 4 4 3 3 1
#   Sxy = 0.6*1 + (-0.4)*1 + 0.6*(-2) = -1.0, Sxx = 1.2, Syy = 6: r = -1 / sqrt(7.2)
# KR-20 over the 5 scored items: sum(pq) = 0.16 + 0.24 + 0.24 + 0 + 0 = 0.64
#   KR-20 = 5/4 * (1 - 0.64 / 1.2) = 7/12


def example_one_with_q4_pretest():
    files = []
    for results in example_one():
        (attempt,) = results.attempts
        responses = [
            r.model_copy(update={"pretest": r.item == "quiz-dx-004"}) for r in attempt.responses
        ]
        files.append(
            replace(results, attempts=(attempt.model_copy(update={"responses": responses}),))
        )
    return files


def test_a_pretest_item_is_analysed_but_counts_in_no_score():
    analysis = analyse(example_one_with_q4_pretest())
    items = by_id(analysis)
    q4 = items["quiz-dx-004"]
    assert (q4.n, q4.p) == (5, pytest.approx(0.4))
    assert q4.r_pb == pytest.approx(-1 / math.sqrt(7.2))
    assert q4.flags == ["poor-discrimination", "check-key"]  # found, as pretest is for
    assert items["quiz-dx-001"].r_pb == pytest.approx(1.2 / math.sqrt(2.24))
    assert analysis.mean == pytest.approx(60.0)
    assert analysis.sd == pytest.approx(math.sqrt(1.2) / 5 * 100)
    assert analysis.kr20 == pytest.approx(7 / 12)
    assert analysis.common_form == 5


def test_each_answer_to_an_item_is_checked_against_the_key_once(monkeypatch):
    # A class sends the same few answers to each item thousands of times (500 students x 10
    # mocks); scoring each again kept `cert-prep class` over its 2 s target.
    from cert_prep.instructor import analysis as module

    checked: list[object] = []
    real = module.is_correct
    monkeypatch.setattr(
        module,
        "is_correct",
        lambda question, response: checked.append(response) or real(question, response),
    )
    answers = [
        ("quiz-dx-001", "dx", "A", True),
        ("quiz-dx-005", "dx", ["A", "C"], True),
        ("quiz-px-002", "px", ["I10"], True),
    ]
    files = [
        results_file(f"s{n}", [(a, "quiz", f"2026-03-0{a}T10:00:00Z", answers) for a in (1, 2)])
        for n in range(5)
    ]
    analysis = analyse(files, bank=load_library([BANKS]).exam("quiz"))
    assert sorted(map(str, checked)) == ["A", "['A', 'C']", "['I10']"]
    assert {s.id: s.p for s in analysis.items}["quiz-dx-005"] == 1.0
