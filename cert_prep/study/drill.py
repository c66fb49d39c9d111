"""A weak-domain drill as the engine's DrillPlan: the plan's reasons become its first screen."""

from __future__ import annotations

from datetime import date, datetime

from cert_prep.bank.loader import ExamBank
from cert_prep.engine.assembly import DrillPlan
from cert_prep.errors import UserError
from cert_prep.store import Store
from cert_prep.study.card_sync import exam_cards, to_ms
from cert_prep.study.exam_date import day_end, plannable
from cert_prep.study.plan import plan_for
from cert_prep.study.selection import select_weak_drill
from cert_prep.wording import TERMINAL, Wording


def weak_drill_plan(
    store: Store,
    bank: ExamBank,
    now: datetime,
    count: int,
    exam_date: date | None = None,
    seed: int = 0,
    wording: Wording = TERMINAL,
) -> DrillPlan:
    """`cert-prep drill --weak`: the engine runs it like any drill; `intro` says why.
    With an exam date ahead, today's new questions are those the study plan leaves.
    `wording`: how the intro names the plan, the exam date and studying ahead."""
    new_limit, plan_note = _todays_plan(store, bank, now, exam_date, wording)
    plan = select_weak_drill(
        store, bank, now, count, exam_date, seed=seed, new_limit=new_limit, wording=wording
    )
    if plan_note and plan.ahead:
        plan_note += (
            f" It takes {plan.ahead} new question(s) ahead of the plan: the other questions "
            "you have seen were answered in the last 20 hours, and asked again so soon they "
            "teach little."
        )
    if plan_note:
        plan.notes.append(plan_note)
    if not plan.items:
        raise UserError(
            f"the {bank.id} banks hold no questions yet; add bank files or choose another exam"
        )
    settings = {
        "weak": True,
        "seed": seed,
        "count": count,
        "exam_date": exam_date.isoformat() if exam_date else None,
        "domains": [d for d, _why in plan.chosen_domains],
        "tags": [],
    }
    brief = [plan.notes[0]] + ([plan_note] if plan_note else []) + [plan.domains_line]
    return DrillPlan(bank, plan.items, plan.intro, settings, brief)


def _todays_plan(
    store: Store, bank: ExamBank, now: datetime, exam_date: date | None, wording: Wording
) -> tuple[int | None, str | None]:
    """(new questions still to take today, a line saying where today's plan stands)."""
    if exam_date is None or not plannable(exam_date, now) or not bank.items:
        return None, None
    plan = plan_for(store, bank, now, exam_date, wording)
    today = plan.daily[0]
    states = exam_cards(store, bank, now)
    left_new = today.new  # what is left of today's share
    now_ms, end_ms = to_ms(now), to_ms(day_end(now))
    due_now = due_later = 0
    for s in states.values():
        if s.seen and s.due_ms is not None:
            due_now += s.due_ms <= now_ms
            due_later += now_ms < s.due_ms < end_ms
    if left_new == 0 and due_now == 0:
        if due_later:
            return 0, (
                "Today's new questions and the reviews due so far are done; about "
                f"{due_later} more review(s) come due later today. Until then this drill "
                "takes the questions you are least likely to recall."
            )
        if today.due:
            # The plan evens the load out by bringing reviews forward from busier days;
            # what the drill takes now (seen questions least likely to be recalled) is them.
            return 0, (
                "Today's new questions and the reviews due are done; the plan brings about "
                f"{today.due} review(s) forward from busier days, and this drill takes them "
                "from the questions you are least likely to recall."
            )
        return 0, (
            "Today's plan is done (today's new questions and the reviews due): "
            "this drill is extra practice."
        )
    if due_later:
        # A review comes due a day after its answer, to the minute: an evening student
        # meets yesterday's later answers as they come due, not all at once.
        return left_new, (
            f"Today's plan: {left_new} more new question(s) and about {today.due} review(s), "
            f"{due_now} due now and {due_later} coming due later today (a review is due a "
            f"day or more after its answer, to the minute); {wording.every_plan_day()}."
        )
    return left_new, (
        f"Today's plan: {left_new} more new question(s) and about {today.due} review(s); "
        f"{wording.every_plan_day()}."
    )
