"""The first screen of a served class: the student's label and the class passphrase.

`ClassroomApp` is the usual cert-prep app that opens this screen first; once a label is
accepted it studies in DIR/students/<label>/ (the home screen, resume, history: all of
that student's own).
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.driver import Driver
from textual.drivers.web_driver import WebDriver
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from cert_prep.errors import UserError
from cert_prep.frontend.classroom_access import (
    LOCKOUT_MINUTES,
    MAX_WRONG_PASSPHRASES,
    MINUTES_ENVIRONMENT,
    SIGNED_IN_META,
    TRIES_ENVIRONMENT,
    TRIES_META,
    WRONG_PASSPHRASE_META,
    LabelRefused,
    passphrase_matches,
    student_label,
)
from cert_prep.ui.app import CertPrepApp
from cert_prep.ui.launch import HomeLaunch

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
        tries_left: int = MAX_WRONG_PASSPHRASES,
        minutes_locked: int = 0,
        tell_server: Callable[[dict[str, object]], None] | None = None,
    ):
        super().__init__(id="sign-in")
        self.accept = accept
        self.passphrase = passphrase
        self.passphrase_problem = passphrase_problem
        self.tries_left = tries_left
        self.minutes_locked = minutes_locked
        self.tell_server = tell_server or (lambda meta: None)
        self.wrong_said = False

    @property
    def asks_passphrase(self) -> bool:
        return self.passphrase is not None or self.passphrase_problem is not None

    @property
    def locked_out(self) -> bool:
        return self.asks_passphrase and self.tries_left <= 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(SIGN_IN_TITLE, classes="dialog-title")
            yield Static(
                "Your label (1 to 32 letters, digits, - or _), the same every time, "
                "so your history and unfinished exams are yours:",
                classes="dialog-text",
                id="label-text",
            )
            yield Input(placeholder="for example maria-g", id="label", max_length=64)
            if self.asks_passphrase:
                yield Static("Class passphrase:", classes="dialog-text", id="passphrase-text")
                yield Input(password=True, id="passphrase", max_length=1024)
            yield Static("", id="sign-in-hint", classes="dialog-text")
            yield Static("", id="sign-in-problem", classes="dialog-text")

    def on_mount(self) -> None:
        if self.locked_out:
            self.show_locked_out()
        else:
            self.query_one("#label", Input).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Say which box the keys go to (for screen readers, and for a typist who
        cannot see the highlight)."""
        if self.locked_out:
            return
        if getattr(event.widget, "id", None) == "passphrase":
            hint = "Now the class passphrase, then Enter."
        elif self.asks_passphrase:
            hint = "Your label; Enter or Tab moves on to the passphrase."
        else:
            hint = "Your label, then Enter."
        self.query_one("#sign-in-hint", Static).update(hint)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.locked_out:
            return
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
        box.value = ""
        box.focus()
        self.tell_server({"type": WRONG_PASSPHRASE_META})
        # Counted here too; the server's count (every tab from this address) follows.
        self.wrong_said = True
        self.counted(self.tries_left - 1, self.minutes_locked or LOCKOUT_MINUTES)
        return False

    def counted(self, tries_left: int, minutes_locked: int) -> None:
        """Show how many passphrases are left, or that signing in is closed."""
        self.tries_left, self.minutes_locked = tries_left, minutes_locked
        if self.locked_out:
            self.show_locked_out()
        elif self.wrong_said:
            tries = f"{tries_left} more {'try' if tries_left == 1 else 'tries'}"
            self.say(
                f"That is not the class passphrase: {tries} from this computer; "
                "ask your instructor if you do not know it."
            )

    def show_locked_out(self) -> None:
        for box in self.query(Input):
            box.display = False
        for text in self.query("#label-text, #passphrase-text, #sign-in-hint"):
            text.display = False
        self.say(
            "Too many wrong passphrases from this computer: signing in is closed for "
            f"{self.minutes_locked or LOCKOUT_MINUTES} minutes. "
            "Ask your instructor for the passphrase."
        )


class ServerCounted(Message):
    """The server's count of wrong passphrases from this tab's address."""

    def __init__(self, tries_left: int, minutes_locked: int):
        super().__init__()
        self.tries_left = tries_left
        self.minutes_locked = minutes_locked


class ClassroomWebDriver(WebDriver):
    """Textual's web driver, also hearing the server's count of wrong passphrases."""

    def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
        if packet_type != TRIES_META:
            super().on_meta(packet_type, payload)
            return
        tries, minutes = payload.get("tries_left"), payload.get("minutes")
        if isinstance(tries, int) and isinstance(minutes, int):
            self._app.post_message(ServerCounted(tries, minutes))


def sign_in_allowance(environ: Mapping[str, str]) -> tuple[int, int]:
    """(passphrases left, minutes locked) as the server gave them to this tab."""

    def number(name: str, default: int) -> int:
        try:
            return max(0, int(environ.get(name, default)))
        except ValueError:
            return default

    return number(TRIES_ENVIRONMENT, MAX_WRONG_PASSPHRASES), number(MINUTES_ENVIRONMENT, 0)


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
        self.allowance = sign_in_allowance(os.environ)

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        return ClassroomWebDriver if driver is WebDriver else driver

    def tell_server(self, meta: dict[str, object]) -> None:
        """News for the server (textual-serve's meta packets); nothing outside a browser."""
        driver = self._driver
        if isinstance(driver, WebDriver):
            driver.write_meta(meta)

    def on_server_counted(self, message: ServerCounted) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, SignInScreen):
                screen.counted(message.tries_left, message.minutes_locked)

    # Takes the event to stop CertPrepApp's own on_mount (prevent_default), hence the
    # different signature.
    def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        # The student's data dir is known only after sign-in: the usual start waits.
        event.prevent_default()
        tries_left, minutes_locked = self.allowance
        self.push_screen(
            SignInScreen(
                self.signed_in,
                self.passphrase,
                self.passphrase_problem,
                tries_left,
                minutes_locked,
                self.tell_server,
            )
        )

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
        self.tell_server({"type": SIGNED_IN_META, "label": label})
        from cert_prep.ui.screens.home import HomeScreen

        self.switch_screen(HomeScreen())
        return None
