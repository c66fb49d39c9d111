"""Choose a drill from the home screen: domains, tags and how many questions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, SelectionList, Static

from cert_prep.bank.loader import ExamBank
from cert_prep.engine import DEFAULT_DRILL_COUNT


@dataclass(frozen=True)
class DrillChoice:
    domains: list[str]
    tags: list[str]
    count: int


class DrillSetupModal(ModalScreen[DrillChoice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start the drill", id="drill-setup.start"),
        Binding("escape", "cancel", "Cancel", id="drill-setup.cancel"),
    ]

    def __init__(self, bank: ExamBank):
        super().__init__()
        self.bank = bank

    def compose(self) -> ComposeResult:
        available = {d: len(items) for d, items in self.bank.by_domain().items()}
        with Vertical(classes="dialog wide"):
            yield Static(Text("Drill: ") + Text(self.bank.blueprint.name), classes="dialog-title")
            yield Static("Domains (space toggles; none chosen means every domain):",
                         classes="dialog-text")
            yield SelectionList[str](
                *((Text(f"{d.name} ({available.get(d.id, 0)})"), d.id)
                  for d in self.bank.blueprint.domains),
                id="drill-domains",
            )
            yield Static("Tags (optional, separated by spaces or commas):", classes="dialog-text")
            yield Input(placeholder="for example: debridement modifiers", id="drill-tags")
            yield Static("How many questions:", classes="dialog-text")
            yield Input(str(DEFAULT_DRILL_COUNT), id="drill-count", type="integer")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start (Ctrl+S)", id="start", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_start(self) -> None:
        domains = list(self.query_one(SelectionList).selected)
        tags = self.query_one("#drill-tags", Input).value.replace(",", " ").split()
        try:
            count = int(self.query_one("#drill-count", Input).value or DEFAULT_DRILL_COUNT)
        except ValueError:
            count = 0
        if count < 1:
            self.app.notify("How many questions: a whole number, at least 1.",
                            severity="warning", markup=False)
            return
        self.dismiss(DrillChoice(domains, tags, count))

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
