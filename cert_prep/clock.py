"""Time is injected: the engine and scheduler ask a Clock, tests pass a FakeClock."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes backwards."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime | None = None):
        self._now = start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._mono += seconds


def to_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def from_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_text(moment: datetime | str | None, zone: bool = True,
               tz: tzinfo | None = None) -> str:
    """A stored time as people read it: `YYYY-MM-DD HH:MM` in the student's time zone
    (`tz`, else the computer's), followed by the zone's name unless `zone` is False.

    The one place that formats times for screens, plain mode and reports; JSON output and
    file names keep UTC."""
    if moment is None or moment == "":
        return ""
    when = from_iso(moment) if isinstance(moment, str) else moment
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    local = when.astimezone(tz)
    text = local.strftime("%Y-%m-%d %H:%M")
    name = local.tzname() if zone else None
    return f"{text} {name}" if name else text
