"""The question map: every question marked answered, unanswered or flagged; Enter jumps."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cert_prep.engine.session import Session
from cert_prep.ui.widgets.key_footer import KeyFooter


def map_line(session: Session, index: int) -> Text:
    entry = session.entries[index]
    domain = session.blueprint.domain(entry.domain)
    state = ("Answered", "green") if entry.answered else ("Unanswered", "yellow")
    line = Text.assemble(
        (f"{index + 1:>4}  ", "bold"),
        (f"{state[0]:<11}", state[1]),
        ("⚑ Flagged " if entry.flagged else "          ", "bold magenta"),
        " ",
    )
    line.append_text(Text(domain.name if domain else entry.domain, style="dim"))
    return line


class QuestionMapScreen(ModalScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,g", "close", "Back", id="map.close"),
    ]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        session = self.session
        with Vertical(classes="dialog wide"):
            yield Static("Question map", classes="dialog-title")
            yield Static(
                f"Answered {session.answered_count} · "
                f"Unanswered {session.count - session.answered_count} · "
                f"Flagged {session.flagged_count}.  Enter goes to the highlighted question.",
                classes="dialog-text",
            )
            yield OptionList(
                *(Option(map_line(session, i), id=str(i)) for i in range(session.count)),
                id="map-list",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.session.index
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))

    def action_close(self) -> None:
        self.dismiss(None)
