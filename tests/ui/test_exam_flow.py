"""Pilot tests of the whole exam flow: instructions, answering, map, submit, results, review."""

from __future__ import annotations

import sqlite3

from cert_prep.engine.assembly import ExamOptions, plan_exam
from cert_prep.engine.session import ExamSession
from cert_prep.store import Store
from cert_prep.ui.launch import ExamLaunch
from cert_prep.ui.messages import ExamSubmitted
from cert_prep.ui.screens.exam import ExamScreen
from cert_prep.ui.screens.instructions import InstructionsScreen
from cert_prep.ui.screens.modals import ConfirmModal, ResumeOrDiscardModal
from cert_prep.ui.screens.question_map import QuestionMapScreen
from cert_prep.ui.screens.results import ResultsScreen
from cert_prep.ui.screens.review import ReviewScreen
from cert_prep.ui.screens.review_submit import ReviewSubmitScreen
from tests.engine.support import MARKUP_STEM
from tests.ui.helpers import SEED_1_ITEMS, SIZE, app_for, notifications, screen_text


async def test_whole_exam_flow(context, tiny):
    messages = []
    opened = []
    app = app_for(context, open_url=lambda url: opened.append(url) or True)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InstructionsScreen)
        text = screen_text(app)
        assert "Tiny mock exam" in text and "Questions:    6" in text
        assert "Time:         1:00:00" in text and "Pass mark:    60%" in text
        assert context.store().open_exam("tiny") is None  # the clock has not started
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        text = screen_text(app)
        assert "Question 1 of 6" in text and "Time left 1:00:00" in text
        assert "Answered 0/6" in text
        attempt = context.store().open_exam("tiny")
        items = context.store().attempt_items(attempt.id)
        assert [it.item_id for it in items] == SEED_1_ITEMS

        await pilot.press("b")  # a1: right
        await pilot.press("n", "1")  # a3: A, right
        await pilot.press("right", "a", "d", "f")  # a4: A+D right, flagged
        await pilot.press("n", "n", "b")  # b4 skipped; b3: B only, wrong
        await pilot.press("n")  # g1: the code box is not focused until Enter
        await pilot.pause()
        assert app.focused is None
        assert "Enter: type codes" in screen_text(app)
        await pilot.press("enter")
        assert app.focused is app.screen.query_one("#codes")
        await pilot.press(*"a41.51, R65.20", "enter")
        await pilot.pause()
        assert "Question 6 of 6" in screen_text(app)
        assert app.focused is None

        stored = {it.item_id: it for it in context.store().attempt_items(attempt.id)}
        assert stored["tiny-a1"].response == "B"
        assert stored["tiny-a4"].response == ["A", "D"] and stored["tiny-a4"].flagged
        assert stored["tiny-b4"].response is None
        assert stored["tiny-g1"].response == ["A41.51", "R65.20"]
        assert context.store().attempt(attempt.id).position == 5

        text = screen_text(app)
        assert "Answered 5/6" in text and "Flagged 1" in text
        for secret in ("Rationale", "Key:", "Correct", "Incorrect", "(key)"):
            assert secret not in text

        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, QuestionMapScreen)
        text = screen_text(app)
        assert "✓ answered 5  ○ unanswered 1  ⚑ flagged 1" in text
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert "Question 3 of 6" in screen_text(app)

        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewSubmitScreen)
        text = screen_text(app)
        assert "Flagged: 1. Unanswered: 1." in text
        assert text.index("Flagged (1)") < text.index("Unanswered (1)")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        await pilot.press("s", "y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "Score: 4/6 (66.7%)" in text and "PASS" in text
        assert "Alpha domain" in text and "Time used: 0:00:00 of 1:00:00" in text
        assert "Report: exports/tiny-20261123-0900-1.html" in text
        assert any(isinstance(m, ExamSubmitted) for m in messages)

        row = context.store().attempt(attempt.id)
        assert (row.status, row.correct, row.total, row.passed) == ("submitted", 4, 6, True)
        assert len(context.store().reviews("tiny")) == 5  # the unanswered one is no review

        await pilot.press("o")
        assert opened and opened[0].startswith("file://")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        text = screen_text(app)
        assert "Key: B" in text and "Rationale" in text and "Correct" in text
        await pilot.press("i")  # incorrect answers only: b3 (b4 was not answered)
        await pilot.pause()
        text = screen_text(app)
        assert "Question 5 of 6" in text and "Incorrect" in text and "Key: B, C" in text
        assert "1 of 1" in text and "unanswered: u" in text
        await pilot.press("u")  # the unanswered ones: b4 and g1 was answered, so b4
        await pilot.pause()
        text = screen_text(app)
        assert "Question 4 of 6" in text and "Unanswered" in text
        await pilot.press("escape", "q")
        await pilot.pause()
    assert app.return_code == 0


async def test_bank_text_is_never_markup(context):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=1, questions=1)))
    async with app.run_test(size=(160, 30)) as pilot:  # wide: the stem fits on one line
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert MARKUP_STEM in text
        assert "[link=x]a link[/link] <script>x</script>" in text
        assert "A. [b]first[/b]" in text and "B. second [/]" in text and "C. third [A]" in text


async def test_code_box_escape_with_nothing_typed_just_leaves(context):
    app = app_for(context)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.screen.go_to(5)  # g1, a code item
        await pilot.pause()
        assert app.focused is None
        await pilot.press("e")
        assert app.focused is app.screen.query_one("#codes")
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is None
        assert isinstance(app.screen, ExamScreen)  # no question asked: nothing was typed
        await pilot.press("enter")  # back into the box
        await pilot.pause()
        assert app.focused is app.screen.query_one("#codes")


async def test_every_key_is_in_the_command_palette(context):
    app = app_for(context)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Choose E" not in titles  # a four-choice question: a-d only
        for wanted in (
            "Choose A",
            "Choose D",
            "Choose choice 4",
            "Next",
            "Previous",
            "Flag",
            "Map",
            "Submit",
            "Quit",
        ):
            assert wanted in titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Next")
        await command.callback()
        await pilot.pause()
        assert "Question 2 of 6" in screen_text(app)


async def test_time_out_submits_with_the_answers_given(context, clock):
    app = app_for(context)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "b")
        await pilot.pause()
        screen = app.screen
        clock.advance(30 * 60 + 1)
        screen.tick()
        await pilot.pause()
        assert "30 minutes left." in notifications(app)
        assert "Time left 0:29:59" in screen_text(app)
        clock.advance(25 * 60)
        screen.tick()
        await pilot.pause()
        assert "5 minutes left." in notifications(app)
        clock.advance(5 * 60)
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "Score: 1/6 (16.7%)" in text and "FAIL" in text
        assert text.count("time ran out") == 1  # said once
        assert not any("time" in n.lower() and "ran out" in n for n in notifications(app))
    row = context.store().attempts(exam="tiny")[0]
    assert row.submitted_reason == "time" and row.correct == 1


async def test_an_unfinished_exam_is_resumed_or_discarded_with_confirmation(context, tiny, clock):
    store = context.store()
    old = ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=9)), clock)
    old.go_to(3)
    old.close()
    app = app_for(context)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeOrDiscardModal)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # not confirmed: nothing changes, and nothing else to show
        await pilot.pause()
    assert store.attempt(old.id).status == "open"

    app = app_for(context)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert app.screen.session.id == old.id
        assert "Question 4 of 6" in screen_text(app)

    app = app_for(context)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d", "y")
        await pilot.pause()
        assert isinstance(app.screen, InstructionsScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert app.screen.session.id != old.id
    assert store.attempt(old.id).status == "discarded"


async def test_an_exam_started_in_another_window_meanwhile_is_offered(context, tiny, clock):
    app = app_for(context)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InstructionsScreen)
        ExamSession.start(context.store(), tiny, plan_exam(tiny, ExamOptions(seed=3)), clock)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResumeOrDiscardModal)
        assert "Another cert-prep window has started this exam." in notifications(app)


async def test_a_busy_store_is_a_message_not_a_crash(context, tmp_path):
    app = app_for(context)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        store = context.store()
        store.db.execute("PRAGMA busy_timeout = 20")
        other = sqlite3.connect(context.locations.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("b", "n")
        await pilot.pause()
        assert any("another cert-prep is writing" in n for n in notifications(app))
        assert "Question 1 of 6" in screen_text(app)  # nothing moved
        assert "Answered 0/6" in screen_text(app)
        other.execute("ROLLBACK")
        other.close()
        await pilot.press("b", "n")
        await pilot.pause()
        assert "Question 2 of 6" in screen_text(app) and "Answered 1/6" in screen_text(app)


async def test_leaving_keeps_the_exam_open(context):
    app = app_for(context)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "b", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
    assert app.farewell and "cert-prep resume" in app.farewell
    row = context.store().open_exam("tiny")
    assert row is not None
    assert context.store().attempt_items(row.id)[0].response == "B"


def store_attempt(store: Store) -> int:
    return store.open_exam("tiny").id


async def test_an_unfinished_exam_open_in_another_window_says_so(context, tiny, clock):
    """Resume or discard: the student learns the exam is open elsewhere before choosing."""
    other = Store.open(context.locations.database)
    ExamSession.start(other, tiny, plan_exam(tiny, ExamOptions(seed=9)), clock)
    app = app_for(context)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeOrDiscardModal)
        text = " ".join(screen_text(app).split())
        assert "It is open in another cert-prep window (since" in text
        assert "discarding ends it there too" in text
        other_session = ExamSession.open(other, tiny, store_attempt(other), clock)
        other_session.choose("A")  # answered in the other window meanwhile
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        said = " ".join(str(w.render()) for w in app.screen.query(".dialog-text"))
        assert "The other window showing it will stop." in said
        assert "Its 1 answer(s) will not be scored." in said
    other.close()
