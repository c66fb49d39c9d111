"""The report entry points: find the attempt, build the views, render, write."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from cert_prep import __version__
from cert_prep.clock import local_text
from cert_prep.errors import UserError
from cert_prep.files import safe_name_part
from cert_prep.report.build import build_attempt_report
from cert_prep.report.codes import BookGetter
from cert_prep.report.render import (
    attempt_file_name,
    render_attempt,
    render_progress,
    write_atomic,
)
from cert_prep.report.study_section import study_view
from cert_prep.report.views import ProgressReport
from cert_prep.store import AttemptRow, Store
from cert_prep.wording import TERMINAL, Wording

if TYPE_CHECKING:
    from cert_prep.context import AppContext

NO_ATTEMPTS = (
    "no submitted attempts yet: take a mock exam with `cert-prep exam EXAM` "
    "(`cert-prep banks` lists the exams); its report is written when you submit it"
)
# The progress report's "nothing yet": it covers exams and drills, not one attempt.
NO_STUDY_HISTORY = (
    "no study history yet: nothing to report; start with `cert-prep exam EXAM` or "
    "`cert-prep drill --exam EXAM` (`cert-prep banks` lists the exams)"
)
NOTHING_SUBMITTED = (
    "no submitted exams or drills yet: nothing to report; submit one (`cert-prep resume` "
    "reopens an unfinished one) or start with `cert-prep exam EXAM` or "
    "`cert-prep drill --exam EXAM`"
)


def _target(out: Path | str | None, default_dir: Path, name: str) -> Path:
    if out is None:
        return default_dir / name
    out = Path(out).expanduser()
    return out / name if out.is_dir() else out


@contextlib.contextmanager
def _book(context: AppContext) -> Iterator[BookGetter]:
    """The ICD-10-CM book for code-level labels, opened only if a code item asks for it
    (from the cached index; never by importing simple-icd-10-cm on the way), and closed
    after the report is built."""
    from cert_prep.study.code_focus import BookOnDemand

    with BookOnDemand.cached(context.locations.cache_dir) as book:
        yield book


def submitted_attempt(store: Store, attempt_id: int) -> AttemptRow:
    """The attempt, or a UserError that says why there is no report for it."""
    attempt = store.attempt(attempt_id)
    if attempt is None:
        raise UserError(
            f"there is no attempt {attempt_id}; `cert-prep history` lists your "
            "attempts and their numbers"
        )
    if attempt.status == "open":
        raise UserError(
            f"attempt {attempt_id} ({attempt.exam}) is not finished yet; resume "
            "it with `cert-prep resume` and submit it to get its report"
        )
    if attempt.status != "submitted":
        raise UserError(
            f"attempt {attempt_id} ({attempt.exam}) was discarded; there is nothing to report"
        )
    return attempt


def latest_attempt_id(store: Store, exam: str | None = None) -> int:
    """The newest submitted full mock exam (of `exam`), else the newest submitted attempt
    (a practice exam or a drill)."""
    attempts = store.attempts_by_kind(exam, "exam") or store.attempts(exam=exam)
    if not attempts:
        if exam:
            raise UserError(
                f"no submitted {exam} attempts yet: take one with `cert-prep exam {exam}`"
            )
        raise UserError(NO_ATTEMPTS)
    return attempts[0].id


def write_attempt_report(
    context: AppContext,
    attempt_id: int,
    out: Path | str | None = None,
    force: bool = False,
    wording: Wording = TERMINAL,
) -> Path:
    """Write the report of a submitted attempt and return its path.

    Default path: `<exports>/<exam>-<YYYYMMDD-HHMM>-<attempt id>.html`, the time being the
    submission time in UTC. `out` may name a file or an existing folder.
    """
    store = context.store()
    attempt = submitted_attempt(store, attempt_id)
    bank = context.exam(attempt.exam)
    with _book(context) as book:
        report = build_attempt_report(store, bank, attempt, context.clock.now(), book)
    name = attempt_file_name(attempt.exam, attempt.submitted_at, attempt.id)
    # the exports folder is cert-prep's own: a file there is replaced as before
    target = _target(out, context.locations.exports_dir, name)
    return write_atomic(target, render_attempt(report), force or out is None, wording)


def write_progress_report(
    context: AppContext,
    exam: str | None = None,
    out: Path | str | None = None,
    force: bool = False,
) -> Path:
    """Write a progress report across attempts and the study history; return its path.

    With no `exam`, one section for every exam the student has submitted attempts of.
    Default path: `<exports>/progress-<exam|all>-<YYYYMMDD-HHMM>.html` (UTC, now).
    """
    store = context.store()
    now = context.clock.now().astimezone(UTC)
    library = context.library()
    if exam is not None:
        banks = [context.exam(exam)]
        if not store.attempts(exam=exam):
            raise UserError(
                f"no submitted {exam} exams or drills yet: nothing to report; "
                f"start with `cert-prep exam {exam}` or `cert-prep drill --exam "
                f"{exam}`"
            )
    else:
        taken = {a.exam for a in store.attempts()}
        banks = [bank for exam_id, bank in library.exams.items() if exam_id in taken]
        if not banks:
            # Answers are kept as they are given, so a drill left open has some.
            raise UserError(NOTHING_SUBMITTED if store.studied_exams() else NO_STUDY_HISTORY)
    with _book(context) as book:
        report = ProgressReport(
            exams=[study_view(store, bank, now, book=book) for bank in banks],
            generated_text=local_text(now),
            version=__version__,
        )
    name = f"progress-{safe_name_part(exam or 'all', 'all')}-{now.strftime('%Y%m%d-%H%M')}.html"
    # the exports folder is cert-prep's own: a file there is replaced as before
    target = _target(out, context.locations.exports_dir, name)
    return write_atomic(target, render_progress(report), force or out is None)
