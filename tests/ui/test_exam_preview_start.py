"""`cert-prep exam` paints its instructions from the exam's preview, then loads the banks:
the screen is the usual one, Enter starts the same exam, and a preview that no longer fits
the banks ends the app so the CLI starts over on the usual path."""

from __future__ import annotations

from dataclasses import replace

from cert_prep.bank.preview import ExamPreview, previews_of
from cert_prep.engine.assembly import ExamOptions, plan_exam
from cert_prep.ui.launch import ExamLaunch
from cert_prep.ui.screens.exam import ExamScreen
from cert_prep.ui.screens.home import HomeScreen
from cert_prep.ui.screens.instructions import InstructionsScreen
from tests.ui.helpers import SEED_1_ITEMS, SIZE, app_for, screen_text

OPTIONS = ExamOptions(seed=1)


def _launch(preview: ExamPreview, options: ExamOptions = OPTIONS) -> ExamLaunch:
    return ExamLaunch(preview.exam, options, preview=preview)


async def _usual_screen(context, options: ExamOptions) -> str:
    app = app_for(context, ExamLaunch("tiny", options))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return screen_text(app)


async def test_the_previewed_instructions_are_the_usual_ones(context, library, tiny):
    options = ExamOptions(seed=1, questions=4, shuffle=True)
    preview = previews_of(library)["tiny"]
    app = app_for(context, _launch(preview, options))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InstructionsScreen)
        previewed = screen_text(app)
        for _ in range(10):  # confirmed after the first paint
            if screen.plan is not None:
                break
            await pilot.pause()
        assert screen.plan == plan_exam(tiny, options, set())  # the usual path's plan
        assert not app.preview_stale
    assert "Questions:    4" in previewed and "A practice exam: 4 of" in previewed
    assert previewed == await _usual_screen(context, options)


async def test_enter_starts_the_exam_the_usual_path_would(context, library):
    app = app_for(context, _launch(previews_of(library)["tiny"]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert "Question 1 of 6" in screen_text(app)
        attempt = context.store().open_exam("tiny")
        items = [it.item_id for it in context.store().attempt_items(attempt.id)]
        assert items == SEED_1_ITEMS


async def test_a_key_before_the_confirmation_confirms_first(context, library):
    app = app_for(context, _launch(previews_of(library)["tiny"]))
    later = []
    app.call_after_refresh = lambda callback, *args: later.append(callback) or True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InstructionsScreen) and app.screen.plan is None
        assert app.confirm_preview in later  # scheduled, not run
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert "Question 1 of 6" in screen_text(app)


async def test_escape_before_the_confirmation_goes_home(context, library):
    app = app_for(context, _launch(previews_of(library)["tiny"]))
    app.call_after_refresh = lambda callback, *args: True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def _ends_stale(context, preview: ExamPreview, key: str | None = None) -> None:
    app = app_for(context, _launch(preview))
    if key:
        app.call_after_refresh = lambda callback, *args: True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if key:
            await pilot.press(key)
            await pilot.pause()
    assert app.preview_stale
    assert app.return_code == 0
    assert context.store().open_exam("tiny") is None  # nothing was started


async def test_a_preview_that_no_longer_fits_the_banks_ends_the_app(context, library):
    tiny = previews_of(library)["tiny"]
    await _ends_stale(context, replace(tiny, pools=tuple(n + 1 for n in tiny.pools)))
    renamed = {**tiny.blueprint_data, "name": "An older name"}
    await _ends_stale(context, replace(tiny, blueprint_data=renamed))
    await _ends_stale(context, replace(tiny, pools=(0, *tiny.pools[1:])), key="enter")


async def test_a_preview_of_an_exam_the_banks_no_longer_hold_ends_the_app(context, library):
    gone = previews_of(library)["tiny"]
    gone = replace(gone, blueprint_data={**gone.blueprint_data, "id": "gone"})
    await _ends_stale(context, gone)
    await _ends_stale(context, gone, key="escape")


async def test_a_history_that_cannot_be_created_ends_the_app(context, library):
    """A new student's history is created after the first paint; if it cannot be, the
    usual path (the CLI's start over) says so in one line before any screen."""
    context.locations.data_dir.parent.mkdir(parents=True, exist_ok=True)
    context.locations.data_dir.write_text("a file where the data folder should be")
    await _ends_stale_without_store(context, previews_of(library)["tiny"])


async def _ends_stale_without_store(context, preview: ExamPreview) -> None:
    app = app_for(context, _launch(preview))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.preview_stale
