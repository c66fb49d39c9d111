"""The student's SQLite store: attempts, their items and answers, reviews, settings.

Every answer, flag and move is written at once in its own transaction (WAL journal,
synchronous=FULL), so killing the process at any moment loses nothing. Two copies of
cert-prep on the same data dir wait on each other (busy timeout) instead of corrupting
anything. Schema changes are append-only migrations in `MIGRATIONS`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cert_prep.errors import UserError

# Append new migrations at the end; never edit one that has shipped.
MIGRATIONS: list[str] = [
    # 1: attempts, their items, reviews, settings
    """
    CREATE TABLE attempts(
        id INTEGER PRIMARY KEY,
        exam TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('exam', 'drill')),
        status TEXT NOT NULL CHECK (status IN ('open', 'submitted', 'discarded')),
        started_at TEXT NOT NULL,
        submitted_at TEXT,
        submitted_reason TEXT,
        time_limit_s REAL,
        pausable INTEGER NOT NULL DEFAULT 0,
        elapsed_s REAL NOT NULL DEFAULT 0,
        sitting_started_at TEXT,
        position INTEGER NOT NULL DEFAULT 0,
        settings TEXT NOT NULL DEFAULT '{}',
        correct INTEGER,
        total INTEGER,
        percent REAL,
        passed INTEGER
    );
    CREATE UNIQUE INDEX attempts_one_open_exam ON attempts(exam)
        WHERE status = 'open' AND mode = 'exam';
    CREATE INDEX attempts_by_exam ON attempts(exam, status, started_at);
    CREATE TABLE attempt_items(
        attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        item_id TEXT NOT NULL,
        domain TEXT NOT NULL,
        key_hash TEXT NOT NULL,
        choice_order TEXT,
        response TEXT,
        flagged INTEGER NOT NULL DEFAULT 0,
        seconds REAL NOT NULL DEFAULT 0,
        answered_at TEXT,
        correct INTEGER,
        PRIMARY KEY (attempt_id, seq)
    );
    CREATE TABLE reviews(
        id INTEGER PRIMARY KEY,
        item_id TEXT NOT NULL,
        exam TEXT NOT NULL,
        domain TEXT NOT NULL,
        reviewed_at TEXT NOT NULL,
        response TEXT,
        correct INTEGER NOT NULL,
        seconds REAL,
        mode TEXT NOT NULL,
        attempt_id INTEGER,
        key_hash TEXT
    );
    CREATE INDEX reviews_by_item ON reviews(item_id, reviewed_at);
    CREATE INDEX reviews_by_exam ON reviews(exam, reviewed_at);
    CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: the study layer's FSRS cards, a cache rebuilt from `reviews` by
    # cert_prep.study.history (fsrs.Card's fields, times in ms since the epoch), how far
    # each exam's reviews have been applied, and readiness as predicted before each mock exam
    """
    CREATE TABLE cards(
        item_id TEXT PRIMARY KEY,
        exam TEXT NOT NULL,
        domain TEXT NOT NULL,
        key_hash TEXT,
        state INTEGER,
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due_ms INTEGER,
        last_review_ms INTEGER,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        first_correct INTEGER,
        recent REAL NOT NULL DEFAULT 0,
        recent_weight REAL NOT NULL DEFAULT 0,
        last_review_id INTEGER NOT NULL,
        last_reviewed_ms INTEGER,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX cards_by_exam ON cards(exam);
    CREATE TABLE card_sync(
        exam TEXT PRIMARY KEY,
        last_review_id INTEGER NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE readiness_history(
        attempt_id INTEGER PRIMARY KEY,
        exam TEXT NOT NULL,
        predicted REAL NOT NULL,
        low REAL NOT NULL,
        high REAL NOT NULL,
        seen INTEGER NOT NULL,
        predicted_at TEXT NOT NULL
    );
    """,
    # 3: practice exams (shorter than the blueprint) are kept apart from full mock exams and
    # do not block one; an open attempt remembers which window (holder) has it on screen
    """
    ALTER TABLE attempts ADD COLUMN practice INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE attempts ADD COLUMN holder TEXT;
    ALTER TABLE attempts ADD COLUMN held_at TEXT;
    UPDATE attempts SET practice = 1 WHERE mode = 'exam'
        AND (json_extract(settings, '$.questions') IS NOT NULL
             OR json_extract(settings, '$.minutes') IS NOT NULL);
    DROP INDEX attempts_one_open_exam;
    CREATE UNIQUE INDEX attempts_one_open_mock ON attempts(exam)
        WHERE status = 'open' AND mode = 'exam' AND practice = 0;
    """,
]


class OpenExamExists(UserError):
    def __init__(self, exam: str, attempt_id: int):
        super().__init__(
            f"an unfinished {exam} exam (attempt {attempt_id}) exists; resume it with "
            "`cert-prep resume` or discard it first"
        )
        self.exam = exam
        self.attempt_id = attempt_id


@dataclass(frozen=True)
class AttemptRow:
    id: int
    exam: str
    mode: str
    status: str
    started_at: str
    submitted_at: str | None
    submitted_reason: str | None
    time_limit_s: float | None
    pausable: bool
    elapsed_s: float
    sitting_started_at: str | None
    position: int
    settings: dict[str, Any]
    correct: int | None
    total: int | None
    percent: float | None
    passed: bool | None
    practice: bool = False
    holder: str | None = None
    held_at: str | None = None

    @property
    def kind(self) -> str:
        """`exam` (a full mock exam), `practice` (a shorter exam) or `drill`."""
        return "practice" if self.mode == "exam" and self.practice else self.mode


@dataclass(frozen=True)
class AttemptItemRow:
    attempt_id: int
    seq: int
    item_id: str
    domain: str
    key_hash: str
    choice_order: list[str] | None
    response: Any
    flagged: bool
    seconds: float
    answered_at: str | None
    correct: bool | None


@dataclass(frozen=True)
class NewItem:
    item_id: str
    domain: str
    key_hash: str
    choice_order: list[str] | None = None


@dataclass(frozen=True)
class Review:
    item_id: str
    exam: str
    domain: str
    reviewed_at: str
    response: Any
    correct: bool
    seconds: float | None
    mode: str
    attempt_id: int | None
    key_hash: str | None


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, separators=(",", ":"))


def _unjson(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _attempt(row: sqlite3.Row) -> AttemptRow:
    data = dict(row)
    data["settings"] = _unjson(data["settings"]) or {}
    data["pausable"] = bool(data["pausable"])
    data["passed"] = None if data["passed"] is None else bool(data["passed"])
    data["practice"] = bool(data.get("practice", 0))
    return AttemptRow(**data)


def _attempt_item(row: sqlite3.Row) -> AttemptItemRow:
    data = dict(row)
    data["choice_order"] = _unjson(data["choice_order"])
    data["response"] = _unjson(data["response"])
    data["flagged"] = bool(data["flagged"])
    data["correct"] = None if data["correct"] is None else bool(data["correct"])
    return AttemptItemRow(**data)


class Store:
    def __init__(self, connection: sqlite3.Connection, path: Path | None = None):
        self.db = connection
        self.path = path

    # ---- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Store:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                f"cannot create the data folder {path.parent}: {exc.strerror}"
            ) from None
        try:
            db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
            store = cls(db, path)
            store._configure()
            store._migrate()
        except sqlite3.DatabaseError as exc:
            raise UserError(
                f"cannot open the study history {path}: {exc}. If the file is damaged, move it "
                "aside (nothing else is touched) and cert-prep starts a new one."
            ) from None
        return store

    @classmethod
    def memory(cls) -> Store:
        db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        store = cls(db)
        store._configure()
        store._migrate()
        return store

    def _configure(self) -> None:
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA busy_timeout = 10000")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = FULL")
        self.db.execute("PRAGMA foreign_keys = ON")

    def _migrate(self) -> None:
        with self.transaction():
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise UserError(
                    f"the study history {self.path} was written by a newer cert-prep; "
                    "upgrade cert-prep to use it"
                )
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in (s for s in script.split(";") if s.strip()):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE .. COMMIT; nested calls join the outer transaction."""
        if self.db.in_transaction:
            yield self.db
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

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
                (exam, mode, started_at, time_limit_s, int(pausable), started_at,
                 _json(settings or {}), int(practice and mode == "exam"), holder,
                 started_at if holder else None),
            )
            attempt_id = int(cursor.lastrowid)
            db.executemany(
                "INSERT INTO attempt_items(attempt_id, seq, item_id, domain, key_hash,"
                " choice_order) VALUES (?, ?, ?, ?, ?, ?)",
                [(attempt_id, seq, it.item_id, it.domain, it.key_hash, _json(it.choice_order))
                 for seq, it in enumerate(items)],
            )
        return attempt_id

    def attempt(self, attempt_id: int) -> AttemptRow | None:
        row = self.db.execute("SELECT * FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        return None if row is None else _attempt(row)

    def open_exam(self, exam: str) -> AttemptRow | None:
        """The unfinished full mock exam of `exam` (practice exams are not it)."""
        row = self.db.execute(
            "SELECT * FROM attempts WHERE exam = ? AND mode = 'exam' AND status = 'open'"
            " AND practice = 0",
            (exam,),
        ).fetchone()
        return None if row is None else _attempt(row)

    def open_attempts(self, mode: str | None = None) -> list[AttemptRow]:
        sql = "SELECT * FROM attempts WHERE status = 'open'"
        params: tuple = ()
        if mode:
            sql += " AND mode = ?"
            params = (mode,)
        rows = self.db.execute(sql + " ORDER BY started_at DESC, id DESC", params).fetchall()
        return [_attempt(r) for r in rows]

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
        return [_attempt(r) for r in self.db.execute(sql, params).fetchall()]

    def attempt_items(self, attempt_id: int) -> list[AttemptItemRow]:
        rows = self.db.execute(
            "SELECT * FROM attempt_items WHERE attempt_id = ? ORDER BY seq", (attempt_id,)
        ).fetchall()
        return [_attempt_item(r) for r in rows]

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
        self, attempt_id: int, seq: int, response: Any, answered_at: str | None,
        correct: bool | None = None,
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE attempt_items SET response = ?, answered_at = ?, correct = ?"
                " WHERE attempt_id = ? AND seq = ?",
                (_json(response), answered_at, None if correct is None else int(correct),
                 attempt_id, seq),
            )

    def set_flag(self, attempt_id: int, seq: int, flagged: bool) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE attempt_items SET flagged = ? WHERE attempt_id = ? AND seq = ?",
                (int(flagged), attempt_id, seq),
            )

    def move(self, attempt_id: int, position: int, left_seq: int | None = None,
             seconds_on_left: float = 0.0) -> None:
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
            row = db.execute("SELECT status FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
            if row is None or row[0] != "open":
                return False
            db.executemany(
                "UPDATE attempt_items SET correct = ? WHERE attempt_id = ? AND seq = ?",
                [(int(ok), attempt_id, seq) for seq, ok in item_correct.items()],
            )
            db.execute(
                "UPDATE attempts SET status = 'submitted', submitted_at = ?, submitted_reason = ?,"
                " correct = ?, total = ?, percent = ?, passed = ? WHERE id = ?",
                (submitted_at, reason, correct, total, percent,
                 None if passed is None else int(passed), attempt_id),
            )
            self.add_reviews(reviews)
        return True

    def discard(self, attempt_id: int) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE attempts SET status = 'discarded' WHERE id = ? AND status = 'open'",
                (attempt_id,),
            )

    # ---- reviews (the study history) ------------------------------------------------

    def add_reviews(self, reviews: Sequence[Review]) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO reviews(item_id, exam, domain, reviewed_at, response, correct,"
                " seconds, mode, attempt_id, key_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.item_id, r.exam, r.domain, r.reviewed_at, _json(r.response), int(r.correct),
                  r.seconds, r.mode, r.attempt_id, r.key_hash) for r in reviews],
            )

    def review_summary(self, exam: str) -> tuple[int, int, str | None]:
        """(answers, distinct items, newest reviewed_at) in the study history of `exam`."""
        row = self.db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT item_id), MAX(reviewed_at) FROM reviews"
            " WHERE exam = ?", (exam,),
        ).fetchone()
        return int(row[0]), int(row[1]), row[2]

    def latest_answers(self, exam: str) -> list[tuple[str, bool, str | None]]:
        """(item id, correct, key hash) of each item's newest review in `exam`."""
        # SQLite takes the bare columns from the row that holds the MAX().
        rows = self.db.execute(
            "SELECT item_id, correct, key_hash, MAX(reviewed_at) FROM reviews WHERE exam = ?"
            " GROUP BY item_id", (exam,),
        ).fetchall()
        return [(r[0], bool(r[1]), r[2]) for r in rows]

    def reviews(self, exam: str | None = None) -> list[Review]:
        sql, params = "SELECT * FROM reviews", []
        if exam:
            sql += " WHERE exam = ?"
            params.append(exam)
        rows = self.db.execute(sql + " ORDER BY reviewed_at, id", params).fetchall()
        return [
            Review(r["item_id"], r["exam"], r["domain"], r["reviewed_at"], _unjson(r["response"]),
                   bool(r["correct"]), r["seconds"], r["mode"], r["attempt_id"], r["key_hash"])
            for r in rows
        ]

    # ---- settings ------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    def set_setting(self, key: str, value: str | None) -> None:
        with self.transaction() as db:
            if value is None:
                db.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                db.execute(
                    "INSERT INTO settings(key, value) VALUES (?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    # ---- practice exams, window ownership ------------------------------------------------
    # Kept together (and after everything else) so that other changes merge cleanly.

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
        sql = ("SELECT * FROM attempts WHERE status = 'submitted' AND mode = ?"
               " AND (mode = 'drill' OR practice = ?)")
        params: list[Any] = [mode, practice]
        if exam:
            sql += " AND exam = ?"
            params.append(exam)
        sql += " ORDER BY COALESCE(submitted_at, started_at) DESC, id DESC"
        return [_attempt(r) for r in self.db.execute(sql, params).fetchall()]

    def mock_predictions(self, exam: str) -> list[tuple]:
        """Submitted full mock exams of `exam`, oldest first: (id, submitted_at, percent,
        predicted, low, high), the prediction as recorded before each (None if none)."""
        return [tuple(r) for r in self.db.execute(
            "SELECT a.id, a.submitted_at, a.percent, r.predicted, r.low, r.high FROM attempts a"
            " LEFT JOIN readiness_history r ON r.attempt_id = a.id"
            " WHERE a.exam = ? AND a.mode = 'exam' AND a.practice = 0"
            " AND a.status = 'submitted' ORDER BY a.submitted_at, a.id", (exam,)).fetchall()]
