"""A sqlite3 connection whose errors arrive as StoreErrors, and how one is opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from cert_prep.store.errors import StoreError, store_error


class _Cursor(sqlite3.Cursor):
    """A cursor whose sqlite3 errors arrive as StoreErrors (see cert_prep.store.errors)."""

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

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or _Cursor)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
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
