"""The exam footer names the current question's choice letters, and the review-before-submit
dialog's time counts down with the exam's clock."""

from __future__ import annotations

from cert_prep.engine.assembly import ExamOptions, plan_exam
from cert_prep.engine.session import ExamSession
from cert_prep.ui.launch import ResumeLaunch
from cert_prep.ui.screens.exam import ExamScreen
from cert_prep.ui.screens.question_map import QuestionMapScreen
from cert_prep.ui.screens.review_submit import ReviewSubmitScreen
from tests.ui.helpers import app_for, screen_text

SMALL = (80, 24)
# The choices of seed 1's questions (helpers.SEED_1_ITEMS): the sixth is a code item.
SEED_1_LETTERS = ["a-d", "a-b", "a-d", "a-b", "a-c"]


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_the_footer_names_each_questions_letters(context):
    app = app_for(context)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        for number, letters in enumerate(SEED_1_LETTERS, start=1):
            assert f"Question {number} of 6" in screen_text(app)
            assert f"{letters} Choose" in footer(app), footer(app)
            await pilot.press("n")
            await pilot.pause()
        assert "Choose" not in footer(app)  # the code item: Enter types codes
        await pilot.press("p")  # back from the code item to three choices
        await pilot.pause()
        assert "a-c Choose" in footer(app)
        await pilot.press("p")  # from three choices to two: neither is a code item
        await pilot.pause()
        assert "a-b Choose" in footer(app), footer(app)


async def test_the_footer_follows_a_jump_from_the_map(context):
    app = app_for(context)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "a-d Choose" in footer(app)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, QuestionMapScreen)
        await pilot.press("2", "enter")
        await pilot.pause()
        assert "Question 2 of 6" in screen_text(app)
        assert "a-b Choose" in footer(app), footer(app)


async def test_a_resumed_exam_names_its_questions_letters(context, tiny, clock):
    session = ExamSession.start(context.store(), tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    session.go_to(4)  # three choices
    session.close()
    app = app_for(context, ResumeLaunch(session.id))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert "Question 5 of 6" in screen_text(app)
        assert "a-c Choose" in footer(app)
        await pilot.press("p")
        await pilot.pause()
        assert "a-b Choose" in footer(app), footer(app)


async def test_the_review_dialog_counts_down_with_the_clock(context, clock):
    app = app_for(context)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        clock.advance(1)
        exam.tick()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewSubmitScreen)
        assert "Time left 0:59:59." in screen_text(app)
        clock.advance(75)
        exam.tick()  # the exam's one-second timer, run by hand under the fake clock
        await pilot.pause()
        text = screen_text(app)
        assert "Time left 0:58:44." in text, text
        assert "Time left 0:58:44" in text.splitlines()[0]  # as the status line says
        await pilot.press("escape")
        await pilot.pause()
        clock.advance(60)
        exam.tick()  # the closed dialog no longer listens
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert "Time left 0:57:44." in screen_text(app)
