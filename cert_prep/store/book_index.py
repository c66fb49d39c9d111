"""The code book's SQLite index: every tabular-list item and an FTS5 search table.

The book (cert_prep.book) hands in its records and lookup pairs and gets rows back; the
SQL lives here, with the rest of the store's. The index is a cache: it is built
into a temporary file and moved into place whole, checked against a sidecar that records
its format, source version, size and row count, and rebuilt (never trusted) when anything
does not fit or SQLite reports damage.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

INDEX_FORMAT = 3

_SCHEMA = """
CREATE TABLE entries(
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    norm TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent TEXT,
    billable INTEGER NOT NULL,
    position INTEGER NOT NULL,
    notes TEXT NOT NULL
);
CREATE INDEX entries_norm ON entries(norm);
CREATE INDEX entries_parent ON entries(parent, position);
CREATE TABLE lookup(
    code TEXT NOT NULL,
    phrase TEXT NOT NULL,
    chapter TEXT NOT NULL,
    block TEXT NOT NULL
);
CREATE VIRTUAL TABLE search USING fts5(
    title, terms, notes, tokenize = 'porter unicode61 remove_diacritics 2'
);
"""


class IndexRecord(Protocol):
    """One item of the tabular list as the book reads it (cert_prep.book.source.Record)."""

    @property
    def code(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def parent(self) -> str | None: ...
    @property
    def billable(self) -> bool: ...
    @property
    def position(self) -> int: ...
    @property
    def notes(self) -> dict[str, Any]: ...
    def search_terms(self) -> str: ...
    def note_text(self) -> str: ...


# (code, phrase, chapter, block): a code and the phrase that names it unambiguously.
LookupPair = tuple[str, str, str, str]
# What an index is built from: the records, and the lookup pairs found in them.
IndexContents = tuple[Sequence[IndexRecord], Iterable[LookupPair]]


class IndexDamaged(Exception):
    """The index file is missing, stale, truncated or damaged: rebuild it."""


@dataclass(frozen=True)
class Row:
    code: str
    title: str
    kind: str
    parent: str | None
    billable: bool
    position: int
    notes: dict[str, Any]


@dataclass(frozen=True)
class Hit:
    code: str
    title: str
    billable: bool
    notes: dict[str, Any]


def normalize(code: str) -> str:
    return code.replace(".", "").replace(" ", "").upper()


def _sidecar(path: Path) -> Path:
    return path.with_suffix(".json")


def build(
    path: Path,
    records: Sequence[IndexRecord],
    lookup_pairs: Iterable[LookupPair],
    source_version: str,
) -> None:
    """Write the index to `path` atomically (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".book-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        db = sqlite3.connect(tmp)
        try:
            db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
            count = 0
            for record in records:
                cursor = db.execute(
                    "INSERT INTO entries(code, norm, title, kind, parent, billable, position,"
                    " notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        record.code,
                        normalize(record.code),
                        record.title,
                        record.kind,
                        record.parent,
                        int(record.billable),
                        record.position,
                        json.dumps(record.notes, separators=(",", ":")),
                    ),
                )
                db.execute(
                    "INSERT INTO search(rowid, title, terms, notes) VALUES (?, ?, ?, ?)",
                    (cursor.lastrowid, record.title, record.search_terms(), record.note_text()),
                )
                count += 1
            db.executemany(
                "INSERT INTO lookup(code, phrase, chapter, block) VALUES (?, ?, ?, ?)",
                list(lookup_pairs),
            )
            db.execute("INSERT INTO search(search) VALUES ('optimize')")
            db.commit()
        finally:
            db.close()
        meta = {
            "format": INDEX_FORMAT,
            "source": source_version,
            "rows": count,
            "size": tmp.stat().st_size,
        }
        os.replace(tmp, path)
        side = _sidecar(path)
        side_tmp = side.with_suffix(".json.tmp")
        side_tmp.write_text(json.dumps(meta))
        os.replace(side_tmp, side)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


class BookIndex:
    """Read-only queries over a built index."""

    def __init__(self, path: Path, source_version: str):
        try:
            meta = json.loads(_sidecar(path).read_text())
            size = path.stat().st_size
        except (OSError, ValueError) as exc:
            raise IndexDamaged(str(exc)) from None
        if (
            not isinstance(meta, dict)
            or meta.get("format") != INDEX_FORMAT
            or meta.get("source") != source_version
            or meta.get("size") != size
        ):
            raise IndexDamaged("the index does not match this cert-prep or was cut short")
        try:
            # Read-only; opened in a worker thread and then read from the UI thread.
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise IndexDamaged(str(exc)) from None
        try:
            # About 60 ms for the whole book: damage in any page is caught before use.
            check = self.db.execute("PRAGMA quick_check").fetchone()[0]
            rows = self.db.execute("SELECT count(*) FROM entries").fetchone()[0]
        except sqlite3.Error as exc:
            self.db.close()
            raise IndexDamaged(str(exc)) from None
        if check != "ok" or rows != meta.get("rows"):
            self.db.close()
            raise IndexDamaged("the index is damaged or has the wrong number of entries")

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        try:
            yield self.db
        except sqlite3.Error as exc:
            raise IndexDamaged(str(exc)) from None

    @staticmethod
    def _row(values: tuple[Any, ...]) -> Row:
        code, title, kind, parent, billable, position, notes = values
        return Row(code, title, kind, parent, bool(billable), position, json.loads(notes))

    _COLUMNS = "code, title, kind, parent, billable, position, notes"

    def entry(self, code: str) -> Row | None:
        """The item whose code (dots optional, any case) is `code`."""
        with self._reading() as db:
            found = db.execute(
                f"SELECT {self._COLUMNS} FROM entries WHERE norm = ? OR code = ?",
                (normalize(code), code.strip().upper()),
            ).fetchone()
        return self._row(found) if found else None

    def children(self, code: str) -> list[Row]:
        with self._reading() as db:
            rows = db.execute(
                f"SELECT {self._COLUMNS} FROM entries WHERE parent = ? ORDER BY position",
                (code,),
            ).fetchall()
        return [self._row(r) for r in rows]

    def codes_starting(self, prefix: str, limit: int = 400) -> list[tuple[str, str]]:
        """(code, title) of items whose normalised code starts with `prefix`."""
        with self._reading() as db:
            rows = db.execute(
                "SELECT code, title FROM entries WHERE norm >= ? AND norm < ? "
                "ORDER BY position LIMIT ?",
                (prefix, prefix + "\uffff", limit),
            ).fetchall()
        return [(code, title) for code, title in rows]

    def search(self, match: str, limit: int) -> list[Hit]:
        """FTS5 `match`, best first (title weighs most), billable codes first among equals."""
        with self._reading() as db:
            rows = db.execute(
                "SELECT e.code, e.title, e.billable, e.notes FROM search "
                "JOIN entries e ON e.id = search.rowid "
                "WHERE search MATCH ? "
                "ORDER BY round(bm25(search, 4.0, 2.0, 0.5), 1), e.billable DESC, e.position "
                "LIMIT ?",
                (match, limit),
            ).fetchall()
        return [
            Hit(code, title, bool(billable), json.loads(notes))
            for code, title, billable, notes in rows
        ]

    def lookup_pairs(self) -> list[LookupPair]:
        """The unambiguous (code, phrase, chapter, block) found when the index was built."""
        with self._reading() as db:
            rows = db.execute(
                "SELECT code, phrase, chapter, block FROM lookup ORDER BY rowid"
            ).fetchall()
        return [(code, phrase, chapter, block) for code, phrase, chapter, block in rows]

    def billable_rows(self) -> Iterator[Row]:
        """Every billable code in book order (categories without subdivisions included)."""
        with self._reading() as db:
            for values in db.execute(
                f"SELECT {self._COLUMNS} FROM entries WHERE billable = 1 ORDER BY position"
            ):
                yield self._row(values)

    def sample(self, where_kind: str = "code") -> Iterator[Row]:
        """Every item of one kind in book order (for generating lookup drills)."""
        with self._reading() as db:
            for values in db.execute(
                f"SELECT {self._COLUMNS} FROM entries WHERE kind = ? ORDER BY position",
                (where_kind,),
            ):
                yield self._row(values)


def open_or_build(
    path: Path, source_version: str, contents: Callable[[], IndexContents]
) -> BookIndex:
    """The index at `path`, rebuilt first (from `contents()`) when it is missing, stale or
    damaged."""
    try:
        return BookIndex(path, source_version)
    except IndexDamaged:
        records, pairs = contents()
        build(path, records, pairs, source_version)
        return BookIndex(path, source_version)
