"""`cert-prep weak`, `cert-prep exam-date` and `cert-prep drill --weak`."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cert_prep.cli.main import build_parser, main
from cert_prep.cli.study_commands import drill_plan
from cert_prep.errors import UserError
from cert_prep.study.exam_date import get_exam_date, set_exam_date
from tests.study.conftest import BANKS, Student


def run(context, *argv: str) -> int:
    args = build_parser().parse_args(list(argv))
    return args.func(args, context)


@pytest.fixture
def studied(context):
    """A student who has answered some study-exam questions."""
    student = Student(context.store(), context.exam("study"), context.clock)
    for item in ("s-a1", "s-a2", "s-a3", "s-a4", "s-g1", "s-g2"):
        student.answer(item, True)
    student.answer("s-b1", False)
    return student


def test_weak_json_is_exactly_the_contract(context, studied, capsys):
    assert run(context, "weak", "--json") == 0  # the only exam studied: no --exam needed
    payload = json.loads(capsys.readouterr().out)
    assert list(payload) == [
        "exam",
        "predicted_percent",
        "pass_percent",
        "domains",
        "verdict",
        "pass_probability",
        "answers_needed",
        "seen",
        "total",
        "low",
        "high",
        "mock_adjustment",
        "mocks_compared",
        "lookup",
        "code_errors",
        "code_focus",
        "calibration",
        "confidently_wrong",
    ]
    assert payload["calibration"] == {
        level: {"answered": 0, "accuracy": None} for level in ("sure", "unsure", "guess")
    }
    assert payload["confidently_wrong"] == []
    assert (payload["mock_adjustment"], payload["mocks_compared"]) == (0.0, 0)  # no mock yet
    assert payload["code_focus"] is None  # no code items answered: nothing to work on
    assert payload["exam"] == "study" and payload["pass_percent"] == 60.0
    # 7 of the bank's 10 seen: not enough data for a number yet
    assert (payload["verdict"], payload["answers_needed"]) == ("not enough data", 3)
    assert payload["predicted_percent"] is None and payload["pass_probability"] is None
    assert (payload["seen"], payload["total"], payload["low"], payload["high"]) == (
        7,
        10,
        None,
        None,
    )
    # gamma: as right as alpha but on fewer answers, so shrunk more toward the exam's rate
    assert [d["id"] for d in payload["domains"]] == ["beta", "gamma", "alpha"]
    beta = payload["domains"][0]
    assert list(beta) == ["id", "name", "mastery", "expected", "seen", "total", "due"]
    assert beta["name"] == "Beta [bold]domain[/] <b>x</b> [A]"
    assert (beta["seen"], beta["total"], beta["due"]) == (1, 4, 0)
    assert 0 < beta["mastery"] < payload["domains"][2]["mastery"] <= 1
    # beta's three unseen questions count at the first-try rate, not as wrong
    assert beta["expected"] > beta["mastery"]


def test_weak_json_gives_a_number_and_a_verdict_with_enough_data(context, studied, capsys):
    for item in ("s-b2", "s-b3", "s-b4"):
        studied.answer(item, True)
    assert run(context, "weak", "--json") == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["answers_needed"] == 0 and payload["seen"] == 10
    assert 60 < payload["predicted_percent"] < 100
    assert payload["low"] <= payload["predicted_percent"] <= payload["high"]
    assert 0.5 < payload["pass_probability"] <= 1
    assert payload["verdict"] in ("likely pass", "uncertain")
    expected = "likely pass" if payload["pass_probability"] >= 0.8 else "uncertain"
    assert payload["verdict"] == expected


def test_weak_text_lists_domains_weakest_first(context, studied, capsys):
    set_exam_date(context.store(), "study", date(2026, 3, 30))
    assert run(context, "weak", "--exam", "study") == 0
    out = capsys.readouterr().out
    assert out.startswith("Study test exam: pass mark 60%\n")
    assert "not enough data yet: answer 3 more questions" in out
    assert "7 of 10 questions seen" in out
    assert "exam day 2026-03-30 (28 days left)" in out
    assert "Not yet checked" not in out  # no prediction yet: nothing to check
    lines = out.splitlines()
    table = lines[lines.index(next(ln for ln in lines if ln.startswith("Domain (weakest"))) + 1 :]
    assert table[0].startswith("Beta [bold]domain[/]") and "1/4" in table[0]
    assert table[1].startswith("Gamma domain") and "2/2" in table[1]
    assert table[2].startswith("Alpha domain") and "4/4" in table[2]
    assert "cert-prep drill --weak --exam study" in out


def test_weak_needs_a_choice_when_several_or_no_exams_were_studied(context, studied, capsys):
    Student(context.store(), context.exam("second"), context.clock).answer("s2-1", True)
    with pytest.raises(UserError, match=r"several exams \(second, study\).*--exam") as err:
        run(context, "weak")
    assert err.value.exit_code == 2
    assert run(context, "weak", "--exam", "second", "--json") == 0
    assert json.loads(capsys.readouterr().out)["exam"] == "second"


def test_weak_with_no_history_asks_for_the_exam(context):
    with pytest.raises(UserError, match=r"no answers .* --exam \(second, study\)"):
        run(context, "weak")


def test_exam_date_set_show_clear(context, capsys):
    store = context.store()
    assert run(context, "exam-date", "study", "2026-04-01") == 0
    assert get_exam_date(store, "study") == date(2026, 4, 1)
    assert "exam day set to 2026-04-01 (30 days left)" in capsys.readouterr().out
    assert run(context, "exam-date", "study") == 0
    assert capsys.readouterr().out.strip() == "study: exam day 2026-04-01 (30 days left)"
    assert run(context, "exam-date", "study", "--clear") == 0
    assert get_exam_date(store, "study") is None
    assert capsys.readouterr().out.strip() == "study: exam date 2026-04-01 cleared"
    assert run(context, "exam-date", "study") == 0
    assert "no exam date set" in capsys.readouterr().out
    assert run(context, "exam-date", "study", "--clear") == 0
    assert capsys.readouterr().out.strip() == "study: no exam date was set; nothing to clear"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "is not a date; write it as YYYY-MM-DD"),
        ("30/04/2026", "is not a date"),
        ("2026-4-1", "is not a date"),
        ("2026-03-01", "is in the past"),
        ("2028-03-03", "more than two years away; cert-prep plans for exam dates up to 2028-03-02"),
        ("9999-12-31", "is more than two years away"),
    ],
)
def test_exam_date_rejects_bad_dates_and_keeps_the_old_one(context, text, message):
    set_exam_date(context.store(), "study", date(2026, 5, 5))
    with pytest.raises(UserError, match=message) as err:
        run(context, "exam-date", "study", text)
    assert err.value.exit_code == 2
    assert get_exam_date(context.store(), "study") == date(2026, 5, 5)


def test_exam_date_two_years_ahead_is_the_last_accepted(context):
    assert run(context, "exam-date", "study", "2028-03-02") == 0  # today is 2026-03-02
    assert get_exam_date(context.store(), "study") == date(2028, 3, 2)


def test_two_years_ahead_is_counted_on_the_calendar():
    from cert_prep.study.exam_date import latest_exam_day

    assert latest_exam_day(date(2026, 12, 4)) == date(2028, 12, 4)  # 731 days: 2028 leaps
    assert latest_exam_day(date(2028, 2, 29)) == date(2030, 2, 28)


def test_exam_date_of_an_unknown_exam(context):
    with pytest.raises(UserError, match="unknown exam `nope`"):
        run(context, "exam-date", "nope", "2026-05-05")


def test_drill_weak_builds_the_plan_with_its_reasons(context, studied):
    set_exam_date(context.store(), "study", date(2026, 3, 20))
    args = build_parser().parse_args(["drill", "--weak", "--count", "4", "--seed", "3"])
    plan = drill_plan(args, context)
    assert plan.bank.id == "study" and len(plan.items) == 4
    assert plan.intro[0].startswith("Weak-domain drill: 4 question(s) of the Study test exam")
    assert plan.intro[1].startswith("Exam day 2026-03-20 (18 days left)")
    assert "Domains in this drill:" in plan.intro
    # the brief for short screens: the first line, then every domain on one line
    assert plan.brief[0] == plan.intro[0] and len(plan.brief) < len(plan.intro)
    domains = plan.brief[-1]
    assert domains.startswith(
        "Domains, with the share of their questions expected right on exam day: "
    )
    names = [line.split(":")[0].strip(" -") for line in plan.intro if line.startswith("  - ")]
    assert names and all(f"{name} " in domains for name in names)
    assert domains.count(";") == len(names) - 1
    assert all("expected right on exam day (" in line for line in plan.intro if "  - " in line)
    assert plan.settings["weak"] is True and plan.settings["exam_date"] == "2026-03-20"
    again = drill_plan(
        build_parser().parse_args(["drill", "--weak", "--count", "4", "--seed", "3"]), context
    )
    assert [i.id for i in again.items] == [i.id for i in plan.items]


def test_a_topic_drill_asks_questions_never_answered_first(context, studied):
    """`studied` answered s-a1..a4 (all of alpha), s-g1, s-g2 and s-b1: a drill of the whole
    exam takes the three other beta questions first, then the least recently answered."""
    args = build_parser().parse_args(["drill", "--exam", "study", "--count", "3"])
    first = [it.id for it in drill_plan(args, context).items]
    assert sorted(first) == ["s-b2", "s-b3", "s-b4"]
    for item_id in first:
        studied.later(hours=1)
        studied.answer(item_id, True)
    again = {it.id for it in drill_plan(args, context).items}  # all seen: the oldest
    assert len(again) == 3 and again <= {"s-a1", "s-a2", "s-a3", "s-a4", "s-g1", "s-g2", "s-b1"}


def test_drill_weak_refuses_other_selections(context, studied):
    args = build_parser().parse_args(["drill", "--weak", "--domain", "alpha"])
    with pytest.raises(UserError, match="--weak chooses the questions itself"):
        drill_plan(args, context)


def test_main_prints_a_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CERT_PREP_CACHE", str(tmp_path / "cache"))
    common = ["--data-dir", str(tmp_path / "data"), "--banks", str(BANKS)]
    assert main(["exam-date", "study", "tomorrow", *common]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cert-prep: `tomorrow` is not a date") and "Traceback" not in err
    assert main(["weak", *common]) == 2
    assert "choose the exam with --exam" in capsys.readouterr().err
    assert main(["weak", "--exam", "study", "--json", *common]) == 0
    assert json.loads(capsys.readouterr().out)["domains"][0]["seen"] == 0


def test_weak_says_how_a_mock_exam_moved_the_prediction(context, capsys):
    bank = context.exam("study")
    student = Student(context.store(), bank, context.clock)
    for item in bank.items:
        student.answer(item.id, True)
    student.later(days=1)
    assert run(context, "weak") == 0
    before = capsys.readouterr().out  # a prediction no mock exam has checked says so
    assert "  Not yet checked against a full mock exam; after one, it learns from" in before
    student.sit_exam({item.id: False for item in bank.items})
    assert run(context, "weak") == 0
    out = capsys.readouterr().out
    assert "Adjusted -" in out
    assert "your 1 full mock exam scored " in out and "scored -" not in out
    assert "below the prediction made before it." in out
    assert run(context, "weak", "--json") == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["mocks_compared"] == 1 and payload["mock_adjustment"] < -10


@pytest.fixture
def los_angeles(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


def test_the_exam_day_is_counted_in_the_students_time_zone(context, capsys, los_angeles):
    from datetime import UTC, datetime

    # 7 pm on the 4th in Los Angeles is already the 5th in UTC
    context.clock._now = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
    assert run(context, "exam-date", "study", "2026-12-05") == 0
    assert "exam day set to 2026-12-05 (1 day left)" in capsys.readouterr().out
    assert run(context, "exam-date", "study", "2026-12-04") == 0  # the student's today
    assert "(today)" in capsys.readouterr().out
    with pytest.raises(UserError) as past:
        run(context, "exam-date", "study", "2026-12-03")
    assert "is in the past (today is 2026-12-04)" in past.value.message
