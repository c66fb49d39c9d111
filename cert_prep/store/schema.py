"""The study history's schema: its migrations, and the columns the queries rely on.

Schema changes are append-only migrations in `MIGRATIONS`; `expected_columns` is what
they create, so a file that lacks a column is refused before any query fails on it.
"""

from __future__ import annotations

import sqlite3

# Written into every study history cert-prep creates ("CPRP"): a file with another
# application id is never written to.
APPLICATION_ID = 0x43505250
# The tables that make an older file without the application id recognisably cert-prep's.
OWN_TABLES = frozenset({"attempts", "attempt_items", "reviews", "settings"})

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
    # cert_prep.study.card_sync (fsrs.Card's fields, times in ms since the epoch), how far
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
    # 4: how sure the student said they were before seeing the feedback (1 guess, 2 unsure,
    # 3 sure; NULL when not asked or skipped)
    """
    ALTER TABLE reviews ADD COLUMN confidence INTEGER;
    """,
    # 5: confidence counts, the confidently-wrong list and the code answers (a JSON list,
    # or any answer of the lookup track, book.lookup.LOOKUP_DOMAIN) without scanning
    # every review: a history of a million answers holds few of them
    """
    CREATE INDEX reviews_rated ON reviews(exam, confidence, correct)
        WHERE confidence IS NOT NULL;
    CREATE INDEX reviews_sure_wrong ON reviews(exam, item_id)
        WHERE confidence = 3 AND correct = 0;
    CREATE INDEX reviews_code_answers ON reviews(exam, id)
        WHERE substr(response, 1, 1) = '[' OR domain = 'icd-10-cm-lookup';
    """,
    # 6: whether a card's item was ever answered with feedback (a drill), not only in mock
    # exams; the cards are a cache of `reviews`, so they are emptied to be rebuilt with it
    """
    ALTER TABLE cards ADD COLUMN studied INTEGER NOT NULL DEFAULT 0;
    DELETE FROM cards;
    DELETE FROM card_sync;
    """,
]


def expected_columns() -> dict[str, set[str]]:
    """Each table's columns as the migrations create them (from an empty in-memory file)."""
    global _EXPECTED
    if _EXPECTED is None:
        db = sqlite3.connect(":memory:")
        for script in MIGRATIONS:
            db.executescript(script)
        _EXPECTED = columns(db)
        db.close()
    return _EXPECTED


_EXPECTED: dict[str, set[str]] | None = None


def columns(db: sqlite3.Connection) -> dict[str, set[str]]:
    tables = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: {r[1] for r in db.execute(f'PRAGMA table_info("{t}")')} for t in tables}
