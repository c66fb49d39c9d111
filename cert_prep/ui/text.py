"""Helpers that turn bank text into renderables. Bank text is data, never markup."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from cert_prep.clock import format_hms, local_text

__all__ = ["Hanging", "data", "format_hms", "labelled", "when"]


def data(text: str, style: str = "") -> Text:
    """Bank or user text as a Text: `[bold]`, `[/]`, `[A]` show exactly as typed."""
    return Text(text, style=style)


def labelled(label: str, value: str, label_style: str = "bold") -> Text:
    """`Label: value`, where the value is data."""
    return Text.assemble((label, label_style), Text(value))


def when(iso: str | None) -> str:
    """A stored UTC time as local `YYYY-MM-DD HH:MM` (the zone is implied on screen)."""
    return local_text(iso, zone=False)


class Hanging:
    """Rows of a short label and a text wrapped beside it with a hanging indent: what a
    two-column `Table.grid` (the label column no_wrap) draws, line for line and style for
    style, at a fifth of the cost (the instructions, the first screen of an exam, render
    theirs twice before they paint: once to measure, once to draw).

    `gap` is the space between the columns; `label_style` is the label column's style (it
    also colours the label's padding, as a table column's style does)."""

    def __init__(
        self, rows: Sequence[tuple[str | Text, str | Text]], gap: int, label_style: str = ""
    ):
        self.rows = [
            (
                Text(label) if isinstance(label, str) else label,
                Text(text) if isinstance(text, str) else text,
            )
            for label, text in rows
        ]
        self.gap = gap
        self.label_style = label_style
        self.label_width = max((label.cell_len for label, _ in self.rows), default=0)
        self.text_width = max((text.cell_len for _, text in self.rows), default=0)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.label_width + self.gap
        width = max(1, min(self.text_width, options.max_width - indent))
        pad_style = console.get_style(self.label_style) if self.label_style else Style()
        new_line = Segment.line()
        for label, text in self.rows:
            # A table cell's defaults: justified as the text says, too long words cut with …
            lines = text.wrap(console, width, justify="default", overflow="ellipsis")
            for number, line in enumerate(lines):
                if number == 0:
                    for segment in label.render(console):
                        style = pad_style + segment.style if segment.style else pad_style
                        yield Segment(segment.text, style)
                    yield Segment(" " * (indent - label.cell_len), pad_style)
                else:
                    yield Segment(" " * indent, pad_style)
                yield from line.render(console)
                yield Segment(" " * (width - line.cell_len), Style())
                yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        indent = self.label_width + self.gap
        return Measurement(indent + 1, indent + self.text_width)
