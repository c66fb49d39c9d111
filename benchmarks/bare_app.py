"""The baseline of the start-up benchmark: a bare Textual app (a header, one line, a footer)."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("A bare Textual app is on screen.")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
