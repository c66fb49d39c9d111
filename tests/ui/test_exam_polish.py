"""Exam polish: the status line on narrow terminals, the map's cursor, pretest items in
review, the book in the instructions and footer, and the results and report wording."""

from __future__ import annotations

import copy
import shutil
from html import unescape

import pytest
from rich.console import Console

from cert_prep.bank.loader import load_library
from cert_prep.engine.assembly import ExamOptions, plan_exam
from cert_prep.engine.attempt_result import length_note, load_result
from cert_prep.engine.attempt_summary import history
from cert_prep.engine.session import ExamSession
from cert_prep.paths import shipped_banks_dir
from cert_prep.plain.lines import result_lines
from cert_prep.report import write_attempt_report
from cert_prep.ui.launch import ExamLaunch, ResumeLaunch
from cert_prep.ui.screens.choosers import ResumeChooserModal
from cert_prep.ui.screens.exam import ExamScreen
from cert_prep.ui.screens.instructions import instruction_lines
from cert_prep.ui.screens.question_map import MapGrid, QuestionMapScreen
from cert_prep.ui.screens.results import ResultsScreen
from cert_prep.ui.screens.review import ReviewScreen
from tests.engine.support import BANKS, make_context
from tests.ui.helpers import app_for, notifications, screen_text, two_unfinished

NARROW, SMALL, WIDE = (60, 15), (80, 24), (120, 40)


@pytest.fixture(scope="module")
def shipped_library(warm_bank_cache):
    return load_library([shipped_banks_dir()], warm_bank_cache)


@pytest.fixture
def cpc_context(tmp_path, clock, shipped_library):
    ctx = make_context(tmp_path, clock, shipped_library, roots=(shipped_banks_dir(),))
    yield ctx
    ctx.close()


def top_line(app) -> str:
    return screen_text(app).splitlines()[0]


async def _start(app, pilot) -> ExamScreen:
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ExamScreen)
    return app.screen


# ---- 1: the status line keeps the clock and `Question N of M` whole ----


@pytest.mark.parametrize("size", [NARROW, SMALL, WIDE])
async def test_the_status_line_keeps_the_clock_and_position_whole(context, size):
    app = app_for(context)
    async with app.run_test(size=size) as pilot:
        await _start(app, pilot)
        for flagged in (False, True):
            if flagged:
                await pilot.press("f")
                await pilot.pause()
            line = top_line(app)
            assert "Question 1 of 6" in line and line.rstrip().endswith("Time left 1:00:00")
            assert ("⚑ flagged" in line) is flagged
        if size == WIDE:  # room for everything, words and title
            assert "Tiny mock exam" in line and "Answered 0/6 · Flagged 1  ⚑ flagged" in line


@pytest.mark.parametrize("size", [NARROW, SMALL, WIDE])
async def test_a_long_exam_shrinks_title_and_counts_first(cpc_context, size):
    app = app_for(cpc_context, ExamLaunch("cpc", ExamOptions(seed=1)))
    async with app.run_test(size=size) as pilot:
        screen = await _start(app, pilot)
        count = screen.session.count
        for flagged in (False, True):
            if flagged:
                await pilot.press("f")
                await pilot.pause()
            line = top_line(app)
            assert f"Question 1 of {count}" in line
            assert line.rstrip().endswith("Time left 4:00:00")
            assert ("⚑ flagged" in line) is flagged
            # The title shows whole, cropped with an ellipsis, or not at all: never cut.
            title = line.split("Question")[0].strip()
            assert title in ("", "CPC mock exam") or title.endswith("…")
            if size == WIDE:
                assert title == "CPC mock exam" and f"Answered 0/{count}" in line


# ---- 2: the map shows and moves its cursor when it scrolls; filters keep the place ----


@pytest.mark.parametrize("size", [NARROW, SMALL])
async def test_the_map_opens_on_the_current_question_and_arrows_move(cpc_context, size):
    app = app_for(cpc_context, ExamLaunch("cpc", ExamOptions(seed=1)))
    async with app.run_test(size=size) as pilot:
        screen = await _start(app, pilot)
        screen.go_to(54)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, QuestionMapScreen)
        grid = app.screen.query_one(MapGrid)
        assert grid.shown[grid.cursor] == 54
        assert " 55○" in screen_text(app)  # scrolled to it
        per_row = grid.per_row
        await pilot.press("down", "down", "down")
        await pilot.pause()
        target = 54 + 3 * per_row
        assert f" {target + 1}○" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert f"Question {target + 1} of " in top_line(app)


@pytest.mark.parametrize("size", [NARROW, SMALL])
async def test_a_map_filter_keeps_the_current_question_or_the_next(cpc_context, size):
    app = app_for(cpc_context, ExamLaunch("cpc", ExamOptions(seed=1)))
    async with app.run_test(size=size) as pilot:
        screen = await _start(app, pilot)
        screen.go_to(54)
        await pilot.press("g", "u")
        await pilot.pause()
        grid = app.screen.query_one(MapGrid)
        assert grid.shown[grid.cursor] == 54  # unanswered itself: stays
        await pilot.press("escape")
        await pilot.pause()
        screen.session.toggle_flag()  # Q55 flagged
        screen.go_to(59)
        screen.session.toggle_flag()  # Q60 flagged
        screen.go_to(56)
        await pilot.press("g", "f")
        await pilot.pause()
        grid = app.screen.query_one(MapGrid)
        assert grid.shown == (54, 59)
        assert grid.shown[grid.cursor] == 59  # the next flagged after Q57
        await pilot.press("enter")
        await pilot.pause()
        assert "Question 60 of " in top_line(app)


# ---- 3: pretest items are labelled in review ----


@pytest.fixture
def pretest_context(tmp_path, clock):
    root = tmp_path / "banks"
    shutil.copytree(BANKS / "tiny", root / "tiny")
    blueprint = root / "tiny" / "exam.yaml"
    blueprint.write_text(blueprint.read_text() + "pretest: 3\n")
    ctx = make_context(tmp_path, clock, load_library([root], None), roots=(root,))
    yield ctx
    ctx.close()


@pytest.mark.parametrize("size", [NARROW, SMALL])
async def test_review_labels_pretest_items_and_counts_them_apart(pretest_context, size):
    app = app_for(pretest_context, ExamLaunch("tiny", ExamOptions(seed=5)))
    async with app.run_test(size=size) as pilot:
        await _start(app, pilot)
        await pilot.press("s", "y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        pretest = app.screen.result.pretest
        assert len(pretest) == 3
        await pilot.press("r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        scored = next(i for i in range(9) if i not in pretest)
        review.cursor = scored
        await pilot.pause()
        assert "Pretest" not in top_line(app)
        review.cursor = pretest[0]
        await pilot.pause()
        line = top_line(app)
        assert f"Question {pretest[0] + 1} of 9" in line and "Pretest, not scored" in line
        await pilot.press("u")  # nothing was answered: all 9, 3 of them pretest
        await pilot.pause()
        assert "(1 of 9; 3 of them pretest, not scored)" in " ".join(screen_text(app).split())


# ---- 4 and 5: the code book in the instructions and the footer ----


def _text(renderable) -> str:
    console = Console(width=200, record=True)
    console.print(renderable)
    return console.export_text()


@pytest.mark.parametrize("closed_book", [False, True])
def test_the_instructions_name_the_book_keys_unless_closed_book(tiny, closed_book):
    plan = plan_exam(tiny, ExamOptions(seed=1, closed_book=closed_book))
    text = _text(instruction_lines(tiny.blueprint, plan.outline))
    assert ("/ or F2" in text) is not closed_book
    assert "x, Delete" in text


@pytest.mark.parametrize(
    ("types", "toggles", "codes"),
    [(None, True, True), (["single"], False, False), (["single", "code"], False, True)],
)
def test_the_instructions_explain_only_the_item_types_the_mock_draws(tiny, types, toggles, codes):
    blueprint = copy.copy(tiny.blueprint)
    blueprint.item_types = types
    plan = plan_exam(tiny, ExamOptions(seed=1))
    text = _text(instruction_lines(blueprint, plan.outline))
    assert ("choose all that apply" in text) is toggles
    assert ("code items: type codes" in text) is codes
    assert "a-e, 1-6" in text


@pytest.mark.parametrize("size", [SMALL, WIDE])
async def test_a_closed_book_footer_offers_no_book_yet_slash_says_why(context, size):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=1, closed_book=True)))
    async with app.run_test(size=size) as pilot:
        await _start(app, pilot)
        assert "/ book" not in screen_text(app).splitlines()[-1]
        await pilot.press("slash")
        await pilot.pause()
        assert "Closed-book exam: the code book is off" in notifications(app)


async def test_an_open_book_footer_offers_the_book(context):
    app = app_for(context)
    async with app.run_test(size=WIDE) as pilot:
        await _start(app, pilot)
        assert "/ book" in screen_text(app).splitlines()[-1]


# ---- 6: wording of the results, the report and the resume chooser ----


async def test_a_practice_exam_is_titled_as_one(context):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=1, questions=2)))
    async with app.run_test(size=SMALL) as pilot:
        await _start(app, pilot)
        await pilot.press("s", "y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "Practice exam results: Tiny mock exam" in screen_text(app)


async def test_a_full_mock_exam_keeps_its_results_title(context):
    app = app_for(context)
    async with app.run_test(size=SMALL) as pilot:
        await _start(app, pilot)
        await pilot.press("s", "y")
        await pilot.pause()
        assert "Results: Tiny mock exam" in screen_text(app)
        assert "Practice" not in screen_text(app)


MINI_CUT_SHORT = (
    "Mock exam, shorter than the blueprint: 3 of its 4 questions, because the banks hold "
    "too few questions for some domains."
)


async def test_a_mock_exam_the_banks_cut_short_is_named_alike_everywhere(context):
    # mini's blueprint wants 2 questions of Domain two; its bank holds 1.
    app = app_for(context, ExamLaunch("mini", ExamOptions(seed=1)))
    async with app.run_test(size=SMALL) as pilot:
        await _start(app, pilot)
        await pilot.press("s", "y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = " ".join(line.strip(" │") for line in screen_text(app).splitlines())
        assert "Results: Mini scaled exam" in text
        assert MINI_CUT_SHORT in " ".join(text.split())
        assert "ractice" not in text
    (row,) = history(context.store())
    assert row["mode"] == "exam"  # a mock exam still: it counts toward readiness
    report = write_attempt_report(context, row["id"]).read_text(encoding="utf-8")
    assert MINI_CUT_SHORT in report
    assert "practice exam" not in report
    result = load_result(context.store(), context.library().exam("mini"), row["id"])
    assert MINI_CUT_SHORT in result_lines(result)  # plain mode says it too


async def test_a_practice_exam_says_how_much_shorter_it_is(context):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=1, questions=2)))
    async with app.run_test(size=SMALL) as pilot:
        await _start(app, pilot)
        await pilot.press("s", "y")
        await pilot.pause()
        note = "A shorter practice exam: 2 of the blueprint's 6 questions"
        assert note in " ".join(screen_text(app).split())
    (row,) = history(context.store())
    assert row["mode"] == "practice"
    report = write_attempt_report(context, row["id"]).read_text(encoding="utf-8")
    assert note in unescape(report)


def test_a_full_length_exam_or_a_drill_has_no_length_note():
    assert length_note("exam", 6, 6) is None
    assert length_note("practice", 6, 6) is None  # timed differently, not shorter
    assert length_note("drill", 2, 6) is None
    assert length_note("exam", 5, 6).startswith("Mock exam, shorter than the blueprint")


def test_a_practice_exam_cut_short_by_its_banks_does_not_claim_the_proportions():
    asked = length_note("practice", 4, 6, wanted=4)
    assert asked is not None and "in the same domain proportions" in asked
    short = length_note("practice", 3, 6, wanted=4)
    assert short is not None and "3 of the 4 questions asked for" in short
    assert "proportions" not in short and "too few questions for some domains" in short


@pytest.mark.parametrize(("reason", "note"), [("submitted", ""), ("time", " (time ran out)")])
def test_the_report_says_points_from_the_cut_and_the_reason_once(context, tiny, reason, note):
    session = ExamSession.start(
        context.store(), tiny, plan_exam(tiny, ExamOptions(seed=1)), context.clock
    )
    session.go_to(0)
    session.choose("B")  # tiny-a1 right: 1 of 6, 16.7%, 43.3 points under 60%
    attempt = session.submit(reason).attempt.id
    html = write_attempt_report(context, attempt).read_text(encoding="utf-8")
    assert "43.3 points below the cut" in html and "% below the cut" not in html
    assert "(submitted)" not in html
    submitted = html.split("submitted ", 1)[1].split(" · started")[0]
    assert submitted.endswith(f"UTC{note}")


async def test_the_resume_chooser_names_the_exam_as_its_screens_do(context, tiny, clock):
    store = context.store()
    mock, practice = two_unfinished(store, tiny, clock)
    context.keep_exam_previews()  # as any earlier `cert-prep exam` left them
    app = app_for(context, ResumeLaunch(None, (practice.id, mock.id)))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeChooserModal)
        text = screen_text(app)
        assert f"#{mock.id} Tiny mock exam, started" in text
        assert f"#{practice.id} Tiny practice exam, started" in text
        assert "tiny mock exam" not in text
