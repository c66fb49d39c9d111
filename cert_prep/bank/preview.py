"""Exam previews: what an exam's instructions are computed from, kept beside the bank cache.

`cert-prep exam EXAM` paints the instructions before the library is loaded (loading it is
about a tenth of a warm start): from the blueprint and the number of items each domain may
draw, as the last full load of the same bank roots found them. The preview is a hint,
never trusted: right after the first paint the library is loaded and the preview built
again from it; if the two differ (a bank changed), the command starts over on the usual
path. An exam whose banks have errors has no preview, so its warning is printed as before.
"""

from __future__ import annotations

import marshal
import os
import tempfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cert_prep import __version__
from cert_prep.bank.cache import blueprint_fits

if TYPE_CHECKING:
    from cert_prep.bank.loader import Library
    from cert_prep.bank.models import Blueprint

_MAGIC = b"CPPREVW1"


@dataclass(frozen=True)
class ExamPreview:
    """One exam's blueprint (as cached data) and how many items each of its domains may
    draw in a mock exam (`ExamBank.mock_pools`, in blueprint order)."""

    blueprint_data: dict[str, Any]
    pools: tuple[int, ...]

    @property
    def exam(self) -> str:
        exam_id: str = self.blueprint_data["id"]
        return exam_id

    @property
    def blueprint(self) -> Blueprint:
        from cert_prep.bank.loader import CachedBlueprint

        return CachedBlueprint(self.blueprint_data)  # type: ignore[return-value]


def previews_of(library: Library) -> dict[str, ExamPreview]:
    """The preview of every exam of `library` whose banks have no error."""
    return {
        exam_id: ExamPreview(
            dict(bank.blueprint_data), tuple(len(pool) for pool in bank.mock_pools())
        )
        for exam_id, bank in library.exams.items()
        if not library.errors_of(exam_id)
    }


def _roots_key(roots: Sequence[Path]) -> list[str]:
    return [str(root) for root in roots]


def _preview_fits(exam_id: object, entry: object) -> bool:
    if not (isinstance(exam_id, str) and isinstance(entry, dict)):
        return False
    blueprint, pools = entry.get("blueprint"), entry.get("pools")
    return (
        blueprint_fits(blueprint)
        and isinstance(blueprint, dict)
        and blueprint["id"] == exam_id
        and isinstance(pools, list)
        and len(pools) == len(blueprint["domains"])
        and all(type(n) is int and n >= 0 for n in pools)
    )


def read_previews(path: Path | None, roots: Sequence[Path]) -> dict[str, ExamPreview]:
    """The previews kept for these bank roots by this version of cert-prep; nothing when
    there are none, or they are of other roots, another version, or damaged."""
    if path is None:
        return {}
    try:
        blob = path.read_bytes()
    except OSError:
        return {}
    if not blob.startswith(_MAGIC):
        return {}
    checksum, payload = blob[len(_MAGIC) : len(_MAGIC) + 4], blob[len(_MAGIC) + 4 :]
    if zlib.crc32(payload).to_bytes(4, "big") != checksum:
        return {}
    try:
        data = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}
    if not (
        isinstance(data, dict)
        and data.get("version") == __version__
        and data.get("roots") == _roots_key(roots)
        and isinstance(data.get("exams"), dict)
    ):
        return {}
    return {
        exam_id: ExamPreview(entry["blueprint"], tuple(entry["pools"]))
        for exam_id, entry in data["exams"].items()
        if _preview_fits(exam_id, entry)
    }


def write_previews(
    path: Path | None, roots: Sequence[Path], previews: dict[str, ExamPreview]
) -> None:
    """Keep `previews` for the next start; a failure only costs that start some speed."""
    if path is None:
        return
    exams = {
        exam_id: {"blueprint": p.blueprint_data, "pools": list(p.pools)}
        for exam_id, p in previews.items()
    }
    try:
        payload = marshal.dumps(
            {"version": __version__, "roots": _roots_key(roots), "exams": exams}
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".exams-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(_MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        pass
