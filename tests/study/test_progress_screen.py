"""The progress screen in the app (Pilot): reached from home, shows mastery, due counts,
the predicted score against the pass mark, study days, days left; starts a weak drill."""

from __future__ import annotations

from datetime import date

from cert_prep.study.exam_date import set_exam_date
from cert_prep.study.plan import plan_for
from cert_prep.study.readiness import percent_text, readiness
from cert_prep.ui.app import make_app
from cert_prep.ui.launch import HomeLaunch
from cert_prep.ui.screens.drill import DrillScreen
from cert_prep.ui.screens.progress import ProgressScreen
from cert_prep.ui.widgets.progress_views import heat_map, score_scale, score_summary
from tests.study.conftest import Student, days
from tests.ui.helpers import screen_text

SIZE = (110, 60)


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _resized(app, pilot, width: int, height: int) -> None:
    """Resize, then wait (a bounded number of message rounds) until the screen has it."""
    await pilot.resize_terminal(width, height)
    for _ in range(50):
        await pilot.pause()
        if app.screen.size == (width, height) and app.screen._compositor.size == (width, height):
            break
    await _settle(app, pilot)


def _studied(context) -> Student:
    student = Student(context.store(), context.exam("study"), context.clock)
    student.answer("s-a1", True, at=context.clock.now() - days(9))
    student.answer("s-a2", True, at=context.clock.now() - days(2))
    student.answer("s-a3", False, at=context.clock.now() - days(2))
    student.answer("s-b1", False, at=context.clock.now() - days(1))
    set_exam_date(context.store(), "study", date(2026, 3, 23))
    return student


async def test_progress_screen_from_home_and_back(context):
    _studied(context)
    app = make_app(context, HomeLaunch(), cursor_blink=False, seed_source=lambda: 1)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await pilot.press("down")  # second, then study (alphabetical)
        await _settle(app, pilot)
        home = screen_text(app)
        assert "Exam day 2026-03-23 · 21 days left" in home
        await pilot.press("p")
        await _settle(app, pilot)
        assert isinstance(app.screen, ProgressScreen)
        text = screen_text(app)
        ready = readiness(context.store(), context.exam("study"), context.clock.now())
        assert "Progress · Study test exam" in text
        assert "Exam day 2026-03-23 · 21 days left" in text
        plan = plan_for(
            context.store(), context.exam("study"), context.clock.now(), date(2026, 3, 23)
        )
        today = plan.daily[0]
        flat = " ".join(text.split())
        assert f"Plan to exam day: today {today.due} review(s) and {today.new} new; on" in flat
        assert f"on average about {plan.average_per_day:.0f} answers a day" in flat
        assert "reviews+new" in text and "`cert-prep plan` lists every day" in text
        # 4 of the bank's 10 answered: no number yet, and says how many more it needs
        assert ready.answers_needed == 6
        assert "Predicted mock-exam score: not enough data yet (pass mark 60%)" in text
        assert "Answer 6 more questions for a prediction." in text
        assert "▲ pass 60%" in text
        # bank text shows as typed, never as markup
        assert "Beta [bold]domain[/] <b>x</b> [A]" in text
        rows = [line.strip() for line in text.splitlines() if "domain" in line and "/" in line]
        # weakest first, by the share expected right: beta (its one answer wrong) first
        assert [r.split()[0] for r in rows] == [d.name.split()[0] for d in ready.domains]
        assert rows[0].startswith("Beta")
        alpha = next(line for line in text.splitlines() if line.strip().startswith("Alpha"))
        assert "3/4" in alpha and alpha.rstrip().endswith(" 3")  # all three are due by now
        assert "3 study day(s), 4 answer(s) in the last 20 weeks" in text
        assert "No mock exams yet" in text
        await pilot.press("escape")
        await _settle(app, pilot)
        assert getattr(app.screen, "is_home", False)


async def test_progress_screen_starts_a_weak_drill(context):
    _studied(context)
    app = make_app(context, HomeLaunch(), cursor_blink=False, seed_source=lambda: 1)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        app.push_screen(ProgressScreen(context.exam("study")))
        await _settle(app, pilot)
        await pilot.press("w")
        await _settle(app, pilot)
        assert isinstance(app.screen, DrillScreen)
        text = screen_text(app)
        # the exam date's plan: 6 unseen questions over 21 days, so 1 new one today
        assert "Weak-domain drill: 5 question(s) of the Study test exam" in text
        assert "Today's plan: 1 more new question(s)" in text
        assert "Domains in this drill:" in text
        # a short terminal gets the brief, so the first question stays in view
        await _resized(app, pilot, 80, 24)
        text = screen_text(app)
        assert "Domains in this drill:" not in text and "Today's plan: 1 more new" in text
        assert "Domains, with the share of their questions expected right on exam day: " in text
        await _resized(app, pilot, *SIZE)
        assert "Domains in this drill:" in screen_text(app)
        assert app.screen.session.count == 5
        ids = [e.item.id for e in app.screen.session.entries]
        assert len([i for i in ids if i not in {"s-a1", "s-a2", "s-a3", "s-b1"}]) == 1
        # the drill's first questions are the due ones (s-a1: right 9 days ago)
        assert app.screen.session.entries[0].item.id in {"s-a1", "s-a3", "s-b1"}


def test_score_scale_marks_the_range_the_prediction_and_the_pass_mark(context):
    student = _studied(context)
    ready = readiness(context.store(), context.exam("study"), context.clock.now())
    scale = score_scale(ready).plain.splitlines()
    assert scale[0].count("◆") == 0 and scale[0].count("█") == 0  # not enough data: no mark
    for item in ("s-a4", "s-b2", "s-b3", "s-b4", "s-g1", "s-g2"):
        student.answer(item, True)
    ready = readiness(context.store(), context.exam("study"), context.clock.now())
    assert ready.enough_data
    scale = score_scale(ready).plain.splitlines()
    assert scale[0].startswith("0 ") and scale[0].endswith(" 100")
    assert scale[0].count("◆") == 1 and scale[0].count("┃") == 1 and "█" in scale[0]
    assert scale[0].index("◆") == 2 + round(ready.predicted_percent / 100 * 50)
    summary = score_summary(ready).plain
    low, high = percent_text(ready.low), percent_text(ready.high)
    assert f"{percent_text(ready.predicted_percent)}%  (80% range {low}–{high}%" in summary
    assert ready.outlook in summary
    assert scale[0].index("┃") == 2 + round(0.6 * 50)
    assert scale[1].strip() == "▲ pass 60%"


def test_heat_map_counts_study_days():
    today = date(2026, 3, 2)  # a Monday
    counts = {date(2026, 3, 2): 5, date(2026, 2, 25): 1, date(2025, 1, 1): 9}
    text = heat_map(counts, today, weeks=4).plain
    lines = text.splitlines()
    assert lines[1].startswith("Mon") and lines[1].rstrip().endswith("■")
    assert lines[3].startswith("Wed")
    assert "2 study day(s), 6 answer(s) in the last 4 weeks" in text


async def test_the_exam_date_is_set_and_cleared_on_the_progress_screen(context):
    from cert_prep.study.exam_date import get_exam_date
    from cert_prep.ui.screens.exam_date_dialog import ExamDateModal

    _studied(context)
    set_exam_date(context.store(), "study", None)
    app = make_app(context, HomeLaunch(), cursor_blink=False, seed_source=lambda: 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.press("down")
        await _settle(app, pilot)
        await pilot.press("p")
        await _settle(app, pilot)
        assert "press d to set the day of your real exam" in " ".join(screen_text(app).split())
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ExamDateModal)
        # The real exam's day, named by its certification: not the bank's mock exam.
        assert "The day you sit the real Study Test Coder exam" in " ".join(
            screen_text(app).split()
        )
        await pilot.press(*"2020-01-01", "enter")  # in the past: said, the dialog stays
        await pilot.pause()
        assert isinstance(app.screen, ExamDateModal)
        assert "is in the past" in screen_text(app)
        for _ in range(10):
            await pilot.press("backspace")
        await pilot.press(*"2026-03-23", "enter")
        await _settle(app, pilot)
        assert isinstance(app.screen, ProgressScreen)
        assert get_exam_date(context.store(), "study") == date(2026, 3, 23)
        assert "Exam day 2026-03-23" in screen_text(app)
        await pilot.press("d", "ctrl+d")
        await _settle(app, pilot)
        assert get_exam_date(context.store(), "study") is None
