"""What every cert-prep screen shares: running engine actions without crashing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.screen import Screen

from cert_prep.errors import UserError
from cert_prep.store.errors import StoreError

T = TypeVar("T")


class CertPrepScreen(Screen):
    def say(self, text: str, severity: str = "information", timeout: float | None = None) -> None:
        """A toast; never markup, since it may quote bank text or file names."""
        self.app.notify(text, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    def guarded(self, action: Callable[..., T], *args: Any) -> T | None:
        """Run an engine action; a problem becomes a message, never a crash."""
        # Imported here: the first screen paints before the session module (and pydantic).
        from cert_prep.engine.session import AttemptClosed

        try:
            return action(*args)
        except AttemptClosed as exc:
            self.attempt_closed(exc)
        except StoreError as exc:  # the store's own message: the disk, a lock, damage
            self.say(exc.message[:1].upper() + exc.message[1:], severity="error", timeout=8)
        except UserError as exc:
            self.say(exc.message[:1].upper() + exc.message[1:], severity="warning")
        return None

    def attempt_closed(self, exc: UserError) -> None:
        self.say(exc.message[:1].upper() + exc.message[1:], severity="warning")

    # ---- scrolling a question without focusing it (screens bind scroll_bindings) ----

    def action_scroll_question(self, pages: float) -> None:
        """The question, or else the screen's reading panel (class `reading`)."""
        for view in self.query("QuestionView"):
            view.scroll_question(pages)  # type: ignore[attr-defined]
            return
        from cert_prep.ui.widgets.more_below import scroll_pages

        for box in self.query(".reading"):
            scroll_pages(box, pages)  # type: ignore[arg-type]
            return

    def on_resize(self) -> None:
        from cert_prep.ui.widgets.more_below import MoreBelow

        for hint in self.query(MoreBelow):
            self.call_after_refresh(hint.check)

    def action_scroll_case(self, pages: float) -> None:
        for view in self.query("QuestionView"):
            view.scroll_case(pages)  # type: ignore[attr-defined]
