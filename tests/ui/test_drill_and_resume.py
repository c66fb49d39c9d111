"""Pilot tests of drills, resuming (including a deadline passed while closed), and home."""

from __future__ import annotations

from cert_prep.engine.assembly import DrillPlan, ExamOptions, plan_exam
from cert_prep.engine.session import ExamSession
from cert_prep.ui.launch import DrillLaunch, HomeLaunch, ResumeLaunch
from cert_prep.ui.screens.drill import DrillScreen
from cert_prep.ui.screens.drill_setup import DrillSetupModal
from cert_prep.ui.screens.drill_summary import DrillSummaryScreen
from cert_prep.ui.screens.exam import ExamScreen
from cert_prep.ui.screens.home import HomeScreen
from cert_prep.ui.screens.instructions import InstructionsScreen
from cert_prep.ui.screens.results import ResultsScreen
from tests.ui.helpers import SIZE, app_for, screen_text


async def test_drill_flow_gives_feedback_at_once(context, tiny):
    plan = DrillPlan(
        tiny,
        [tiny.item(i) for i in ("tiny-a1", "tiny-a4", "tiny-b2")],
        ["Tiny drill, chosen for the test."],
        {},
    )
    app = app_for(context, DrillLaunch(plan))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        text = screen_text(app)
        assert "Question 1 of 3" in text and "Tiny drill, chosen for the test." in text
        assert "Rationale" not in text
        await pilot.press("b")
        await pilot.pause()
        text = screen_text(app)
        assert "Correct" in text and "Key: B" in text
        assert "B is right; [i]rationale[/i] text stays literal." in text
        assert len(context.store().reviews("tiny")) == 1  # a review at once
        await pilot.press("enter")  # goes on
        await pilot.pause()
        assert "Question 2 of 3" in screen_text(app)
        await pilot.press("a", "b")  # multi: letters toggle, nothing recorded yet
        await pilot.pause()
        assert "Rationale" not in screen_text(app)
        assert "Choose all that apply." in screen_text(app)
        await pilot.press("c")  # three of a two-key item: said before it is marked wrong
        await pilot.pause()
        assert "3 chosen; the question asks for 2." in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert "Choose all that apply." in screen_text(app)
        assert len(context.store().reviews("tiny")) == 1
        await pilot.press("b", "d", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Correct" in text and "Key: A, D" in text
        await pilot.press("n")
        await pilot.pause()
        assert app.focused is None  # Enter puts the cursor in the box
        await pilot.press("enter")
        assert app.focused is app.screen.query_one("#codes")
        await pilot.press(*"E11.9 Z00.00", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Incorrect" in text and "I10 missing" in text and "Z00.00 wrong" in text
        assert "E11.9 right" in text
        assert app.focused is None
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DrillSummaryScreen)
        text = screen_text(app)
        assert "Score: 2/3" in text
        # the ids a blind key reviewer posts (CONTRIBUTING.md): only the code item was missed
        assert "Answered differently from the key (1): tiny-b2." in text
        await pilot.press("q")
        await pilot.pause()
    rows = context.store().attempts(mode="drill")
    assert rows[0].correct == 2 and rows[0].total == 3 and rows[0].passed is None
    assert [r.mode for r in context.store().reviews("tiny")] == ["drill"] * 3


async def test_resume_brings_back_answers_flags_and_position(context, tiny, clock):
    store = context.store()
    session = ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    session.choose("B")
    session.go_to(2)
    session.choose("A")
    session.toggle_flag()
    session.close()  # that cert-prep was closed (a live one would be offered a takeover)
    clock.advance(600)
    app = app_for(context, ResumeLaunch(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        text = screen_text(app)
        assert "Question 3 of 6" in text and "Answered 2/6" in text and "Flagged 1" in text
        assert "Time left 0:50:00" in text
        await pilot.press("d", "s", "y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "Score: 2/6 (33.3%)" in screen_text(app)


async def test_resume_after_the_deadline_shows_the_results(context, tiny, clock):
    session = ExamSession.start(context.store(), tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    session.choose("B")
    session.close()
    clock.advance(2 * 3600)
    app = app_for(context, ResumeLaunch(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "Score: 1/6 (16.7%)" in text
        assert "The time ran out while cert-prep was closed" in text
        assert text.count("time ran out") == 1  # said once
    assert context.store().attempt(session.id).submitted_reason == "time"


async def test_home_lists_exams_and_starts_exams_and_drills(context, tiny, clock):
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Mini scaled exam" in text and "Tiny mock exam" in text
        await pilot.press("down")  # mini, tiny
        await pilot.pause()
        text = screen_text(app)
        assert "6 questions in 1:00:00, pass mark 60%" in text
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, InstructionsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DrillSetupModal)
        await pilot.press("space", "ctrl+s")  # the first domain only
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert {e.domain for e in app.screen.session.entries} == {"alpha"}
        await pilot.press("b", "q", "y")
        await pilot.pause()
        assert isinstance(app.screen, DrillSummaryScreen)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "drill" in screen_text(app)  # the past attempt is listed

        ExamSession.start(
            context.store(), tiny, plan_exam(tiny, ExamOptions(seed=2)), clock
        ).close()
        app.screen.show_exam()
        await pilot.pause()
        assert "Unfinished: #" in screen_text(app) and "Tiny mock exam, started" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)


async def test_a_launch_that_cannot_start_exits_with_its_reason(context):
    app = app_for(context, ResumeLaunch(999))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 1
    assert "no longer open" in app.problem
