"""A one-line hint under a scrolling panel, shown only while there is more below.

Nothing essential may hide below the fold unseen (80x24 terminals): the hint names the
keys that scroll, and disappears at the end.
"""

from __future__ import annotations

from textual import events
from textual.containers import ScrollableContainer, VerticalScroll
from textual.widgets import Static

MORE_BELOW = "▼ more below: ↓ or PgDn scrolls"


class HintedScroll(VerticalScroll):
    """A VerticalScroll that tells its MoreBelow hints when its own size changes (a case
    record appearing above it shrinks it without changing what it holds)."""

    def on_resize(self, event: events.Resize) -> None:
        for hint in self.screen.query(MoreBelow):
            if hint.target is self:
                self.call_after_refresh(hint.check)


class MoreBelow(Static):
    DEFAULT_CSS = """
    MoreBelow {
        height: 1;
        padding: 0 2;
        color: $warning;
        text-style: italic;
        visibility: hidden;
    }
    """

    def __init__(self, target: ScrollableContainer, text: str = MORE_BELOW, id: str | None = None):
        super().__init__(text, id=id, markup=False)
        self.target = target

    def on_mount(self) -> None:
        self.watch(self.target, "scroll_y", self.check, init=False)
        self.watch(self.target, "virtual_size", self.check, init=False)
        self.call_after_refresh(self.check)

    def check(self, *_: object) -> None:
        target = self.target
        # Visibility, not display: the hint keeps its row, so showing it never shrinks the
        # panel into needing it (which made it flicker on and off).
        self.visible = bool(target.display) and target.scroll_y < target.max_scroll_y


def scroll_pages(box: ScrollableContainer, pages: float) -> None:
    """PgUp/PgDn move whole pages (`pages` of 1 or more), the arrows three lines."""
    step = (
        pages * max(1, box.scrollable_content_region.height - 1)
        if abs(pages) >= 1
        else (3 if pages > 0 else -3)
    )
    box.scroll_to(y=box.scroll_y + step, animate=False)
