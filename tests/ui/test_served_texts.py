"""In the browser (`cert-prep serve`) there is no shell: screens name the key or screen that
does a thing, never a `cert-prep` command to type. The terminal keeps its commands."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, Static

from cert_prep.book.lookup import LOOKUP_DOMAIN
from cert_prep.context import AppContext
from cert_prep.engine.assembly import ExamOptions
from cert_prep.paths import Locations
from cert_prep.study.exam_date import set_exam_date
from cert_prep.ui.launch import ExamLaunch, HomeLaunch, ResumeLaunch
from cert_prep.ui.screens.choosers import ResumeChooserModal
from cert_prep.ui.screens.drill import DrillScreen
from cert_prep.ui.screens.drill_setup import DrillSetupModal
from cert_prep.ui.screens.exam import ExamScreen
from cert_prep.ui.screens.progress import ProgressScreen
from cert_prep.ui.widgets.confidence_view import calibration_lines
from cert_prep.ui.widgets.progress_views import code_lines, practice_lines
from tests.engine.support import BANKS
from tests.ui.helpers import app_for, screen_text, two_unfinished
from tests.ui.test_home_and_windows import _home

SIZE = (100, 34)


def _served(app, monkeypatch) -> None:
    monkeypatch.setattr(type(app), "is_web", property(lambda _app: True))


def _static(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


@pytest.mark.parametrize("served", [False, True])
async def test_the_instructions_name_how_to_resume(context, monkeypatch, served):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=1)))
    if served:
        _served(app, monkeypatch)
    async with app.run_test(size=(120, 60)) as pilot:  # the keys in view
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        if served:
            assert "r on the home screen resumes it" in text and "`cert-prep" not in text
        else:
            assert "save and quit; `cert-prep resume` continues" in text
        await pilot.press("enter")  # the exam: the palette's Quit says the same
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        quit_help = next(c.help for c in app.get_system_commands(app.screen) if c.title == "Quit")
        assert ("cert-prep resume" in quit_help) is not served
        if served:
            assert "r on the home screen resumes the exam" in quit_help


@pytest.mark.parametrize("served", [False, True])
async def test_the_resume_chooser_names_the_command_line_only_in_a_terminal(
    context, tiny, clock, monkeypatch, served
):
    mock, practice = two_unfinished(context.store(), tiny, clock)
    app = app_for(context, ResumeLaunch(None, (practice.id, mock.id)))
    if served:
        _served(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeChooserModal)
        text = screen_text(app)
        assert "Enter resumes the highlighted one; Esc cancels." in text
        assert ("cert-prep resume --attempt N" in text) is not served


async def test_the_served_progress_screen_names_keys(context, monkeypatch):
    app = app_for(context, HomeLaunch())
    _served(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await _home(app, pilot)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        codes, practice = _static(app, "#progress-codes"), _static(app, "#progress-practice")
        assert "l (lookup drill)" in codes and "o on the home screen" in practice
        assert "`cert-prep" not in codes + practice


def test_the_progress_views_keep_the_commands_in_a_terminal(tiny):
    assert "`cert-prep drill --lookup`" in code_lines(None, "cpc").plain
    assert "`cert-prep exam EXAM --questions N`" in practice_lines([]).plain
    assert "(or drill --confidence)" in calibration_lines(None, tiny).plain
    assert "cert-prep" not in code_lines(None, "cpc", served=True).plain
    assert "cert-prep" not in practice_lines([], served=True).plain
    assert "--confidence" not in calibration_lines(None, tiny, served=True).plain


@pytest.mark.parametrize("served", [False, True])
async def test_the_weak_drill_intro_names_the_progress_screens_d_in_the_browser(
    context, monkeypatch, served
):
    set_exam_date(context.store(), "tiny", date(2026, 1, 5))  # passed (today is 2026-11-23)
    app = app_for(context, HomeLaunch())
    if served:
        _served(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await _home(app, pilot)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        text = " ".join(screen_text(app).split())
        if served:
            assert "Set a new one with d on the progress screen." in text
            assert "`cert-prep" not in text
        else:
            assert "Set a new one with `cert-prep exam-date`." in text


@pytest.mark.parametrize("served", [False, True])
async def test_the_drill_setup_names_tags_without_a_command_in_the_browser(
    context, monkeypatch, served
):
    app = app_for(context, HomeLaunch())
    if served:
        _served(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await _home(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DrillSetupModal)
        app.screen.query_one("#drill-tags", Input).value = "nosuchtag"
        await pilot.press("ctrl+s")
        await pilot.pause()
        problem = _static(app, "#drill-problem")
        assert problem.startswith("No question of tiny has the tag `nosuchtag`; ")
        if served:  # no screen lists them: the most used, most first
            assert problem.endswith("; the most used are letters, markup.")
        else:
            assert problem.endswith("; `cert-prep tags` lists them.")


async def test_l_on_the_progress_screen_starts_a_lookup_drill(tmp_path, clock, library, book_cache):
    locations = Locations(
        bank_roots=(BANKS,),
        data_dir=tmp_path / "data",
        exports_dir=tmp_path / "exports",
        cache_dir=book_cache,
    )
    context = AppContext(locations, clock, _library=library)
    app = app_for(context, HomeLaunch())
    try:
        async with app.run_test(size=SIZE) as pilot:
            await _home(app, pilot)
            await pilot.press("p")
            await app.workers.wait_for_complete()
            await pilot.press("l")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, DrillScreen)
            entries = app.screen.session.entries
            assert entries and {e.domain for e in entries} == {LOOKUP_DOMAIN}
    finally:
        context.close()
