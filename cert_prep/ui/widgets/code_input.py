"""The code box of code items: Enter saves (Input.Submitted), Escape leaves without saving."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class CodeInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Save codes", id="codes.save"),
        Binding("escape", "abandon", "Leave without saving", id="codes.leave"),
    ]

    class Abandoned(Message):
        """The student left the box without saving; the saved codes stand."""

    def __init__(self, *, blink: bool = True, id: str | None = None):
        super().__init__(placeholder="Codes, separated by spaces or commas", id=id)
        self.cursor_blink = blink

    def action_abandon(self) -> None:
        self.post_message(self.Abandoned())
