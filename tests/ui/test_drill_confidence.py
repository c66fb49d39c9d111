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
