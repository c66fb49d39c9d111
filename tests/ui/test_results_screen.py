"""The results screen: the report line, the browser key, and no text browser in the terminal."""

from __future__ import annotations

from cert_prep.engine.assembly import ExamOptions
from cert_prep.frontend.report_hook import ReportOutcome
from cert_prep.ui.launch import ExamLaunch
from cert_prep.ui.screens import results
from cert_prep.ui.screens.results import ResultsScreen
from tests.ui.helpers import SIZE, app_for, screen_text


def test_no_browser_is_started_without_a_display(monkeypatch):
    monkeypatch.setattr(results.sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(
        results.webbrowser,
        "open",
        lambda url: (_ for _ in ()).throw(
            AssertionError("a text browser would take over the terminal")
        ),
    )
    assert results.open_in_browser("file:///tmp/x.html") is False


async def test_a_report_failure_is_shown_and_the_open_key_hidden(context):
    def failing(context, attempt_id, wording=None):
        return ReportOutcome(message="The report could not be written (disk full).")

    app = app_for(
        context, ExamLaunch("tiny", ExamOptions(seed=1, questions=1)), report_writer=failing
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "b", "s", "y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "The report could not be written (disk full)." in text
        assert "Open report" not in text
        assert "Score: 1/1 (100%)" in text and "PASS" in text
