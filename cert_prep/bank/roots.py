"""Which bank root a path on the command line belongs to.

A path inside a root is found by the blueprint (`exam.yaml`) in its folder or above. A
file with no blueprint above belongs to a root only when it sits under a folder named
after a known exam (`mybanks/cpc/extra.yaml` adds to the shipped CPC exam). Anything
else has no root: guessing one could make cert-prep read a whole disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

BLUEPRINT_NAME = "exam.yaml"


def resolved(path: Path | str) -> Path:
    """`path` with links resolved; a link loop or an unreadable folder gives the absolute
    path instead of an exception (the loader reports those as problems)."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def exam_ids_in(roots: Sequence[Path]) -> set[str]:
    """The exam folders (with a blueprint) of the given roots."""
    found: set[str] = set()
    for root in roots:
        if root.is_dir():
            found.update(p.name for p in exam_folders(root) if _is_file(p / BLUEPRINT_NAME))
    return found


def root_of(path: Path, known_exams: Iterable[str]) -> Path | None:
    """The bank root `path` (a root, an exam folder or a file) belongs to, or None."""
    # As written, not resolved: a link is judged by the root it sits in (the loader then
    # refuses it if it leads out).
    path = Path(os.path.abspath(path))
    known = set(known_exams)
    # A root: it holds an exam's blueprint, or a folder of a known exam (a root that only
    # adds bank files to the shipped exams has no blueprint of its own).
    if path.is_dir() and any(
        (child / BLUEPRINT_NAME).is_file() or child.name in known
        for child in path.iterdir()
        if child.is_dir()
    ):
        return path
    folder = path if path.is_dir() else path.parent
    for candidate in (folder, *folder.parents):
        if (candidate / BLUEPRINT_NAME).is_file():
            return candidate.parent
    for candidate in (folder, *folder.parents):
        if candidate.name in known and candidate.parent != candidate:
            return candidate.parent
    return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a folder we may not read
        return False


def exam_folders(root: Path) -> list[Path]:
    """The visible sub-folders of a root (unreadable roots have none)."""
    try:
        return sorted(p for p in root.iterdir() if not p.name.startswith(".") and p.is_dir())
    except OSError:
        return []


def not_a_bank_root(root: Path, known_exams: Iterable[str]) -> str | None:
    """Why `root` is not a bank root, or None when it is one.

    A root must hold, one level down, an exam folder with an `exam.yaml`, or a folder
    named after an exam another root defines. Looking one level down only keeps a
    mistaken root (`/`, a home folder) from being walked to the bottom.
    """
    known = set(known_exams)
    for folder in exam_folders(root):
        if folder.name in known or _is_file(folder / BLUEPRINT_NAME):
            return None
    return (
        "not a bank root: no `<exam>/exam.yaml` in it, and no folder named after a "
        f"known exam ({', '.join(sorted(known)) or 'none'}); it is not read"
    )
