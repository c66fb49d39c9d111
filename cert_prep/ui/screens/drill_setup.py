"""Choose a drill from the home screen: domains, tags and how many questions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Input, SelectionList, Static

from cert_prep.bank.loader import ExamBank
from cert_prep.engine import DEFAULT_DRILL_COUNT
from cert_prep.errors import UserError
from cert_prep.ui.screens.dialog import Dialog
from cert_prep.ui.widgets.marked import MarkedSelectionList


@dataclass(frozen=True)
class DrillChoice:
    domains: list[str]
    tags: list[str]
    count: int
    plan: Any = None  # the DrillPlan `planner` made of it, when one was given


class DrillSetupModal(Dialog[DrillChoice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start the drill", id="drill-setup.start"),
        Binding("escape", "cancel", "Cancel", id="drill-setup.cancel"),
    ]

    def __init__(self, bank: ExamBank, planner: Callable[[DrillChoice], Any] | None = None):
        """`planner` turns a choice into a drill; if it refuses (no question matches, an
        unknown tag), the dialog stays open with the choices kept and says why."""
        super().__init__()
        self.bank = bank
        self.planner = planner

    DIALOG_CLASSES = "wide"
    SCROLLS = True  # under 34 rows the form is taller than the screen: Tab scrolls to a field
    SHORT_SCREEN = 34  # below it the domain list shows fewer rows, so more of the form fits

    def compose_body(self) -> ComposeResult:
        available = {d: len(items) for d, items in self.bank.by_domain().items()}
        yield Static(Text("Drill: ") + Text(self.bank.blueprint.name), classes="dialog-title")
        yield Static(
            "Domains (space toggles; none chosen means every domain):", classes="dialog-text"
        )
        yield MarkedSelectionList(
            *(
                (Text(f"{d.name} ({available.get(d.id, 0)})"), d.id)
                for d in self.bank.blueprint.domains
            ),
            id="drill-domains",
        )
        yield Static("Tags (optional, separated by spaces or commas):", classes="dialog-text")
        yield Input(placeholder="for example: debridement modifiers", id="drill-tags")
        yield Static("How many questions:", classes="dialog-text")
        yield Input(str(DEFAULT_DRILL_COUNT), id="drill-count", type="integer")
        yield Static("", id="drill-problem", classes="dialog-text")

    def buttons(self) -> Iterable[Button]:
        yield Button("Start (Ctrl+S)", id="start", variant="primary")
        yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()
        self._fit(self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(self.app.size.height)

    def _fit(self, rows: int) -> None:
        self.query_one(SelectionList).styles.max_height = 12 if rows >= self.SHORT_SCREEN else 6

    def action_start(self) -> None:
        domains = list(self.query_one(SelectionList).selected)
        tags = self.query_one("#drill-tags", Input).value.replace(",", " ").split()
        try:
            count = int(self.query_one("#drill-count", Input).value or DEFAULT_DRILL_COUNT)
        except ValueError:
            count = 0
        if count < 1:
            self.show_problem("How many questions: a whole number, at least 1.")
            return
        choice = DrillChoice(domains, tags, count)
        if self.planner is not None:
            try:
                choice = DrillChoice(domains, tags, count, self.planner(choice))
            except UserError as exc:
                self.show_problem(exc.message[:1].upper() + exc.message[1:] + ".")
                return
        self.dismiss(choice)

    def show_problem(self, message: str) -> None:
        """Why the drill cannot start; every choice made stays as it is."""
        self.query_one("#drill-problem", Static).update(Text(message, style="bold yellow"))
        self.app.notify(message, severity="warning", markup=False)

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
