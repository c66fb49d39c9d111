"""What every cert-prep screen shares: running engine actions without crashing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual.notifications import SeverityLevel
from textual.screen import Screen

if TYPE_CHECKING:
    from cert_prep.engine.session import AttemptClosed
    from cert_prep.ui.app import CertPrepApp

T = TypeVar("T")


class CertPrepScreen(Screen[None]):
    # Keys the help lists besides the bindings (a list's own Enter, Tab): (keys, what).
    HELP_EXTRA: ClassVar[tuple[tuple[str, str], ...]] = ()
    # Palette tooltips for the browser (`cert-prep serve`), by binding id, where the
    # terminal's names a command to type.
    SERVED_TOOLTIPS: ClassVar[dict[str, str]] = {}

    @property
    def cert_app(self) -> CertPrepApp:
        """The app, typed: the context, the book and the study flows screens call on.
        (Textual types `self.app` as any App.)"""
        return cast("CertPrepApp", self.app)

    def say(
        self, text: str, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        """A toast; never markup, since it may quote bank text or file names."""
        self.cert_app.say(text, severity, timeout)

    def guarded(self, action: Callable[..., T], *args: Any) -> T | None:
        """The app's `guarded`, with this screen's answer to its attempt closing elsewhere."""
        return self.cert_app.guarded(action, *args, on_closed=self.attempt_closed)

    def attempt_closed(self, exc: AttemptClosed) -> None:
        self.cert_app.show_problem(exc)

    # ---- scrolling a question without focusing it (screens bind scroll_bindings) ----

    def action_scroll_question(self, pages: float) -> None:
        """The question, or else the screen's reading panel (class `reading`)."""
        # Imported here: home and the other first screens paint before the question view.
        from textual.containers import ScrollableContainer

        from cert_prep.ui.widgets.more_below import scroll_pages
        from cert_prep.ui.widgets.question_view import QuestionView

        for view in self.query(QuestionView):
            view.scroll_question(pages)
            return
        for box in self.query(".reading").results(ScrollableContainer):
            scroll_pages(box, pages)
            return

    def on_resize(self) -> None:
        from cert_prep.ui.widgets.more_below import MoreBelow

        for hint in self.query(MoreBelow):
            self.call_after_refresh(hint.check)

    def action_scroll_case(self, pages: float) -> None:
        from cert_prep.ui.widgets.question_view import QuestionView

        for view in self.query(QuestionView):
            view.scroll_case(pages)
