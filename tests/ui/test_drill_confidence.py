"""Pilot tests (80x24) of confidence ratings in a drill: one key after the answer,
before the feedback."""

from __future__ import annotations

from cert_prep.engine.assembly import DrillPlan
from cert_prep.ui.launch import DrillLaunch
from cert_prep.ui.screens.drill import DrillScreen
from tests.ui.helpers import app_for, screen_text

SIZE = (80, 24)


def _plan(tiny, confidence: bool) -> DrillPlan:
    items = [tiny.item(i) for i in ("tiny-a1", "tiny-a4", "tiny-b2")]
    return DrillPlan(tiny, items, [], {"confidence": True} if confidence else {})


async def test_confidence_key_comes_before_the_feedback(context, tiny):
    app = app_for(context, DrillLaunch(_plan(tiny, True)))
    store = context.store()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert "How sure are you?" not in screen_text(app)
        assert "a-d Choose" in screen_text(app)
        await pilot.press("b")  # the answer is held
        await pilot.pause()
        text = screen_text(app)
        assert "How sure are you?" in text and "Correct" not in text
        assert "Your answer: B." in text  # a slip of the finger shows before the key
        assert "a-d Choose" not in text  # the footer offers no letters while it waits
        assert "Skip rating" in text and "Submit / next" not in text  # Enter skips: said
        assert store.reviews("tiny") == []
        await pilot.press("a")  # not a confidence key: still held, nothing recorded
        await pilot.pause()
        assert store.reviews("tiny") == []
        await pilot.press("1")  # a guess
        await pilot.pause()
        text = screen_text(app)
        assert "Correct" in text and "How sure are you?" not in text
        assert [r.response for r in store.reviews("tiny")] == ["B"]
        await pilot.press("enter")
        await pilot.press("a", "d", "enter")  # multi: Enter submits, then the key
        await pilot.pause()
        assert "How sure are you?" in screen_text(app) and len(store.reviews("tiny")) == 1
        assert "Your answer: A, D." in screen_text(app)
        await pilot.press("3")
        await pilot.pause()
        assert "Key: A, D" in screen_text(app)
        await pilot.press("n", "enter", *"E11.9", "enter")  # codes, then Enter skips
        await pilot.pause()
        assert "How sure are you?" in screen_text(app)
        assert "Your answer: E11.9." in screen_text(app)
        assert app.screen.query_one("#codes").value == "E11.9"  # not the empty box
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Incorrect" in text and "Enter: type codes" not in text
        assert "The codes given are in the box" in text
    assert [r.confidence for r in store.reviews("tiny")] == [1, 3, None]


async def test_without_confidence_the_drill_answers_at_once(context, tiny):
    app = app_for(context, DrillLaunch(_plan(tiny, False)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        text = screen_text(app)
        assert "Correct" in text and "How sure are you?" not in text
    assert [r.confidence for r in context.store().reviews("tiny")] == [None]


async def test_home_c_toggles_the_saved_setting_and_drills_follow_it(context, tiny):
    from cert_prep.engine.session import DrillSession
    from cert_prep.ui.launch import HomeLaunch
    from cert_prep.ui.screens.home import HomeScreen

    app = app_for(context, HomeLaunch())
    store = context.store()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("c")
        await pilot.pause()
        assert store.get_setting("confidence_ratings") == "on"
        session = DrillSession.start(store, _plan(tiny, False), context.clock)
        assert session.ask_confidence
        session.finish()
        await pilot.press("c")
        await pilot.pause()
        assert store.get_setting("confidence_ratings") == "off"
    assert not DrillSession.start(store, _plan(tiny, False), context.clock).ask_confidence


def _answers(store) -> list:
    """The responses the open drill holds, in order."""
    (drill,) = store.open_attempts()
    return [row.response for row in store.attempt_items(drill.id)]


async def test_the_answer_is_stored_before_its_rating_and_n_skips_it(context, tiny):
    app = app_for(context, DrillLaunch(_plan(tiny, True)))
    store = context.store()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert "How sure are you?" in screen_text(app)
        assert _answers(store) == ["B", None, None]  # stored at once, before the rating
        assert "Score so far 0/0" in screen_text(app)  # nor is it marked before the rating
        assert store.reviews("tiny") == []  # the review waits for the rating
        await pilot.press("n")  # moving on skips the rating, the answer stays
        await pilot.pause()
        assert "Question 2 of 3" in screen_text(app) and "How sure" not in screen_text(app)
        assert [(r.response, r.confidence) for r in store.reviews("tiny")] == [("B", None)]
        await pilot.press("p")
        await pilot.pause()
        text = screen_text(app)
        assert "Correct" in text and "How sure" not in text
        await pilot.press("n", "n", "e", *"E11.9", "enter")  # a code item
        await pilot.pause()
        assert "Your answer: E11.9." in screen_text(app)
        assert _answers(store)[2] == ["E11.9"]
        await pilot.press("p")  # back skips too
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#codes").value == "E11.9"  # not an empty box
        assert "Incorrect" in screen_text(app) and "How sure" not in screen_text(app)
    assert [r.confidence for r in store.reviews("tiny")] == [None, None]  # once each


async def test_q_at_the_rating_counts_the_answer(context, tiny):
    from cert_prep.ui.screens.modals import ConfirmModal

    app = app_for(context, DrillLaunch(_plan(tiny, True)))
    store = context.store()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "2 question(s) are not answered" in screen_text(app)
        assert [(r.response, r.confidence) for r in store.reviews("tiny")] == [("B", None)]
        await pilot.press("y")
        await pilot.pause()
    drill = store.attempts()[0]
    assert drill.status == "submitted" and drill.correct == 1
    assert len(store.reviews("tiny")) == 1


async def test_a_drill_left_at_the_rating_asks_for_it_when_resumed(context, tiny):
    from cert_prep.ui.launch import ResumeLaunch

    app = app_for(context, DrillLaunch(_plan(tiny, True)))
    store = context.store()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        drill_id = app.screen.session.id
    # the app ended at the prompt (as a crash would): the answer is kept, the review waits
    assert _answers(store) == ["B", None, None] and store.reviews("tiny") == []
    app = app_for(context, ResumeLaunch(drill_id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y")  # still held by the window that ended: take it over
        await pilot.pause()
        text = screen_text(app)
        assert "Your answer: B." in text and "How sure are you?" in text
        assert "Correct" not in text
        await pilot.press("3")
        await pilot.pause()
        assert "Correct" in screen_text(app)
    assert [(r.response, r.confidence) for r in store.reviews("tiny")] == [("B", 3)]


async def test_a_refused_code_shape_error_goes_once_valid_codes_are_saved(context, tiny):
    from tests.ui.helpers import notifications

    plan = DrillPlan(tiny, [tiny.item("tiny-g1")], [], {"confidence": True})
    app = app_for(context, DrillLaunch(plan))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e", *"NNN", "enter")
        await pilot.pause()
        assert "`NNN` is not an ICD-10-CM code" in notifications(app)
        await pilot.press(*["backspace"] * 3, *"A41.51 R65.20", "enter")
        await pilot.pause()
        assert notifications(app) == []
        assert "not an ICD-10-CM code" not in screen_text(app)
        assert "How sure are you?" in screen_text(app)
