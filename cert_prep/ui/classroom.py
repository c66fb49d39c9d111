"""The first screen of a served class: the student's label and the class passphrase.

`ClassroomApp` is the usual cert-prep app that opens this screen first; once a label is
accepted it studies in DIR/students/<label>/ (the home screen, resume, history: all of
that student's own).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from cert_prep.errors import UserError
from cert_prep.frontend.classroom_access import LabelRefused, passphrase_matches, student_label
from cert_prep.ui.app import CertPrepApp
from cert_prep.ui.launch import HomeLaunch

# Wrong passphrases a tab may try before it is closed (a new tab starts a new process,
# which takes a second or so: guessing stays slow).
MAX_WRONG_PASSPHRASES = 5

SIGN_IN_TITLE = "cert-prep class: sign in"


class SignInScreen(Screen[None]):
    """Asks for the label (and the passphrase when the class has one) and hands an
    accepted label to `accept`, which returns a problem to show or None (it has moved
    on). A refused entry is said on the screen and nothing is created."""

    DEFAULT_CSS = "SignInScreen { align: center middle; }"

    def __init__(
        self,
        accept: Callable[[str], str | None],
        passphrase: str | None,
        passphrase_problem: str | None = None,
    ):
        super().__init__(id="sign-in")
        self.accept = accept
        self.passphrase = passphrase
        self.passphrase_problem = passphrase_problem
        self.wrong = 0

    @property
    def asks_passphrase(self) -> bool:
        return self.passphrase is not None or self.passphrase_problem is not None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(SIGN_IN_TITLE, classes="dialog-title")
            yield Static(
                "Your label (1 to 32 letters, digits, - or _), the same every time, "
                "so your history and unfinished exams are yours:",
                classes="dialog-text",
            )
            yield Input(placeholder="for example maria-g", id="label", max_length=64)
            if self.asks_passphrase:
                yield Static("Class passphrase:", classes="dialog-text")
                yield Input(password=True, id="passphrase", max_length=1024)
            yield Static("", id="sign-in-hint", classes="dialog-text")
            yield Static("", id="sign-in-problem", classes="dialog-text")

    def on_mount(self) -> None:
        self.query_one("#label", Input).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Say which box the keys go to (for screen readers, and for a typist who
        cannot see the highlight)."""
        if getattr(event.widget, "id", None) == "passphrase":
            hint = "Now the class passphrase, then Enter."
        elif self.asks_passphrase:
            hint = "Your label; Enter or Tab moves on to the passphrase."
        else:
            hint = "Your label, then Enter."
        self.query_one("#sign-in-hint", Static).update(hint)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        passphrase = self.query_one("#passphrase", Input) if self.asks_passphrase else None
        if event.input.id == "label" and passphrase is not None and not passphrase.value:
            passphrase.focus()
            return
        self.try_sign_in()

    def say(self, text: str) -> None:
        self.query_one("#sign-in-problem", Static).update(Text(text, style="bold"))

    def try_sign_in(self) -> None:
        label_box = self.query_one("#label", Input)
        try:
            label = student_label(label_box.value)
        except LabelRefused as refused:
            self.say(str(refused))
            label_box.focus()
            return
        if self.asks_passphrase and not self._passphrase_ok():
            return
        problem = self.accept(label)
        if problem:
            self.say(problem)

    def _passphrase_ok(self) -> bool:
        box = self.query_one("#passphrase", Input)
        if self.passphrase is None:
            self.say(self.passphrase_problem or "the class passphrase cannot be read")
            return False
        if passphrase_matches(box.value, self.passphrase):
            return True
        self.wrong += 1
        box.value = ""
        box.focus()
        if self.wrong >= MAX_WRONG_PASSPHRASES:
            self.app.exit(return_code=2)
            return False
        self.say("That is not the class passphrase; ask your instructor.")
        return False


class ClassroomApp(CertPrepApp):
    """cert-prep for one student of a class: sign in first, then the home screen."""

    # Textual reads a relative CSS_PATH next to the subclass's module: name the app's own.
    CSS_PATH = str(Path(inspect.getfile(CertPrepApp)).parent / str(CertPrepApp.CSS_PATH))

    def __init__(
        self,
        context_for: Callable[[str], Any],
        passphrase: str | None,
        passphrase_problem: str | None = None,
        **kwargs: Any,
    ):
        # No context until a student signs in (signed_in sets it); nothing reads it before.
        super().__init__(None, HomeLaunch(), **kwargs)  # type: ignore[arg-type]
        self.context_for = context_for
        self.passphrase = passphrase
        self.passphrase_problem = passphrase_problem
        self.student: str | None = None

    # Takes the event to stop CertPrepApp's own on_mount (prevent_default), hence the
    # different signature.
    def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        # The student's data dir is known only after sign-in: the usual start waits.
        event.prevent_default()
        self.push_screen(SignInScreen(self.signed_in, self.passphrase, self.passphrase_problem))

    def signed_in(self, label: str) -> str | None:
        """Study as `label` from now on; a problem (a damaged history, say) is returned
        for the sign-in screen to show."""
        try:
            context = self.context_for(label)
            context.store()  # a damaged history is said here, not inside a screen
        except (UserError, LabelRefused) as exc:
            return str(getattr(exc, "message", exc))
        except OSError as exc:
            return f"your folder cannot be used: {exc.strerror or exc}"
        self.context = context
        self.student = label
        self.sub_title = f"signed in as {label}"
        from cert_prep.ui.screens.home import HomeScreen

        self.switch_screen(HomeScreen())
        return None
