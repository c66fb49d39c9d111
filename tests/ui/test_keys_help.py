"""The help key (`?`, F1, the palette's Keys), footers that keep Quit and the help key on
narrow terminals, check boxes readable without colour, the theme kept across starts, the
scroll kept after a choice, and the map below the exam's status line."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Input, OptionList

from cert_prep.engine.assembly import ExamOptions
from cert_prep.ui.app import THEME_SETTING
from cert_prep.ui.launch import ExamLaunch, HomeLaunch
from cert_prep.ui.screens.choosers import ExamOptionsModal
from cert_prep.ui.screens.drill_setup import DrillSetupModal
from cert_prep.ui.screens.exam import ExamScreen
from cert_prep.ui.screens.help import HelpScreen, key_name
from cert_prep.ui.screens.home import HomeScreen
from cert_prep.ui.screens.question_map import QuestionMapScreen
from cert_prep.ui.widgets.status_bar import StatusBar
from tests.ui.helpers import app_for, screen_text
from tests.ui.test_exam_polish import cpc_context, shipped_library  # noqa: F401
from tests.ui.test_home_and_windows import _home

SIZES = [(80, 24), (60, 15), (40, 12)]


async def _exam(app, pilot) -> None:
    await pilot.pause()
    await pilot.press("enter")  # the instructions: start the clock
    await pilot.pause()
    assert isinstance(app.screen, ExamScreen)


def test_key_names_read_as_on_the_keyboard():
    assert [key_name(k) for k in ("ctrl+p", "f1", "pagedown", "slash", "question_mark", "a")] == [
        "Ctrl+P",
        "F1",
        "PgDn",
        "/",
        "?",
        "a",
    ]


async def test_question_mark_and_f1_open_the_keys_of_the_screen_and_close_it(context, tiny):
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        for opening, closing in (
            ("question_mark", "escape"),
            ("f1", "f1"),
            ("f1", "question_mark"),
        ):
            await pilot.press(opening)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            text = screen_text(app)
            await pilot.press("end")  # the last of the list: the keys of every screen
            await pilot.pause()
            text += screen_text(app)
            for words in ("e  Mock exam", "q  Quit", "Ctrl+P", "Command palette", "Save and quit"):
                assert words in text
            assert "Copy selected text" not in text and "Cursor left" not in text
            await pilot.press(closing)
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)


async def test_the_help_footer_names_escape_which_closes_it(context, tiny):
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "esc Close" in footer and "? Close" not in footer, footer
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_help_scrolls_with_the_keyboard_on_a_small_terminal(context, tiny):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=1)))
    async with app.run_test(size=(40, 12)) as pilot:
        await _exam(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        box = app.screen.query_one("#help-scroll", VerticalScroll)
        assert box.max_scroll_y > 0 and box.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y
        assert "Save and quit" in screen_text(app)


async def test_the_help_works_over_a_dialog_and_f1_while_typing(context, tiny):
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DrillSetupModal)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Start the drill" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DrillSetupModal)
        app.screen.query_one("#drill-tags", Input).focus()
        await pilot.press("question_mark")  # typed: a character in the box
        await pilot.pause()
        assert isinstance(app.screen, DrillSetupModal)
        assert app.screen.query_one("#drill-tags", Input).value == "?"
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_palettes_keys_command_opens_the_same_help(context, tiny):
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        commands = [c for c in app.get_system_commands(app.screen) if c.title == "Keys"]
        assert len(commands) == 1
        await commands[0].callback()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        app.action_show_help_panel()  # Textual's own panel is never shown
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_narrow_home_footers_keep_quit_and_the_help_key(context, tiny):
    for size in SIZES:
        app = app_for(context, HomeLaunch())
        async with app.run_test(size=size) as pilot:
            await _home(app, pilot)
            footer = screen_text(app).splitlines()[-1]
            assert "q Quit" in footer and "? Keys" in footer, (size, footer)


@pytest.mark.parametrize("size", SIZES)
async def test_narrow_exam_footers_keep_quit_and_the_help_key(context, tiny, size):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=1)))
    async with app.run_test(size=size) as pilot:
        await _exam(app, pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "q Quit" in footer and "? Keys" in footer and "Choose" in footer, footer


async def test_check_boxes_show_their_state_without_colour(context, tiny):
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ExamOptionsModal)
        assert "▐ ▌ Pausable" in screen_text(app)
        app.screen.query_one("#exam-pausable").value = True
        await pilot.pause()
        assert "▐X▌ Pausable" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        rows = [line for line in screen_text(app).splitlines() if "▐" in line]
        assert rows and all("▐ ▌" in line for line in rows)
        await pilot.press("space")  # ticks the highlighted domain
        await pilot.pause()
        rows = [line for line in screen_text(app).splitlines() if "▐" in line]
        assert "▐X▌" in rows[0] and all("▐ ▌" in line for line in rows[1:])


async def test_the_highlighted_exam_is_marked_without_colour(context, tiny):
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        exams = app.screen.query_one("#exams", OptionList)
        style = exams.get_component_rich_style("option-list--option-highlighted")
        assert style.underline


async def test_the_theme_picked_is_kept_for_the_next_start(context, tiny):
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        app.theme = "textual-light"  # as the palette's theme picker does
        await pilot.pause()
    assert context.store().get_setting(THEME_SETTING) == "textual-light"
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        assert app.theme == "textual-light"


async def test_an_unknown_saved_theme_is_ignored(context, tiny):
    context.store().set_setting(THEME_SETTING, "no-such-theme")
    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        assert app.theme == "textual-dark"
    assert context.store().get_setting(THEME_SETTING) == "no-such-theme"  # not rewritten


async def test_a_choice_keeps_the_question_scrolled_to_the_choices(cpc_context):  # noqa: F811
    for size in ((60, 15), (40, 12)):
        app = app_for(cpc_context, ExamLaunch("cpc", ExamOptions(seed=2, questions=20)))
        async with app.run_test(size=size) as pilot:
            await _exam(app, pilot)
            box = app.screen.query_one("#question-box", VerticalScroll)
            # The first question past the first that is taller than the screen (which one
            # depends on the shipped bank's draw).
            for _ in range(19):
                await pilot.press("n")
                await pilot.pause()
                await pilot.pause()
                if box.max_scroll_y > 2:
                    break
            for _ in range(3):
                await pilot.press("pagedown")
                await pilot.pause()
            scrolled = box.scroll_y
            assert scrolled > 0
            await pilot.press("b")
            await pilot.pause()
            assert box.scroll_y == scrolled
            assert "▊ B." in screen_text(app)
            await pilot.press("n")  # another question opens at its top
            await pilot.pause()
            await pilot.pause()  # once laid out (a taller question may hold the scroll)
            assert box.scroll_y == 0


async def test_the_map_leaves_the_status_line_and_its_clock_uncovered(cpc_context):  # noqa: F811
    # The full exam: its map fills the height of a 40x12 terminal.
    app = app_for(cpc_context, ExamLaunch("cpc", ExamOptions(seed=2)))
    async with app.run_test(size=(40, 12)) as pilot:
        await _exam(app, pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, QuestionMapScreen)
        status = app.screen_stack[-2].query_one(StatusBar).region
        dialog = app.screen.query_one("#map").region
        assert not dialog.overlaps(status)
        assert "Time left" in screen_text(app).splitlines()[0]
        assert "Type a number" in screen_text(app)


async def test_a_40x12_home_shows_every_exam_and_scrolls_to_the_rest(cpc_context):  # noqa: F811
    app = app_for(cpc_context, HomeLaunch())
    async with app.run_test(size=(40, 12)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        for name in ("CCA", "CCS", "CPC"):
            assert f"▊ {name} mock exam" in text  # the whole list, one line an exam
        assert "105 questions in 2:00:00" in text  # the highlighted exam's details below
        await pilot.press("tab", "end")  # the details' pane scrolls to its end
        # The scroll is animated in real time: wait for it, bounded (a loaded machine can
        # take longer than one animation wait).
        for _ in range(300):
            await pilot.pause(0.01)
            if "Past attempts" in screen_text(app):
                break
        assert "Past attempts" in screen_text(app)
        await pilot.resize_terminal(80, 24)  # side by side again, two lines an exam
        # Textual applies a resize on a short real-time timer: wait for it, bounded (a
        # loaded machine can take longer than 50 bare event-loop turns).
        for _ in range(300):
            await pilot.pause(0.01)
            if not app.screen.has_class("-narrow"):
                break
        await pilot.pause()
        assert "100 questions · 4:00:00 · pass 70%" in screen_text(app)


async def test_the_home_title_is_shortened_to_fit_a_narrow_screen(context):
    def title() -> str:
        return screen_text(app).splitlines()[0].strip()

    app = app_for(context, HomeLaunch())
    async with app.run_test(size=(40, 12)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert title() == "cert-prep · mock exams and drills"  # was cut: "... drills for"
        for width, expected in (
            (80, "cert-prep · mock exams and drills for CPC, CCS and CCA"),
            (30, "cert-prep"),
        ):
            await pilot.resize_terminal(width, 12)
            for _ in range(50):  # Textual applies a resize on a short timer: a bounded wait
                await pilot.pause()
                if title() == expected:
                    break
            assert title() == expected
