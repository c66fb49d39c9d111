"""Snapshot tests of the key screens (pytest-textual-snapshot).

Deterministic: a FakeClock (the time left never moves), fixed seeds, a fixed terminal size,
no cursor blink, sample banks under tests/fixtures, and a report writer that returns a
fixed path. Update after a deliberate change with `pytest tests/ui --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

from cert_prep.engine.assembly import DrillPlan, ExamOptions
from cert_prep.frontend.report_hook import ReportOutcome
from cert_prep.ui.launch import DrillLaunch, ExamLaunch
from tests.ui.helpers import SIZE, app_for

SMALL = (80, 24)

# seed 4 opens with the case record (tiny-a5, tiny-a6) and has a code item fifth.
CASE_SEED = 4


def report_at(context, attempt_id: int, wording=None) -> ReportOutcome:
    exam = context.store().attempt(attempt_id).exam
    return ReportOutcome(path=Path(f"exports/{exam}-20261123-0900-{attempt_id}.html"))


def test_instructions_screen(snap_compare, context):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=CASE_SEED)))
    assert snap_compare(app, terminal_size=SIZE)


def test_exam_screen_with_a_case_record_and_an_answer(snap_compare, context):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=CASE_SEED)))
    assert snap_compare(app, press=["enter", "b", "f"], terminal_size=SIZE)


def test_exam_screen_with_the_code_box(snap_compare, context):
    # `e` puts the cursor in the box (it is not focused when the question opens)
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=CASE_SEED)))
    assert snap_compare(
        app, press=["enter", "n", "n", "n", "n", "e", *"E11.9 I10"], terminal_size=SIZE
    )


def test_code_item_opens_with_the_box_unfocused_at_80x24(snap_compare, context):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=CASE_SEED)))
    assert snap_compare(app, press=["enter", "n", "n", "n", "n"], terminal_size=SMALL)


def test_case_record_and_choice_feedback_in_review_at_80x24(snap_compare, context):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=CASE_SEED)), report_writer=report_at)

    async def review_the_case_item(pilot):
        await pilot.press("enter", "b", "n", "a", "s", "y")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("r", "n")
        await pilot.pause()

    assert snap_compare(app, run_before=review_the_case_item, terminal_size=SMALL)


def test_question_map_at_80x24(snap_compare, context):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=CASE_SEED)))
    assert snap_compare(app, press=["enter", "b", "n", "a", "f", "n", "g"], terminal_size=SMALL)


def test_drill_feedback_at_80x24(snap_compare, context, tiny):
    plan = DrillPlan(
        tiny,
        [tiny.item(i) for i in ("tiny-a5", "tiny-a6")],
        ["Why these questions: a line said once, before the first question."],
        {},
    )
    app = app_for(context, DrillLaunch(plan))
    assert snap_compare(app, press=["a"], terminal_size=SMALL)


def test_question_map(snap_compare, context):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=CASE_SEED)))
    assert snap_compare(app, press=["enter", "b", "n", "a", "f", "n", "g"], terminal_size=SIZE)


def test_review_before_submit(snap_compare, context):
    app = app_for(context, ExamLaunch("tiny", ExamOptions(seed=CASE_SEED)))
    assert snap_compare(app, press=["enter", "b", "n", "a", "f", "s"], terminal_size=SIZE)


def test_results_screen_of_a_scaled_exam(snap_compare, context):
    app = app_for(context, ExamLaunch("mini", ExamOptions(seed=1)), report_writer=report_at)

    async def sit_the_exam(pilot):
        await pilot.press("enter", "b", "n", "a", "n", "b", "s", "y")  # 2 of 3 right
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, run_before=sit_the_exam, terminal_size=SIZE)


def test_results_at_80x24(snap_compare, context):
    app = app_for(context, ExamLaunch("mini", ExamOptions(seed=1)), report_writer=report_at)

    async def sit_the_exam(pilot):
        await pilot.press("enter", "b", "n", "a", "n", "b", "s", "y")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, run_before=sit_the_exam, terminal_size=SMALL)
