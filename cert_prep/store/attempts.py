"""The attempts and attempt_items tables: exams and drills, their questions and answers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from cert_prep.clock import parse_moment, to_iso
from cert_prep.store.core import StoreBase
from cert_prep.store.reviews import insert_reviews
from cert_prep.store.rows import (
    AttemptItemRow,
    AttemptRow,
    NewItem,
    OpenExamExists,
    Review,
    attempt_item_row,
    attempt_row,
    to_json,
)


class AttemptTables(StoreBase):
    # ---- attempts ----------------------------------------------------------------

    def create_attempt(
        self,
        exam: str,
        mode: str,
        started_at: str,
        items: Sequence[NewItem],
        time_limit_s: float | None = None,
        pausable: bool = False,
        settings: dict[str, Any] | None = None,
        practice: bool = False,
        holder: str | None = None,
    ) -> int:
        """A new open attempt. One unfinished full mock exam per exam; practice exams and
        drills do not count against it."""
        with self.transaction() as db:
            if mode == "exam" and not practice:
                existing = self.open_exam(exam)
                if existing is not None:
                    raise OpenExamExists(exam, existing.id)
            cursor = db.execute(
                "INSERT INTO attempts(exam, mode, status, started_at, time_limit_s, pausable,"
                " sitting_started_at, settings, practice, holder, held_at)"
                " VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    exam,
                    mode,
                    started_at,
                    time_limit_s,
                    int(pausable),
                    started_at,
                    to_json(settings or {}),
                    int(practice and mode == "exam"),
                    holder,
                    started_at if holder else None,
                ),
            )
            attempt_id = int(cursor.lastrowid or 0)
            db.executemany(
                "INSERT INTO attempt_items(attempt_id, seq, item_id, domain, key_hash,"
                " choice_order) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (attempt_id, seq, it.item_id, it.domain, it.key_hash, to_json(it.choice_order))
                    for seq, it in enumerate(items)
                ],
            )
        return attempt_id

    def attempt(self, attempt_id: int) -> AttemptRow | None:
        if not 0 <= attempt_id < 2**63:
            return None
        row = self.db.execute("SELECT * FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        return None if row is None else self._decoded(attempt_row, [row])[0]

    def open_exam(self, exam: str) -> AttemptRow | None:
        """The unfinished full mock exam of `exam` (practice exams are not it)."""
        row = self.db.execute(
            "SELECT * FROM attempts WHERE exam = ? AND mode = 'exam' AND status = 'open'"
            " AND practice = 0",
            (exam,),
        ).fetchone()
        return None if row is None else self._decoded(attempt_row, [row])[0]

    def open_attempts(self, mode: str | None = None) -> list[AttemptRow]:
        sql = "SELECT * FROM attempts WHERE status = 'open'"
        params: tuple[str, ...] = ()
        if mode:
            sql += " AND mode = ?"
            params = (mode,)
        rows = self.db.execute(sql + " ORDER BY started_at DESC, id DESC", params).fetchall()
        return self._decoded(attempt_row, rows)

    def attempts(
        self, exam: str | None = None, mode: str | None = None, status: str = "submitted"
    ) -> list[AttemptRow]:
        """Attempts newest first."""
        sql, params = "SELECT * FROM attempts WHERE status = ?", [status]
        if exam:
            sql += " AND exam = ?"
            params.append(exam)
        if mode:
            sql += " AND mode = ?"
            params.append(mode)
        sql += " ORDER BY COALESCE(submitted_at, started_at) DESC, id DESC"
        return self._decoded(attempt_row, self.db.execute(sql, params).fetchall())

    def attempt_items(self, attempt_id: int) -> list[AttemptItemRow]:
        rows = self.db.execute(
            "SELECT * FROM attempt_items WHERE attempt_id = ? ORDER BY seq", (attempt_id,)
        ).fetchall()
        return self._decoded(attempt_item_row, rows)

    def exam_item_ids_seen(self, exam: str) -> set[str]:
        """Items that appeared in earlier mock exams of `exam` (submitted or open)."""
        rows = self.db.execute(
            "SELECT DISTINCT i.item_id FROM attempt_items i JOIN attempts a ON a.id = i.attempt_id"
            " WHERE a.exam = ? AND a.mode = 'exam' AND a.status != 'discarded'",
            (exam,),
        ).fetchall()
        return {r[0] for r in rows}

    # ---- answering ---------------------------------------------------------------

    def save_response(
        self,
        attempt_id: int,
        seq: int,
        response: Any,
        answered_at: str | None,
        correct: bool | None = None,
        key_hash: str | None = None,
    ) -> None:
        """`key_hash`: the key the answer was given against, when the item has changed
        since the attempt began (None keeps the stored one)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE attempt_items SET response = ?, answered_at = ?, correct = ?,"
                " key_hash = COALESCE(?, key_hash) WHERE attempt_id = ? AND seq = ?",
                (
                    to_json(response),
                    answered_at,
                    None if correct is None else int(correct),
                    key_hash,
                    attempt_id,
                    seq,
                ),
            )

    def set_flag(self, attempt_id: int, seq: int, flagged: bool) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE attempt_items SET flagged = ? WHERE attempt_id = ? AND seq = ?",
                (int(flagged), attempt_id, seq),
            )

    def move(
        self,
        attempt_id: int,
        position: int,
        left_seq: int | None = None,
        seconds_on_left: float = 0.0,
    ) -> None:
        """Store the new position and the time spent on the question just left."""
        with self.transaction() as db:
            db.execute("UPDATE attempts SET position = ? WHERE id = ?", (position, attempt_id))
            if left_seq is not None and seconds_on_left > 0:
                db.execute(
                    "UPDATE attempt_items SET seconds = seconds + ?"
                    " WHERE attempt_id = ? AND seq = ?",
                    (seconds_on_left, attempt_id, left_seq),
                )

    def bank_elapsed(
        self, attempt_id: int, elapsed_s: float, sitting_started_at: str | None
    ) -> None:
        """Pausable exams: the time used so far, and when the current sitting began."""
        with self.transaction() as db:
            db.execute(
                "UPDATE attempts SET elapsed_s = ?, sitting_started_at = ? WHERE id = ?",
                (elapsed_s, sitting_started_at, attempt_id),
            )

    def submit(
        self,
        attempt_id: int,
        submitted_at: str,
        reason: str,
        item_correct: dict[int, bool],
        correct: int,
        total: int,
        percent: float,
        passed: bool | None,
        reviews: Sequence[Review] = (),
    ) -> bool:
        """Close the attempt and add its reviews, all or nothing. False if already closed."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT status, started_at, pausable FROM attempts WHERE id = ?", (attempt_id,)
            ).fetchone()
            if row is None or row[0] != "open":
                return False
            if not row[2]:
                submitted_at = self._not_before_start(attempt_id, row[1], submitted_at)
            db.executemany(
                "UPDATE attempt_items SET correct = ? WHERE attempt_id = ? AND seq = ?",
                [(int(ok), attempt_id, seq) for seq, ok in item_correct.items()],
            )
            db.execute(
                "UPDATE attempts SET status = 'submitted', submitted_at = ?, submitted_reason = ?,"
                " correct = ?, total = ?, percent = ?, passed = ? WHERE id = ?",
                (
                    submitted_at,
                    reason,
                    correct,
                    total,
                    percent,
                    None if passed is None else int(passed),
                    attempt_id,
                ),
            )
            insert_reviews(db, reviews)
        return True

    def _not_before_start(self, attempt_id: int, started_at: str, submitted_at: str) -> str:
        """A clock set back during an exam would end it before it began: the submission
        time is at least the start plus the seconds measured on each question (a
        monotonic clock), so the time used is never less than what was measured."""
        started, submitted = parse_moment(started_at), parse_moment(submitted_at)
        if started is None or submitted is None:
            return submitted_at
        measured = self.db.execute(
            "SELECT COALESCE(SUM(MAX(seconds, 0)), 0) FROM attempt_items WHERE attempt_id = ?",
            (attempt_id,),
        ).fetchone()[0]
        try:
            earliest = started + timedelta(seconds=float(measured))
        except OverflowError:
            return submitted_at
        return to_iso(earliest) if submitted < earliest else submitted_at

    def discard(self, attempt_id: int) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE attempts SET status = 'discarded' WHERE id = ? AND status = 'open'",
                (attempt_id,),
            )

    # ---- practice exams, window ownership ------------------------------------------------

    def claim_attempt(self, attempt_id: int, holder: str, at: str) -> None:
        """The window `holder` now has the attempt on screen; any other one loses it."""
        with self.transaction() as db:
            db.execute(
                "UPDATE attempts SET holder = ?, held_at = ? WHERE id = ? AND status = 'open'",
                (holder, at, attempt_id),
            )

    def release_attempt(self, attempt_id: int, holder: str) -> None:
        """The window `holder` closed the attempt for later (only if it still held it)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE attempts SET holder = NULL, held_at = NULL WHERE id = ? AND holder = ?",
                (attempt_id, holder),
            )

    def attempt_holder(self, attempt_id: int) -> tuple[str | None, str | None]:
        """(holder, held since) of an attempt; (None, None) when no window holds it."""
        row = self.db.execute(
            "SELECT holder, held_at FROM attempts WHERE id = ?", (attempt_id,)
        ).fetchone()
        return (None, None) if row is None else (row[0], row[1])

    def attempts_by_kind(self, exam: str | None, kind: str) -> list[AttemptRow]:
        """Submitted attempts newest first: `exam` (full mock exams), `practice` or `drill`."""
        if kind not in ("exam", "practice", "drill"):
            raise ValueError(kind)
        mode = "drill" if kind == "drill" else "exam"
        practice = 1 if kind == "practice" else 0
        sql = (
            "SELECT * FROM attempts WHERE status = 'submitted' AND mode = ?"
            " AND (mode = 'drill' OR practice = ?)"
        )
        params: list[Any] = [mode, practice]
        if exam:
            sql += " AND exam = ?"
            params.append(exam)
        sql += " ORDER BY COALESCE(submitted_at, started_at) DESC, id DESC"
        return self._decoded(attempt_row, self.db.execute(sql, params).fetchall())
