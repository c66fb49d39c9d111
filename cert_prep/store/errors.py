"""The study history's problems as the project's own errors, with one message table.

Every front end (command line, full-screen UI, plain mode) shows these messages as they
are: the store turns each sqlite3 error into a `StoreError` at the point it happens, so
no front end needs to know SQLite's error texts, and a full disk reads "the disk is full"
everywhere.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from cert_prep.errors import UserError

# SQLite's primary result codes (the low byte of an extended code).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
_PERM = 3


class StoreError(UserError):
    """The study history could not be used; `kind` says why (one of MESSAGES' keys)."""

    def __init__(self, kind: str, path: Path | None, detail: str = ""):
        self.kind = kind
        self.path = path
        self.detail = detail
        super().__init__(message_for(kind, path, detail))


# kind -> message; {where} names the file, {detail} is SQLite's or the check's own words.
MESSAGES: dict[str, str] = {
    "busy": (
        "the study history {where} is busy: another cert-prep is writing to it; nothing "
        "was lost, try again in a moment"
    ),
    "full": (
        "the disk is full: the study history {where} could not be saved; free some "
        "space and try again (everything saved before is kept)"
    ),
    "read-only": (
        "the study history {where} cannot be written (the data folder or the file "
        "is read-only); make it writable or choose another folder with --data-dir"
    ),
    "damaged": (
        "the study history {where} is damaged ({detail}); cert-prep will not write "
        "into it: move the file aside (cert-prep then starts a new one) or restore a "
        "backup"
    ),
    "foreign": (
        "{where} is not a cert-prep study history ({detail}); cert-prep will not write "
        "into it: move it aside or choose another folder with --data-dir"
    ),
    "newer": (
        "the study history {where} was written by a newer cert-prep; upgrade cert-prep to use it"
    ),
    "unopenable": (
        "the study history {where} cannot be opened ({detail}); check that the data "
        "folder exists and is readable, or choose another with --data-dir"
    ),
    "other": "the study history {where} could not be used ({detail}); try again",
}


def message_for(kind: str, path: Path | None, detail: str = "") -> str:
    where = str(path) if path is not None else "(in memory)"
    return MESSAGES.get(kind, MESSAGES["other"]).format(
        where=where, detail=_one_line(detail) or kind
    )


def _one_line(text: str, limit: int = 200) -> str:
    """SQLite's report (quick_check lists pages, one a line) as one short printable line."""
    flat = " ".join(text.split())
    flat = "".join(c if c.isprintable() else "?" for c in flat)
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def kind_of(exc: sqlite3.Error) -> str:
    """Which row of MESSAGES a sqlite3 error belongs to."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary in (_BUSY, _LOCKED) or "locked" in text or "busy" in text:
        return "busy"
    if primary == _FULL or "disk is full" in text:
        return "full"
    if primary in (_READONLY, _PERM) or "readonly" in text or "read-only" in text:
        return "read-only"
    if primary in (_CORRUPT, _NOTADB) or "malformed" in text or "not a database" in text:
        return "damaged"
    if "no such column" in text or "no such table" in text or "has no column" in text:
        return "damaged"
    if primary == _CANTOPEN or "unable to open" in text:
        return "unopenable"
    return "other"


# Below this much free space, SQLite's "disk I/O error" is the disk being full: its
# journal files (-wal, -shm) could not grow. A megabyte is less than one bank file.
NEARLY_FULL_BYTES = 1 << 20


def store_error(exc: sqlite3.Error, path: Path | None) -> StoreError:
    """The one mapping from a sqlite3 error to what the user is told."""
    kind = kind_of(exc)
    code = getattr(exc, "sqlite_errorcode", None)
    io_error = (isinstance(code, int) and code & 0xFF == _IOERR) or "disk i/o" in str(exc).lower()
    if kind == "other" and io_error and path is not None and _nearly_full(path):
        kind = "full"
    return StoreError(kind, path, str(exc))


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < NEARLY_FULL_BYTES
    except OSError:
        return False
