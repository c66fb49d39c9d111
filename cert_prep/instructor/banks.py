"""Find the bank root of a file given on the command line, and that file's items.

A bank file outside the visible roots (shipped, --banks, CERT_PREP_BANKS) still works:
its root is added for this run, found as `cert-prep lint` finds it
(`cert_prep.bank.roots.root_of`); a file with no root is refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cert_prep.bank.loader import BLUEPRINT_NAME, Item, Library, load_library
from cert_prep.bank.problems import Problem
from cert_prep.bank.roots import resolved, root_of
from cert_prep.errors import UserError
from cert_prep.safe_text import without_shown_invisible

if TYPE_CHECKING:
    from cert_prep.context import AppContext


def root_for(path: Path, known_exams: Iterable[str]) -> Path | None:
    """The bank root `path` (a file, existing or not) belongs to, or None."""
    return root_of(path, known_exams)


def library_with(context: AppContext, root: Path | None) -> Library:
    """The visible library, plus `root` when it is not one of the visible roots."""
    roots = list(context.locations.bank_roots)
    if root is None or resolved(root) in {resolved(r) for r in roots}:
        return context.library()
    return load_library([*roots, root], context.locations.bank_cache_file)


@dataclass
class BankFileItems:
    library: Library
    items: list[Item]
    errors: list[Problem]


def bank_file_items(context: AppContext, path: Path) -> BankFileItems:
    """The usable items of one bank file, in file order, and the file's errors."""
    if not path.exists():
        raise UserError(f"{path}: no such bank file", exit_code=2)
    if path.is_dir() or path.suffix != ".yaml":
        raise UserError(f"{path}: not a bank file (a `.yaml` file of questions)", exit_code=2)
    if path.name == BLUEPRINT_NAME:
        raise UserError(f"{path} is a blueprint, not a bank file of questions", exit_code=2)
    known = context.library().exams
    root = root_for(path, known)
    if root is None:
        listed = ", ".join(sorted(known)) or "none"
        raise UserError(
            f"{path} is not inside a bank root: put it in `<root>/<exam>/` beside (or under) "
            f"the exam's exam.yaml, or under a folder named after a known exam ({listed})",
            exit_code=2,
        )
    library = library_with(context, root)
    wanted = resolved(path)
    items = sorted(
        (
            it
            for bank in library.exams.values()
            for it in bank.items
            if resolved(it.source) == wanted
        ),
        key=lambda it: it.line,
    )
    errors = [p for p in library.problems if p.severity == "error" and resolved(p.path) == wanted]
    return BankFileItems(library, items, errors)


def exportable(items: list[Item], library: Library) -> tuple[list[Item], list[str]]:
    """The items as exports write them, and a warning per item changed: a bidirectional or
    zero-width character (lint's `invisible-character` warning) is left out. The loader
    shows it as `<U+202E>`; written so, it would become part of the text in Moodle or Anki
    and of the bank after a round trip, and written raw it would reorder what they show."""
    marked = {p.path for p in library.problems if p.code == "invisible-character"}
    out, warnings = [], []
    for item in items:
        if item.source not in marked:
            out.append(item)
            continue
        data, removed = without_shown_invisible(dict(item.data))
        case = item.case
        case_data, in_case = without_shown_invisible(
            {"id": case.id, "title": case.title, "record": case.record} if case else None
        )
        if not removed + in_case:
            out.append(item)
            continue
        out.append(
            Item(
                None,
                item.exam,
                item.domain,
                item.code_year,
                None,
                item.source,
                item.line,
                data=data,
                case_data=case_data,
                id=item.id,
            )
        )
        warnings.append(
            f"{item.id}: {removed + in_case} bidirectional or zero-width character(s) left "
            "out of the export (lint warns of them: invisible-character)"
        )
    return out, warnings
