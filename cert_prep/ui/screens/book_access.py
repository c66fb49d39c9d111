"""Opening the code book from a question: `/` (outside a code box) and F2 (anywhere).

The book is the student's, open in drills and mock exams unless the exam was started
with --closed-book. It opens over the question; the exam's timer keeps running under it,
and closing it gives back the question as it was (typed codes included). `/` inside a
code box is typed (the box eats printable keys); F2 is not printable, so it reaches
the screen from the box too.

The book starts opening (in a worker thread) as soon as the screen does, and already on
an exam's instructions: its first opening builds an index (seconds), which would
otherwise come out of the exam's time at the first lookup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from cert_prep.book import CLOSED_BOOK
from cert_prep.ui.screens.question_screen import QuestionScreen

if TYPE_CHECKING:
    from cert_prep.ui.screens.book import BookScreen

BOOK_BINDING = Binding(
    "slash,f2",
    "open_book",
    "book",
    id="book.open",
    key_display="/",
    tooltip="The ICD-10-CM code book (F2 also works in the code box)",
)

# After BOOK_BINDING, on the same keys: a closed-book exam's footer does not offer the
# book, yet `/` and F2 still say why nothing opens.
CLOSED_BOOK_BINDING = Binding(
    "slash,f2",
    "book_closed_note",
    "book",
    id="book.closed",
    show=False,
    key_display="/",
    tooltip="Closed-book exam: the code book is off",
)


class BookAccess(QuestionScreen):
    """The book half of the exam and drill screens."""

    _book_screen: BookScreen | None = None
    _book_from_box = False  # opened while typing in the code box: its text is unsaved

    def book_closed(self) -> bool:
        return self.session.closed_book

    def on_mount(self) -> None:
        # Textual runs every class's on_mount: this one warms the book for exam and drill.
        if not self.book_closed():
            self.cert_app.warm_book()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_book":
            return not self.book_closed()
        if action == "book_closed_note":
            return self.book_closed()
        return super().check_action(action, parameters)

    def action_book_closed_note(self) -> None:
        self.say(CLOSED_BOOK)

    def action_open_book(self) -> None:
        if self.book_closed():
            self.say(CLOSED_BOOK)
            return
        if self._book_screen is not None:
            return  # already open
        from cert_prep.ui.screens.book import BookScreen

        box = self.view.codes
        typing = bool(box.display and box.has_focus)
        self._book_from_box = typing

        def closed(_result: object) -> None:
            self._book_screen = None
            self._book_from_box = False
            if typing and box.display:
                box.focus()  # back to typing where the student was

        self._book_screen = BookScreen(self.cert_app.book)
        self.app.push_screen(self._book_screen, closed)

    def uncover(self) -> None:
        self.close_book()  # first: it also forgets the book was open
        super().uncover()

    def close_book(self) -> None:
        """Dismiss the book if it is open (the exam's time ran out under it)."""
        screen = self._book_screen
        self._book_screen = None
        self._book_from_box = False
        while screen is not None and screen in self.app.screen_stack:
            self.app.pop_screen()
