"""Write a file all or nothing: reports, exports and imported banks use this."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from cert_prep.errors import UserError


def write_atomic(path: Path, text: str, what: str = "file", retry: str = "try again") -> Path:
    """Write via a temporary file and os.replace: a reader never sees half a file, and a
    failed write leaves any earlier file at `path` as it was. `retry` ends the message
    for a full disk."""
    data = text.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder {path.parent}: {exc.strerror or exc}") from None
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name for the {what}", exit_code=2)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise UserError(f"the disk is full: the {what} {path} could not be written; free "
                            f"some space and {retry}") from None
        raise UserError(f"cannot write the {what} {path}: {exc.strerror or exc}") from None
    return path
