"""Write a file all or nothing: reports, exports and imported banks use this.

Every file cert-prep writes goes through `check_output_path` first (`write_atomic` calls
it): an output path never replaces a SQLite database or its journal files (the study
history), anything that is not a regular file (a FIFO, a device, a folder), an exam
blueprint, or a bank file, except a bank of the same exam when a bank is written.
`--force` only allows replacing what this check allows. Reports and results files also
refuse, without `--force`, an existing file that cert-prep did not write (`own_marker`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from pathlib import Path

from cert_prep.errors import UserError

_SQLITE_MAGIC = b"SQLite format 3\x00"
_WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
_JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")
BLUEPRINT_NAME = "exam.yaml"
# Files larger than this are not bank files (the bank loader's limit): never parsed here.
_MAX_YAML_PEEK = 2 * 1024 * 1024
# What every HTML page and results file cert-prep writes holds near its start.
HTML_MARKER = b'<meta name="generator" content="cert-prep'
RESULTS_MARKER = b'"format": "cert-prep-results/'
_MARKER_PEEK = 4096
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def safe_name_part(text: str, fallback: str) -> str:
    """`text` (an exam id, say) fit to be part of a file name: anything but letters,
    digits, `_` and `-` becomes `-`, so no separator, `..` or control character from a
    file's data reaches a path (the ids are checked too; this holds if a check slips)."""
    return _UNSAFE_NAME.sub("-", text).strip("-")[:80] or fallback


def _refuse(path: Path, why: str, what: str) -> UserError:
    return UserError(
        f"{path} {why}; cert-prep will not write the {what} over it (with or "
        "without --force): choose another file name",
        exit_code=2,
    )


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    return head == _SQLITE_MAGIC or head[:4] in _WAL_MAGIC


def yaml_kind(path: Path) -> tuple[str, str | None]:
    """("blueprint" | "bank" | "unreadable" | "other", the bank's exam) of an existing
    YAML file; "unreadable" is a YAML file that does not parse."""
    if path.name == BLUEPRINT_NAME:
        return "blueprint", None
    if path.suffix not in (".yaml", ".yml"):
        return "other", None
    try:
        if path.stat().st_size > _MAX_YAML_PEEK:
            return "other", None
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except Exception:  # unreadable or not YAML: not a bank or a blueprint cert-prep reads
        return "unreadable", None
    if not isinstance(data, dict):
        return "other", None
    if "questions" in data:
        exam = data.get("exam")
        return "bank", exam if isinstance(exam, str) else None
    if "domains" in data:
        return "blueprint", None
    return "other", None


def _written_by_us(path: Path, marker: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            return marker in handle.read(_MARKER_PEEK)
    except OSError:
        return False


def check_output_path(path: Path, what: str = "file", bank_exam: str | None = None) -> None:
    """Refuse an output path that would destroy something other than an earlier output.

    `bank_exam`: a bank file of that exam is being written, and an existing bank file of
    the same exam may be replaced.
    """
    for suffix in _JOURNAL_SUFFIXES:
        if path.name.endswith(suffix):
            database = path.with_name(path.name[: -len(suffix)])
            if _is_sqlite(database):
                raise _refuse(path, f"belongs to the SQLite database {database.name}", what)
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return  # nothing to replace; creating the folders reports its own problems
    except OSError as exc:
        raise UserError(f"cannot use {path} for the {what}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UserError(f"{path} is a folder; give a file name for the {what}", exit_code=2)
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a FIFO"
            if stat.S_ISFIFO(info.st_mode)
            else "a device"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "a socket"
            if stat.S_ISSOCK(info.st_mode)
            else "not a regular file"
        )
        raise _refuse(path, f"is {kind}, not a regular file", what)
    if _is_sqlite(path):
        raise _refuse(path, "is a SQLite database (such as the study history)", what)
    kind, exam = yaml_kind(path)
    if kind == "blueprint":
        raise _refuse(path, "is an exam blueprint", what)
    if kind == "bank" and (bank_exam is None or exam != bank_exam):
        owner = f"of the exam `{exam}`" if exam else "of questions"
        raise _refuse(path, f"is a bank file {owner}", what)
    if bank_exam is not None and kind != "bank":
        raise _refuse(path, f"exists and is not a bank file of `{bank_exam}`", what)


def check_own_output(path: Path, what: str, own_marker: bytes, force: bool) -> None:
    """An existing file is replaced only if it holds `own_marker` (an earlier output of
    this kind: a report over a report), or with `force`."""
    if force or not path.is_file() or _written_by_us(path, own_marker):
        return
    raise UserError(
        f"{path} exists and is not a {what} cert-prep wrote; choose another file name, "
        "or pass --force to replace it",
        exit_code=2,
    )


def write_atomic(
    path: Path,
    text: str,
    what: str = "file",
    retry: str = "try again",
    bank_exam: str | None = None,
    own_marker: bytes | None = None,
    force: bool = False,
) -> Path:
    """Write via a temporary file and os.replace: a reader never sees half a file, and a
    failed write leaves any earlier file at `path` as it was. `retry` ends the message
    for a full disk; `bank_exam` is the exam of a bank file being written (see
    `check_output_path`, as for `own_marker` and `force`)."""
    data = text.encode("utf-8")
    check_output_path(path, what, bank_exam)
    if own_marker is not None:
        check_own_output(path, what, own_marker, force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder {path.parent}: {exc.strerror or exc}") from None
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise UserError(
                f"the disk is full: the {what} {path} could not be written; free "
                f"some space and {retry}"
            ) from None
        raise UserError(f"cannot write the {what} {path}: {exc.strerror or exc}") from None
    return path
