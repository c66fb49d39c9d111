"""Render reports with Jinja and write them atomically to the exports folder.

Autoescaping is on for every template (they are all `*.html.j2`, a name Jinja's
`select_autoescape` does not cover by default, so it is switched on explicitly), and
StrictUndefined turns a misspelt field into an error in the tests instead of a blank.

File names use the attempt's submission time in UTC (`<exam>-<YYYYMMDD-HHMM>-<id>.html`),
the same clock the store keeps and the page shows, so a name never shifts with the
machine's time zone or a daylight-saving change.
"""

from __future__ import annotations

from datetime import UTC
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from cert_prep import files
from cert_prep.clock import from_iso
from cert_prep.report.views import AttemptReport, ProgressReport
from cert_prep.study.readiness import percent_text
from cert_prep.wording import TERMINAL, Wording


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("cert_prep.report", "templates"),
        autoescape=True,  # every template is HTML; bank text must never pass unescaped
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["pct"] = _percent
    env.filters["pct1"] = lambda value: f"{percent_text(value)}%"  # readiness: one decimal
    return env


def _percent(value: float) -> str:
    """70 -> '70%', 66.6667 -> '66.7%'."""
    return f"{round(float(value), 1):g}%"


def render_attempt(report: AttemptReport) -> str:
    return environment().get_template("attempt.html.j2").render(report=report)


def render_progress(report: ProgressReport) -> str:
    return environment().get_template("progress.html.j2").render(report=report)


def attempt_file_name(exam: str, submitted_at: str | None, attempt_id: int) -> str:
    moment = from_iso(submitted_at).astimezone(UTC) if submitted_at else None
    stamp = moment.strftime("%Y%m%d-%H%M") if moment else "unsubmitted"
    return f"{files.safe_name_part(exam, 'exam')}-{stamp}-{attempt_id}.html"


def write_atomic(path: Path, text: str, force: bool = False, wording: Wording = TERMINAL) -> Path:
    """Write a report all or nothing (see `cert_prep.files.write_atomic`); an existing file
    is replaced only if it is a page cert-prep wrote, or with `force`."""
    return files.write_atomic(
        path,
        text,
        "report",
        retry=f"{wording.report_again()} (your answers and history are safe)",
        own_marker=files.HTML_MARKER,
        force=force,
    )
