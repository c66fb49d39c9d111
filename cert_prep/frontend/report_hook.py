"""Write the HTML report of a submitted exam, for the UI and plain mode alike.

The report is a bonus: the exam is already safe in the store, so any failure here
becomes a message for the student, never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cert_prep.wording import TERMINAL, Wording

if TYPE_CHECKING:
    from cert_prep.context import AppContext


@dataclass(frozen=True)
class ReportOutcome:
    path: Path | None = None
    message: str | None = None


def write_report(
    context: AppContext, attempt_id: int, wording: Wording = TERMINAL
) -> ReportOutcome:
    # Imported here: Jinja and the report's view models load only when a report is written.
    from cert_prep.report import write_attempt_report

    try:
        path = write_attempt_report(context, attempt_id, wording=wording)
    except Exception as exc:  # any failure is only a message
        reason = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
        return ReportOutcome(
            message=f"The report could not be written ({reason}). Your exam and its score "
            f"are saved; {wording.past_attempts()}."
        )
    return ReportOutcome(path=Path(path))
