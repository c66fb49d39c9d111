"""Home screen: any exam option, a past attempt's report, several unfinished exams; the
takeover question in a second window and the notice in the first; the drill dialog that
keeps its choices when nothing matches."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input

from cert_prep.engine.assembly import ExamOptions, plan_exam
from cert_prep.engine.session import ExamSession
from cert_prep.frontend.report_hook import ReportOutcome
from cert_prep.store import Store
from cert_prep.ui.launch import HomeLaunch, ResumeLaunch
from cert_prep.ui.screens.choosers import ExamOptionsModal, ResumeChooserModal
from cert_prep.ui.screens.drill_setup import DrillSetupModal
from cert_prep.ui.screens.exam import ExamScreen
from cert_prep.ui.screens.home import HomeScreen
from cert_prep.ui.screens.instructions import InstructionsScreen
from cert_prep.ui.screens.modals import ConfirmModal, NoticeModal
from tests.ui.helpers import app_for, notifications, screen_text, two_unfinished

SIZES = [(80, 24), (120, 40)]


async def _home(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, HomeScreen)
    while app.screen.bank is None or app.screen.bank.id != "tiny":
        await pilot.press("down")
        await pilot.pause()


async def test_home_starts_a_short_pausable_shuffled_practice_exam(context, tiny, clock):
    for size in SIZES:
        app = app_for(context, HomeLaunch())
        async with app.run_test(size=size) as pilot:
            await _home(app, pilot)
            await pilot.press("o")
            await pilot.pause()
            assert isinstance(app.screen, ExamOptionsModal)
            app.screen.query_one("#exam-questions", Input).value = "99"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ExamOptionsModal)  # refused, kept open
            problem = str(app.screen.query_one("#exam-options-problem").render())
            assert "Questions must be between 1 and 6" in problem
            app.screen.query_one("#exam-questions", Input).value = "3"
            app.screen.query_one("#exam-pausable", Checkbox).value = True
            app.screen.query_one("#exam-shuffle", Checkbox).value = True
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, InstructionsScreen)
            plan = app.screen.plan
            assert plan.count == 3 and plan.practice
            assert plan.options.pausable and plan.options.shuffle
            assert not plan.options.closed_book


async def test_home_exam_options_start_a_closed_book_exam(context, tiny, clock):
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#exam-closed-book", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InstructionsScreen)
        assert app.screen.plan.options.closed_book
        assert "Closed book: the built-in code book is off for this exam." in " ".join(
            screen_text(app).split()
        )


async def test_a_practice_exam_starts_beside_an_unfinished_mock(context, tiny, clock):
    store = context.store()
    ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock).close()
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(120, 40)) as pilot:
        await _home(app, pilot)
        assert "mock exam, started" in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#exam-questions", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InstructionsScreen)  # no "resume or discard" first
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert "Question 1 of 2" in screen_text(app)
    kinds = sorted(r.kind for r in store.open_attempts())
    assert kinds == ["exam", "practice"]


async def test_home_says_when_an_unfinished_exams_time_ran_out(context, tiny, clock):
    ExamSession.start(context.store(), tiny, plan_exam(tiny, ExamOptions(seed=1)), clock).close()
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(120, 40)) as pilot:
        await _home(app, pilot)
        assert "time ran out" not in screen_text(app)
    clock.advance(2 * 3600)  # past the hour's deadline, cert-prep closed
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(120, 40)) as pilot:
        await _home(app, pilot)
        text = " ".join(screen_text(app).split())
        assert "time ran out (resume to see the results). Press r to resume it." in text


async def test_resume_asks_which_of_several_unfinished_exams(context, tiny, clock):
    store = context.store()
    mock, practice = two_unfinished(store, tiny, clock)
    for size in SIZES:
        app = app_for(context, ResumeLaunch(None, (practice.id, mock.id)))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ResumeChooserModal)
            text = screen_text(app)
            assert f"#{practice.id} tiny practice exam" in text
            assert f"#{mock.id} tiny mock exam" in text
            await pilot.press("down", "enter")
            await pilot.pause()
            assert isinstance(app.screen, ExamScreen)
            assert app.screen.session.id == mock.id
            app.screen.session.close()


async def test_a_second_window_is_asked_and_the_first_is_told(tmp_path, context, tiny, clock):
    other = Store.open(context.locations.database)
    first = ExamSession.start(other, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    app = app_for(context, ResumeLaunch(first.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "open in another cert-prep window" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        second_holder = app.screen.session.holder
    assert other.attempt_holder(first.id)[0] == second_holder

    # The first window (now a UI) notices on its next key and stops accepting answers.
    app = app_for(context, ResumeLaunch(first.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("y")  # the last app did not close it: take it over again
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        session = app.screen.session
        ExamSession.open(other, tiny, first.id, clock)  # taken over meanwhile
        await pilot.press("a")
        await pilot.pause()
        assert not isinstance(app.screen, ExamScreen)
        assert any("moved to another cert-prep window" in n for n in notifications(app))
        assert session.moved
        # The notice holds the keys typed for the exam: `c` does not toggle confidence.
        assert isinstance(app.screen, NoticeModal)
        await pilot.press("c", "e")
        await pilot.pause()
        assert isinstance(app.screen, NoticeModal)
        assert context.store().get_setting("confidence_ratings") is None
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert other.attempt_items(first.id)[0].response is None  # the `a` was not saved
    other.close()


async def test_home_opens_the_report_of_a_past_attempt(context, tiny, clock):
    session = ExamSession.start(context.store(), tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    session.submit()
    opened: list[str] = []
    written: list[int] = []

    def writer(ctx, attempt_id: int, wording=None) -> ReportOutcome:
        written.append(attempt_id)
        return ReportOutcome(path=Path("/tmp/exports/tiny-report.html"))

    app = app_for(context, HomeLaunch(), report_writer=writer, open_url=opened.append)
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        assert "v Report" not in screen_text(app)  # offered in the attempts table only
        await pilot.press("a")
        await pilot.pause()
        assert "v Report" in screen_text(app)
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert written == [session.id]
    assert opened == ["file:///tmp/exports/tiny-report.html"]


async def test_drill_dialog_keeps_its_choices_and_says_why(context, tiny, clock):
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DrillSetupModal)
        await pilot.press("space")  # the first domain
        app.screen.query_one("#drill-tags", Input).value = "Sepsi"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DrillSetupModal)
        assert "has the tag `sepsi`" in str(app.screen.query_one("#drill-problem").render())
        assert app.screen.query_one("#drill-tags", Input).value == "Sepsi"
        assert len(app.screen.query_one("#drill-domains").selected) == 1


async def test_the_first_window_shows_the_move_without_a_key(context, tiny, clock):
    other = Store.open(context.locations.database)
    app = app_for(context)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")  # instructions: start the clock
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        ExamSession.open(other, tiny, screen.session.id, clock)  # another window takes it
        for _ in range(15):  # the exam clock's ticks, without waiting 15 s
            screen.tick()
        await pilot.pause()
        assert not isinstance(app.screen, ExamScreen)
        assert any("moved to another cert-prep window" in n for n in notifications(app))
    other.close()


async def test_progress_lists_practice_exams_apart(context, tiny, clock):
    from cert_prep.ui.screens.progress import ProgressScreen

    store = context.store()
    ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock).submit()
    short = ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=2, questions=2)), clock)
    short.choose("A")
    short.submit()
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(120, 40)) as pilot:
        await _home(app, pilot)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        practice = str(app.screen.query_one("#progress-practice").render())
        mocks = str(app.screen.query_one("#progress-mocks").render())
        assert f"attempt {short.id}" in practice and "/2 (" in practice
        assert mocks.count("actual") == 1  # the practice exam is not a mock result


async def test_home_says_which_folder_an_exam_comes_from(context, tiny):
    from cert_prep.paths import shipped_banks_dir
    from cert_prep.ui.widgets.exam_details import exam_source_text

    assert exam_source_text(str(shipped_banks_dir() / "cpc" / "exam.yaml")) == (
        "the banks shipped with cert-prep"
    )
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(120, 40)) as pilot:
        await _home(app, pilot)
        await pilot.pause()
        assert f"From: {Path(tiny.blueprint_path).parent.parent}" in screen_text(app)


async def test_home_bindings_refresh_without_reading_the_store(context, tiny, clock):
    """Resume is offered from the unfinished exams read when the exam was shown (and again
    when home comes back), not from a query on every bindings refresh."""
    mock = ExamSession.start(context.store(), tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    mock.close()
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(120, 40)) as pilot:
        await _home(app, pilot)
        home = app.screen
        assert home.check_action("resume", ()) is True
        reads = []
        store = context.store()
        real = store.open_attempts
        store.open_attempts = lambda *a: reads.append(a) or real(*a)
        try:
            for _ in range(3):
                home.refresh_bindings()
                await pilot.pause()
                assert home.check_action("resume", ()) is True
            assert reads == []
            # Another window submits it: home reads it again when it comes back.
            ExamSession.open(store, tiny, mock.id, clock).submit("submitted")
            app.push_screen(ConfirmModal("x"))
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
            assert reads  # re-read on resume
            assert home.check_action("resume", ()) is False
        finally:
            store.open_attempts = real


async def test_banks_that_cannot_be_read_are_a_message_on_home(context, monkeypatch):
    """The library is read in a worker that posts LibraryLoaded: a problem is shown on the
    home screen, and the app goes on (no crash)."""
    from cert_prep.errors import UserError
    from cert_prep.ui.messages import LibraryLoaded

    def unreadable():
        raise UserError("the bank folder /x cannot be read")

    monkeypatch.setattr(context, "library", unreadable)
    messages = []
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.crash is None
        assert "The question banks could not be loaded: the bank folder /x cannot be read" in (
            screen_text(app)
        )
        loaded = [m for m in messages if isinstance(m, LibraryLoaded)]
        assert loaded and loaded[0].library is None


async def test_progress_comes_back_as_a_typed_message(context, tiny, clock):
    from cert_prep.ui.messages import ProgressLoaded
    from cert_prep.ui.screens.progress import ProgressScreen

    messages = []
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await _home(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        loaded = [m for m in messages if isinstance(m, ProgressLoaded)]
        assert len(loaded) == 1 and loaded[0].progress is not None
        assert app.screen.progress is loaded[0].progress


async def test_drill_dialog_footer_shows_its_own_keys_not_the_home_screens(context, tiny, clock):
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DrillSetupModal)
        footer = screen_text(app).splitlines()[-1]
        assert "^s Start the drill" in footer and "esc Cancel" in footer, footer
        assert "Mock exam" not in footer and "Options" not in footer, footer


async def test_drill_dialog_scrolls_to_each_field_on_a_short_screen(context, tiny, clock):
    """Tab reaches the count and the buttons in view, not below the dialog's edge."""
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 18)) as pilot:
        await _home(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DrillSetupModal)
        assert "Start the drill" in screen_text(app).splitlines()[-1]  # the footer
        frame = dialog.query_one(".dialog").content_region

        async def scrolled_into_view(widget) -> bool:
            # Focus scrolls after a refresh, then animates: wait for it, bounded (a loaded
            # machine takes longer than one animation wait).
            for _ in range(200):
                await pilot.wait_for_scheduled_animations()
                await pilot.pause(0.01)
                if frame.contains_region(widget.region):
                    return True
            return False

        await pilot.press("tab", "tab")
        count = dialog.query_one("#drill-count", Input)
        assert app.focused is count
        assert await scrolled_into_view(count)
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "start"
        assert await scrolled_into_view(app.focused)


async def test_home_opens_on_the_exam_last_studied(context, tiny, clock):
    ids = list(context.library().exams)
    last = ids[-1]
    assert ids[0] != last
    context.store().set_setting("last_exam", last)
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.bank is not None and app.screen.bank.id == last


async def test_a_mock_exam_started_is_the_exam_last_studied(context, tiny, clock):
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, InstructionsScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
    assert context.store().get_setting("last_exam") == "tiny"


async def test_the_home_footer_fits_its_keys_at_80_columns(context, tiny, clock):
    """At 80 columns the palette key goes first, then the padding around keys, so every
    key of the home screen shows, Quit and the help key included; at 120 the roomy line
    with the palette."""
    for size, expected in (((80, 24), "c Confidence q Quit ? Keys"), ((120, 40), "^p palette")):
        app = app_for(context, HomeLaunch())
        async with app.run_test(size=size) as pilot:
            await _home(app, pilot)
            footer = " ".join(screen_text(app).splitlines()[-1].split())
            assert expected in footer and "e Mock exam" in footer


async def test_the_home_footer_keeps_quit_with_resume_and_report(context, tiny, clock):
    """The fullest home footer (an unfinished exam: Resume; in the past attempts: Report)
    fits 80 columns: `a` leaves it while the attempts are focused."""
    store = context.store()
    ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock).submit()
    two_unfinished(store, tiny, clock)
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        assert "r Resume" in screen_text(app).splitlines()[-1]
        await pilot.press("a")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "v Report" in footer and "q Quit" in footer and "a Attempts" not in footer


async def test_leaving_an_exam_in_the_browser_goes_home(context, tiny, clock, monkeypatch):
    """In the browser the app ending ends the page; leaving an exam goes home instead,
    where it can be resumed."""
    app = app_for(context, HomeLaunch())
    monkeypatch.setattr(type(app), "is_web", property(lambda _app: True))
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")  # the instructions: start the clock
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        await pilot.press("q", "y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.is_running
        assert "Unfinished:" in screen_text(app)
    assert [r.mode for r in context.store().open_attempts()] == ["exam"]


async def test_home_says_there_are_no_attempts_yet_and_how_to_start(context, tiny, clock):
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(120, 40)) as pilot:
        await _home(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        lines = [line.strip() for line in screen_text(app).splitlines()]
        title = next(n for n, line in enumerate(lines) if line.endswith("Past attempts"))
        assert lines[title + 1].endswith(
            "None yet: e starts a mock exam, o a shorter practice exam, d a drill."
        )
        assert not app.screen.query_one("#attempts").display  # no table of headings alone
        assert "a Attempts" not in screen_text(app).splitlines()[-1]  # nothing to go to
