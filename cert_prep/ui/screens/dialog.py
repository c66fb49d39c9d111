"""The frame every modal shares: a `dialog` box over the screen below, a body, a row of
buttons if the dialog has any, and the key footer. Subclasses compose only what differs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button

from cert_prep.ui.widgets.key_footer import KeyFooter

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    DIALOG_CLASSES: ClassVar[str] = ""  # "wide" for lists and forms
    DIALOG_ID: ClassVar[str | None] = None
    SCROLLS: ClassVar[bool] = False  # a form taller than 80x24 leaves: it scrolls, never cut
    # A modal hides the app's keys from Textual (only priority ones pass): the help key
    # is bound again here, so `?` and F1 work over every dialog.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "app.help", "Keys", id="dialog.help"),
    ]

    def compose(self) -> ComposeResult:
        box = VerticalScroll if self.SCROLLS else Vertical
        with box(classes=f"dialog {self.DIALOG_CLASSES}".strip(), id=self.DIALOG_ID):
            yield from self.compose_body()
            buttons = list(self.buttons())
            if buttons:
                with Horizontal(classes="dialog-buttons"):
                    yield from buttons
        # Always: without it the screen below shows its footer, keys that do nothing here.
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        """What the dialog says and asks, above its buttons."""
        yield from ()

    def buttons(self) -> Iterable[Button]:
        """The dialog's buttons, left to right (none: no button row)."""
        return ()
