"""After a drill: `Score: C/T`, skipped questions, per-domain table. `q` quits."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from cert_prep.engine.attempt_result import missed_line
from cert_prep.engine.session import AttemptResult
from cert_prep.ui.bindings import scroll_bindings
from cert_prep.ui.messages import HomeRequested
from cert_prep.ui.screens.base import CertPrepScreen
from cert_prep.ui.screens.review import ReviewScreen
from cert_prep.ui.text import data
from cert_prep.ui.widgets.domain_table import DomainTable
from cert_prep.ui.widgets.key_footer import KeyFooter
from cert_prep.ui.widgets.more_below import HintedScroll, MoreBelow


class DrillSummaryScreen(CertPrepScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *scroll_bindings("drill-summary"),
        Binding("r", "review", "Review answers", id="drill-summary.review"),
        Binding("h,escape", "home", "Home", id="drill-summary.home"),
        Binding("q", "quit", "Quit", id="drill-summary.quit"),
    ]

    def __init__(self, result: AttemptResult):
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        score = self.result.score
        line = f"Score: {score.correct}/{score.total}"
        if score.total:
            line += f" ({score.percent:g}%)"
        details = f"Answered {score.total} of {len(self.result.entries)}"
        if self.result.skipped:
            details += f"; skipped {self.result.skipped}"
        with Vertical(id="drill-summary", classes="card"):
            yield Static(
                Text("Drill finished: ") + data(self.result.blueprint.name), classes="card-title"
            )
            yield Static(Text(line, style="bold"), id="score")
            with HintedScroll(classes="reading") as box:
                yield Static(details + ".", id="details")
                missed = missed_line(self.result)
                if missed:
                    yield Static(data(missed), id="missed")
                yield DomainTable(score, id="domains")
            yield MoreBelow(box)
        yield KeyFooter()

    def action_review(self) -> None:
        self.app.push_screen(ReviewScreen(self.result))

    def action_home(self) -> None:
        self.post_message(HomeRequested())

    def action_quit(self) -> None:
        self.app.exit()
