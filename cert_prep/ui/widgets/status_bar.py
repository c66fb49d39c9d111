"""The exam's always-visible line: name, `Question N of M`, answered/flagged, time left.

On a narrow terminal the clock and `Question N of M` always show in full; the title is
cropped, the counts take their shorter forms, then the title goes, then the counts.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from cert_prep.ui.text import data, format_hms

MIN_TITLE = 8  # cells of title worth showing cropped ("CPC moc…"); fewer: no title


class StatusBar(Horizontal):
    DEFAULT_CSS = """
    StatusBar #status-title { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, title: str, *, timed: bool = True, id: str | None = None):
        super().__init__(id=id)
        self._title = title
        self._timed = timed
        self._position = ""
        self._counts: tuple[str, ...] = ("",)
        self._time = ""
        self._shown: dict[str, str] = {}  # what each part shows: updated only on change

    def compose(self) -> ComposeResult:
        yield Static(data(self._title), id="status-title")
        yield Static("", id="status-position")
        yield Static("", id="status-counts")
        if self._timed:
            yield Static("", id="status-clock")

    def show_position(self, number: int, total: int) -> None:
        self._position = f"Question {number} of {total}"
        self.query_one("#status-position", Static).update(self._position)
        self._fit()

    def show_counts(self, text: str, *shorter: str) -> None:
        """`text`, or the first of the `shorter` forms that fits; the last of several is
        the last resort: the title goes before it is used."""
        self._counts = (text, *shorter)
        self._fit()

    def show_time(self, seconds_left: float) -> None:
        clock = self.query_one("#status-clock", Static)
        self._time = format_hms(seconds_left)
        clock.set_class(seconds_left <= 30 * 60, "-warning")
        clock.set_class(seconds_left <= 5 * 60, "-danger")
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.size.width
        if not width:
            return  # not laid out yet: the first resize fits it
        title = self.query_one("#status-title", Static)
        position = self.query_one("#status-position", Static)
        counts = self.query_one("#status-counts", Static)
        pad = position.styles.gutter.width  # every part has the same padding

        def need(text: str) -> int:
            return cell_len(text) + pad if text else 0

        room = width - need(self._position)
        if self._timed:
            clock = self.query_one("#status-clock", Static)
            clock_text = f"Time left {self._time}"
            if need(clock_text) > room:
                clock_text = self._time  # the time itself always shows
            self._set(clock, clock_text)
            room -= need(clock_text)
        # The longest counts that leave the title a few cells (the last, shortest form
        # only if nothing else fits); else the longest that fits without the title.
        forms = self._counts
        fits = [text for text in forms if need(text) <= room]
        roomy = [t for t in forms[:-1] or forms if need(t) + MIN_TITLE + pad <= room]
        shown = (roomy or fits or [""])[0]
        self._set(counts, shown)
        counts.display = bool(shown)
        show_title = room - need(shown) >= MIN_TITLE + pad
        self._set(title, self._title if show_title else "")
        # Emptied, not hidden, and unpadded: its 1fr still keeps the clock on the right.
        title.styles.padding = None if show_title else 0

    def _set(self, widget: Static, text: str) -> None:
        if self._shown.get(widget.id or "") != text:
            self._shown[widget.id or ""] = text
            widget.update(data(text))
