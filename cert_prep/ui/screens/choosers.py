"""Pick one of several: which unfinished attempt to resume, and a practice exam's options."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from cert_prep.engine.assembly import ExamOptions, practice_size
from cert_prep.errors import UserError
from cert_prep.ui.screens.dialog import Dialog
from cert_prep.ui.widgets.marked import MarkedCheckbox


class ResumeChooserModal(Dialog[int | None]):
    """Several attempts are unfinished: the student picks one (its id) or cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="resume-chooser.cancel"),
    ]

    DIALOG_CLASSES = "wide"

    def __init__(self, choices: list[tuple[int, str]]):
        super().__init__()
        self.choices = choices

    def compose_body(self) -> ComposeResult:
        yield Static(
            "Several attempts are unfinished. Which one do you want to resume?",
            classes="dialog-title",
        )
        # Descriptions hold exam ids and dates only, but stay data: never markup.
        yield OptionList(
            *(Option(Text(line), id=str(attempt_id)) for attempt_id, line in self.choices),
            id="resume-choices",
        )
        command_line = (
            ""
            if self.app.is_web
            else " `cert-prep resume --attempt N` does the same from the command line."
        )
        yield Static(
            f"Enter resumes the highlighted one; Esc cancels.{command_line}",
            classes="dialog-text",
        )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0) or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExamOptionsModal(Dialog[ExamOptions | None]):
    """Any exam the command line can start: a shorter practice exam (questions, minutes),
    pausable, shuffled choices. Empty fields mean the full exam's length and time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start", id="exam-options.start"),
        Binding("escape", "cancel", "Cancel", id="exam-options.cancel"),
    ]

    def __init__(self, name: str, questions: int, minutes: int, seed: Callable[[], int]):
        super().__init__()
        self.exam_name, self.full_questions, self.full_minutes = name, questions, minutes
        self.seed = seed

    DIALOG_CLASSES = "wide"
    SCROLLS = True  # at 80x24 the form is taller than the terminal

    def compose_body(self) -> ComposeResult:
        yield Static(Text("Exam options: ") + Text(self.exam_name), classes="dialog-title")
        yield Static(
            f"Questions (empty: all {self.full_questions}; fewer is a practice "
            "exam with the same domain mix):"
        )
        yield Input(placeholder=str(self.full_questions), id="exam-questions", type="integer")
        yield Static(f"Minutes (empty: the full exam's pace, {self.full_minutes} for all):")
        yield Input(placeholder="same pace", id="exam-minutes", type="integer")
        yield MarkedCheckbox(
            "Pausable: the clock stops while cert-prep is closed", id="exam-pausable"
        )
        yield MarkedCheckbox("Shuffle each question's choices", id="exam-shuffle")
        yield MarkedCheckbox("Closed book: the built-in code book is off", id="exam-closed-book")
        yield Static("", id="exam-options-problem")

    def buttons(self) -> Iterable[Button]:
        yield Button("Start (Ctrl+S)", id="start", variant="primary")
        yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#exam-questions", Input).focus()

    def _number(self, widget_id: str) -> int | None:
        text = self.query_one(widget_id, Input).value.strip()
        return int(text) if text.isdigit() else None

    def options(self) -> ExamOptions:
        """The options typed; UserError (with the reason) if they do not make an exam."""
        questions, minutes = self._number("#exam-questions"), self._number("#exam-minutes")
        for widget_id, value in (("#exam-questions", questions), ("#exam-minutes", minutes)):
            if value is None and self.query_one(widget_id, Input).value.strip():
                raise UserError("questions and minutes are whole numbers")
        practice_size(self.full_questions, self.full_minutes, questions, minutes)
        return ExamOptions(
            seed=self.seed(),
            questions=questions,
            minutes=minutes,
            shuffle=self.query_one("#exam-shuffle", MarkedCheckbox).value,
            pausable=self.query_one("#exam-pausable", MarkedCheckbox).value,
            closed_book=self.query_one("#exam-closed-book", MarkedCheckbox).value,
        )

    def action_start(self) -> None:
        try:
            options = self.options()
        except UserError as exc:
            message = exc.message.replace("--questions", "Questions").replace(
                "--minutes", "Minutes"
            )
            message = message[:1].upper() + message[1:] + "."
            self.query_one("#exam-options-problem", Static).update(
                Text(message, style="bold yellow")
            )
            self.app.notify(message, severity="warning", markup=False)
            return
        self.dismiss(options)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        else:
            self.dismiss(None)
