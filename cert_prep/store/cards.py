"""The study layer's tables: FSRS cards, how far each exam's reviews were applied
(card_sync), and readiness as predicted before each mock exam (readiness_history).

The cards are a cache of `reviews` that cert_prep.study.card_sync keeps up to date; this
module only reads and writes the rows. A sync runs through a `CardLink`: a connection of
its own to the same file, opened with the store's pragmas and error mapping.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from cert_prep.store.core import StoreBase

# A card row, in this order (fsrs.Card's fields, times in ms since the epoch).
CARD_COLUMNS = (
    "item_id, exam, domain, key_hash, state, step, stability, difficulty, due_ms,"
    " last_review_ms, reps, lapses, first_correct, recent, recent_weight,"
    " last_review_id, last_reviewed_ms, studied"
)
# A review row as the sync reads it, in this order.
REVIEW_COLUMNS = (
    "id, item_id, domain, reviewed_at, correct, seconds, mode, attempt_id, key_hash, confidence"
)

# (id, submitted_at, percent, predicted, low, high) of one mock exam.
MockPrediction = tuple[int, str, float | None, float | None, float | None, float | None, int | None]


class CardTables(StoreBase):
    def mock_predictions(self, exam: str) -> list[MockPrediction]:
        """Submitted full mock exams of `exam`, oldest first: (id, submitted_at, percent,
        predicted, low, high, seen), the prediction as recorded before each (None if none)."""
        return [
            (r[0], r[1], r[2], r[3], r[4], r[5], r[6])
            for r in self.db.execute(
                "SELECT a.id, a.submitted_at, a.percent, r.predicted, r.low, r.high, r.seen"
                " FROM attempts a"
                " LEFT JOIN readiness_history r ON r.attempt_id = a.id"
                " WHERE a.exam = ? AND a.mode = 'exam' AND a.practice = 0"
                " AND a.status = 'submitted' ORDER BY a.submitted_at, a.id",
                (exam,),
            ).fetchall()
        ]

    def card_link(self) -> CardLink:
        """A link for syncing cards (see CardLink); keep one per store."""
        return CardLink(self)


class CardLink:
    """The card tables through a connection of the sync's own.

    The app shares one Store connection between its UI thread and worker threads (the
    report writer computes readiness). A sync there must not let the UI's writes slip into
    its transaction (Store.transaction joins an open one), so a file-backed, writable store
    gets a second connection with the same pragmas; an in-memory store (tests) or a
    read-only one has only its own.
    """

    def __init__(self, store: StoreBase):
        self._store = weakref.ref(store)
        self.read_only = store.read_only
        self.own = store.path is not None and not store.read_only
        if self.own:
            self.db = store.connect_again()
            weakref.finalize(store, self.db.close)
        else:
            self.db = store.db

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction on the link's connection; nothing at all when read-only."""
        if self.read_only:
            yield
            return
        if not self.own:
            store = self._store()
            assert store is not None
            with store.transaction():
                yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ---- cards and the watermark ------------------------------------------------------

    def card_rows(self, exam: str) -> list[tuple[Any, ...]]:
        """Every card of `exam`, as CARD_COLUMNS."""
        rows = self.db.execute(f"SELECT {CARD_COLUMNS} FROM cards WHERE exam = ?", (exam,))
        return [tuple(row) for row in rows]

    def save_cards(self, rows: Iterable[Sequence[Any]], stamp: str) -> None:
        """Insert or replace cards given as CARD_COLUMNS, stamped `stamp`."""
        self.db.executemany(
            f"INSERT OR REPLACE INTO cards({CARD_COLUMNS}, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*row, stamp) for row in rows],
        )

    def watermark(self, exam: str) -> int:
        """The id of the last review of `exam` applied to the saved cards (0: none)."""
        row = self.db.execute(
            "SELECT last_review_id FROM card_sync WHERE exam = ?", (exam,)
        ).fetchone()
        return 0 if row is None else int(row[0])

    def set_watermark(self, exam: str, last_review_id: int, stamp: str) -> None:
        self.db.execute(
            "INSERT INTO card_sync(exam, last_review_id, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT(exam) DO UPDATE SET last_review_id = excluded.last_review_id,"
            " updated_at = excluded.updated_at",
            (exam, last_review_id, stamp),
        )

    # ---- reviews to apply ---------------------------------------------------------------

    def has_reviews_after(self, review_id: int, exam: str) -> bool:
        # `+exam`: walk the rowids above the watermark, not the exam's whole index.
        row = self.db.execute(
            "SELECT 1 FROM reviews WHERE id > ? AND +exam = ? LIMIT 1", (review_id, exam)
        ).fetchone()
        return row is not None

    def reviews_after(self, review_id: int, exam: str, limit: int) -> list[sqlite3.Row]:
        """Up to `limit` reviews of `exam` after `review_id`, in id order, as REVIEW_COLUMNS."""
        rows: list[sqlite3.Row] = self.db.execute(
            f"SELECT {REVIEW_COLUMNS} FROM reviews WHERE id > ? AND +exam = ? ORDER BY id LIMIT ?",
            (review_id, exam, limit),
        ).fetchall()
        return rows

    def item_reviews(self, item_id: str, exam: str, upto: int) -> list[sqlite3.Row]:
        """One item's reviews with ids up to `upto`, as REVIEW_COLUMNS."""
        rows: list[sqlite3.Row] = self.db.execute(
            f"SELECT {REVIEW_COLUMNS} FROM reviews WHERE item_id = ? AND exam = ? AND id <= ?",
            (item_id, exam, upto),
        ).fetchall()
        return rows

    # ---- readiness before each mock exam ------------------------------------------------

    def has_prediction(self, attempt_id: int) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM readiness_history WHERE attempt_id = ?", (attempt_id,)
        ).fetchone()
        return row is not None

    def attempt_started_at(self, attempt_id: int) -> str | None:
        row = self.db.execute(
            "SELECT started_at FROM attempts WHERE id = ?", (attempt_id,)
        ).fetchone()
        return None if row is None else row[0]

    def record_prediction(
        self,
        attempt_id: int,
        exam: str,
        predicted: float,
        low: float,
        high: float,
        seen: int,
        predicted_at: str,
    ) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO readiness_history(attempt_id, exam, predicted, low, high,"
            " seen, predicted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (attempt_id, exam, predicted, low, high, seen, predicted_at),
        )
