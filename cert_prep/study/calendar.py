"""Study days: how many answers were given on each day (the progress screen's heat map)."""

from __future__ import annotations

from datetime import date

from cert_prep.store import Store


def reviews_per_day(
    store: Store, exam: str, since: date, until: date, utc_offset_minutes: int = 0
) -> dict[date, int]:
    """Answers per local day from `since` to `until` (inclusive).

    Reviews are stored in UTC; `utc_offset_minutes` shifts them to the student's days.
    """
    shift = f"{utc_offset_minutes:+d} minutes"
    out: dict[date, int] = {}
    for day, n in store.reviews_per_day(exam, since.isoformat(), until.isoformat(), shift):
        if day is None:
            continue
        d = date.fromisoformat(day)
        if since <= d <= until:
            out[d] = n
    return out


def studied_exams(store: Store) -> list[str]:
    """Exams with at least one answer in the history."""
    return store.studied_exams()
