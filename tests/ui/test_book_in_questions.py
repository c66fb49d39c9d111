"""The code book from a question: `/` outside a code box and F2 anywhere open it; the
exam's clock runs on under it; closing gives back the question and the typed codes.

Every flow runs at 80x24 and 120x40, with the real book index (built once per session)."""

from __future__ import annotations

import dataclasses

import pytest
from textual.widgets import OptionList

from cert_prep.engine.assembly import DrillPlan
from cert_prep.ui.launch import DrillLaunch
from cert_prep.ui.screens.book import BookScreen
from cert_prep.ui.screens.drill import DrillScreen
from cert_prep.ui.screens.exam import ExamScreen
from cert_prep.ui.screens.results import ResultsScreen
from tests.ui.helpers import app_for, notifications, screen_text

SIZES = [(80, 24), (120, 40)]
CODE_ITEM = 5  # seed 1: tiny-g1, ICD-10-CM, key A41.51 R65.20


@pytest.fixture
def book_context(context, book_cache):
    context.locations = dataclasses.replace(context.locations, cache_dir=book_cache)
    return context


async def _open_and_search(app, pilot, *keys: str) -> BookScreen:
    await pilot.press(*keys)
    await pilot.pause()
    book = app.screen
    assert isinstance(book, BookScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press(*"femur neck", "enter")
    await pilot.pause()
    results = book.query_one("#book-results", OptionList)
    assert results.option_count > 0 and results.get_option_at_index(0).id
    return book


async def _close(app, pilot, screen) -> None:
    await pilot.press("escape")  # the results are shown: Escape closes
    await pilot.pause()
    assert app.screen is screen


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", ["slash", "f2"])
async def test_book_from_an_exam_question_keeps_question_and_clock(book_context, clock, size, key):
    app = app_for(book_context)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter", "b")  # start; answer question 1 with B
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        assert "/ book" in screen_text(app)
        before = screen.session.remaining()
        await _open_and_search(app, pilot, key)
        clock.advance(90)
        screen.tick()  # the exam's timer is not paused under the book
        await _close(app, pilot, screen)
        assert screen.session.remaining() == pytest.approx(before - 90)
        text = screen_text(app)
        assert "Question 1 of 6" in text
        assert screen.session.current.response == "B"
        assert "Time left 0:58:30" in text or "0:58:" in text


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", ["slash", "f2"])
async def test_book_from_a_code_item(book_context, clock, size, key):
    app = app_for(book_context)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        screen.go_to(CODE_ITEM)
        await pilot.pause()
        assert "Question 6 of 6" in screen_text(app)
        await _open_and_search(app, pilot, key)  # outside the box, `/` opens the book
        clock.advance(30)
        await _close(app, pilot, screen)
        assert "Question 6 of 6" in screen_text(app) and app.focused is None


@pytest.mark.parametrize("size", SIZES)
async def test_f2_inside_the_code_box_keeps_the_typed_text(book_context, clock, size):
    app = app_for(book_context)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        screen.go_to(CODE_ITEM)
        await pilot.pause()
        await pilot.press("e", *"A41.51 r6/")  # `/` in the box is typed, not the book
        await pilot.pause()
        box = screen.query_one("#codes")
        assert box.value == "A41.51 r6/" and app.screen is screen
        await pilot.press("backspace")
        await _open_and_search(app, pilot, "f2")
        await _close(app, pilot, screen)
        assert box.value == "A41.51 r6" and box.has_focus  # typing goes on where it was
        await pilot.press(*"5.20", "enter")
        await pilot.pause()
        assert screen.session.current.response == ["A41.51", "R65.20"]


async def test_time_running_out_under_the_book_still_submits(book_context, clock):
    app = app_for(book_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        screen.go_to(CODE_ITEM)
        await pilot.pause()
        await pilot.press("e", *"A41.51")
        await _open_and_search(app, pilot, "f2")
        clock.advance(60 * 60 + 1)
        screen.tick()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert not any(isinstance(s, BookScreen) for s in app.screen_stack)
    row = book_context.store().attempts(exam="tiny")[0]
    assert row.submitted_reason == "time"
    items = book_context.store().attempt_items(row.id)
    assert {it.item_id: it for it in items}["tiny-g1"].response == ["A41.51"]


@pytest.mark.parametrize("size", SIZES)
async def test_book_from_a_drill(book_context, tiny, size):
    from cert_prep.engine.assembly import plan_drill

    plan: DrillPlan = plan_drill(tiny, seed=1)
    app = app_for(book_context, DrillLaunch(plan))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        assert "/ book" in screen_text(app)
        await _open_and_search(app, pilot, "slash")
        await _close(app, pilot, screen)
        assert "Question 1 of" in screen_text(app)
        assert not notifications(app) or "Closed-book" not in " ".join(notifications(app))


@pytest.mark.parametrize("size", SIZES)
async def test_a_closed_book_exam_keeps_the_book_off(book_context, size):
    from cert_prep.engine.assembly import ExamOptions
    from cert_prep.ui.launch import ExamLaunch

    app = app_for(book_context, ExamLaunch("tiny", ExamOptions(seed=1, closed_book=True)))
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert screen.session.closed_book
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen is screen
        assert "Closed-book exam: the code book is off" in notifications(app)
        screen.go_to(CODE_ITEM)
        app.clear_notifications()
        await pilot.press("e", *"A41", "f2")
        await pilot.pause()
        assert app.screen is screen and screen.query_one("#codes").value == "A41"
        assert notifications(app) == ["Closed-book exam: the code book is off"]
    row = book_context.store().open_exam("tiny")
    assert row.settings["closed_book"] is True


def test_exam_help_names_closed_book(capsys):
    from cert_prep.cli.main import main

    with pytest.raises(SystemExit):
        main(["exam", "--help"])
    out = capsys.readouterr().out
    assert "--closed-book" in out and "code book is off" in " ".join(out.split())
