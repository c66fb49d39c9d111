"""The keys of the screen below, in cert-prep's words: `?` or F1 anywhere, or the palette's
"Keys". Built from the active bindings that cert-prep gave an id (Textual's own widget keys,
such as "Copy selected text", are left out), so it never goes stale."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widgets import Static

from cert_prep.ui.screens.dialog import Dialog

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "comma": ",",
    "full_stop": ".",
    "minus": "-",
    "plus": "+",
    "enter": "Enter",
    "escape": "Esc",
    "tab": "Tab",
    "space": "Space",
    "delete": "Del",
    "backspace": "Backspace",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}

# Always there, whatever the screen: how to get help, the palette, how to quit.
EVERYWHERE = [
    ("? or F1", "Keys: this list (F1 also while typing in a box)"),
    ("Ctrl+P", "Command palette: any key of the screen by name, and the theme"),
    ("Ctrl+C", "Save and quit (codes typed and not saved: asks first)"),
]


def key_name(key: str) -> str:
    """`ctrl+s` -> `Ctrl+S`, `pagedown` -> `PgDn`, `f1` -> `F1`, `slash` -> `/`, `a` -> `a`."""
    *mods, last = key.split("+")
    if last in KEY_NAMES:
        name = KEY_NAMES[last]
    elif last[:1] == "f" and last[1:].isdigit():
        name = last.upper()
    else:
        name = key_to_character(last) or last.replace("_", " ").capitalize()
    if mods and len(name) == 1:
        name = name.upper()
    return "+".join([*(m.capitalize() for m in mods), name])


@dataclass
class KeyRow:
    keys: list[str]
    description: str
    shown: bool  # in the footer
    group: Binding.Group | None = None
    firsts: dict[str, str] = field(default_factory=dict)  # a group: each action's first key

    def keys_text(self) -> str:
        if self.group is not None:
            firsts = list(self.firsts.values())
            return f"{firsts[0]}-{firsts[-1]}" if len(firsts) > 1 else firsts[0]
        return " or ".join(self.keys)


def screen_keys(screen: Screen[Any]) -> list[KeyRow]:
    """The screen's own keys (and its widgets' cert-prep keys), each once with every key
    that runs it; a group (`a`-`e` Choose) is one row."""
    rows: dict[tuple[int, str], KeyRow] = {}
    groups: dict[Binding.Group, KeyRow] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if active.node is screen.app or not binding.id or not binding.description:
            continue  # the app's keys (and the help key) are listed under "Everywhere"
        if binding.id.endswith(".help"):
            continue
        if not active.enabled or binding.system:
            continue
        name = key_name(key)
        if binding.group is not None:
            row = groups.get(binding.group)
            if row is None:
                row = KeyRow([], binding.group.description, binding.show, binding.group)
                groups[binding.group] = row
                rows[(id(row), "")] = row
            row.firsts.setdefault(binding.action, name)
            continue
        description = binding.description[:1].upper() + binding.description[1:]
        row = rows.setdefault(
            (id(active.node), binding.action), KeyRow([], description, binding.show)
        )
        if name not in row.keys:
            row.keys.append(name)
    return list(rows.values())


def keys_table(rows: Iterable[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for keys, description in rows:
        table.add_row(Text(keys), Text(description))
    return table


class HelpScreen(Dialog[None]):
    DIALOG_CLASSES = "wide"
    DIALOG_ID = "help"

    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer names Escape, the close key of every dialog; `?` and F1 (which
        # opened the list) close it too, as the hint line says.
        Binding("escape", "close", "Close", id="help.close"),
        Binding("question_mark,f1", "close", "Close", show=False, id="help.toggle"),
    ]

    def __init__(self, below: Screen[Any]):
        super().__init__()
        self._rows = screen_keys(below)
        self._extra: tuple[tuple[str, str], ...] = getattr(below, "HELP_EXTRA", ())

    def compose_body(self) -> ComposeResult:
        yield Static("Keys", classes="dialog-title")
        yield Static("Esc, ? or F1 closes; ↑ ↓ PgUp PgDn scroll.", id="help-hint")
        with VerticalScroll(id="help-scroll"):
            for title, rows in self._sections():
                yield Static(title, classes="help-section")
                yield Static(keys_table(rows), classes="help-keys")

    def _sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        footer = [(r.keys_text(), r.description) for r in self._rows if r.shown]
        more = [(r.keys_text(), r.description) for r in self._rows if not r.shown]
        more += self._extra
        sections = [("On this screen", footer), ("Also here", more), ("Everywhere", EVERYWHERE)]
        return [(title, rows) for title, rows in sections if rows]

    def on_mount(self) -> None:
        self._fit(self.app.size.height)
        self.query_one("#help-scroll").focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        # The list scrolls in what the status line above, the border, title, hint and
        # footer leave.
        self.query_one("#help-scroll").styles.max_height = max(2, height - 7)

    def action_close(self) -> None:
        self.dismiss(None)
