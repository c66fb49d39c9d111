"""Which bank root a path on the command line belongs to.

A path inside a root is found by the blueprint (`exam.yaml`) in its folder or above. A
file with no blueprint above belongs to a root only when it sits under a folder named
after a known exam (`mybanks/cpc/extra.yaml` adds to the shipped CPC exam). Anything
else has no root: guessing one could make cert-prep read a whole disk.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

BLUEPRINT_NAME = "exam.yaml"


def exam_ids_in(roots: Sequence[Path]) -> set[str]:
    """The exam folders (with a blueprint) of the given roots."""
    found: set[str] = set()
    for root in roots:
        if root.is_dir():
            found.update(p.name for p in root.iterdir() if (p / BLUEPRINT_NAME).is_file())
    return found


def root_of(path: Path, known_exams: Iterable[str]) -> Path | None:
    """The bank root `path` (a root, an exam folder or a file) belongs to, or None."""
    path = path.resolve()
    if path.is_dir() and any(
        (child / BLUEPRINT_NAME).is_file() for child in path.iterdir() if child.is_dir()
    ):
        return path
    folder = path if path.is_dir() else path.parent
    for candidate in (folder, *folder.parents):
        if (candidate / BLUEPRINT_NAME).is_file():
            return candidate.parent
    known = set(known_exams)
    for candidate in (folder, *folder.parents):
        if candidate.name in known and candidate.parent != candidate:
            return candidate.parent
    return None
