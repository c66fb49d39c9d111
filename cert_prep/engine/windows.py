"""Which cert-prep window holds an unfinished attempt.

A session claims its attempt with a token when it opens it (see Session in session.py).
Another window that finds the attempt held asks the student before taking it over; a
holder whose process has ended (cert-prep closed without saying so, or killed) does not
count, so resuming after a crash never asks.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from cert_prep.store import Store


def new_holder() -> str:
    """A token naming this window: host and process (to tell a live window from one that
    was killed) and a random part (two sessions of one process are two windows)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists but is not ours, or we cannot tell: assume it is there
    return True


@dataclass(frozen=True)
class HeldElsewhere:
    """Another cert-prep window has the attempt open (since `held_at`, UTC ISO)."""

    attempt_id: int
    held_at: str | None


def held_elsewhere(
    store: Store,
    attempt_id: int,
    mine: str | None = None,
    alive: Callable[[int], bool] = _process_alive,
) -> HeldElsewhere | None:
    """Whether another live window holds the attempt. A holder on this computer whose
    process has ended (cert-prep was killed) does not count: its attempt is free."""
    holder, held_at = store.attempt_holder(attempt_id)
    if holder is None or holder == mine:
        return None
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host == socket.gethostname() and pid_text.isdigit() and not alive(int(pid_text)):
        return None
    return HeldElsewhere(attempt_id, held_at)
