"""Text that fits: reflowed stems, a reading width, cases by title, choice feedback that
travels with its choice, and the drill's "why these questions" said once."""

from __future__ import annotations

import pytest

from cert_prep.engine.assembly import DrillPlan, ExamOptions
from cert_prep.ui.launch import DrillLaunch, ExamLaunch
from tests.ui.helpers import app_for, screen_text

SIZES = [(80, 24), (120, 40)]
CASE_SEED = 4  # opens with tiny-a5 and tiny-a6, the case items


@pytest.mark.parametrize("size", SIZES)
async def test_stems_are_reflowed_and_name_the_case_by_title(context, size):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=CASE_SEED)))
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        flat = " ".join(text.split())
        assert "Case: Operative report" in text
        assert "Refer to case “Operative report”." in flat and "case-01" not in text
        assert "the way YAML authors wrap: what was repaired?" in flat
        # the record keeps its lines; the lower-case line continued the one before
        assert "FINDINGS: displaced intertrochanteric fracture." in text


async def test_reading_text_stops_near_100_columns_on_wide_terminals(context):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=CASE_SEED)))
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        stem = app.screen.query_one("#stem")
        assert stem.size.width <= 104
        record = app.screen.query_one("#case-box")
        assert record.size.width <= 106


@pytest.mark.parametrize("size", SIZES)
async def test_choice_feedback_travels_with_its_shuffled_choice(context, size):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=CASE_SEED, shuffle=True)))
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter", "s", "y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("r")
        await pilot.pause()
        session_entry = app.screen.result.entries[1]  # tiny-a6, choices left and right
        app.screen.cursor = 1
        await pilot.pause()
        lines = screen_text(app).splitlines()
        for choice in session_entry.choices():
            shown = f"{choice.letter}. {choice.text}"
            at = next(i for i, line in enumerate(lines) if shown in line)
            note = {
                "A": "The record names the left hip.",
                "B": "Nothing in the record says right.",
            }[choice.key]
            assert note in lines[at + 1]


@pytest.mark.parametrize("size", SIZES)
async def test_the_drill_says_why_once_before_the_first_question(context, tiny, size):
    why = "Domains in this drill: alpha, because it is the weakest."
    plan = DrillPlan(tiny, [tiny.item(i) for i in ("tiny-a1", "tiny-a3")], [why], {})
    app = app_for(context, DrillLaunch(plan))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert why in screen_text(app)
        await pilot.press("b")
        await pilot.pause()
        assert why not in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert "Question 2 of 2" in screen_text(app) and why not in screen_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_drill_feedback_is_on_screen_without_extra_keys(context, tiny, size):
    plan = DrillPlan(tiny, [tiny.item(i) for i in ("tiny-a5",)], [], {})
    app = app_for(context, DrillLaunch(plan))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "Incorrect" in text and "Key: B" in text
        assert "The record says hip." in text or "more below" in text
