"""Set or clear the day of the real exam from the progress screen (`d`), as
`cert-prep exam-date` does: a student in the browser has no command line."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Input, Static

from cert_prep.errors import UserError
from cert_prep.study.exam_date import parse_exam_date
from cert_prep.ui.screens.dialog import Dialog

# What the dialog gives back: a day to set, CLEAR to clear it, None to leave it as it was.
CLEAR = "clear"
ExamDateChoice = date | str | None


class ExamDateModal(Dialog[ExamDateChoice]):
    DIALOG_ID = "exam-date-dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="exam-date.cancel"),
        # priority: the text box would take Ctrl+D (delete right) first
        Binding("ctrl+d", "clear", "Clear the date", id="exam-date.clear", priority=True),
    ]

    def __init__(self, certification: str, current: date | None, today: date):
        super().__init__()
        # The certification, not the bank's name: that names the mock ("CCS mock exam").
        self._certification = certification
        self._current = current
        self._today = today

    def compose_body(self) -> ComposeResult:
        now = f" (now {self._current.isoformat()})" if self._current else ""
        yield Static(
            f"The day you sit the real {self._certification} exam{now}: drills then aim for "
            "what you will remember on that day, and the plan spreads the work to it. Type it as "
            "YYYY-MM-DD and press Enter (empty it, or Ctrl+D, to clear the date).",
            classes="dialog-text",
            markup=False,
        )
        yield Input(
            value=self._current.isoformat() if self._current else "",
            placeholder="YYYY-MM-DD",
            id="exam-date-input",
            max_length=10,
        )
        yield Static("", id="exam-date-problem", classes="dialog-text", markup=False)

    def buttons(self) -> Iterable[Button]:
        yield Button("Set (Enter)", id="set", variant="primary")
        if self._current is not None:
            yield Button("Clear (Ctrl+D)", id="clear", variant="warning")
        yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._set(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "set":
            self._set(self.query_one(Input).value)
        elif event.button.id == "clear":
            self.action_clear()
        else:
            self.action_cancel()

    def _set(self, text: str) -> None:
        if not text.strip():  # emptied: the date is cleared (or nothing was set)
            self.action_clear()
            return
        try:
            day = parse_exam_date(text.strip(), self._today)
        except UserError as exc:  # said in the dialog, which stays open to fix it
            self.query_one("#exam-date-problem", Static).update(
                exc.message[:1].upper() + exc.message[1:] + "."
            )
            return
        self.dismiss(day)

    def action_clear(self) -> None:
        self.dismiss(CLEAR if self._current is not None else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
