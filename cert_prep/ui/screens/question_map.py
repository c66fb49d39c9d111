"""The question map: a grid of question numbers, each marked answered, unanswered or
flagged by a symbol and a colour (never colour alone); filters; jump by typing a number.

Keys: arrows move, Enter goes to the highlighted question, digits then Enter go to that
number, `a`/`u`/`f` show all/unanswered/flagged, Escape or `g` closes.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from cert_prep.engine.domain_names import domain_name
from cert_prep.engine.session import Session
from cert_prep.ui.screens.dialog import Dialog
from cert_prep.ui.text import Hanging

CELL = 8  # "  107✓⚑ " fits
ANSWERED, UNANSWERED, FLAG = "✓", "○", "⚑"
FILTERS = {"all": "all", "unanswered": "unanswered", "flagged": "flagged"}


def map_line(session: Session, index: int) -> Hanging:
    """One question as a list line (review before submitting). A long domain name wraps
    under itself, not under the question number."""
    entry = session.entries[index]
    state = (
        (f"{ANSWERED} Answered", "green")
        if entry.answered
        else (f"{UNANSWERED} Unanswered", "yellow")
    )
    label = Text.assemble(
        (f"{index + 1:>4}  ", "bold"),
        (f"{state[0]:<13}", state[1]),
        (f"{FLAG} Flagged " if entry.flagged else "          ", "bold magenta"),
        " ",
    )
    domain = Text(domain_name(session.blueprint, entry.domain), style="dim")
    return Hanging([(label, domain)], gap=0)


def cell(session: Session, index: int, *, current: bool) -> Text:
    entry = session.entries[index]
    mark, colour = (ANSWERED, "green") if entry.answered else (UNANSWERED, "yellow")
    out = Text(f"{index + 1:>5}", style=f"bold {colour}")
    out.append(mark, style=colour)
    out.append(FLAG if entry.flagged else " ", style="bold magenta")
    out.append(" ")
    if current:
        out.stylize("reverse")
    return out


class MapGrid(Widget, can_focus=True):
    """The numbers in rows as wide as the dialog allows."""

    DEFAULT_CSS = "MapGrid { height: auto; }"

    cursor: reactive[int] = reactive(0)
    shown: reactive[tuple[int, ...]] = reactive((), always_update=True)

    def __init__(self, session: Session, id: str | None = None):
        super().__init__(id=id)
        self.session = session

    @property
    def per_row(self) -> int:
        return max(1, self.size.width // CELL)

    def render(self) -> Text:
        if not self.shown:
            return Text("No questions match this filter. Press a for all.", style="italic")
        out = Text(no_wrap=True)
        for i, index in enumerate(self.shown):
            if i and i % self.per_row == 0:
                out.append("\n")
            out.append_text(cell(self.session, index, current=i == self.cursor))
        return out

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        per_row = max(1, width // CELL)
        return max(1, -(-len(self.shown) // per_row))

    def move(self, delta: int) -> None:
        if self.shown:
            self.cursor = max(0, min(len(self.shown) - 1, self.cursor + delta))

    def watch_cursor(self) -> None:
        self.scroll_to_cursor()

    def on_resize(self) -> None:
        self.scroll_to_cursor()  # the first layout too: the cursor starts off screen

    def scroll_to_cursor(self) -> None:
        if isinstance(self.parent, Widget) and self.size.width:
            row = self.cursor // self.per_row
            self.parent.scroll_to_region(Region(0, row, 1, 1), animate=False, immediate=True)

    def place_cursor(self, question: int) -> None:
        """On `question` if shown, else on the next shown after it (else the last)."""
        self.cursor = min(bisect_left(self.shown, question), max(0, len(self.shown) - 1))
        self.call_after_refresh(self.scroll_to_cursor)  # once the new rows are laid out

    def on_click(self, event: events.Click) -> None:
        i = event.y * self.per_row + event.x // CELL
        if 0 <= i < len(self.shown) and event.x // CELL < self.per_row:
            self.cursor = i
            screen = self.screen
            if isinstance(screen, QuestionMapScreen):
                screen.action_go()


class MapScroll(VerticalScroll, inherit_bindings=False, can_focus=False):
    """Scrolls the grid to its cursor only: the arrows are the map's, to move the cursor."""

    def on_resize(self) -> None:
        # Sized after the grid (the screen sets its max height): the cursor in view again.
        self.query_one(MapGrid).scroll_to_cursor()


class QuestionMapScreen(Dialog[int | None]):
    DIALOG_CLASSES = "wide"
    DIALOG_ID = "map"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "go", "Go to", id="map.go"),
        Binding("a", "filter('all')", "All", id="map.all"),
        Binding("u", "filter('unanswered')", "Unanswered", id="map.unanswered"),
        Binding("f", "filter('flagged')", "Flagged", id="map.flagged"),
        Binding("escape,g", "close", "Back", id="map.close"),
        Binding("right", "move(1)", "Right", show=False, id="map.right"),
        Binding("left", "move(-1)", "Left", show=False, id="map.left"),
        Binding("down", "move_rows(1)", "Down", show=False, id="map.down"),
        Binding("up", "move_rows(-1)", "Up", show=False, id="map.up"),
        Binding("backspace", "typed_back", "Delete a digit", show=False, id="map.backspace"),
    ]

    which: reactive[str] = reactive("all", init=False)
    typed: reactive[str] = reactive("", init=False)

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    def compose_body(self) -> ComposeResult:
        yield Static("Question map", classes="dialog-title")
        yield Static(self._legend(), id="map-legend")
        with MapScroll(id="map-scroll"):
            yield MapGrid(self.session, id="map-grid")
        yield Static("", id="map-prompt")

    def _legend(self) -> Text:
        s = self.session
        out = Text.assemble(
            (f"{ANSWERED} answered {s.answered_count}", "green"),
            "  ",
            (f"{UNANSWERED} unanswered {s.count - s.answered_count}", "yellow"),
            "  ",
            (f"{FLAG} flagged {s.flagged_count}", "bold magenta"),
        )
        out.append(f"   Showing: {FILTERS[self.which]}", style="bold")
        return out

    def on_resize(self, event: events.Resize) -> None:
        self._fit_scroll(event.size.height)

    def _fit_scroll(self, height: int) -> None:
        # The grid scrolls in whatever the terminal leaves beside the title, legend,
        # prompt, the dialog's border, the status line above and the footer: the prompt
        # is never cut off.
        self.query_one("#map-scroll").styles.max_height = max(3, height - 9)

    def on_mount(self) -> None:
        self._fit_scroll(self.app.size.height)  # the first layout already scrolls
        grid = self.query_one(MapGrid)
        grid.shown = tuple(range(self.session.count))
        grid.place_cursor(self.session.index)
        grid.focus()
        self._prompt()

    def _picks(self) -> tuple[int, ...]:
        s = self.session
        if self.which == "unanswered":
            return tuple(s.unanswered())
        if self.which == "flagged":
            return tuple(s.flagged())
        return tuple(range(s.count))

    def watch_which(self) -> None:
        grid = self.query_one(MapGrid)
        # Stay on the highlighted question, or the next one the filter keeps.
        highlighted = grid.shown[grid.cursor] if grid.shown else self.session.index
        grid.shown = self._picks()
        grid.place_cursor(highlighted)
        self.query_one("#map-legend", Static).update(self._legend())

    def _prompt(self) -> None:
        text = (
            f"Go to question: {self.typed}_  (Enter goes)"
            if self.typed
            else "Type a number and Enter to go to it; arrows and Enter pick one."
        )
        self.query_one("#map-prompt", Static).update(text)

    def watch_typed(self) -> None:
        self._prompt()

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            event.stop()
            self.typed = (self.typed + event.character)[-4:]

    def action_typed_back(self) -> None:
        self.typed = self.typed[:-1]

    def action_filter(self, which: str) -> None:
        self.typed = ""
        self.which = which

    def action_move(self, delta: int) -> None:
        self.query_one(MapGrid).move(delta)

    def action_move_rows(self, delta: int) -> None:
        grid = self.query_one(MapGrid)
        grid.move(delta * grid.per_row)

    def action_go(self) -> None:
        if self.typed:
            number = int(self.typed)
            if 1 <= number <= self.session.count:
                self.dismiss(number - 1)
            else:
                self.app.notify(
                    f"There are questions 1 to {self.session.count}.",
                    severity="warning",
                    markup=False,
                )
                self.typed = ""
            return
        grid = self.query_one(MapGrid)
        if grid.shown:
            self.dismiss(grid.shown[grid.cursor])

    def action_close(self) -> None:
        self.dismiss(None)
