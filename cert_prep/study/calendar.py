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
    # A day's margin on either side of the UTC range, then exact local days.
    rows = store.db.execute(
        "SELECT date(reviewed_at, ?) AS day, count(*) FROM reviews"
        " WHERE exam = ? AND reviewed_at >= date(?, '-1 day') AND reviewed_at < date(?, '+2 day')"
        " GROUP BY day",
        (shift, exam, since.isoformat(), until.isoformat()),
    ).fetchall()
    out: dict[date, int] = {}
    for day, n in rows:
        if day is None:
            continue
        d = date.fromisoformat(day)
        if since <= d <= until:
            out[d] = int(n)
    return out


def studied_exams(store: Store) -> list[str]:
    """Exams with at least one answer in the history (walks the index, not the rows)."""
    exams: list[str] = []
    row = store.db.execute("SELECT min(exam) FROM reviews").fetchone()
    while row is not None and row[0] is not None:
        exams.append(row[0])
        row = store.db.execute("SELECT min(exam) FROM reviews WHERE exam > ?", (row[0],)).fetchone()
    return exams
