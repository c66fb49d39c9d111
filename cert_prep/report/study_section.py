"""The study-history part of a report: past scores, weak domains, readiness.

Readiness and the weak domains both come from the study layer's one ranking,
`cert_prep.study.readiness.readiness(store, bank, now)` (mastery, weakest first).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from cert_prep.bank.loader import ExamBank
from cert_prep.clock import from_iso, local_text
from cert_prep.engine.scoring import scaled_estimate
from cert_prep.report.charts import NARROW, ChartPair, history_chart
from cert_prep.report.codes import BookGetter
from cert_prep.report.views import (
    HistoryPoint,
    PlanView,
    ReadinessDomain,
    ReadinessView,
    StudyView,
    WeakDomain,
    duration_text,
)
from cert_prep.store import AttemptRow, Store
from cert_prep.study.code_focus import CodeProgress
from cert_prep.study.confidence import calibration
from cert_prep.study.exam_date import days_left_text, get_exam_date, plannable
from cert_prep.study.plan import plan_for
from cert_prep.study.readiness import Readiness, mock_comparison, readiness

WEAK_SHOWN = 3
PLAN_DAYS_SHOWN = 7
CONFIDENTLY_WRONG_SHOWN = 10


def date_text(iso: str | None) -> str:
    """Dates in the student's time zone, named, so a report says when things happened."""
    if not iso:
        return "unknown"
    return local_text(iso)


def time_used(attempt: AttemptRow) -> float:
    """Seconds on the exam clock: wall time, or the banked time of a pausable exam.

    Capped at the limit: an exam whose deadline passed while cert-prep was closed is
    submitted later, but its clock stopped at the limit.
    """
    end = attempt.submitted_at
    if attempt.pausable:
        used = attempt.elapsed_s
        if attempt.sitting_started_at and end:
            used += (from_iso(end) - from_iso(attempt.sitting_started_at)).total_seconds()
    elif end:
        used = (from_iso(end) - from_iso(attempt.started_at)).total_seconds()
    else:
        used = attempt.elapsed_s
    used = max(0.0, used)
    if attempt.time_limit_s:
        used = min(used, attempt.time_limit_s)
    return used


def drill_weak_command(exam_id: str) -> str:
    return f"cert-prep drill --weak --exam {exam_id}"


def drill_domain_command(exam_id: str, domain_id: str) -> str:
    return f"cert-prep drill --exam {exam_id} --domain {domain_id}"


def _readiness_view(result: Readiness) -> ReadinessView:
    return ReadinessView(
        predicted_percent=float(result.predicted_percent),
        low=float(result.low),
        high=float(result.high),
        pass_percent=float(result.pass_percent),
        seen=int(result.seen),
        total=int(result.total),
        domains=[
            ReadinessDomain(
                d.name, float(d.expected), int(d.seen), int(d.total), int(d.due), float(d.weight)
            )
            for d in result.domains
        ],
        pass_probability=float(result.pass_probability),
        outlook=result.outlook,
        answers_needed=int(result.answers_needed),
        mock_note=result.mock_note if result.enough_data else "",
    )


def _weak_domains(bank: ExamBank, result: Readiness) -> list[WeakDomain]:
    return [
        WeakDomain(
            d.id,
            d.name,
            float(d.expected),
            int(d.seen),
            int(d.total),
            int(d.due),
            drill_domain_command(bank.id, d.id),
        )
        for d in list(result.domains)[:WEAK_SHOWN]
    ]


def _history_points(
    bank: ExamBank, attempts: list[AttemptRow], current_id: int | None
) -> list[HistoryPoint]:
    blueprint = bank.blueprint
    points = []
    for a in reversed(attempts):  # oldest first
        percent = a.percent if a.percent is not None else 0.0
        points.append(
            HistoryPoint(
                attempt_id=a.id,
                date_text=date_text(a.submitted_at),
                correct=a.correct or 0,
                total=a.total or 0,
                percent=percent,
                passed=a.passed,
                scaled_estimate=scaled_estimate(percent, blueprint.pass_percent)
                if blueprint.scaled
                else None,
                time_used_text=duration_text(time_used(a)),
                current=a.id == current_id,
            )
        )
    return points


def load_code_progress(store: Store, bank: ExamBank, book: BookGetter | None) -> CodeProgress:
    """Where the student loses points on code items (the study layer's numbers). Without
    `book`, ICD-10-CM errors are not counted."""
    from cert_prep.study.code_focus import code_progress, no_book

    return code_progress(store, bank, book or no_book)


def study_view(
    store: Store,
    bank: ExamBank,
    now: datetime,
    current: AttemptRow | None = None,
    book: BookGetter | None = None,
) -> StudyView:
    """History of full mock exams of `bank` (up to `current`, when given), practice exams
    listed apart, the study state now, and where code items lose points (`book()` gives
    the ICD-10-CM book to classify them)."""
    attempts = store.attempts_by_kind(bank.id, "exam")
    practice = store.attempts_by_kind(bank.id, "practice")
    if current is not None:
        # A report written again later shows the history as it stood at that attempt.
        key = (current.submitted_at or "", current.id)
        attempts = [a for a in attempts if (a.submitted_at or "", a.id) <= key]
        practice = [a for a in practice if (a.submitted_at or "", a.id) <= key]
    predicted = {m.attempt_id: m.predicted_percent for m in mock_comparison(store, bank, now)}
    points = [
        replace(p, predicted=predicted.get(p.attempt_id))
        for p in _history_points(bank, attempts, current.id if current else None)
    ]
    practice_points = _history_points(bank, practice, current.id if current else None)
    marks = [
        (p.percent, p.passed, p.current, f"attempt {p.attempt_id}, {p.date_text}: {p.percent:g}%")
        for p in points
    ]
    cut = bank.blueprint.pass_percent
    chart = (
        ChartPair(history_chart(marks, cut), history_chart(marks, cut, NARROW)) if points else None
    )

    summary = store.review_summary(bank.id)
    result = readiness(store, bank, now)
    return StudyView(
        exam_id=bank.id,
        exam_name=bank.blueprint.name,
        pass_percent=bank.blueprint.pass_percent,
        history=points,
        history_chart=chart,
        weak=_weak_domains(bank, result),
        drill_command=drill_weak_command(bank.id),
        readiness=_readiness_view(result),
        reviews=summary.answers,
        items_seen=summary.items,
        lookups_seen=summary.lookups,
        last_studied_text=date_text(summary.newest) if summary.newest else None,
        practice=practice_points,
        codes=load_code_progress(store, bank, book),
        calibration=(cal := calibration(store, bank.id)),
        confidently_wrong=_wrong_items(bank, cal.confidently_wrong),
        **_exam_day(store, bank, now),
    )


def _exam_day(store: Store, bank: ExamBank, now: datetime) -> dict[str, Any]:
    """The exam day and the plan to it, as the progress screen shows them."""
    day = get_exam_date(store, bank.id)
    if day is None:
        return {}
    out: dict[str, Any] = {"exam_day_text": f"{day.isoformat()} · {days_left_text(day, now)}"}
    if plannable(day, now) and bank.items:
        plan = plan_for(store, bank, now, day)
        out["plan"] = PlanView(
            [(d.day.isoformat(), d.due, d.new) for d in plan.daily[:PLAN_DAYS_SHOWN]],
            plan.average_per_day,
            plan.unseen,
            plan.reachable,
            plan.recent_per_day,
            plan.days_left,
            plan.summary(),
        )
    return out


def _wrong_items(bank: ExamBank, ids: list[str]) -> list[tuple[str, str]]:
    """(item id, its stem on one line) of the confidently wrong items, most recent first."""
    out = []
    for item_id in ids[:CONFIDENTLY_WRONG_SHOWN]:
        item = bank.item(item_id)
        out.append((item_id, " ".join(item.question.stem.split()) if item else ""))
    return out
