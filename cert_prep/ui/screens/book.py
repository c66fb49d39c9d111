"""The code book as a panel over the question: search, results, an entry, references.

Opened with `/` (outside a code box) or F2 (anywhere) from exams and drills. It holds no
state that matters: closing it returns to the question exactly as it was, and in a mock
exam the clock keeps running underneath (the exam screen's timer is not paused). Book
text is data: it is shown through `rich.text.Text`, never parsed as markup.

Keys: type words and Enter to search; Down/Up and Enter pick a result; an entry opens
with the first code it refers to (or the first code under it) highlighted, and Enter
follows it; Backspace (outside the search box) or Escape goes back one step (to the
entry before, then to the results); Escape with nothing to go back to closes the book,
so a code typed and opened straight away closes with one Escape. The footer names what
Escape will do ("Back", "Back to results" or "Close"). On a short terminal the scope
line and the key hint give way to the lists (the footer still names Escape and F2).

The book may still be opening (the exam screens start it in the background): what is
typed meanwhile stays in the box, and an Enter pressed meanwhile runs once it is open.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from cert_prep.book import BOOK_SCOPE
from cert_prep.book.book import Book, BookError, Entry, references
from cert_prep.ui.screens.dialog import Dialog

SEARCH_LIMIT = 40
# What Escape does, as the footer names it.
ESCAPE_CLOSES = "Close"
ESCAPE_TO_RESULTS = "Back to results"
ESCAPE_TO_ENTRY = "Back"
OPENING = "Opening the code book..."
# Terminal heights below which the panel drops chrome, least useful first.
SHORT_HEIGHT = 24  # the scope line goes (the footer and the hint stay)
TINY_HEIGHT = 18  # the hint line and the panel's blank rows go too
REFS_ROWS = 8  # the most rows the list under an entry takes, borders included
ENTRY_ROWS = 3  # the fewest rows left to the entry's text


def entry_text(entry: Entry) -> Text:
    """The entry as the tabular list reads, as plain styled text (never markup)."""
    out = Text()
    out.append(f"{entry.code}  ", style="bold")
    out.append(entry.title, style="bold")
    out.append(f"\n({entry.state})", style="italic")
    if entry.chapter:
        out.append(f"\nChapter {entry.chapter.id}: {entry.chapter.title}")
    if entry.block and entry.block.id != entry.code:
        out.append(f"\nBlock {entry.block.id}: {entry.block.title}")
    for name, items in entry.sections():
        if items:
            out.append(f"\n{name}:", style="bold")
            for item in items:
                out.append(f"\n  {item}")
    if entry.seventh_characters:
        out.append("\n7th characters:", style="bold")
        for key, meaning in entry.seventh_characters.items():
            out.append(f"\n  {key}  {meaning}")
    return out  # the codes under it are in the list below the entry, to open


def note_references(entry: Entry) -> list[str]:
    """Codes an entry's notes point at, in order, to follow with Enter."""
    found: list[str] = []
    for items in (
        entry.excludes1,
        entry.excludes2,
        entry.code_first,
        entry.use_additional,
        entry.code_also,
        entry.notes,
        entry.includes,
    ):
        for text in items:
            for code in references(text):
                if code not in found and code != entry.code:
                    found.append(code)
    return found


class BookScreen(Dialog[None]):
    """The book over the current screen; `open_book` gives the (cached) Book."""

    DIALOG_CLASSES = "wide"
    DIALOG_ID = "book-panel"
    # Rules that depend on the terminal's height (-short, -tiny: see on_resize) and on an
    # entry being read (-entry: the scope line is about searching, its rows go to the
    # entry); naming the screen makes them more specific than app.tcss's #book-* rules.
    CSS = """
    BookScreen #book-results { min-height: 4; }
    BookScreen #book-entry-scroll { min-height: 3; }
    BookScreen.-short #book-scope { display: none; }
    BookScreen.-entry #book-scope { display: none; }
    BookScreen.-tiny #book-hint { display: none; }
    BookScreen.-tiny #book-panel { padding: 0 1; }
    BookScreen.-tiny #book-search { height: 1; border: none; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", ESCAPE_CLOSES, id="book.back"),
        Binding("backspace", "back_outside_input", "Back", show=False, id="book.backspace"),
        Binding("f2", "close", "Close book", key_display="F2", id="book.close"),
    ]

    def __init__(self, open_book: Callable[[], Book]):
        super().__init__()
        self._open_book = open_book
        self._book: Book | None = None
        self._history: list[str] = []  # codes viewed, newest last
        self._results: list[Any] = []  # the results listed (empty: none to go back to)
        self._pending: str | None = None  # Enter pressed while the book was opening

    def compose_body(self) -> ComposeResult:
        yield Static(Text(f"Code book: {BOOK_SCOPE}", style="italic"), id="book-scope")
        yield Input(
            placeholder="Search words (fracture femur neck) or a code (E11.22)",
            id="book-search",
            max_length=200,
        )
        yield OptionList(id="book-results")
        with VerticalScroll(id="book-entry-scroll"):
            yield Static("", id="book-entry")
        yield OptionList(id="book-refs")
        yield Static(Text("Enter: search / open   Tab: next list"), id="book-hint")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")
        self.set_class(event.size.height < TINY_HEIGHT, "-tiny")
        self.call_after_refresh(self._fit_refs)

    def _fit_refs(self) -> None:
        """Cap the list under an entry so the entry keeps ENTRY_ROWS and nothing below the
        list is pushed out of the panel (the list scrolls instead)."""
        panel = self.query_one("#book-panel")
        lists = {"book-results", "book-entry-scroll", "book-refs"}
        fixed = sum(w.outer_size.height for w in panel.children if w.display and w.id not in lists)
        room = panel.content_size.height - fixed - ENTRY_ROWS
        self.query_one("#book-refs").styles.max_height = max(3, min(REFS_ROWS, room))

    def on_mount(self) -> None:
        self.query_one("#book-refs", OptionList).display = False
        self.query_one("#book-entry-scroll").display = False
        self.query_one("#book-search", Input).focus()
        self._load()

    @work(thread=True, exclusive=True, group="book-open")
    def _load(self) -> None:
        # Milliseconds once the exam screen has opened it; the first build takes seconds.
        self.app.call_from_thread(self._status, OPENING)
        try:
            book = self._open_book()
        except BookError as exc:
            self.app.call_from_thread(self._status, exc.message)
            return
        self.app.call_from_thread(self._ready, book)

    def _ready(self, book: Book) -> None:
        self._book = book
        self._status("Type words or a code, then Enter.")
        pending, self._pending = self._pending, None
        if pending is not None:
            self._run(pending)

    def _status(self, text: str) -> None:
        results = self.query_one("#book-results", OptionList)
        results.clear_options()
        results.add_option(Option(Text(text), disabled=True))
        self._results = []
        self._show_results()  # an entry on screen would hide it

    # ---- searching ----

    @on(Input.Submitted, "#book-search")
    def search(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if not query:
            return
        if self._book is None:
            self._pending = query  # runs when the book is open: the Enter is not lost
            self._status(f"{OPENING} Your search runs when it is open.")
            return
        self._run(query)

    def _run(self, query: str) -> None:
        """Open the entry of a code, or list what the words find."""
        if self._book is None:
            return
        row = self._book.row(query) if len(query) <= 10 else None
        if row is not None:
            self.show_entry(row.code)
            return
        if self._book.other_code_set(query) is not None:
            self._status(self._book.unknown_message(query))  # a CPT, HCPCS or PCS code
            return
        try:
            found = self._book.search(query, SEARCH_LIMIT)
        except BookError as exc:
            self._status(exc.message)
            return
        if not found:
            self._status("No entry holds every word; try fewer or shorter words.")
            return
        results = self.query_one("#book-results", OptionList)
        results.clear_options()
        for hit in found:
            label = Text(f"{hit.code:<9}{' ' if hit.billable else '-'} {hit.title}")
            if hit.matched != hit.title:
                label.append(f"  [{hit.matched}]", style="italic")
            results.add_option(Option(label, id=hit.code))
        self._results = found
        self._history = []  # a new list: Escape from its entries comes back to it
        self._show_results()
        results.focus()
        results.highlighted = 0

    @on(OptionList.OptionSelected, "#book-results")
    def open_result(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.show_entry(event.option.id)

    @on(OptionList.OptionSelected, "#book-refs")
    def follow(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.show_entry(event.option.id)

    # ---- entries ----

    def show_entry(self, code: str, remember: bool = True) -> None:
        if self._book is None:
            return
        try:
            entry = self._book.entry(code)
        except BookError as exc:
            self.app.notify(exc.message, severity="warning", markup=False)
            return
        if remember:
            self._history.append(entry.code)
        self.query_one("#book-entry", Static).update(entry_text(entry))
        refs = self.query_one("#book-refs", OptionList)
        refs.clear_options()
        for ref in note_references(entry):
            title = self._book.title(ref) or ""
            refs.add_option(Option(Text(f"→ {ref}  {title}"), id=ref))
        if entry.children:
            refs.add_option(Option(Text("Codes under it:", style="bold"), disabled=True))
        for child in entry.children:
            mark = " " if child.billable else "-"
            refs.add_option(Option(Text(f"  {child.code:<9}{mark} {child.title}"), id=child.code))
        refs.display = refs.option_count > 0
        self.query_one("#book-results").display = False
        self._reading(True)
        scroll = self.query_one("#book-entry-scroll", VerticalScroll)
        scroll.display = True
        scroll.scroll_home(animate=False)
        self._name_escape()
        if refs.option_count:
            refs.focus()
            # Enter follows the first code at once, as in the search results.
            refs.highlighted = next(
                i for i in range(refs.option_count) if not refs.get_option_at_index(i).disabled
            )
        else:
            scroll.focus()

    def _reading(self, entry: bool) -> None:
        """An entry on screen (or the search and its results): the rows follow."""
        self.set_class(entry, "-entry")
        self.call_after_refresh(self._fit_refs)

    def _show_results(self) -> None:
        self._reading(False)
        self.query_one("#book-results").display = True
        self.query_one("#book-entry-scroll").display = False
        self.query_one("#book-refs").display = False
        self._name_escape()

    def escape_does(self) -> str:
        """What Escape does now, as the footer says it."""
        if len(self._history) > 1:
            return ESCAPE_TO_ENTRY
        if self._history and self._results:
            return ESCAPE_TO_RESULTS
        return ESCAPE_CLOSES  # an entry opened straight from a code: nothing under it

    def _name_escape(self) -> None:
        described = self.escape_does()
        bindings = self._bindings.key_to_bindings
        current = bindings.get("escape", [])
        if current and current[0].description != described:
            bindings["escape"] = [dataclasses.replace(current[0], description=described)]
            self.refresh_bindings()

    # ---- leaving ----

    def action_back(self) -> None:
        if self.escape_does() == ESCAPE_CLOSES:
            self.dismiss(None)
            return
        self._history.pop()
        if self._history:
            self.show_entry(self._history[-1], remember=False)
            return
        self._show_results()
        self.query_one("#book-search", Input).focus()

    def action_back_outside_input(self) -> None:
        if isinstance(self.focused, Input):
            return  # Backspace edits the search words
        self.action_back()

    def action_close(self) -> None:
        self.dismiss(None)
