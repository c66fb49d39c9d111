"""The one-line warning about bank problems that exam, drill and banks print (a module of
its own, so starting an exam does not import the bank commands)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cert_prep.bank.loader import Library
    from cert_prep.bank.problems import Problem

# An escaped control character (`"\e"`) leaves its item (or, in `exam.yaml`, its exam) in
# use, shown made visible (docs/question-bank-format.md); a raw one stops its file from
# being read at all.
_MADE_VISIBLE = "control-character"


def warn_bank_problems(library: Library, exam_id: str | None = None) -> None:
    """One line on stderr when files were skipped, items left out or text made visible
    (of one exam, if given)."""
    errors = library.errors if exam_id is None else library.errors_of(exam_id)
    if not errors:
        return
    where = f"the {exam_id} banks" if exam_id else "the banks"
    kept = [kind for p in errors if (kind := _kept_as(library, p))]
    shown = len(kept)
    left_out = len(errors) - shown
    parts = []
    if left_out:
        parts.append(
            "the files or items involved are left out"
            if not shown
            else f"the files or items of {left_out} are left out"
        )
    if shown:
        parts.append(
            f"{shown} control character(s) are shown made visible (␛)"
            if left_out
            else f"the {' and '.join(k for k in ('exams', 'questions') if k in kept)} "
            "involved are used, their control characters shown made visible (␛)"
        )
    print(
        f"cert-prep: {len(errors)} problem(s) in {where}; {' and '.join(parts)}. "
        "Run `cert-prep lint` for details.",
        file=sys.stderr,
    )


def _kept_as(library: Library, problem: Problem) -> str | None:
    """What the problem left in use, if anything: an escaped control character in a file
    that was read keeps its questions ("questions") or, in an `exam.yaml`, its exam
    ("exams"), the character shown made visible."""
    if problem.code != _MADE_VISIBLE:
        return None
    banks = library.exams.values()
    if any(bank.blueprint_path == problem.path for bank in banks):
        return "exams"
    if any(item.source == problem.path for bank in banks for item in bank.items):
        return "questions"
    return None
