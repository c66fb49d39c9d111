"""Code-level feedback on screen: a line per code in drill feedback and in the results
review (after submission only), from the real book; without the book, right/wrong/missing."""

from __future__ import annotations

import dataclasses
import io

import pytest
from rich.console import Console
from textual.widgets import Static

from cert_prep.engine.assembly import DrillPlan, ExamOptions
from cert_prep.plain import PlainMode
from cert_prep.ui.launch import DrillLaunch
from cert_prep.ui.screens.review import ReviewScreen
from tests.ui.helpers import app_for, screen_text

SIZES = [(80, 24), (120, 40)]
CODE_ITEM = 5  # seed 1: tiny-g1, ICD-10-CM, principal-first, key A41.51 R65.20


@pytest.fixture
def book_context(context, book_cache):
    context.locations = dataclasses.replace(context.locations, cache_dir=book_cache)
    return context


def _feedback(app) -> str:
    """The feedback's text, each line whole (rendered wider than any line)."""
    console = Console(width=1000, file=io.StringIO())
    with console.capture() as capture:
        console.print(app.screen.query_one("#feedback", Static).content)
    return capture.get()


def _hangs_under_its_text(lines: list[str], start: str) -> None:
    """The line starting with `start` (`R65.21 - `) wraps, and its next line starts under
    the text after the code, not at the left edge."""
    at = next(i for i, line in enumerate(lines) if start in line)
    column = lines[at].index(start) + len(start)
    following = lines[at + 1]
    assert following[:column].strip(" │") == "", (lines[at], following)
    assert following[column] != " ", (lines[at], following)


@pytest.mark.parametrize("size", SIZES)
async def test_drill_feedback_names_each_code(book_context, tiny, size):
    plan = DrillPlan(tiny, [tiny.item("tiny-g1")], [], {})
    app = app_for(book_context, DrillLaunch(plan))
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter", *"R65.21 A41.5", "enter")
        await pilot.pause()
        text = _feedback(app)
        assert "Incorrect" in text
        assert (
            "R65.21 - wrong specificity: Severe sepsis with septic shock. Expected R65.20: "
            "Severe sepsis without septic shock"
        ) in text
        assert "A41.5 - incomplete code: Sepsis due to other Gram-negative organisms" in text
        assert "right" not in text.split("Rationale")[0]  # not the old marks


async def test_a_wrapped_code_line_hangs_under_its_text_at_80x24(book_context, tiny):
    plan = DrillPlan(tiny, [tiny.item("tiny-g1")], [], {})
    app = app_for(book_context, DrillLaunch(plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter", *"R65.21 A41.5", "enter")
        await pilot.pause()
        # "R65.21 - wrong specificity: Severe sepsis with septic shock. Expected R65.20:
        # Severe sepsis without septic shock" is longer than the feedback box
        _hangs_under_its_text(screen_text(app).splitlines(), "R65.21 - ")


async def test_drill_feedback_without_the_book_is_right_wrong_missing(context, tiny):
    plan = DrillPlan(tiny, [tiny.item("tiny-g1")], [], {})
    app = app_for(context, DrillLaunch(plan))  # no cache folder: no book
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter", *"A41.51 R65.21", "enter")
        await pilot.pause()
        text = _feedback(app)
        assert "A41.51 right" in text and "R65.21 wrong" in text and "R65.20 missing" in text
        assert " - " not in text.split("Rationale")[0]


@pytest.mark.parametrize("size", SIZES)
async def test_results_review_shows_verdicts_only_after_submission(book_context, size):
    app = app_for(book_context)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        screen.go_to(CODE_ITEM)
        await pilot.press("e", *"R65.20 A41.51", "enter")
        await pilot.pause()
        assert "out of sequence" not in screen_text(app)  # nothing before submission
        assert not screen.query_one("#feedback").display
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.cursor = CODE_ITEM
        await pilot.pause()
        text = _feedback(app)
        assert (
            "R65.20 - out of sequence: Severe sepsis without septic shock. A41.51 is the "
            "principal (first-listed) diagnosis and goes first"
        ) in text
        # the principal itself, entered second: said as such, not as "out of sequence: it is"
        assert (
            "A41.51 - out of sequence: Sepsis due to Escherichia coli [E. coli]. It is the "
            "principal (first-listed) diagnosis: enter it first"
        ) in text
        app.screen.query_one("#question-box").scroll_end(animate=False)
        await pilot.pause()
        _hangs_under_its_text(screen_text(app).splitlines(), "A41.51 - ")  # wrapped at 80 and 120


def test_plain_drill_feedback_names_each_code(book_context, tiny):
    plan = DrillPlan(tiny, [tiny.item("tiny-g1")], [], {})
    out = io.StringIO()
    PlainMode(book_context, io.StringIO("A41.51 R65.21 Q99.99\nquit\n"), out, width=200).drill(plan)
    text = out.getvalue()
    assert "A41.51 - correct: Sepsis due to Escherichia coli [E. coli]" in text
    assert "R65.21 - wrong specificity: Severe sepsis with septic shock." in text
    assert "Q99.99 - not a code. No such code in ICD-10-CM" in text


def test_plain_exam_shows_verdicts_only_in_the_review(book_context, tiny):
    out = io.StringIO()
    lines = ["", "go 6", "R65.20 A41.51", "submit", "yes", "review incorrect", "quit"]
    PlainMode(
        book_context, io.StringIO("".join(x + "\n" for x in lines)), out, width=200
    ).start_exam(tiny, ExamOptions(seed=1))
    text = out.getvalue()
    before, after = text.split("Score:", 1)
    assert "out of sequence" not in before
    assert "R65.20 - out of sequence: Severe sepsis without septic shock." in after


def test_plain_mode_hangs_a_wrapped_code_line_under_its_text(book_context, tiny):
    plan = DrillPlan(tiny, [tiny.item("tiny-g1")], [], {})
    out = io.StringIO()
    PlainMode(book_context, io.StringIO("R65.21 A41.5\nquit\n"), out, width=60).drill(plan)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("  R65.21 - wrong specificity: ") for line in lines)
    _hangs_under_its_text(lines, "R65.21 - ")
