"""Check boxes whose state reads without colour: Textual draws `▐X▌` ticked or not (only
the X's colour changes), which a monochrome terminal or a colour-blind student cannot
read. Here an unticked box is empty, `▐ ▌`, and a ticked one shows `▐X▌`."""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

TICKED = "X"
EMPTY = " "


def mark(ticked: bool) -> str:
    return TICKED if ticked else EMPTY


class MarkedCheckbox(Checkbox):
    @property
    def _button(self) -> Content:
        button = super()._button
        left, inner = len(self.BUTTON_LEFT), len(self.BUTTON_INNER)
        marked = Content(mark(self.value)).stylize(button.get_style_at_offset(left))
        return button[:left] + marked + button[left + inner :]


class MarkedSelectionList(SelectionList[str]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 3 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip  # not a line with a button
        segments[1] = Segment(mark(selection.value in self.selected), segments[1].style)
        return Strip(segments, strip.cell_length)
