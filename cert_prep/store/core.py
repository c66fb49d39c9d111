"""Opening the study history: checks before anything is written, pragmas, migrations.

Every answer, flag and move is written at once in its own transaction (WAL journal,
synchronous=FULL), so killing the process at any moment loses nothing. Two copies of
cert-prep on the same data dir wait on each other (busy timeout) instead of corrupting
anything.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self, TypeVar

from cert_prep.errors import UserError
from cert_prep.store.connection import StoreConnection, connect
from cert_prep.store.errors import StoreError
from cert_prep.store.rows import Damage
from cert_prep.store.schema import APPLICATION_ID, MIGRATIONS, OWN_TABLES, columns, expected_columns

T = TypeVar("T")


def _writable(path: Path) -> bool:
    """Whether cert-prep may write the file (and the journal files beside it)."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


class StoreBase:
    """The connection, opening checks, migrations and transactions every table group uses."""

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
    def open(cls, path: Path) -> Self:
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
    def memory(cls) -> Self:
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
            assert self.path is not None  # only a file is opened read-only
            self.db = db = connect(self.path, read_only=True, immutable=True)
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
            if (tables or version) and not OWN_TABLES.issubset(tables):
                raise StoreError("foreign", self.path, "it does not hold cert-prep's tables")
        self._stamp = app_id == 0

    def _check_schema(self) -> None:
        """Every column the queries use is there (a dropped column names itself here)."""
        have = columns(self.db)
        for table, wanted in expected_columns().items():
            missing = sorted(wanted - have.get(table, set()))
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

    def _decoded(self, decode: Callable[[sqlite3.Row], T], rows: Iterable[sqlite3.Row]) -> list[T]:
        """Decode rows; one that cannot be read names the file instead of crashing."""
        try:
            return [decode(r) for r in rows]
        except Damage as exc:
            raise StoreError("damaged", self.path, str(exc)) from None
