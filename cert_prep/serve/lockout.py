"""Wrong class passphrases, counted per client address by the server.

A tab's own count would start again with every reload; the server's does not. Five wrong
passphrases from one address within ten minutes close signing in from that address for
ten minutes. A right passphrase forgets that address's mistakes (classmates behind one
address are not locked out by one another's typos).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from cert_prep.frontend.classroom_access import LOCKOUT_MINUTES, MAX_WRONG_PASSPHRASES

MAX_WRONG = MAX_WRONG_PASSPHRASES
WINDOW_SECONDS = LOCKOUT_MINUTES * 60.0


@dataclass
class _Address:
    wrong: list[float] = field(default_factory=list)
    locked_until: float = 0.0


class SignInLockout:
    """Counts wrong passphrases per address; `clock` is injectable for tests."""

    def __init__(
        self,
        max_wrong: int = MAX_WRONG,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.max_wrong = max_wrong
        self.window = window
        self.clock = clock
        self.addresses: dict[str, _Address] = {}

    def tries_left(self, address: str) -> int:
        """How many passphrases this address may still try (0 while it is locked out)."""
        entry = self._current(address)
        if entry is None:
            return self.max_wrong
        if entry.locked_until:
            return 0
        return self.max_wrong - len(entry.wrong)

    def minutes_locked(self, address: str) -> int:
        """Whole minutes (rounded up) until a locked-out address may try again."""
        entry = self._current(address)
        if entry is None or not entry.locked_until:
            return 0
        return max(1, math.ceil((entry.locked_until - self.clock()) / 60))

    def wrong(self, address: str) -> bool:
        """Count a wrong passphrase; True when this one locks the address out."""
        now = self.clock()
        entry = self._current(address) or self.addresses.setdefault(address, _Address())
        if entry.locked_until:
            return False
        entry.wrong.append(now)
        if len(entry.wrong) < self.max_wrong:
            return False
        entry.wrong.clear()
        entry.locked_until = now + self.window
        return True

    def right(self, address: str) -> None:
        self.addresses.pop(address, None)

    def _current(self, address: str) -> _Address | None:
        """The address's entry with what has expired forgotten (and old entries dropped,
        so the table cannot grow without end)."""
        now = self.clock()
        for key in [k for k, e in self.addresses.items() if self._expired(e, now)]:
            del self.addresses[key]
        entry = self.addresses.get(address)
        if entry is None:
            return None
        entry.wrong = [t for t in entry.wrong if now - t < self.window]
        return entry

    def _expired(self, entry: _Address, now: float) -> bool:
        if entry.locked_until:
            return now >= entry.locked_until
        return all(now - t >= self.window for t in entry.wrong)
