"""Typed confirmations: ConfirmModal -> bool; ResumeOrDiscardModal -> resume, discard or None."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Static

from cert_prep.ui.screens.dialog import Dialog


class ConfirmModal(Dialog[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str | Text, yes: str = "Yes", no: str = "No"):
        super().__init__()
        self._question = Text(question) if isinstance(question, str) else question
        self._yes, self._no = yes, no

    def compose_body(self) -> ComposeResult:
        yield Static(self._question, classes="dialog-text")

    def buttons(self) -> Iterable[Button]:
        yield Button(f"{self._yes} (y)", id="yes", variant="warning")
        yield Button(f"{self._no} (n)", id="no")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


ResumeChoice = Literal["resume", "discard"] | None


class ResumeOrDiscardModal(Dialog[ResumeChoice]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('resume')", "Resume", id="unfinished.resume"),
        Binding("d", "choose('discard')", "Discard", id="unfinished.discard"),
        Binding("escape", "choose(None)", "Cancel", id="unfinished.cancel"),
    ]

    def __init__(self, description: Text):
        super().__init__()
        self._description = description

    def compose_body(self) -> ComposeResult:
        yield Static(self._description, classes="dialog-text")

    def buttons(self) -> Iterable[Button]:
        yield Button("Resume (r)", id="resume", variant="primary")
        yield Button("Discard (d)", id="discard", variant="error")
        yield Button("Cancel (Esc)", id="cancel")

    def action_choose(self, choice: ResumeChoice) -> None:
        self.dismiss(choice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choices: dict[str | None, ResumeChoice] = {"resume": "resume", "discard": "discard"}
        self.dismiss(choices.get(event.button.id))


class SaveCodesModal(Dialog[bool | None]):
    """Leaving the code box with unsaved text: True saves, False discards, None types on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Save", id="save-codes.yes"),
        Binding("n", "answer(False)", "Discard", id="save-codes.no"),
        Binding("escape", "answer(None)", "Back to typing", id="save-codes.back"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("Save the codes you typed?", classes="dialog-text")

    def buttons(self) -> Iterable[Button]:
        yield Button("Save (y)", id="yes", variant="primary")
        yield Button("Discard (n)", id="no")
        yield Button("Back to typing (Esc)", id="back")

    def action_answer(self, answer: bool | None) -> None:
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss({"yes": True, "no": False}.get(event.button.id or ""))


class NoticeModal(Dialog[None]):
    """Something the student must see before going on (an exam moved to another window):
    every key but Enter and Escape is held, so keys meant for the exam do not act on the
    screen below."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "close", "OK", id="notice.ok"),
    ]

    def __init__(self, text: str):
        super().__init__()
        self._text = Text(text)

    def compose_body(self) -> ComposeResult:
        yield Static(self._text, classes="dialog-text")

    def buttons(self) -> Iterable[Button]:
        yield Button("OK (Enter)", id="ok", variant="primary")

    def action_close(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)
