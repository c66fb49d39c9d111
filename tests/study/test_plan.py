"""`cert-prep plan`: the days to the exam, new questions and an FSRS review forecast."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from cert_prep.cli.main import build_parser, main
from cert_prep.errors import UserError
from cert_prep.study.card_sync import exam_cards
from cert_prep.study.exam_date import set_exam_date
from cert_prep.study.plan import PEAK, plan_for, study_plan
from tests.study.conftest import BANKS, Student


def run(context, *argv: str) -> int:
    args = build_parser().parse_args(list(argv))
    return args.func(args, context)


@pytest.fixture
def student(context) -> Student:
    return Student(context.store(), context.exam("study"), context.clock)


def test_plan_json_is_exactly_the_contract(context, student, capsys):
    for item in ("s-a1", "s-a2", "s-b1"):
        student.answer(item, item != "s-b1")
    set_exam_date(context.store(), "study", date(2026, 3, 12))  # 10 days from 2026-03-02
    assert run(context, "plan", "--exam", "study", "--json") == 0
    payload = json.loads(capsys.readouterr().out)
    assert list(payload) == [
        "exam",
        "exam_date",
        "days_left",
        "daily",
        "reachable",
        "recent_per_day",
    ]
    assert (payload["exam"], payload["exam_date"], payload["days_left"]) == (
        "study",
        "2026-03-12",
        10,
    )
    days = payload["daily"]
    assert [d["date"] for d in days] == [
        (date(2026, 3, 2) + timedelta(days=i)).isoformat() for i in range(10)
    ]
    assert all(list(d) == ["date", "due", "new"] for d in days)
    # the 7 questions never seen over the days, earlier ones first; today already met
    # 3 new questions, more than its share, so today has none left
    assert [d["new"] for d in days] == [0] + [1] * 7 + [0, 0]
    # three answered today, all on the first day: 3 a day of recent pace
    assert payload["recent_per_day"] == 3.0
    assert all(d["due"] >= 0 for d in days) and sum(d["due"] for d in days) > 0


def test_no_day_carries_more_than_one_and_a_half_times_the_average(context, student, clock):
    bank = context.exam("study")
    for item in bank.items:  # everything seen, half of it wrong: a heavy first week
        student.answer(item.id, item.id.endswith(("1", "3")))
    plan = study_plan(
        bank,
        exam_cards(context.store(), bank, clock.now()),
        clock.now(),
        date(2026, 3, 9),
        recent_per_day=50.0,
    )
    totals = [d.due + d.new for d in plan.daily]
    average = sum(totals) / len(totals)
    assert max(totals) <= PEAK * average + 1  # + 1: whole reviews
    assert plan.unseen == 0 and all(d.new == 0 for d in plan.daily)
    assert plan.reachable


def test_reachable_follows_the_recent_pace(context, student, clock):
    bank = context.exam("study")
    states = exam_cards(context.store(), bank, clock.now())
    slow = study_plan(bank, states, clock.now(), date(2026, 3, 4), recent_per_day=0.0)
    fast = study_plan(bank, states, clock.now(), date(2026, 3, 4), recent_per_day=100.0)
    assert slow.average_per_day > 0
    assert (slow.reachable, fast.reachable) == (False, True)


def test_todays_share_counts_what_was_already_taken_today(context, student, clock):
    bank = context.exam("study")
    set_exam_date(context.store(), "study", date(2026, 3, 7))  # 5 days, 10 questions
    before = plan_for(context.store(), bank, clock.now(), date(2026, 3, 7))
    assert [d.new for d in before.daily] == [2, 2, 2, 2, 2]
    student.answer("s-a1", True)
    after = plan_for(context.store(), bank, clock.now(), date(2026, 3, 7))
    assert after.daily[0].new == 1  # one of today's two is done
    assert [d.new for d in after.daily[1:]] == [2, 2, 2, 2]


def test_drill_weak_respects_the_plan_and_says_when_it_is_done(context, student, capsys):
    from cert_prep.cli.study_commands import drill_plan

    set_exam_date(context.store(), "study", date(2026, 3, 7))
    args = build_parser().parse_args(["drill", "--weak", "--exam", "study", "--count", "10"])
    plan = drill_plan(args, context)
    assert len(plan.items) == 2  # today's two new questions, nothing is due yet
    assert any("Today's plan: 2 more new question(s)" in line for line in plan.intro)
    for item in plan.items:
        student.answer(item.id, True)
    again = drill_plan(args, context)
    assert any("Today's plan is done" in line for line in again.intro)
    # Extra practice goes ahead of the plan before it repeats what was just answered.
    assert len(again.items) == 10
    assert {i.id for i in again.items[:8]}.isdisjoint({i.id for i in plan.items})
    assert {i.id for i in again.items[8:]} == {i.id for i in plan.items}
    done = next(line for line in again.intro if "Today's plan is done" in line)
    assert "this drill is extra practice. It takes 8 new question(s) ahead of the plan" in done
    assert done in again.brief  # said on a short screen too


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plan", "--exam", "study"], "no exam date is set for study"),
        (["plan", "--exam", "nope"], "nope"),
        (["exam-date", "study", "2026-02-30"], "is not a date"),
        (["exam-date", "study", "2020-01-01"], "is in the past"),
        (["exam-date", "nope", "2027-01-01"], "nope"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path, argv, message, capsys):
    code = main([*argv, "--banks", str(BANKS), "--data-dir", str(tmp_path / "d")])
    err = capsys.readouterr().err
    assert code != 0 and message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_past_or_present_exam_day_is_said_not_planned(context, clock):
    bank = context.exam("study")
    with pytest.raises(UserError, match="has passed"):
        plan_for(context.store(), bank, clock.now(), date(2026, 3, 1))
    with pytest.raises(UserError, match="the exam is today"):
        plan_for(context.store(), bank, clock.now(), date(2026, 3, 2))


def test_a_date_set_years_ahead_by_hand_is_refused_not_planned(context, student, clock):
    """A stored date beyond the two years `exam-date` accepts (hand-edited, or set by an
    older version) is one clear line for `plan`, and no plan at all for the weak drill
    and the progress view (a forecast of millions of days would never end)."""
    from cert_prep.ui.screens.progress import exam_day_text, load_progress

    student.answer("s-a1", True)
    set_exam_date(context.store(), "study", date(9999, 12, 31))
    far = "more than two years away; cert-prep plans for exam dates up to 2028-03-02; set"
    with pytest.raises(UserError, match=far):
        plan_for(context.store(), context.exam("study"), clock.now(), date(9999, 12, 31))
    intro = _weak_drill_intro(context)
    assert not any("Today's plan" in line or "days left" in line for line in intro)
    assert "The exam date 9999-12-31 is more than two years away; planning for today." in (
        " ".join(intro)
    )
    progress = load_progress(context, context.exam("study"))
    assert progress.exam_date == date(9999, 12, 31) and progress.plan is None
    shown = exam_day_text(context.store(), "study", clock.now())
    assert shown is not None and shown.plain == (
        "Exam day 9999-12-31 · more than two years away, too far ahead to plan for"
    )


def _weak_drill_intro(context) -> list[str]:
    from cert_prep.cli.study_commands import drill_plan

    args = build_parser().parse_args(["drill", "--weak", "--exam", "study", "--count", "3"])
    return drill_plan(args, context).intro


def test_drill_weak_says_when_reviews_come_due_later_today(context, student, clock):
    """Every question seen last evening, some wrong: nothing is new and nothing due yet,
    but the missed ones come due this evening, so the plan is not done."""
    bank = context.exam("study")
    set_exam_date(context.store(), "study", date(2026, 3, 7))
    evening = clock.now() - timedelta(hours=13)  # 20:00 UTC yesterday
    for n, item in enumerate(bank.items):
        student.answer(item.id, n % 3 != 0, at=evening + timedelta(minutes=n))
    intro = _weak_drill_intro(context)
    assert not any("Today's plan is done" in line for line in intro)
    assert any(
        "more review(s) come due later today." in line and "about 4 more" in line for line in intro
    ), intro


def test_the_plan_line_says_how_many_reviews_are_due_now_and_later(context, student, clock):
    """Answers given yesterday a little later in the day than now come due later today:
    the drill's plan line says so instead of an unexplained total."""
    bank = context.exam("study")
    set_exam_date(context.store(), "study", date(2026, 3, 7))
    yesterday = clock.now() - timedelta(hours=23, minutes=30)
    for n, item in enumerate(bank.items[:6]):
        student.answer(item.id, n % 2 == 0, at=yesterday + timedelta(minutes=n))
    intro = " ".join(_weak_drill_intro(context))
    assert "0 due now and 3 coming due later today" in intro, intro


def test_drill_weak_says_which_reviews_the_plan_brings_forward(context, student, clock):
    """All ten questions come due tomorrow at once; the plan evens that out by taking some
    today, and the drill says so instead of calling the day done."""
    bank = context.exam("study")
    set_exam_date(context.store(), "study", date(2026, 3, 7))
    plan_day = plan_for(context.store(), bank, clock.now(), date(2026, 3, 7))
    assert plan_day.daily[0].new == 2  # nothing seen yet
    earlier = clock.now() - timedelta(days=1)
    for n, item in enumerate(bank.items):
        student.answer(item.id, True, at=earlier + timedelta(minutes=n))
    plan = plan_for(context.store(), bank, clock.now(), date(2026, 3, 7))
    assert plan.daily[0].new == 0 and plan.daily[0].due > 0  # brought forward
    intro = _weak_drill_intro(context)
    assert not any("Today's plan is done" in line for line in intro)
    assert any(
        f"brings about {plan.daily[0].due} review(s) forward from busier days" in line
        for line in intro
    ), intro


def test_the_progress_views_plan_line_reads_as_a_sentence(context, clock):
    from dataclasses import replace

    from rich.console import Console

    from cert_prep.ui.widgets.progress_views import plan_lines

    plan = plan_for(context.store(), context.exam("study"), clock.now(), date(2026, 3, 7))

    def first_line(p) -> str:
        console = Console(width=200, record=True)
        console.print(plan_lines(p))
        return console.export_text().splitlines()[0]

    fast, slow = replace(plan, reachable=True), replace(plan, reachable=False)
    assert first_line(fast).endswith("reachable at your recent pace of 0.0 a day.")
    assert first_line(slow).endswith("more than your recent pace of 0.0 a day.")


def test_plan_without_exam_takes_the_exam_whose_date_is_set(tmp_path, capsys):
    data = ["--banks", str(BANKS), "--data-dir", str(tmp_path / "d")]
    assert main(["exam-date", "study", "2027-06-01", *data]) == 0
    capsys.readouterr()
    assert main(["plan", *data]) == 0
    assert "exam day 2027-06-01" in capsys.readouterr().out


def test_on_exam_day_the_drill_says_the_exam_is_today(context, clock):
    from cert_prep.study.exam_date import today_of

    set_exam_date(context.store(), "study", today_of(clock.now()))
    clock.advance(10 * 3600)  # the evening of the exam day, after the exam's hour
    intro = " ".join(_weak_drill_intro(context))
    assert "The exam is today" in intro and "has passed" not in intro


def test_a_bank_seen_through_plans_reviews_only_and_says_so(context, student, capsys):
    for item in context.exam("study").items:
        student.answer(item.id, True)
    set_exam_date(context.store(), "study", date(2026, 3, 12))
    assert run(context, "plan", "--exam", "study") == 0
    said = capsys.readouterr().out
    assert "reviews only (every question has been seen), to reach 90% recall" in said
    assert "0 question(s) never seen" not in said
    plan = plan_for(context.store(), context.exam("study"), context.clock.now(), date(2026, 3, 12))
    assert plan.unseen == 0 and all(d.new == 0 for d in plan.daily)
    nothing_due = study_plan(context.exam("study"), {}, context.clock.now(), date(2026, 3, 12), 0)
    assert "never seen" in nothing_due.summary()  # no cards: every question is new


def test_a_plan_of_about_one_answer_a_day_says_answer():
    from cert_prep.study.plan import PlanDay, StudyPlan

    daily = [PlanDay(date(2026, 3, 2) + timedelta(days=i), 1, 0) for i in range(5)]
    plan = StudyPlan("demo", date(2026, 3, 7), 5, daily, True, 2.0, 0, 0.9)
    assert plan.summary().startswith("on average about 1 answer a day, reviews only")
