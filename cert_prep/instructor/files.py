"""Read an input text file with clear messages; writing goes through `cert_prep.files`."""

from __future__ import annotations

from pathlib import Path

from cert_prep.errors import UserError
from cert_prep.files import write_atomic

__all__ = ["write_atomic"]  # re-exported for the commands

MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_bytes(path: Path, what: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The file's bytes (for a format that declares its own encoding, as XML does), or a
    UserError naming the file."""
    try:
        if path.is_dir():
            raise UserError(f"{path}: is a folder, not a {what}")
        size = path.stat().st_size
        if size > limit:
            raise UserError(
                f"{path}: the file is {size:,} bytes; a {what} may hold at most {limit:,}"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file", exit_code=2) from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    return raw


def read_text(path: Path, what: str, limit: int = MAX_INPUT_BYTES) -> str:
    """The file's text (UTF-8, a BOM tolerated), or a UserError naming the file."""
    raw = read_bytes(path, what, limit)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError(f"{path}: the file is UTF-16; save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserError(
            f"{path}:{line}: byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8"
        ) from None
    if "\x00" in text:
        raise UserError(f"{path}: the file holds a NUL byte; is it a text file?")
    return text.replace("\r\n", "\n").replace("\r", "\n")
