"""Results: `Score: C/T (P%)`, PASS or FAIL, the scaled estimate, domains, time, the report."""

from __future__ import annotations

import os
import sys
import webbrowser
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from cert_prep.engine.session import AttemptResult
from cert_prep.frontend.report_hook import ReportOutcome
from cert_prep.ui.bindings import scroll_bindings
from cert_prep.ui.messages import HomeRequested
from cert_prep.ui.screens.base import CertPrepScreen
from cert_prep.ui.screens.review import ReviewScreen
from cert_prep.ui.text import data, format_hms
from cert_prep.ui.widgets.domain_table import DomainTable
from cert_prep.ui.widgets.key_footer import KeyFooter
from cert_prep.ui.widgets.more_below import HintedScroll, MoreBelow


def open_in_browser(url: str) -> bool:
    """Open `url` in a graphical browser; False when there is none.

    Without a display, Python's webbrowser falls back to text browsers (lynx, w3m) that
    would run inside this very terminal, on top of the app: never do that.
    """
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return False
    return webbrowser.open(url)


def results_title(result: AttemptResult) -> Text:
    # A practice exam is named as the report and the progress screen name it; a mock exam
    # the short banks cut stays a mock exam (the score's note says so).
    kind = "Practice exam results: " if result.attempt.kind == "practice" else "Results: "
    return Text(kind) + data(result.blueprint.name)


def score_text(result: AttemptResult) -> Text:
    score = result.score
    out = Text(f"Score: {score.correct}/{score.total} ({score.percent:g}%)", style="bold")
    if result.mode == "exam":
        out.append("   ")
        if score.passed:
            out.append(" PASS ", style="bold black on green")
        else:
            out.append(" FAIL ", style="bold white on red")
        out.append(f"   pass mark {score.pass_percent:g}%")
        for note in (result.length_note(), result.pretest_note()):
            if note:
                out.append("\n" + note, style="not bold")
    return out


def details_text(result: AttemptResult, notice: str | None = None) -> Text:
    score = result.score
    out = Text()
    if score.scaled_score is not None:
        out.append(f"Estimated scaled score: {score.scaled_score}", style="bold")
        out.append(" (an estimate: AHIMA does not publish its raw cut; 300 passes)\n")
    out.append(f"Time used: {format_hms(result.time_used_s)}")
    if result.attempt.time_limit_s:
        out.append(f" of {format_hms(result.attempt.time_limit_s)}")
    out.append(f"\nAnswered: {len(result.entries) - result.skipped} of {len(result.entries)}")
    if result.timed_out and not notice:  # said once: a notice already tells how it ended
        out.append(
            "\nThe time ran out; the exam was submitted with the answers given.", style="yellow"
        )
    if notice:
        out.append("\n")
        out.append_text(data(notice, "yellow"))
    return out


class ResultsScreen(CertPrepScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *scroll_bindings("results"),
        Binding("r", "review", "Review answers", id="results.review"),
        Binding("o", "open_report", "Open report", id="results.open-report"),
        Binding("h,escape", "home", "Home", id="results.home"),
        Binding("q", "quit", "Quit", id="results.quit"),
    ]

    def __init__(
        self,
        result: AttemptResult,
        notice: str | None = None,
        report: ReportOutcome | None = None,
        open_url: Callable[[str], object] = open_in_browser,
    ):
        super().__init__()
        self.result = result
        self.notice = notice
        self.report = report
        self._open_url = open_url

    def compose(self) -> ComposeResult:
        with Vertical(id="results", classes="card"):
            yield Static(results_title(self.result), classes="card-title")
            yield Static(score_text(self.result), id="score")
            yield Static("", id="report")
            with HintedScroll(classes="reading") as box:
                yield Static(details_text(self.result, self.notice), id="details")
                yield DomainTable(self.result.score, id="domains")
            yield MoreBelow(box)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_report(self.report)

    def show_report(self, report: ReportOutcome | None) -> None:
        """None while the report is being written."""
        self.report = report
        line = self.query_one("#report", Static)
        if report is None:
            line.update("Writing the report…")
        elif report.path is not None:
            line.update(Text("Report: ") + data(str(report.path)) + Text("  (o opens it)"))
        else:
            line.update(data(report.message or ""))
        line.display = report is None or bool(report.path or report.message)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_report":
            return self.report is not None and self.report.path is not None
        return True

    def action_review(self) -> None:
        self.app.push_screen(ReviewScreen(self.result))

    def action_open_report(self) -> None:
        if self.report is None or self.report.path is None:
            return
        try:
            opened = self._open_url(self.report.path.resolve().as_uri())
        except Exception as exc:  # a broken browser setup is only a message
            opened = False
            self.say(
                f"Could not open a browser ({exc}). The report is {self.report.path}",
                severity="warning",
            )
            return
        if opened is False:
            self.say(
                f"No graphical browser found here. The report is {self.report.path}",
                severity="warning",
                timeout=15,
            )

    def action_home(self) -> None:
        self.post_message(HomeRequested())

    def action_quit(self) -> None:
        self.app.exit()
