"""The cert-prep Textual app, built by `make_app` (the CLI and the tests both call it).

The app routes between screens; the engine sessions and the store hold every piece of
state that matters, so the UI can crash or be killed without losing an answer.
`App.__init__` reads no disk: the library and store are opened by the context on demand.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import threading
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from cert_prep.errors import UserError
from cert_prep.frontend.report_hook import write_report
from cert_prep.ui.flows import StudyFlows
from cert_prep.ui.launch import DrillLaunch, ExamLaunch, HomeLaunch, Launch, ResumeLaunch
from cert_prep.ui.messages import HomeRequested

THEME_SETTING = "theme"  # the palette's last theme (Textual's name for it)

if TYPE_CHECKING:
    from cert_prep.book.book import Book, BookLookup
    from cert_prep.context import AppContext
    from cert_prep.ui.shell import ReportWriter


class CertPrepApp(StudyFlows):
    CSS_PATH = "styles/app.tcss"
    TITLE = "cert-prep"
    # Ctrl+C quits as `q` does, saving first (Textual's default only says how to quit).
    # A priority binding, so it works inside the code box too.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+c", "save_and_quit", "Save and quit", id="app.quit", show=False, priority=True
        ),
        # Not priority: in a text box `?` is typed; F1 reaches the app from there too.
        Binding(
            "question_mark,f1",
            "help",
            "Keys",
            id="app.help",
            tooltip="Every key of this screen, in a list",
        ),
    ]

    def __init__(
        self,
        context: AppContext,
        launch: Launch,
        *,
        cursor_blink: bool = True,
        open_url: Callable[[str], object] | None = None,
        seed_source: Callable[[], int] | None = None,
        report_writer: ReportWriter = write_report,
    ):
        super().__init__(
            context,
            launch,
            cursor_blink=cursor_blink,
            open_url=open_url,
            seed_source=seed_source,
            report_writer=report_writer,
        )
        self._book: Book | None = None
        self._book_lock = threading.Lock()
        self.terminated = False  # ended by SIGTERM: the CLI exits 143, as a killed program
        self._theme_loaded: str | None = None  # the theme saved or applied (not saved again)

    # ---- starting ----

    def on_mount(self) -> None:
        self._apply_saved_theme()
        launch = self.launch
        if isinstance(launch, HomeLaunch):
            from cert_prep.ui.screens.home import HomeScreen

            self.push_screen(HomeScreen())
        elif isinstance(launch, ExamLaunch) and launch.preview is not None:
            self.show_previewed_instructions(launch.preview, launch.options)
        elif isinstance(launch, ExamLaunch):
            self.request_exam(launch.exam, launch.options)
        elif isinstance(launch, ResumeLaunch):
            if launch.attempt_id is None:
                self.choose_resume(list(launch.choices))
            else:
                self.resume(launch.attempt_id)
        elif isinstance(launch, DrillLaunch):
            self.start_drill(launch.plan)
        self.call_after_refresh(self._collect_again)
        self._quit_on_sigterm()

    def _quit_on_sigterm(self) -> None:
        """SIGTERM (a `kill`, a logout) quits as `q` does, so Textual gives the terminal
        back (the normal screen, no mouse reporting) instead of dying inside it. Not under
        a test's headless driver; the event loop drops the handler when the app ends."""
        if self.is_headless or threading.current_thread() is not threading.main_thread():
            return
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self._terminated)

    def _terminated(self) -> None:
        self.terminated = True
        self.call_later(self.action_quit)

    def _collect_again(self) -> None:
        """The first screen is up: garbage collection resumes (the CLI keeps it off while
        starting). What start-up built lives as long as the app, so it is frozen out of
        later collections; not under a test's headless driver, whose apps come and go."""
        if not self.is_headless:
            gc.freeze()
        gc.enable()

    def book(self) -> Book:
        """The code book, opened once per app (called from the book panel's worker thread;
        the first call may build the index). Raises BookError when it cannot be opened."""
        with self._book_lock:
            if self._book is None:
                from cert_prep.book.book import open_book

                self._book = open_book(self.context.locations.cache_dir)
            return self._book

    def code_lookup(self) -> BookLookup | None:
        """The book as code-level feedback reads it, if it is open (None: feedback falls
        back to right/wrong/missing). Never opens it: that may take seconds."""
        if self._book is None:
            return None
        from cert_prep.book.book import BookLookup

        return BookLookup(self._book)

    def warm_book(self, then: Callable[[], object] | None = None) -> None:
        """Open the book in a worker thread (a screen that shows code feedback asks early);
        `then` runs on the UI thread once it is open. A book that cannot be opened is
        silent here: the feedback stays right/wrong/missing."""
        if self._book is not None:
            return

        def opening() -> None:
            from cert_prep.book.book import BookError

            try:
                self.book()
            except BookError:
                return
            if then is not None:
                self.call_from_thread(then)

        self.run_worker(opening, thread=True, group="book-warm")

    def on_home_requested(self, message: HomeRequested) -> None:
        self.go_home()

    # ---- help and the theme ----

    def action_help(self) -> None:
        """cert-prep's list of the keys of the screen on top (`?`, F1, the palette's Keys)."""
        from cert_prep.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_show_help_panel(self) -> None:
        # Textual's keys panel lists widget keys first and Escape does not close it.
        self.action_help()

    def _apply_saved_theme(self) -> None:
        """The theme last picked in the palette; an unknown or unreadable one is ignored
        (a store problem shows on the first screen that reads the store)."""
        try:
            name = self.context.store().get_setting(THEME_SETTING)
        except UserError:
            return
        if name and name != self.theme and name in self.available_themes:
            self._theme_loaded = name
            self.theme = name

    def watch_theme(self, name: str) -> None:
        """A theme picked in the palette is kept for the next start."""
        if name == self._theme_loaded:
            return
        self._theme_loaded = name
        self.guarded(self.context.store().set_setting, THEME_SETTING, name)

    # ---- quitting, the command palette, crashes ----

    async def action_save_and_quit(self) -> None:
        """Ctrl+C: quit at once, saving; but codes typed in a code box and not saved are
        asked about first, as Escape in the box asks (the exam or drill screen does)."""
        for screen in reversed(self.screen_stack):
            ask = getattr(screen, "ask_before_quitting", None)
            if ask is not None and ask(lambda: self.call_later(self.action_quit)):
                return
        await self.action_quit()

    async def action_quit(self) -> None:
        for screen in self.screen_stack:
            leave = getattr(screen, "save_and_leave", None)
            if leave is not None:
                leave()
        self.exit(0)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every key of the screen by name, then Textual's own commands."""
        seen: set[tuple[int, str]] = set()
        titles: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.system or not active.enabled:
                continue
            if (id(active.node), binding.action) in seen or binding.description in titles:
                continue
            seen.add((id(active.node), binding.action))
            titles.add(binding.description)
            shown = binding.key_display or self.get_key_display(binding)
            tooltip = binding.tooltip
            if self.is_web and binding.id:  # no shell in the browser: no command to type
                tooltip = getattr(screen, "SERVED_TOOLTIPS", {}).get(binding.id, tooltip)
            help_text = f"{tooltip} (key: {shown})" if tooltip else f"Key: {shown}"
            yield SystemCommand(
                binding.description,
                help_text,
                partial(self.run_action, binding.action, active.node),
            )
        # Textual's own (theme, keys, screenshot...), unless a screen key has the same name.
        yield from (c for c in super().get_system_commands(screen) if c.title not in titles)

    def _handle_exception(self, error: Exception) -> None:
        self.crash = error
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        # No traceback for users: the CLI writes it to crash.log and prints one line.
        self._exit_renderables.clear()


def make_app(
    context: AppContext,
    launch: Launch | None = None,
    *,
    cursor_blink: bool = True,
    open_url: Callable[[str], object] | None = None,
    seed_source: Callable[[], int] | None = None,
    report_writer: ReportWriter = write_report,
) -> CertPrepApp:
    """The app as the CLI runs it; tests pass a FakeClock context and cursor_blink=False."""
    return CertPrepApp(
        context,
        launch or HomeLaunch(),
        cursor_blink=cursor_blink,
        open_url=open_url,
        seed_source=seed_source,
        report_writer=report_writer,
    )
