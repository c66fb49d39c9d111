"""The footer: the screen's keys, as one line of text.

Textual's own Footer rebuilds a widget per key on every bindings refresh; on this
project's 2-core reference machine that cost ~0.6 s of CPU when the exam screen opened
and showed in every key press. This footer renders the same information (the active
bindings with `show=True`, groups combined, the palette key on the right) into a single
Static, and a click on a key still runs its action.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static


class KeyFooter(Static):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-footer--key", "key-footer--description"}

    def __init__(self) -> None:
        super().__init__("", id="key-footer")
        self._spans: list[tuple[int, int, DOMNode, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.show_keys)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.show_keys()

    def show_keys(self) -> None:
        key_style = self.get_component_rich_style("key-footer--key")
        text_style = self.get_component_rich_style("key-footer--description")
        active = self.screen.active_bindings
        entries: list[tuple[str, str, DOMNode, str]] = []  # key shown, description, node, action
        groups: dict[Binding.Group, int] = {}
        seen_actions: set[tuple[int, str]] = set()
        palette = None
        for key, (node, binding, enabled, _tooltip) in active.items():
            if key == self.app.COMMAND_PALETTE_BINDING:
                palette = (self.app.get_key_display(binding), node, binding.action)
                continue
            if not binding.show or not enabled:
                continue
            if (id(node), binding.action) in seen_actions:
                continue  # "n,right": the first key stands for both
            seen_actions.add((id(node), binding.action))
            shown = self.app.get_key_display(binding)
            if binding.group is not None and binding.group in groups:
                index = groups[binding.group]
                keys, description, first_node, action = entries[index]
                first = keys.split("-")[0]
                entries[index] = (f"{first}-{shown}", description, first_node, action)
                continue
            if binding.group is not None:
                groups[binding.group] = len(entries)
                entries.append((shown, binding.group.description, node, binding.action))
            else:
                entries.append((shown, binding.description, node, binding.action))
        # Narrow terminals: first without the palette key, then keys without padding.
        for shown_palette, roomy in ((palette, True), (None, True), (None, False)):
            line, spans = self._line(entries, shown_palette, key_style, text_style, roomy=roomy)
            if line.cell_len <= self.size.width:
                break
        self._spans = spans
        self.update(line)

    def _line(
        self,
        entries: list[tuple[str, str, DOMNode, str]],
        palette: tuple[str, DOMNode, str] | None,
        key_style: Style,
        text_style: Style,
        *,
        roomy: bool,
    ) -> tuple[Text, list[tuple[int, int, DOMNode, str]]]:
        line = Text(no_wrap=True, overflow="ellipsis")
        spans: list[tuple[int, int, DOMNode, str]] = []
        for shown, description, node, action in entries:
            start = len(line)
            line.append(f" {shown} " if roomy else shown, key_style)
            line.append(f"{description} " if roomy else f" {description} ", text_style)
            spans.append((start, len(line), node, action))
        if palette is not None:
            label = f" {palette[0]} palette "
            pad = max(1, self.size.width - len(line) - len(label))
            line.append(" " * pad, text_style)
            start = len(line)
            line.append(f" {palette[0]} ", key_style)
            line.append("palette ", text_style)
            spans.append((start, len(line), palette[1], palette[2]))
        line.rstrip()
        return line, spans

    def on_resize(self, event: events.Resize) -> None:
        self.show_keys()

    async def on_click(self, event: events.Click) -> None:
        for start, end, node, action in self._spans:
            if start <= event.x < end:
                event.stop()
                await self.app.run_action(action, node)  # in the namespace that bound it
                return
