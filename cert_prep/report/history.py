"""The study-history part of a report: past scores, weak domains, readiness.

Readiness comes from `cert_prep.study.readiness.readiness(store, bank, now)` (the study
layer's contract). When that module is not installed the readiness section is left out
and the weak domains are ranked from the history itself (each item's latest answer), and
the page says which measure it shows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cert_prep.bank.loader import ExamBank
from cert_prep.bank.models import key_hash
from cert_prep.clock import from_iso, local_text
from cert_prep.engine.domain_names import domain_name
from cert_prep.engine.scoring import scaled_estimate
from cert_prep.report.charts import NARROW, ChartPair, history_chart
from cert_prep.report.codes import BookGetter
from cert_prep.report.views import (
    HistoryPoint,
    ReadinessDomain,
    ReadinessView,
    StudyView,
    WeakDomain,
    duration_text,
)
from cert_prep.store import AttemptRow, Store

WEAK_SHOWN = 3


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


def load_readiness(store: Store, bank: ExamBank, now: datetime) -> Any | None:
    """The study layer's readiness estimate, or None when that layer is not installed."""
    try:
        from cert_prep.study.readiness import readiness
    except ImportError:
        return None
    return readiness(store, bank, now)


def _readiness_view(result: Any) -> ReadinessView:
    return ReadinessView(
        predicted_percent=float(result.predicted_percent),
        low=float(result.low),
        high=float(result.high),
        pass_percent=float(result.pass_percent),
        seen=int(result.seen),
        total=int(result.total),
        domains=[
            ReadinessDomain(
                d.name, float(d.mastery), int(d.seen), int(d.total), int(d.due), float(d.weight)
            )
            for d in result.domains
        ],
    )


def _weak_from_readiness(bank: ExamBank, result: Any) -> list[WeakDomain]:
    return [
        WeakDomain(
            d.id,
            d.name,
            float(d.mastery),
            int(d.seen),
            int(d.total),
            int(d.due),
            drill_domain_command(bank.id, d.id),
        )
        for d in list(result.domains)[:WEAK_SHOWN]
    ]


def _weak_from_history(
    bank: ExamBank, answers: list[tuple[str, bool, str | None]]
) -> list[WeakDomain]:
    """Rank domains by the share of items whose latest answer was right.

    An answer given before a question's key or choices changed no longer counts (the same
    rule the study history follows). Domains not practised yet come first.
    """
    latest: dict[str, bool] = {}
    for item_id, correct, answered_hash in answers:
        item = bank.item(item_id)
        if item is None or (answered_hash and answered_hash != key_hash(item.question)):
            continue
        latest[item_id] = correct
    sizes = {d: len(items) for d, items in bank.by_domain().items()}
    tally: dict[str, list[int]] = {d.id: [0, 0] for d in bank.blueprint.domains}
    for item_id, ok in latest.items():
        counts = tally.setdefault(bank.item(item_id).domain, [0, 0])
        counts[0] += int(ok)
        counts[1] += 1
    ranked = sorted(
        tally.items(), key=lambda kv: (kv[1][1] > 0, kv[1][0] / kv[1][1] if kv[1][1] else 0)
    )
    return [
        WeakDomain(
            d,
            domain_name(bank.blueprint, d),
            right / seen if seen else 0.0,
            seen,
            sizes.get(d, 0),
            None,
            drill_domain_command(bank.id, d),
        )
        for d, (right, seen) in ranked[:WEAK_SHOWN]
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


def load_code_progress(store: Store, bank: ExamBank, book: BookGetter | None) -> Any | None:
    """Where the student loses points on code items (the study layer's numbers), or None
    when that layer is not installed. Without `book`, ICD-10-CM errors are not counted."""
    try:
        from cert_prep.study.code_focus import code_progress, no_book
    except ImportError:
        return None
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
    points = _history_points(bank, attempts, current.id if current else None)
    practice_points = _history_points(bank, practice, current.id if current else None)
    marks = [
        (p.percent, p.passed, p.current, f"attempt {p.attempt_id}, {p.date_text}: {p.percent:g}%")
        for p in points
    ]
    cut = bank.blueprint.pass_percent
    chart = (
        ChartPair(history_chart(marks, cut), history_chart(marks, cut, NARROW)) if points else None
    )

    answers, items_seen, last_review = store.review_summary(bank.id)
    result = load_readiness(store, bank, now)
    if result is not None:
        readiness = _readiness_view(result)
        weak, source = _weak_from_readiness(bank, result), "mastery"
    else:
        readiness = None
        weak = _weak_from_history(bank, store.latest_answers(bank.id)) if answers else []
        source = "accuracy" if weak else "none"
    return StudyView(
        exam_id=bank.id,
        exam_name=bank.blueprint.name,
        pass_percent=bank.blueprint.pass_percent,
        history=points,
        history_chart=chart,
        weak=weak,
        weak_source=source,
        drill_command=drill_weak_command(bank.id),
        readiness=readiness,
        reviews=answers,
        items_seen=items_seen,
        last_studied_text=date_text(last_review) if last_review else None,
        practice=practice_points,
        codes=load_code_progress(store, bank, book),
    )
