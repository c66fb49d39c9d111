"""Past attempts as plain data (`cert-prep history`, the home screen)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from cert_prep.clock import from_iso, local_text
from cert_prep.engine.attempt_result import pretest_ids
from cert_prep.store import AttemptRow, Store


def attempt_summary(store: Store, row: AttemptRow) -> dict[str, Any]:
    """One submitted attempt; domains in the order the attempt presented them."""
    tally: dict[str, list[int]] = {}
    unscored = pretest_ids(row)
    for item in store.attempt_items(row.id):
        if item.correct is None or item.item_id in unscored:
            continue  # drills: unanswered questions are not scored; nor is pretest
        counts = tally.setdefault(item.domain, [0, 0])
        counts[0] += int(item.correct)
        counts[1] += 1
    return {
        "id": row.id,
        "exam": row.exam,
        "mode": row.kind,  # exam (a full mock exam), practice (a shorter one) or drill
        "started_at": row.started_at,
        "submitted_at": row.submitted_at,
        "correct": row.correct,
        "total": row.total,
        "percent": row.percent,
        "passed": None if row.mode == "drill" else row.passed,
        "domains": [{"id": d, "correct": c, "total": t} for d, (c, t) in tally.items()],
        "pretest": sorted(unscored),
    }


def history(store: Store, exam: str | None = None) -> list[dict[str, Any]]:
    """Submitted attempts, newest first."""
    return [attempt_summary(store, row) for row in store.attempts(exam=exam)]


def unfinished(store: Store, exam: str | None = None) -> list[AttemptRow]:
    """Open attempts to offer for resuming, newest first: exams (full mock and practice),
    then drills."""
    rows = [r for r in store.open_attempts() if exam is None or r.exam == exam]
    return [r for r in rows if r.mode == "exam"] + [r for r in rows if r.mode == "drill"]


KIND_NAMES = {"exam": "mock exam", "practice": "practice exam", "drill": "drill"}


def describe_unfinished(
    store: Store, row: AttemptRow, exam_name: str | None = None, now: datetime | None = None
) -> str:
    """`#12 cpc practice exam, started 2026-11-23 10:00 CET, 3 of 10 answered`; with the
    exam's name ("CPC mock exam"), as screens say it: `#12 CPC practice exam, ...` (the
    command line keeps the id, which is what its users type). With `now`, an exam whose
    time ran out while cert-prep was closed says so: resuming it shows the results."""
    from cert_prep.engine.windows import held_elsewhere

    items = store.attempt_items(row.id)
    answered = sum(1 for it in items if it.response)
    elsewhere = ", open in another window" if held_elsewhere(store, row.id) else ""
    exam = exam_name.removesuffix(" mock exam") if exam_name else row.exam
    ran_out = ", time ran out (resume to see the results)" if time_ran_out(row, now) else ""
    return (
        f"#{row.id} {exam} {KIND_NAMES.get(row.kind, row.kind)}, started "
        f"{local_text(row.started_at)}, {answered} of {len(items)} answered{ran_out}{elsewhere}"
    )


def time_ran_out(row: AttemptRow, now: datetime | None) -> bool:
    """A timed exam whose deadline (wall clock) has passed, not yet submitted."""
    if now is None or row.pausable or not row.time_limit_s or row.submitted_at:
        return False
    return now > from_iso(row.started_at) + timedelta(seconds=row.time_limit_s)
