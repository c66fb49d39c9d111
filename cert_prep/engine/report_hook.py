"""Write the HTML report of a submitted exam, if the report module is installed.

The report is a bonus: the exam is already safe in the store, so any failure here
becomes a message for the student, never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ReportOutcome:
    path: Path | None = None
    message: str | None = None


def write_report(context, attempt_id: int) -> ReportOutcome:
    try:
        from cert_prep.report import write_attempt_report
    except ModuleNotFoundError as exc:
        if exc.name in ("cert_prep.report", "cert_prep"):
            return ReportOutcome()  # reports are not part of this installation
        return ReportOutcome(message=f"The report could not be written: {exc}.")
    except ImportError as exc:
        return ReportOutcome(message=f"The report could not be written: {exc}.")
    try:
        path = write_attempt_report(context, attempt_id)
    except Exception as exc:  # any failure is only a message
        reason = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
        return ReportOutcome(
            message=f"The report could not be written ({reason}). Your exam and its score "
            "are saved; `cert-prep history` lists them."
        )
    return ReportOutcome(path=Path(path))
