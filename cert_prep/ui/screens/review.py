"""Review mode: all, incorrect or flagged questions, with the answer, key and rationale."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import Static

from cert_prep.engine.attempt_result import answered_incorrect, unanswered
from cert_prep.engine.session import AttemptResult
from cert_prep.ui.bindings import scroll_bindings
from cert_prep.ui.screens.base import CertPrepScreen
from cert_prep.ui.widgets.key_footer import KeyFooter
from cert_prep.ui.widgets.question_view import QuestionView
from cert_prep.ui.widgets.status_bar import StatusBar

FILTERS = {
    "all": "all questions",
    "incorrect": "incorrect answers only (unanswered: u)",
    "unanswered": "unanswered only",
    "flagged": "flagged only",
}
PRETEST = "Pretest, not scored"


class ReviewScreen(CertPrepScreen):
    AUTO_FOCUS = ""  # keys go to the screen (None would fall back to the app's "*")

    BINDINGS: ClassVar[list[BindingType]] = [
        *scroll_bindings("review"),
        Binding("n,right", "step(1)", "Next", id="review.next"),
        Binding("p,left", "step(-1)", "Previous", id="review.previous"),
        Binding("a", "show('all')", "All", id="review.all"),
        Binding("i", "show('incorrect')", "Incorrect", id="review.incorrect"),
        Binding("u", "show('unanswered')", "Unanswered", id="review.unanswered"),
        Binding("f", "show('flagged')", "Flagged", id="review.flagged"),
        Binding("escape", "close", "Back", id="review.close"),
    ]

    which: reactive[str] = reactive("all", init=False)
    cursor: reactive[int] = reactive(0, init=False)

    def __init__(self, result: AttemptResult):
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        yield StatusBar(self.result.blueprint.name, timed=False, id="status")
        yield Static("", id="review-filter")
        yield QuestionView(blink=False, id="question")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_current()
        # Code feedback reads the book (after submission only); opened off the UI thread.
        self.cert_app.warm_book(self._book_ready)

    def picks(self) -> list[int]:
        if self.which == "incorrect":  # wrong answers; unanswered ones have their own filter
            return answered_incorrect(self.result)
        if self.which == "unanswered":
            return unanswered(self.result)
        if self.which == "flagged":
            return self.result.flagged()
        return list(range(len(self.result.entries)))

    def _book_ready(self) -> None:
        if self.is_attached:
            self.show_current()

    def show_current(self) -> None:
        picks = self.picks()
        view = self.query_one(QuestionView)
        bar = self.query_one(StatusBar)
        label = self.query_one("#review-filter", Static)
        view.display = bool(picks)
        if not picks:
            label.update(
                f"Review: {FILTERS[self.which]}. There are none. Press a for all questions."
            )
            bar.show_counts("")
            return
        index = picks[min(self.cursor, len(picks) - 1)]
        entry = self.result.entries[index]
        pretest = set(self.result.pretest)
        # Pretest items stay in the lists, said so: the count matches the score otherwise.
        unscored = sum(1 for i in picks if i in pretest)
        among = f"; {unscored} of them {PRETEST.lower()}" if unscored else ""
        label.update(
            f"Review: {FILTERS[self.which]} ({min(self.cursor, len(picks) - 1) + 1} "
            f"of {len(picks)}{among}). Press a, i, u or f to change."
        )
        bar.show_position(index + 1, len(self.result.entries))
        verdict = "Correct" if entry.correct else ("Incorrect" if entry.answered else "Unanswered")
        flag = "  ⚑ flagged" if entry.flagged else ""
        if index in pretest:
            bar.show_counts(f"{verdict} · {PRETEST}{flag}", f"{PRETEST}{flag}")
        else:
            bar.show_counts(verdict + flag)
        chosen = set([entry.response] if isinstance(entry.response, str) else [])
        if isinstance(entry.response, list) and entry.kind != "code":
            chosen = set(entry.response)
        view.show(entry, chosen=chosen, reveal=True)

    def watch_which(self) -> None:
        self.cursor = 0
        self.show_current()

    def watch_cursor(self) -> None:
        self.show_current()

    def action_step(self, delta: int) -> None:
        picks = self.picks()
        self.cursor = max(0, min(len(picks) - 1, self.cursor + delta)) if picks else 0

    def action_show(self, which: str) -> None:
        self.which = which

    def action_close(self) -> None:
        self.app.pop_screen()
