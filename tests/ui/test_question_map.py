"""The question map: a grid of numbers marked by symbol and colour, filters, jump by number."""

from __future__ import annotations

import pytest

from cert_prep.ui.screens.exam import ExamScreen
from cert_prep.ui.screens.question_map import MapGrid, QuestionMapScreen
from tests.ui.helpers import app_for, notifications, screen_text

SIZES = [(80, 24), (120, 40)]


async def _map(app, pilot):
    await pilot.press("enter")  # start
    await pilot.pause()
    await pilot.press("b", "n", "n", "f", "n", "a", "f", "g")  # 1 answered; 3 flagged; 4 both
    await pilot.pause()
    assert isinstance(app.screen, QuestionMapScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_the_map_marks_each_state_by_symbol_and_colour(context, size):
    app = app_for(context)
    async with app.run_test(size=size) as pilot:
        await _map(app, pilot)
        text = screen_text(app)
        assert "✓ answered 2  ○ unanswered 4  ⚑ flagged 2" in text
        for cell in ("1✓", "2○", "3○⚑", "4✓⚑", "5○", "6○"):
            assert cell in text
        grid = app.screen.query_one(MapGrid)
        cells = grid.render()
        styles = {span.style for span in cells.spans}
        assert any("green" in str(s) for s in styles) and any("yellow" in str(s) for s in styles)
        assert any("magenta" in str(s) for s in styles)


@pytest.mark.parametrize("size", SIZES)
async def test_filters_and_jump_by_number(context, size):
    app = app_for(context)
    async with app.run_test(size=size) as pilot:
        await _map(app, pilot)
        await pilot.press("u")
        await pilot.pause()
        text = screen_text(app)
        assert "Showing: unanswered" in text and "1✓" not in text and "2○" in text
        await pilot.press("f")
        await pilot.pause()
        text = screen_text(app)
        assert "3○⚑" in text and "4✓⚑" in text and "2○" not in text
        await pilot.press("right", "enter")  # the second flagged one: question 4
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert "Question 4 of 6" in screen_text(app)
        await pilot.press("g", "9", "enter")
        await pilot.pause()
        assert "There are questions 1 to 6." in notifications(app)
        await pilot.press("6", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert "Question 6 of 6" in screen_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_review_before_submit_wraps_a_long_domain_under_itself(tmp_path, clock, size):
    """The CCS's "Coding knowledge and skills: ICD-10-CM diagnoses" wraps at 80 columns:
    its second line hangs under the domain, not under the question numbers."""
    from textual.widgets import OptionList

    from cert_prep.bank.loader import load_library
    from cert_prep.engine.assembly import ExamOptions
    from cert_prep.paths import shipped_banks_dir
    from cert_prep.ui.launch import ExamLaunch
    from cert_prep.ui.screens.review_submit import ReviewSubmitScreen
    from tests.engine.support import make_context

    shipped = load_library([shipped_banks_dir()])
    context = make_context(tmp_path, clock, shipped, roots=(shipped_banks_dir(),))
    app = app_for(context, ExamLaunch("ccs", ExamOptions(seed=3, questions=8)))
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")  # start
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewSubmitScreen)
        area = app.screen.query_one(OptionList).content_region
        lines = [
            line[area.x : area.right]
            for line in screen_text(app).splitlines()[area.y : area.bottom]
        ]
    context.close()
    assert any("Coding knowledge and skills:" in line for line in lines)
    # Each line is a heading, a question's first line (its number) or a domain's wrapped
    # rest, which hangs under the domain column.
    for line in lines:
        if line.strip() and not line.lstrip().startswith(("Flagged (", "Unanswered (")):
            assert line[:4].strip().isdigit() or line.startswith(" " * 30), lines
