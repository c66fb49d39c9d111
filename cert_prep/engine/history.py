"""Past attempts as plain data (`cert-prep history`, the home screen)."""

from __future__ import annotations

from typing import Any

from cert_prep.store import AttemptRow, Store


def attempt_summary(store: Store, row: AttemptRow) -> dict[str, Any]:
    """One submitted attempt; domains in the order the attempt presented them."""
    tally: dict[str, list[int]] = {}
    for item in store.attempt_items(row.id):
        if item.correct is None:
            continue  # drills: unanswered questions are not scored
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
    }


def history(store: Store, exam: str | None = None) -> list[dict[str, Any]]:
    """Submitted attempts, newest first."""
    return [attempt_summary(store, row) for row in store.attempts(exam=exam)]
