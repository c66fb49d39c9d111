"""The study and engine layers' messages name the way to do a thing as they are told: a
`cert-prep` command in a terminal, a key or screen in the browser (`cert-prep serve`), which
has no shell. They never ask which front end they serve."""

from __future__ import annotations

from datetime import date

import pytest

from cert_prep.engine.assembly import AssemblyError, plan_drill
from cert_prep.errors import UserError
from cert_prep.study.drill import weak_drill_plan
from cert_prep.study.exam_date import set_exam_date
from cert_prep.study.plan import plan_for
from cert_prep.wording import SERVED, TERMINAL


def _intro(context, exam_date: date, wording, count: int = 10) -> str:
    plan = weak_drill_plan(
        context.store(),
        context.exam("study"),
        context.clock.now(),
        count,
        exam_date,
        wording=wording,
    )
    return " ".join(plan.intro + plan.brief)


def test_the_weak_drill_names_the_plan_and_studying_ahead_as_told(context):
    day = date(2026, 3, 7)  # 5 days: today's plan leaves 2 of the 10 asked for
    set_exam_date(context.store(), "study", day)
    terminal = _intro(context, day, TERMINAL)
    assert "`cert-prep plan` shows every day to the exam." in terminal
    assert "(`cert-prep drill` studies ahead)" in terminal
    served = _intro(context, day, SERVED)
    assert "Today's plan: 2 more new question(s)" in served
    assert "the progress screen shows the days ahead." in served
    assert "(d on the home screen studies ahead)" in served
    assert "cert-prep" not in served


@pytest.mark.parametrize(
    ("day", "terminal", "served"),
    [
        (
            date(2026, 1, 5),
            "Set a new one with `cert-prep exam-date`.",
            "Set a new one with d on the progress screen.",
        ),
        (
            date(2099, 1, 5),  # set by hand or by an older version
            "Set the real one with `cert-prep exam-date`.",
            "Set the real one with d on the progress screen.",
        ),
    ],
)
def test_the_weak_drill_names_how_to_set_the_exam_date_as_told(context, day, terminal, served):
    set_exam_date(context.store(), "study", day)
    assert terminal in _intro(context, day, TERMINAL)
    text = _intro(context, day, SERVED)
    assert served in text and "cert-prep exam-date" not in text


@pytest.mark.parametrize(
    ("day", "terminal", "served"),
    [
        (
            date(2026, 1, 5),
            "set a new one with `cert-prep exam-date study YYYY-MM-DD`",
            "set a new one with d on the progress screen",
        ),
        (
            date(2099, 1, 5),
            "set the real one with `cert-prep exam-date study YYYY-MM-DD`",
            "set the real one with d on the progress screen",
        ),
    ],
)
def test_a_study_plan_refused_names_how_to_set_the_date_as_told(context, day, terminal, served):
    bank, now = context.exam("study"), context.clock.now()
    with pytest.raises(UserError) as by_default:
        plan_for(context.store(), bank, now, day)
    assert by_default.value.message.endswith(terminal)
    with pytest.raises(UserError) as in_the_browser:
        plan_for(context.store(), bank, now, day, SERVED)
    assert in_the_browser.value.message.endswith(served)


def test_an_unknown_tag_names_where_the_tags_are_as_told(context):
    bank = context.exam("study")
    with pytest.raises(AssemblyError) as by_default:
        plan_drill(bank, tags=["nosuchtag"])
    assert by_default.value.message.endswith("; `cert-prep tags` lists them")
    with pytest.raises(AssemblyError) as in_the_browser:
        plan_drill(bank, tags=["nosuchtag"], wording=SERVED)
    # the study bank's questions carry no tags (the UI test names tiny's most used)
    assert in_the_browser.value.message == (
        "no question of study has the tag `nosuchtag`; its questions have no tags"
    )


def test_the_browser_names_the_most_used_tags_first():
    counts = {"rare": 1, "common": 9, "b-tied": 4, "a-tied": 4, "x": 2, "y": 3, "z": 1}
    assert SERVED.known_tags(counts) == "the most used are common, a-tied, b-tied, y, x"
    assert SERVED.known_tags({}) == "its questions have no tags"
