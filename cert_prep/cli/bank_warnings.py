"""The one-line warning about bank problems that exam, drill and banks print (a module of
its own, so starting an exam does not import the bank commands)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cert_prep.bank.loader import Library


def warn_bank_problems(library: Library, exam_id: str | None = None) -> None:
    """One line on stderr when files were skipped or items left out (of one exam, if given)."""
    errors = library.errors if exam_id is None else library.errors_of(exam_id)
    if errors:
        where = f"the {exam_id} banks" if exam_id else "the banks"
        print(
            f"cert-prep: {len(errors)} problem(s) in {where}; the files or items involved "
            "are left out. Run `cert-prep lint` for details.",
            file=sys.stderr,
        )
