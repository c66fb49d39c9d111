"""The exam's always-visible line: name, `Question N of M`, answered/flagged, time left."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from cert_prep.ui.text import data, format_hms


class StatusBar(Horizontal):
    def __init__(self, title: str, *, timed: bool = True, id: str | None = None):
        super().__init__(id=id)
        self._title = title
        self._timed = timed

    def compose(self) -> ComposeResult:
        yield Static(data(self._title), id="status-title")
        yield Static("", id="status-position")
        yield Static("", id="status-counts")
        if self._timed:
            yield Static("", id="status-clock")

    def show_position(self, number: int, total: int) -> None:
        self.query_one("#status-position", Static).update(f"Question {number} of {total}")

    def show_counts(self, text: str) -> None:
        self.query_one("#status-counts", Static).update(text)

    def show_time(self, seconds_left: float) -> None:
        clock = self.query_one("#status-clock", Static)
        clock.update(f"Time left {format_hms(seconds_left)}")
        clock.set_class(seconds_left <= 30 * 60, "-warning")
        clock.set_class(seconds_left <= 5 * 60, "-danger")
