"""The code box of code items.

It is never focused when a question opens (navigation keys must not become text);
Enter or `e` puts the cursor in it, after the codes already there and a space, so going
back to add a code keeps the others. Inside: Enter saves (Input.Submitted); Escape, Tab or
Shift+Tab leave (Abandoned), and the screen asks before dropping unsaved text (Ctrl+C
asks the same before quitting). `/` is
typed here, so the footer names F2 for the code book while the box has focus.
"""

from __future__ import annotations

import re
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

_WORDS = re.compile(r"[\s,;]+")


def same_codes(a: str, b: str) -> bool:
    """Whether two typed texts name the same codes (case, commas and spaces aside)."""
    return [w.upper() for w in _WORDS.split(a.strip()) if w] == [
        w.upper() for w in _WORDS.split(b.strip()) if w
    ]


class CodeInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Save codes", id="codes.save"),
        Binding("escape,tab,shift+tab", "abandon", "Leave the box", id="codes.leave"),
        # The screen's own F2 opens the book too; this one shows it in the footer here
        # (and hides like it when the screen disables open_book, in a closed-book exam).
        Binding("f2", "screen.open_book", "book", key_display="F2", id="codes.book"),
        # Input types `/` before any binding sees it; declaring it here only keeps the
        # screen's "/ book" out of the footer while the box has focus.
        Binding("slash", "type_slash", show=False, id="codes.slash"),
    ]

    class Abandoned(Message):
        """The student left the box; the screen decides what happens to unsaved text."""

    def __init__(self, *, blink: bool = True, id: str | None = None):
        # Not Textual's select-on-focus: the first key typed would replace the saved codes.
        super().__init__(
            placeholder="Codes, separated by spaces or commas", id=id, select_on_focus=False
        )
        self.cursor_blink = blink

    def on_focus(self, event: events.Focus) -> None:
        if self.value and not _WORDS.fullmatch(self.value[-1]):
            self.value += " "  # the next code typed is a new word (same_codes ignores it)
        self.cursor_position = len(self.value)

    def action_type_slash(self) -> None:
        self.insert_text_at_cursor("/")

    def action_abandon(self) -> None:
        self.post_message(self.Abandoned())
