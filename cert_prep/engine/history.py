"""Past attempts as plain data (`cert-prep history`, the home screen)."""

from __future__ import annotations

from typing import Any

from cert_prep.engine.results import pretest_ids
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
        "mode": row.mode,
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
