"""The app's plumbing, under the study flows: what the app was built with, toasts,
engine calls whose problems become messages, and moving between screens.

CertPrepApp = StudyFlows (exams, drills, reports) on top of AppShell; each half stays
small, and the flows see every attribute they use as a typed one of this class.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

from cert_prep.engine.attempt_errors import AttemptClosed
from cert_prep.errors import UserError
from cert_prep.store import StoreError
from cert_prep.ui.launch import Launch
from cert_prep.wording import SERVED, TERMINAL, Wording

if TYPE_CHECKING:
    from cert_prep.context import AppContext
    from cert_prep.frontend.report_hook import ReportOutcome

    ReportWriter = Callable[[AppContext, int, Wording], ReportOutcome]

T = TypeVar("T")


class AppShell(App[int]):
    def __init__(
        self,
        context: AppContext,
        launch: Launch,
        *,
        cursor_blink: bool,
        open_url: Callable[[str], object] | None,
        seed_source: Callable[[], int] | None,
        report_writer: ReportWriter,
    ):
        super().__init__()
        self.context = context
        self.launch = launch
        self.cursor_blink = cursor_blink
        # Opens a report in a browser; None: results.open_in_browser. Not `open_url`:
        # that name is Textual's own App.open_url.
        self.url_opener = open_url
        self._seed_source = seed_source or (lambda: random.SystemRandom().randrange(1, 2**31))
        self.report_writer = report_writer
        self.crash: BaseException | None = None
        self.farewell: str | None = None  # printed by the CLI after the app exits
        self.problem: str | None = None  # the last problem shown; printed if it ended the app
        # The exam preview the first screen painted from no longer fits the banks: the
        # app ended, and the CLI starts the exam over on the usual path.
        self.preview_stale = False
        self._said: str | None = None  # the last toast's words

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal; on Linux and macOS one that ignores a byte
        that is not UTF-8 instead of quitting (see ui.driver)."""
        driver = super().get_driver_class()
        if (driver.__module__, driver.__name__) == ("textual.drivers.linux_driver", "LinuxDriver"):
            from cert_prep.ui.driver import TolerantLinuxDriver

            return TolerantLinuxDriver
        return driver

    def new_seed(self) -> int:
        return self._seed_source()

    @property
    def wording(self) -> Wording:
        """How the layers below name a way to do something: the browser has no shell."""
        return SERVED if self.is_web else TERMINAL

    def say(
        self, text: str, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        """A toast, never markup; the same words said again replace the toasts on screen
        instead of piling up over the question (a key pressed again and again)."""
        if text == self._said:
            self.clear_notifications()
        self._said = text
        self.notify(text, severity=severity, timeout=timeout, markup=False)

    def guarded(
        self,
        action: Callable[..., T],
        *args: Any,
        on_closed: Callable[[AttemptClosed], object] | None = None,
    ) -> T | None:
        """Run an engine call; a problem becomes a message, never a crash. Returns None on
        failure. `on_closed`: what a screen does when its attempt was submitted, discarded
        or taken over elsewhere (otherwise that too is only a message)."""
        try:
            return action(*args)
        except UserError as exc:
            problem = exc
        if on_closed is not None and isinstance(problem, AttemptClosed):
            on_closed(problem)
        else:
            self.show_problem(problem)
        return None

    def show_problem(self, problem: UserError) -> None:
        """A problem as a toast, kept in `problem` (the CLI prints it if it ended the app).
        The store's own (the disk, a lock, damage) is an error; the rest are warnings."""
        self.problem = problem.message[:1].upper() + problem.message[1:]
        severity: SeverityLevel = "error" if isinstance(problem, StoreError) else "warning"
        self.say(self.problem, severity=severity, timeout=10)

    def clear_problem(self) -> None:
        """Take the last problem's toast off the screen: the student has put it right (a
        code refused for its shape, then a valid one saved), and a stale error would
        cover what comes next. Other toasts (a time warning) stay."""
        if self.problem is None:
            return
        # Textual has no public call to withdraw one notification; its toasts use this.
        for note in list(self._notifications):
            if note.message == self.problem:
                self._unnotify(note)
        if self._said == self.problem:
            self._said = None
        self.problem = None  # put right: not the problem that ended the app

    # ---- moving between screens ----

    def _clear_modals(self) -> None:
        while len(self.screen_stack) > 1 and isinstance(self.screen, ModalScreen):
            self.pop_screen()

    def open_mode(self, screen: Screen[Any]) -> None:
        """Show a mode's screen: on top of home, or in place of the mode before it."""
        self._clear_modals()
        if len(self.screen_stack) <= 1 or is_home(self.screen):
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def go_home(self) -> None:
        self._clear_modals()
        if not any(is_home(s) for s in self.screen_stack):
            from cert_prep.ui.screens.home import HomeScreen

            self.open_mode(HomeScreen())
            return
        while not is_home(self.screen):
            self.pop_screen()

    def nothing_to_show(self) -> None:
        """A flow ended before any screen of its own: back home, or quit if there is none
        (the CLI then prints the problem that stopped it, if any)."""
        if not any(is_home(s) for s in self.screen_stack) and len(self.screen_stack) <= 1:
            self.exit(return_code=1 if self.problem else 0)


def is_home(screen: Screen[Any]) -> bool:
    return bool(getattr(screen, "is_home", False))
