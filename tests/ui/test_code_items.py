"""Code items never trap the keyboard: the box is focused only on Enter or `e`, unsaved
text is asked about, malformed entries are refused, and `x` clears an answer.

Every flow runs at 80x24 and 120x40."""

from __future__ import annotations

import pytest

from cert_prep.engine.assembly import DrillPlan
from cert_prep.ui.launch import DrillLaunch
from cert_prep.ui.screens.exam import ExamScreen
from cert_prep.ui.screens.modals import SaveCodesModal
from cert_prep.ui.screens.review_submit import ReviewSubmitScreen
from tests.ui.helpers import app_for, notifications, screen_text

SIZES = [(80, 24), (120, 40)]
CODE_ITEM = 5  # seed 1: tiny-g1, ICD-10-CM, key A41.51 R65.20


async def _at_code_item(app, pilot):
    await pilot.press("enter")
    await pilot.pause()
    app.screen.go_to(CODE_ITEM - 1)
    await pilot.press("n")
    await pilot.pause()
    return app.screen


def _stored(context, item_id="tiny-g1"):
    attempt = context.store().open_exam("tiny")
    return {it.item_id: it for it in context.store().attempt_items(attempt.id)}[item_id]


@pytest.mark.parametrize("size", SIZES)
async def test_paging_through_a_code_item_leaves_it_unanswered(context, size):
    app = app_for(context)
    async with app.run_test(size=size) as pilot:
        screen = await _at_code_item(app, pilot)
        assert app.focused is None
        assert "Enter: type codes" in screen_text(app)
        await pilot.press("p", "n", "n", "n", "f", "f", "s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewSubmitScreen)  # `s` was a key, not text
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one("#codes").value == ""
        assert _stored(context).response is None


@pytest.mark.parametrize("size", SIZES)
async def test_enter_saves_the_codes_and_goes_on(context, size):
    app = app_for(context)
    async with app.run_test(size=size) as pilot:
        screen = await _at_code_item(app, pilot)
        screen.go_to(CODE_ITEM - 1)  # from the one before, so Enter has a next question
        await pilot.pause()
        screen.session.go_to(CODE_ITEM)
        screen.position = CODE_ITEM
        await pilot.press("enter", *"a41.51 r65.20", "enter")
        await pilot.pause()
        assert _stored(context).response == ["A41.51", "R65.20"]
        assert app.focused is None


@pytest.mark.parametrize("size", SIZES)
async def test_going_back_into_the_box_adds_to_the_saved_codes(context, size):
    """The cursor goes after the saved codes: what is typed adds a code, it does not
    replace the others (Textual's select-on-focus did)."""
    app = app_for(context)
    async with app.run_test(size=size) as pilot:
        screen = await _at_code_item(app, pilot)
        await pilot.press("e", *"A41.51", "enter", "p", "n")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        box = screen.query_one("#codes")
        assert box.value == "A41.51 " and box.cursor_position == len(box.value)
        await pilot.press(*"R65.20", "enter")
        await pilot.pause()
        assert _stored(context).response == ["A41.51", "R65.20"]


@pytest.mark.parametrize("size", SIZES)
async def test_escape_asks_and_y_saves(context, size):
    app = app_for(context)
    async with app.run_test(size=size) as pilot:
        screen = await _at_code_item(app, pilot)
        await pilot.press("e", *"A41.51", "escape")
        await pilot.pause()
        assert isinstance(app.screen, SaveCodesModal)
        assert "Save the codes you typed?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen and app.focused is None
        assert _stored(context).response == ["A41.51"]


@pytest.mark.parametrize("size", SIZES)
async def test_escape_asks_and_n_discards(context, size):
    app = app_for(context)
    async with app.run_test(size=size) as pilot:
        screen = await _at_code_item(app, pilot)
        await pilot.press("enter", *"A41.51", "escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and app.focused is None
        assert screen.query_one("#codes").value == ""
        assert _stored(context).response is None


@pytest.mark.parametrize("size", SIZES)
async def test_escape_in_the_question_returns_to_typing(context, size):
    app = app_for(context)
    async with app.run_test(size=size) as pilot:
        screen = await _at_code_item(app, pilot)
        await pilot.press("enter", *"A41", "escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        box = screen.query_one("#codes")
        assert app.focused is box and box.value == "A41"
        await pilot.press(*".51")
        assert box.value == "A41.51"
        assert _stored(context).response is None


@pytest.mark.parametrize("size", SIZES)
async def test_tab_out_of_the_box_also_asks(context, size):
    app = app_for(context)
    async with app.run_test(size=size) as pilot:
        await _at_code_item(app, pilot)
        await pilot.press("enter", *"A41.51", "tab")
        await pilot.pause()
        assert isinstance(app.screen, SaveCodesModal)


@pytest.mark.parametrize("size", SIZES)
async def test_a_malformed_code_is_refused_and_kept(context, size):
    app = app_for(context)
    async with app.run_test(size=size) as pilot:
        screen = await _at_code_item(app, pilot)
        await pilot.press("enter", *"A41.51 NNN", "enter")
        await pilot.pause()
        assert "`NNN` is not an ICD-10-CM code" in notifications(app)
        box = screen.query_one("#codes")
        assert app.focused is box and box.value == "A41.51 NNN"
        assert _stored(context).response is None
        # y in the leave dialog with a malformed entry: refused too, back to typing
        await pilot.press("escape", "y")
        await pilot.pause()
        assert app.screen is screen and app.focused is box
        assert _stored(context).response is None


@pytest.mark.parametrize("size", SIZES)
async def test_x_and_delete_clear_an_answer(context, size):
    app = app_for(context)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("b", "x")
        await pilot.pause()
        assert "Answer cleared." in notifications(app)
        assert _stored(context, "tiny-a1").response is None
        screen = await _at_code_item(app, pilot)
        await pilot.press("enter", *"A41.51", "enter")
        await pilot.pause()
        screen.go_to(CODE_ITEM)
        await pilot.pause()
        assert _stored(context).response == ["A41.51"]
        await pilot.press("delete")
        await pilot.pause()
        assert _stored(context).response is None
        assert screen.query_one("#codes").value == ""
        assert isinstance(app.screen, ExamScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_drill_n_n_n_enter_records_nothing(context, tiny, size):
    plan = DrillPlan(tiny, [tiny.item(i) for i in ("tiny-g1", "tiny-a1")], [], {})
    app = app_for(context, DrillLaunch(plan))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("p", "p", "p")  # paging keys do nothing on the first question
        await pilot.press("enter")  # now the box
        assert app.focused is app.screen.query_one("#codes")
        await pilot.press(*"NNN", "enter")
        await pilot.pause()
        assert "`NNN` is not an ICD-10-CM code" in notifications(app)
        assert context.store().reviews("tiny") == []
        await pilot.press("escape", "n")
        await pilot.pause()
        assert app.focused is None
        await pilot.press("n")  # moves on without an answer
        await pilot.pause()
        assert "Question 2 of 2" in screen_text(app)
        assert context.store().reviews("tiny") == []


@pytest.mark.parametrize("size", SIZES)
async def test_ctrl_c_saves_and_quits(context, size):
    app = app_for(context)
    async with app.run_test(size=size) as pilot:
        await _at_code_item(app, pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 0
    assert "Your answers are saved" in (app.farewell or "")
    assert "Do you want to quit?" not in " ".join(notifications(app))
    assert context.store().open_exam("tiny") is not None  # kept for `cert-prep resume`


@pytest.mark.parametrize(
    ("opened", "answer", "saved"),
    [
        ((), "y", ["A41.51", "R65.20"]),
        ((), "n", None),
        (("f2",), "y", ["A41.51", "R65.20"]),  # the book opened from the box: closed first
        (("f1",), "n", None),  # the keys list opened from the box
    ],
)
async def test_ctrl_c_with_typed_codes_asks_before_quitting(context, opened, answer, saved):
    app = app_for(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await _at_code_item(app, pilot)
        await pilot.press("enter", *"A41.51 R65.20", *opened)  # typed, not yet saved
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, SaveCodesModal)  # the question Escape asks
        assert _stored(context).response is None  # nothing saved unasked
        await pilot.press("ctrl+c")  # again: the question stays
        await pilot.pause()
        assert isinstance(app.screen, SaveCodesModal)
        await pilot.press(answer)
        await pilot.pause()
    assert app.return_code == 0
    assert "Your answers are saved" in (app.farewell or "")
    assert _stored(context).response == saved


async def test_ctrl_c_then_escape_goes_back_to_typing(context):
    app = app_for(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_code_item(app, pilot)
        await pilot.press("enter", *"A41.5")
        await pilot.press("ctrl+c", "escape")
        await pilot.pause()
        assert app.screen is screen and app.is_running
        assert app.focused is screen.view.codes and screen.view.codes.value == "A41.5"
        await pilot.press("1", "enter")  # typing goes on
        await pilot.pause()
    assert _stored(context).response == ["A41.51"]


async def test_ctrl_c_with_a_malformed_code_neither_saves_nor_quits(context):
    app = app_for(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_code_item(app, pilot)
        await pilot.press("enter", *"NNN", "ctrl+c", "y")
        await pilot.pause()
        assert "`NNN` is not an ICD-10-CM code" in notifications(app)
        assert app.screen is screen and app.focused is screen.view.codes
        assert app.farewell is None  # still running: the box keeps the text
    assert _stored(context).response is None


@pytest.mark.parametrize(("answer", "reviews"), [("y", [["E11.9"]]), ("n", [])])
@pytest.mark.parametrize("confidence", [False, True])
async def test_drill_ctrl_c_with_typed_codes_asks_before_quitting(
    context, tiny, answer, reviews, confidence
):
    options = {"confidence": True} if confidence else {}
    plan = DrillPlan(tiny, [tiny.item(i) for i in ("tiny-b2", "tiny-a1")], [], options)
    app = app_for(context, DrillLaunch(plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"E11.9", "ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, SaveCodesModal)
        assert context.store().reviews("tiny") == []
        await pilot.press(answer)
        await pilot.pause()
    assert app.return_code == 0
    store = context.store()
    kept = [store.attempt_items(a.id)[0].response for a in store.open_attempts()]
    assert kept == reviews  # the answer is kept (a drill left unanswered is not)
    # With confidence ratings the review waits for the rating, asked when resumed.
    assert [r.response for r in store.reviews("tiny")] == ([] if confidence else reviews)


async def test_an_exam_code_shape_error_goes_once_valid_codes_are_saved(context):
    app = app_for(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_code_item(app, pilot)
        app.say("5 minutes left.", severity="warning")  # another toast: it stays
        await pilot.press("enter", *"NNN", "enter")
        await pilot.pause()
        assert "`NNN` is not an ICD-10-CM code" in notifications(app)
        await pilot.press(*["backspace"] * 3, *"A41.51 R65.20", "enter")
        await pilot.pause()
        assert _stored(context).response == ["A41.51", "R65.20"]
        shown = notifications(app)
        assert "5 minutes left." in shown and not any("NNN" in n for n in shown)
        assert app.screen is screen
