"""Review before submitting: unanswered and flagged questions with counts; `y` submits."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cert_prep.engine.session import ExamSession
from cert_prep.ui.screens.dialog import Dialog
from cert_prep.ui.screens.question_map import map_line
from cert_prep.ui.text import format_hms

if TYPE_CHECKING:
    from cert_prep.ui.screens.exam import ExamScreen

SubmitChoice = int | str | None  # "submit", a question to go to, or None (back)


class ReviewSubmitScreen(Dialog[SubmitChoice]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "submit", "Submit the exam", id="review-submit.submit"),
        Binding("escape", "back", "Back to the exam", id="review-submit.back"),
    ]

    DIALOG_CLASSES = "wide"
    DIALOG_ID = "review-submit"

    def __init__(self, exam: ExamScreen):
        super().__init__()
        self.exam = exam
        self.session: ExamSession = exam.session

    def compose_body(self) -> ComposeResult:
        session = self.session
        unanswered, flagged = session.unanswered(), session.flagged()
        yield Static("Review before submitting", classes="dialog-title")
        yield Static(
            self._counts(self.exam.seconds_left), id="review-counts", classes="dialog-text"
        )
        # Flagged first: those are the ones the student chose to come back to.
        options: list[Option | None] = []
        if flagged:
            options.append(Option(f"Flagged ({len(flagged)})", disabled=True))
            options += [Option(map_line(session, i), id=f"f{i}") for i in flagged]
        if unanswered:
            options.append(Option(f"Unanswered ({len(unanswered)})", disabled=True))
            options += [Option(map_line(session, i), id=f"u{i}") for i in unanswered]
        if options:
            yield OptionList(*options, id="review-list")
        else:
            yield Static("Every question is answered and none is flagged.", classes="dialog-text")
        yield Static(
            "Press y to submit the exam, or Escape to go back. "
            "Enter goes to the highlighted question.",
            classes="dialog-text",
        )

    def on_resize(self, event: events.Resize) -> None:
        # The list gets what the terminal leaves, so the line saying how to submit shows.
        for options in self.query(OptionList):
            options.styles.max_height = max(3, event.size.height - 11)

    def _counts(self, seconds_left: float) -> str:
        session = self.session
        return (
            f"Answered {session.answered_count} of {session.count}. "
            f"Flagged: {session.flagged_count}. Unanswered: {len(session.unanswered())}. "
            f"Time left {format_hms(seconds_left)}."
        )

    def on_mount(self) -> None:
        for options in self.query(OptionList):
            options.focus()
        # The exam screen's clock ticks on below this dialog: its time is the one shown here,
        # so the two never disagree.
        self.watch(self.exam, "seconds_left", self._show_time, init=False)

    def _show_time(self, seconds_left: float) -> None:
        self.query_one("#review-counts", Static).update(self._counts(seconds_left))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int((event.option.id or "u0")[1:]))

    def action_submit(self) -> None:
        self.dismiss("submit")

    def action_back(self) -> None:
        self.dismiss(None)
