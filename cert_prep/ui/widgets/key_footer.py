"""The footer: the screen's keys, as one line of text.

Textual's own Footer rebuilds a widget per key on every bindings refresh; on this
project's 2-core reference machine that cost ~0.6 s of CPU when the exam screen opened
and showed in every key press. This footer renders the same information (the active
bindings with `show=True`, groups combined, the palette key on the right) into a single
Static, and a click on a key still runs its action. On a narrow terminal it drops the
palette key, then the padding, then keys from the right; never a way out (Quit, Back,
Cancel) or the help key, which lists every key.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

# Binding ids ending so are never dropped: how to leave, and how to see the other keys.
KEPT_IDS = (".quit", ".help", ".close", ".cancel")


class Entry(NamedTuple):
    shown: str  # the key as shown
    description: str
    node: DOMNode
    action: str
    kept: bool


def kept(binding: Binding) -> bool:
    return bool(binding.id and binding.id.endswith(KEPT_IDS))


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
        entries: list[Entry] = []
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
            if shown[:1] == "f" and shown[1:].isdigit():
                shown = shown.upper()  # F1, as printed on the key
            if binding.group is not None and binding.group in groups:
                index = groups[binding.group]
                first = entries[index].shown.split("-")[0]
                entries[index] = entries[index]._replace(shown=f"{first}-{shown}")
                continue
            description = binding.description
            if binding.group is not None:
                groups[binding.group] = len(entries)
                description = binding.group.description
            entries.append(Entry(shown, description, node, binding.action, kept(binding)))
        # The help key last, beside the palette key, whichever screen bound it.
        entries.sort(key=lambda entry: entry.action.endswith("help"))
        line, spans = self._fitted(entries, palette, key_style, text_style)
        self._spans = spans
        self.update(line)

    def _fitted(
        self,
        entries: list[Entry],
        palette: tuple[str, DOMNode, str] | None,
        key_style: Style,
        text_style: Style,
    ) -> tuple[Text, list[tuple[int, int, DOMNode, str]]]:
        """The line that fits: without the palette key, then without padding, then
        without the rightmost keys that are not kept."""
        width = self.size.width
        for shown_palette, roomy in ((palette, True), (None, True)):
            line, spans = self._line(entries, shown_palette, key_style, text_style, roomy=roomy)
            if line.cell_len <= width:
                return line, spans
        entries = list(entries)
        while True:
            line, spans = self._line(entries, None, key_style, text_style, roomy=False)
            droppable = [i for i, entry in enumerate(entries) if not entry.kept]
            if line.cell_len <= width or not droppable:
                return line, spans
            del entries[droppable[-1]]

    def _line(
        self,
        entries: list[Entry],
        palette: tuple[str, DOMNode, str] | None,
        key_style: Style,
        text_style: Style,
        *,
        roomy: bool,
    ) -> tuple[Text, list[tuple[int, int, DOMNode, str]]]:
        line = Text(no_wrap=True, overflow="ellipsis")
        spans: list[tuple[int, int, DOMNode, str]] = []
        for shown, description, node, action, _kept in entries:
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
