"""A weak-domain drill as the engine's DrillPlan: the plan's reasons become its first screen."""

from __future__ import annotations

from datetime import date, datetime

from cert_prep.bank.loader import ExamBank
from cert_prep.engine.assembly import DrillPlan
from cert_prep.errors import UserError
from cert_prep.store import Store
from cert_prep.study.selection import select_weak_drill


def weak_drill_plan(
    store: Store,
    bank: ExamBank,
    now: datetime,
    count: int,
    exam_date: date | None = None,
    seed: int = 0,
) -> DrillPlan:
    """`cert-prep drill --weak`: the engine runs it like any drill; `intro` says why."""
    plan = select_weak_drill(store, bank, now, count, exam_date, seed=seed)
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
    return DrillPlan(bank, plan.items, plan.intro, settings)
