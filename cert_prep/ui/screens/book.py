"""The code book as a panel over the question: search, results, an entry, references.

Opened with `/` (outside a code box) or F2 (anywhere) from exams and drills. It holds no
state that matters: closing it returns to the question exactly as it was, and in a mock
exam the clock keeps running underneath (the exam screen's timer is not paused). Book
text is data: it is shown through `rich.text.Text`, never parsed as markup.

Keys: type words and Enter to search; Down/Up and Enter pick a result; in an entry, Tab
moves to the codes it refers to and Enter follows one; Backspace (outside the search box)
or Escape goes back one step; Escape with nothing to go back to closes the book.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from cert_prep.book import BOOK_SCOPE
from cert_prep.book.book import Book, BookError, Entry, references
from cert_prep.ui.screens.dialog import Dialog

SEARCH_LIMIT = 40


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
    if entry.children:
        out.append("\nCodes under it:", style="bold")
        for child in entry.children:
            mark = " " if child.billable else "-"
            out.append(f"\n  {child.code:<9}{mark} {child.title}")
    return out


def entry_references(entry: Entry) -> list[str]:
    """Codes an entry points at (its notes) and its children, to follow with Enter."""
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
    KEY_FOOTER = False  # its own hint line names the keys; the lists need the room

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back / close", id="book.back"),
        Binding("backspace", "back_outside_input", "Back", show=False, id="book.backspace"),
        Binding("f2", "close", "Close book", id="book.close"),
    ]

    def __init__(self, open_book: Callable[[], Book]):
        super().__init__()
        self._open_book = open_book
        self._book: Book | None = None
        self._history: list[str] = []  # codes viewed, newest last
        self._results: list[Any] = []

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
        yield Static(
            Text("Enter: search / open   Tab: next list   Esc: back/close"), id="book-hint"
        )

    def on_mount(self) -> None:
        self.query_one("#book-refs", OptionList).display = False
        self.query_one("#book-entry-scroll").display = False
        self.query_one("#book-search", Input).focus()
        self._load()

    @work(thread=True, exclusive=True, group="book-open")
    def _load(self) -> None:
        # The first use builds the index (seconds); afterwards this is milliseconds.
        self.app.call_from_thread(self._status, "Opening the code book...")
        try:
            book = self._open_book()
        except BookError as exc:
            self.app.call_from_thread(self._status, exc.message)
            return
        self.app.call_from_thread(self._ready, book)

    def _ready(self, book: Book) -> None:
        self._book = book
        self._status("Type words or a code, then Enter.")

    def _status(self, text: str) -> None:
        results = self.query_one("#book-results", OptionList)
        results.clear_options()
        results.add_option(Option(Text(text), disabled=True))

    # ---- searching ----

    @on(Input.Submitted, "#book-search")
    def search(self, event: Input.Submitted) -> None:
        if self._book is None:
            return
        query = event.value.strip()
        if not query:
            return
        row = self._book.row(query) if len(query) <= 10 else None
        if row is not None:
            self.show_entry(row.code)
            return
        try:
            self._results = self._book.search(query, SEARCH_LIMIT)
        except BookError as exc:
            self._status(exc.message)
            return
        results = self.query_one("#book-results", OptionList)
        results.clear_options()
        if not self._results:
            self._status("No entry holds every word; try fewer or shorter words.")
            return
        for hit in self._results:
            label = Text(f"{hit.code:<9}{' ' if hit.billable else '-'} {hit.title}")
            if hit.matched != hit.title:
                label.append(f"  [{hit.matched}]", style="italic")
            results.add_option(Option(label, id=hit.code))
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
        for ref in entry_references(entry):
            title = self._book.title(ref) or ""
            refs.add_option(Option(Text(f"→ {ref}  {title}"), id=ref))
        refs.display = refs.option_count > 0
        self.query_one("#book-results").display = False
        scroll = self.query_one("#book-entry-scroll", VerticalScroll)
        scroll.display = True
        scroll.scroll_home(animate=False)
        (refs if refs.option_count else scroll).focus()

    def _show_results(self) -> None:
        self.query_one("#book-results").display = True
        self.query_one("#book-entry-scroll").display = False
        self.query_one("#book-refs").display = False

    # ---- leaving ----

    def action_back(self) -> None:
        if self._history:
            self._history.pop()
            if self._history:
                self.show_entry(self._history[-1], remember=False)
                return
            self._show_results()
            self.query_one("#book-search", Input).focus()
            return
        self.dismiss(None)

    def action_back_outside_input(self) -> None:
        if isinstance(self.focused, Input):
            return  # Backspace edits the search words
        self.action_back()

    def action_close(self) -> None:
        self.dismiss(None)
