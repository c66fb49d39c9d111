"""What every cert-prep screen shares: running engine actions without crashing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.screen import Screen

from cert_prep.engine.session import AttemptClosed
from cert_prep.errors import UserError
from cert_prep.store_errors import StoreError

T = TypeVar("T")


class CertPrepScreen(Screen):
    def say(self, text: str, severity: str = "information", timeout: float | None = None) -> None:
        """A toast; never markup, since it may quote bank text or file names."""
        self.app.notify(text, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    def guarded(self, action: Callable[..., T], *args: Any) -> T | None:
        """Run an engine action; a problem becomes a message, never a crash."""
        try:
            return action(*args)
        except AttemptClosed as exc:
            self.attempt_closed(exc)
        except StoreError as exc:  # the store's own message: the disk, a lock, damage
            self.say(exc.message[:1].upper() + exc.message[1:], severity="error", timeout=8)
        except UserError as exc:
            self.say(exc.message[:1].upper() + exc.message[1:], severity="warning")
        return None

    def attempt_closed(self, exc: AttemptClosed) -> None:
        self.say(exc.message[:1].upper() + exc.message[1:], severity="warning")
