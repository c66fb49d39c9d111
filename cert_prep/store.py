"""The student's SQLite store: attempts, their items and answers, reviews, settings.

Every answer, flag and move is written at once in its own transaction (WAL journal,
synchronous=FULL), so killing the process at any moment loses nothing. Two copies of
cert-prep on the same data dir wait on each other (busy timeout) instead of corrupting
anything. Schema changes are append-only migrations in `MIGRATIONS`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cert_prep.clock import parse_moment, to_iso
from cert_prep.errors import UserError
from cert_prep.store_errors import StoreError, store_error

# Written into every study history cert-prep creates ("CPRP"): a file with another
# application id is never written to.
APPLICATION_ID = 0x43505250
# The tables that make an older file without the application id recognisably cert-prep's.
_OWN_TABLES = frozenset({"attempts", "attempt_items", "reviews", "settings"})

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


__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "AttemptItemRow",
    "AttemptRow",
    "NewItem",
    "OpenExamExists",
    "Review",
    "Store",
    "StoreConnection",
    "StoreError",
    "connect",
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


class _Cursor(sqlite3.Cursor):
    """A cursor whose sqlite3 errors arrive as StoreErrors (see cert_prep.store_errors)."""

    def _fail(self, exc: sqlite3.Error) -> StoreError:
        return store_error(exc, getattr(self.connection, "store_path", None))

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> _Cursor:
        try:
            return super().executemany(sql, seq_of_parameters)
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def fetchmany(self, size: int | None = None) -> list[Any]:
        try:
            return super().fetchmany(self.arraysize if size is None else size)
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except sqlite3.Error as exc:
            raise self._fail(exc) from None


class StoreConnection(sqlite3.Connection):
    """sqlite3.Connection that raises StoreError: callers never see SQLite's error texts."""

    store_path: Path | None = None

    def cursor(self, factory: Any = None) -> Any:  # type: ignore[override]
        return super().cursor(factory or _Cursor)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:  # type: ignore[override]
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:  # type: ignore[override]
        return self.cursor().executemany(sql, parameters)


def connect(
    path: Path | str, *, read_only: bool = False, immutable: bool = False, timeout: float = 10
) -> StoreConnection:
    """A StoreConnection to `path`; read-only opens it by URI so nothing is created."""
    shown = None if str(path) == ":memory:" else Path(path)
    try:
        if read_only and shown is not None:
            uri = shown.absolute().as_uri() + ("?immutable=1" if immutable else "?mode=ro")
            db = sqlite3.connect(
                uri,
                uri=True,
                timeout=timeout,
                isolation_level=None,
                check_same_thread=False,
                factory=StoreConnection,
            )
        else:
            db = sqlite3.connect(
                path,
                timeout=timeout,
                isolation_level=None,
                check_same_thread=False,
                factory=StoreConnection,
            )
    except sqlite3.Error as exc:
        raise store_error(exc, shown) from None
    db.store_path = shown
    return db


def _expected_columns() -> dict[str, set[str]]:
    """Each table's columns as the migrations create them (from an empty in-memory file)."""
    global _EXPECTED
    if _EXPECTED is None:
        db = sqlite3.connect(":memory:")
        for script in MIGRATIONS:
            db.executescript(script)
        _EXPECTED = _columns(db)
        db.close()
    return _EXPECTED


_EXPECTED: dict[str, set[str]] | None = None


def _columns(db: sqlite3.Connection) -> dict[str, set[str]]:
    tables = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: {r[1] for r in db.execute(f'PRAGMA table_info("{t}")')} for t in tables}


class _Damage(Exception):
    """A row the store cannot decode; the Store turns it into a StoreError with its path."""


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, separators=(",", ":"))


def _unjson(text: str | None, where: str = "a row") -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except (ValueError, TypeError, RecursionError):
        raise _Damage(f"{where} holds unreadable JSON") from None


def _moment(text: str | None, where: str) -> str | None:
    """`text` if it is an ISO time, else _Damage: every time read from the file parses."""
    if text is None:
        return None
    try:
        datetime.fromisoformat(text)
    except (ValueError, TypeError):
        raise _Damage(f"{where} holds a time that is not a date (`{str(text)[:32]!r}`)") from None
    return text


def _attempt(row: sqlite3.Row) -> AttemptRow:
    data = dict(row)
    where = f"attempt {data.get('id')}"
    try:
        data["settings"] = _unjson(data["settings"], where) or {}
        data["pausable"] = bool(data["pausable"])
        data["passed"] = None if data["passed"] is None else bool(data["passed"])
        data["practice"] = bool(data.get("practice", 0))
        for name in ("started_at", "submitted_at", "sitting_started_at"):
            _moment(data[name], where)
        if data["started_at"] is None:
            raise _Damage(f"{where} has no start time")
        return AttemptRow(**{k: data[k] for k in AttemptRow.__dataclass_fields__ if k in data})
    except KeyError as exc:
        raise _Damage(f"the attempts table lacks the column {exc.args[0]}") from None


def _attempt_item(row: sqlite3.Row) -> AttemptItemRow:
    data = dict(row)
    where = f"question {data.get('seq')} of attempt {data.get('attempt_id')}"
    try:
        data["choice_order"] = _unjson(data["choice_order"], where)
        data["response"] = _unjson(data["response"], where)
        data["flagged"] = bool(data["flagged"])
        data["correct"] = None if data["correct"] is None else bool(data["correct"])
        _moment(data["answered_at"], where)
        return AttemptItemRow(**{k: data[k] for k in AttemptItemRow.__dataclass_fields__})
    except KeyError as exc:
        raise _Damage(f"the attempt_items table lacks the column {exc.args[0]}") from None


def _review(r: sqlite3.Row) -> Review:
    where = f"review {r['id']}"
    return Review(
        r["item_id"],
        r["exam"],
        r["domain"],
        _moment(r["reviewed_at"], where) or "",
        _unjson(r["response"], where),
        bool(r["correct"]),
        r["seconds"],
        r["mode"],
        r["attempt_id"],
        r["key_hash"],
    )


def _writable(path: Path) -> bool:
    """Whether cert-prep may write the file (and the journal files beside it)."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


class Store:
    def __init__(
        self, connection: StoreConnection, path: Path | None = None, read_only: bool = False
    ):
        self.db = connection
        self.path = path
        # A study history in a folder cert-prep may not write: reading commands work,
        # anything that writes gets the "read-only" message.
        self.read_only = read_only

    # ---- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (or create) the study history at `path`, checked before anything is written.

        A file that fails `PRAGMA quick_check`, belongs to another application, or lacks a
        column cert-prep needs is refused with a StoreError naming it; nothing is written
        into it. A file in a read-only folder is opened read-only.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if not path.exists():
                raise UserError(
                    f"cannot create the data folder {path.parent}: {exc.strerror}"
                ) from None
        read_only = not _writable(path)
        if read_only and not path.exists():
            raise StoreError("read-only", path)
        db = connect(path, read_only=read_only)
        store = cls(db, path, read_only=read_only)
        try:
            store._check_file()
            store._configure()
            store._migrate()
            store._check_schema()
        except BaseException:
            with contextlib.suppress(Exception):
                db.close()
            raise
        return store

    @classmethod
    def memory(cls) -> Store:
        store = cls(connect(":memory:"))
        store._configure()
        store._migrate()
        return store

    def connect_again(self) -> StoreConnection:
        """A second connection to the same file, with the same error mapping."""
        if self.path is None:
            return self.db
        db = connect(
            self.path, read_only=self.read_only, immutable=bool(getattr(self, "_immutable", False))
        )
        db.execute("PRAGMA busy_timeout = 10000")
        if not self.read_only:
            db.execute("PRAGMA synchronous = FULL")
        return db

    def _check_file(self) -> None:
        """Refuse a damaged file or another application's before writing anything."""
        db = self.db
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
        except StoreError as exc:
            if not (self.read_only and exc.kind in ("unopenable", "other", "read-only")):
                raise
            # A WAL file in a read-only folder without its -shm: nobody can be writing it.
            db.close()
            self.db = db = connect(self.path, read_only=True, immutable=True)  # type: ignore[arg-type]
            self._immutable = True
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
        if app_id not in (0, APPLICATION_ID):
            raise StoreError("foreign", self.path, f"its application id is {app_id:#x}")
        problems = [r[0] for r in db.execute("PRAGMA quick_check(3)").fetchall()]
        if problems != ["ok"]:
            raise StoreError("damaged", self.path, "; ".join(problems))
        if app_id == 0:
            tables = {
                r[0]
                for r in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                ).fetchall()
            }
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if (tables or version) and not _OWN_TABLES.issubset(tables):
                raise StoreError("foreign", self.path, "it does not hold cert-prep's tables")
        self._stamp = app_id == 0

    def _check_schema(self) -> None:
        """Every column the queries use is there (a dropped column names itself here)."""
        have = _columns(self.db)
        for table, columns in _expected_columns().items():
            missing = sorted(columns - have.get(table, set()))
            if table not in have:
                raise StoreError("damaged", self.path, f"the table {table} is missing")
            if missing:
                raise StoreError(
                    "damaged",
                    self.path,
                    f"the table {table} lacks the column(s) {', '.join(missing)}",
                )

    def _configure(self) -> None:
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA busy_timeout = 10000")
        if not self.read_only:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = FULL")
        self.db.execute("PRAGMA foreign_keys = ON")

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError("newer", self.path)
        if self.read_only:
            if version < len(MIGRATIONS):
                raise StoreError("read-only", self.path)
            return
        with self.transaction():
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in (s for s in script.split(";") if s.strip()):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")
            if getattr(self, "_stamp", True):
                self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE .. COMMIT; nested calls join the outer transaction."""
        if self.db.in_transaction:
            yield self.db
            return
        if self.read_only:
            raise StoreError("read-only", self.path)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            # SQLite may have rolled back already (a full disk): keep the first error.
            if self.db.in_transaction:
                with contextlib.suppress(StoreError):
                    self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _decoded(self, decode: Any, rows: Any) -> list[Any]:
        """Decode rows; one that cannot be read names the file instead of crashing."""
        try:
            return [decode(r) for r in rows]
        except _Damage as exc:
            raise StoreError("damaged", self.path, str(exc)) from None

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
                    _json(settings or {}),
                    int(practice and mode == "exam"),
                    holder,
                    started_at if holder else None,
                ),
            )
            attempt_id = int(cursor.lastrowid)
            db.executemany(
                "INSERT INTO attempt_items(attempt_id, seq, item_id, domain, key_hash,"
                " choice_order) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (attempt_id, seq, it.item_id, it.domain, it.key_hash, _json(it.choice_order))
                    for seq, it in enumerate(items)
                ],
            )
        return attempt_id

    def attempt(self, attempt_id: int) -> AttemptRow | None:
        if not 0 <= attempt_id < 2**63:
            return None
        row = self.db.execute("SELECT * FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        return None if row is None else self._decoded(_attempt, [row])[0]

    def open_exam(self, exam: str) -> AttemptRow | None:
        """The unfinished full mock exam of `exam` (practice exams are not it)."""
        row = self.db.execute(
            "SELECT * FROM attempts WHERE exam = ? AND mode = 'exam' AND status = 'open'"
            " AND practice = 0",
            (exam,),
        ).fetchone()
        return None if row is None else self._decoded(_attempt, [row])[0]

    def open_attempts(self, mode: str | None = None) -> list[AttemptRow]:
        sql = "SELECT * FROM attempts WHERE status = 'open'"
        params: tuple = ()
        if mode:
            sql += " AND mode = ?"
            params = (mode,)
        rows = self.db.execute(sql + " ORDER BY started_at DESC, id DESC", params).fetchall()
        return self._decoded(_attempt, rows)

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
        return self._decoded(_attempt, self.db.execute(sql, params).fetchall())

    def attempt_items(self, attempt_id: int) -> list[AttemptItemRow]:
        rows = self.db.execute(
            "SELECT * FROM attempt_items WHERE attempt_id = ? ORDER BY seq", (attempt_id,)
        ).fetchall()
        return self._decoded(_attempt_item, rows)

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
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE attempt_items SET response = ?, answered_at = ?, correct = ?"
                " WHERE attempt_id = ? AND seq = ?",
                (
                    _json(response),
                    answered_at,
                    None if correct is None else int(correct),
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
            self.add_reviews(reviews)
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

    # ---- reviews (the study history) ------------------------------------------------

    def add_reviews(self, reviews: Sequence[Review]) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO reviews(item_id, exam, domain, reviewed_at, response, correct,"
                " seconds, mode, attempt_id, key_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.item_id,
                        r.exam,
                        r.domain,
                        r.reviewed_at,
                        _json(r.response),
                        int(r.correct),
                        r.seconds,
                        r.mode,
                        r.attempt_id,
                        r.key_hash,
                    )
                    for r in reviews
                ],
            )

    def review_summary(self, exam: str) -> tuple[int, int, str | None]:
        """(answers, distinct items, newest reviewed_at) in the study history of `exam`."""
        # Only times count for the newest: a damaged row's text would sort after them all.
        row = self.db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT item_id), MAX(CASE WHEN reviewed_at GLOB"
            " '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN reviewed_at END) FROM reviews"
            " WHERE exam = ?",
            (exam,),
        ).fetchone()
        newest = row[2] if parse_moment(row[2]) is not None else None
        return int(row[0]), int(row[1]), newest

    def latest_answers(self, exam: str) -> list[tuple[str, bool, str | None]]:
        """(item id, correct, key hash) of each item's newest review in `exam`."""
        # SQLite takes the bare columns from the row that holds the MAX().
        rows = self.db.execute(
            "SELECT item_id, correct, key_hash, MAX(reviewed_at) FROM reviews WHERE exam = ?"
            " GROUP BY item_id",
            (exam,),
        ).fetchall()
        return [(r[0], bool(r[1]), r[2]) for r in rows]

    def reviews(self, exam: str | None = None) -> list[Review]:
        sql, params = "SELECT * FROM reviews", []
        if exam:
            sql += " WHERE exam = ?"
            params.append(exam)
        rows = self.db.execute(sql + " ORDER BY reviewed_at, id", params).fetchall()
        return self._decoded(_review, rows)

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
        sql = (
            "SELECT * FROM attempts WHERE status = 'submitted' AND mode = ?"
            " AND (mode = 'drill' OR practice = ?)"
        )
        params: list[Any] = [mode, practice]
        if exam:
            sql += " AND exam = ?"
            params.append(exam)
        sql += " ORDER BY COALESCE(submitted_at, started_at) DESC, id DESC"
        return self._decoded(_attempt, self.db.execute(sql, params).fetchall())

    def mock_predictions(self, exam: str) -> list[tuple]:
        """Submitted full mock exams of `exam`, oldest first: (id, submitted_at, percent,
        predicted, low, high), the prediction as recorded before each (None if none)."""
        return [
            tuple(r)
            for r in self.db.execute(
                "SELECT a.id, a.submitted_at, a.percent, r.predicted, r.low, r.high FROM attempts a"
                " LEFT JOIN readiness_history r ON r.attempt_id = a.id"
                " WHERE a.exam = ? AND a.mode = 'exam' AND a.practice = 0"
                " AND a.status = 'submitted' ORDER BY a.submitted_at, a.id",
                (exam,),
            ).fetchall()
        ]
