"""The reviews table: every answer ever given, the truth the study layer builds on."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import NamedTuple

from cert_prep.clock import parse_moment
from cert_prep.store.core import StoreBase
from cert_prep.store.rows import Review, review_row, to_json

# The lookup track's reviews (cert_prep.book.lookup.LOOKUP_DOMAIN): answers to code
# lookups, not to bank questions. The literal also stands in the partial index's SQL.
LOOKUP_DOMAIN = "icd-10-cm-lookup"


class ReviewSummary(NamedTuple):
    answers: int
    items: int  # distinct bank questions answered
    lookups: int  # distinct codes looked up in lookup drills
    newest: str | None  # the newest reviewed_at


def insert_reviews(db: sqlite3.Connection, reviews: Sequence[Review]) -> None:
    """Add `reviews` inside the caller's transaction (a submission adds its answers with it)."""
    db.executemany(
        "INSERT INTO reviews(item_id, exam, domain, reviewed_at, response, correct,"
        " seconds, mode, attempt_id, key_hash, confidence)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                r.item_id,
                r.exam,
                r.domain,
                r.reviewed_at,
                to_json(r.response),
                int(r.correct),
                r.seconds,
                r.mode,
                r.attempt_id,
                r.key_hash,
                r.confidence,
            )
            for r in reviews
        ],
    )


class ReviewTables(StoreBase):
    def add_reviews(self, reviews: Sequence[Review]) -> None:
        with self.transaction() as db:
            insert_reviews(db, reviews)

    def reviewed_in_attempt(self, attempt_id: int, item_ids: Sequence[str]) -> set[str]:
        """Those of `item_ids` that already have a review from attempt `attempt_id` (a
        confidence drill writes an answer's review only once it is rated)."""
        rows = self.db.execute(
            # by item first: reviews_by_item finds the few rows, no scan of the history
            "SELECT DISTINCT item_id FROM reviews"
            " WHERE item_id IN (SELECT value FROM json_each(?)) AND attempt_id = ?",
            (to_json(list(item_ids)), attempt_id),
        )
        return {str(row[0]) for row in rows}

    def review_summary(self, exam: str) -> ReviewSummary:
        """Answers, distinct bank items and distinct lookup codes, and the newest
        reviewed_at, in the study history of `exam`."""
        # Only times count for the newest: a damaged row's text would sort after them all.
        row = self.db.execute(
            "SELECT COUNT(*),"
            " COUNT(DISTINCT CASE WHEN domain != ? THEN item_id END),"
            " COUNT(DISTINCT CASE WHEN domain = ? THEN item_id END),"
            " MAX(CASE WHEN reviewed_at GLOB"
            " '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN reviewed_at END) FROM reviews"
            " WHERE exam = ?",
            (LOOKUP_DOMAIN, LOOKUP_DOMAIN, exam),
        ).fetchone()
        newest = row[3] if parse_moment(row[3]) is not None else None
        return ReviewSummary(int(row[0]), int(row[1]), int(row[2]), newest)

    def confidence_counts(self, exam: str) -> dict[int, tuple[int, int]]:
        """Per confidence level (1 guess, 2 unsure, 3 sure): (answered, right) in `exam`."""
        rows = self.db.execute(
            "SELECT confidence, count(*), sum(correct) FROM reviews"
            " WHERE exam = ? AND confidence IS NOT NULL AND confidence IN (1, 2, 3)"
            " GROUP BY confidence",
            (exam,),
        )
        return {int(c): (int(n), int(r or 0)) for c, n, r in rows}

    def confidently_wrong(self, exam: str) -> list[str]:
        """Items of `exam` whose latest review was wrong but called sure, most recent first
        (answering one right again clears it)."""
        # Candidates from the small sure-and-wrong index; each kept only if no later
        # answer to the item exists (reviews_by_item finds those).
        rows = self.db.execute(
            "SELECT r.item_id FROM reviews r"
            " WHERE r.exam = ? AND r.confidence = 3 AND r.correct = 0"
            " AND NOT EXISTS (SELECT 1 FROM reviews later WHERE later.item_id = r.item_id"
            " AND +later.exam = r.exam AND later.id > r.id)"  # +: by item, not by exam
            " GROUP BY r.item_id ORDER BY max(r.id) DESC",
            (exam,),
        )
        return [str(row[0]) for row in rows]

    def code_reviews(self, exam: str) -> list[Review]:
        """The reviews of `exam` that answered with codes (a list) or belong to the
        lookup track, in the order written: what code-error counts and lookup stats read."""
        rows = self.db.execute(
            "SELECT * FROM reviews WHERE exam = ?"
            " AND (substr(response, 1, 1) = '[' OR domain = 'icd-10-cm-lookup')"
            " ORDER BY id",  # the partial index's order (oldest first, as written)
            (exam,),
        ).fetchall()
        return self._decoded(review_row, rows)

    def reviews(self, exam: str | None = None) -> list[Review]:
        sql, params = "SELECT * FROM reviews", []
        if exam:
            sql += " WHERE exam = ?"
            params.append(exam)
        rows = self.db.execute(sql + " ORDER BY reviewed_at, id", params).fetchall()
        return self._decoded(review_row, rows)

    def reviews_per_day(
        self, exam: str, since: str, until: str, shift: str
    ) -> list[tuple[str | None, int]]:
        """(local day, answers) of `exam` from `since` to `until` (ISO dates, a day's
        margin on either side of the UTC range), days shifted by the SQLite modifier
        `shift` ("+60 minutes")."""
        rows = self.db.execute(
            "SELECT date(reviewed_at, ?) AS day, count(*) FROM reviews"
            " WHERE exam = ? AND reviewed_at >= date(?, '-1 day')"
            " AND reviewed_at < date(?, '+2 day') GROUP BY day",
            (shift, exam, since, until),
        ).fetchall()
        return [(day, int(n)) for day, n in rows]

    def studied_exams(self) -> list[str]:
        """Exams with at least one answer in the history (walks the index, not the rows)."""
        exams: list[str] = []
        row = self.db.execute("SELECT min(exam) FROM reviews").fetchone()
        while row is not None and row[0] is not None:
            exams.append(row[0])
            row = self.db.execute(
                "SELECT min(exam) FROM reviews WHERE exam > ?", (row[0],)
            ).fetchone()
        return exams
