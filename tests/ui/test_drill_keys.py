"""Pilot tests (80x24) of drill keys a student meets by accident: Caps Lock, and Enter
pressed again and again before choosing."""

from __future__ import annotations

from cert_prep.engine.assembly import DrillPlan
from cert_prep.ui.launch import DrillLaunch
from cert_prep.ui.screens.drill_summary import DrillSummaryScreen
from tests.ui.helpers import app_for, notifications, screen_text

SIZE = (80, 24)


def _plan(tiny) -> DrillPlan:
    return DrillPlan(tiny, [tiny.item(i) for i in ("tiny-a1", "tiny-a4")], [], {})


async def test_a_capital_letter_chooses_like_a_small_one(context, tiny):
    app = app_for(context, DrillLaunch(_plan(tiny)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        assert "Correct" in screen_text(app)
    assert [r.response for r in context.store().reviews("tiny")] == ["B"]


async def test_enter_before_an_answer_says_so_once(context, tiny):
    app = app_for(context, DrillLaunch(_plan(tiny)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter", "enter", "enter")
        await pilot.pause()
        assert notifications(app).count("Press the letter of your answer.") == 1


async def test_a_drill_quit_before_its_first_answer_is_not_kept(context, tiny):
    app = app_for(context, DrillLaunch(_plan(tiny)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        attempt = app.screen.session.id
        await app.action_quit()
    assert context.store().attempt(attempt).status == "discarded"
    assert app.farewell == "Nothing was answered, so the drill is not kept."


async def test_a_drill_quit_after_an_answer_is_kept_to_resume(context, tiny):
    app = app_for(context, DrillLaunch(_plan(tiny)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        attempt = app.screen.session.id
        await pilot.press("b")
        await pilot.pause()
        await app.action_quit()
    assert context.store().attempt(attempt).status == "open"
    assert app.farewell is not None and "(1 of 2 answered)" in app.farewell
    assert "`cert-prep resume` continues the drill" in app.farewell


def _footer(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_once_answered_the_footer_names_enter_next_for_every_item_kind(context, tiny):
    for confidence in (False, True):
        items = [tiny.item(i) for i in ("tiny-a1", "tiny-a4", "tiny-b2")]
        plan = DrillPlan(tiny, items, [], {"confidence": True} if confidence else {})
        rate = ("2",) if confidence else ()
        app = app_for(context, DrillLaunch(plan))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "⏎" not in _footer(app)  # single: answered by its letter
            answers = [("b",), ("a", "d", "enter"), ("enter", *"E11.9", "enter")]
            for question, keys in enumerate(answers, start=1):
                await pilot.press(*keys, *rate)
                await pilot.pause()
                footer = _footer(app)
                assert "⏎ Next" in footer and "Submit" not in footer, footer
                assert "n Next" not in footer  # Enter and n are one entry
                await pilot.press("enter")  # goes on
                await pilot.pause()
                if question == 1:
                    assert "⏎ Submit" in _footer(app)  # the multi item before its answer
            assert isinstance(app.screen, DrillSummaryScreen)  # Enter after the last
