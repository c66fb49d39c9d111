"""HTML score reports: self-contained pages written with Jinja (never imports textual).

`write_attempt_report(context, attempt_id) -> Path` is the contract the exam engine calls
after every submitted exam; `write_progress_report(context, exam=None, out=None) -> Path`
writes the progress report. Layers: `build`/`history` read the Store and Library into
the plain view models of `views`, `charts` computes the SVG geometry, `render` holds the
Jinja environment and the atomic writer, `write` ties them together.
"""

from cert_prep.report.write import (
    latest_attempt_id,
    write_attempt_report,
    write_progress_report,
)

__all__ = ["latest_attempt_id", "write_attempt_report", "write_progress_report"]
