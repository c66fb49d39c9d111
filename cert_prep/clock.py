"""Time is injected: the engine and scheduler ask a Clock, tests pass a FakeClock."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta, tzinfo
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


def from_iso(text: str, *, require_zone: bool = False) -> datetime:
    """The one ISO-time parser: an aware datetime (a time without a zone is UTC, as
    cert-prep writes them, unless `require_zone`); ValueError when `text` is not a time."""
    moment = datetime.fromisoformat(text)
    if require_zone and moment.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_text(moment: datetime | str | None, zone: bool = True, tz: tzinfo | None = None) -> str:
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


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str) -> date | None:
    """A calendar day written exactly `YYYY-MM-DD`, else None. `date.fromisoformat` also
    takes week dates (`2030-W01-1`) and `20300101`, which nobody means as an exam day."""
    value = text.strip()
    if not _DAY.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# The latest time a fact may carry into date arithmetic: FSRS adds intervals of up to a
# century to a review time, and datetime ends at 9999-12-31. A clock set to year 9999
# must not make every later computation overflow.
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def parse_moment(text: object) -> datetime | None:
    """An ISO time as aware UTC, or None when it is not one (never raises)."""
    if not isinstance(text, str):
        return None
    try:
        moment = from_iso(text)
    except ValueError:
        return None
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def clamp_moment(moment: datetime, latest: datetime | None = None) -> datetime:
    """`moment`, but never after `latest` (or LATEST): one wrong clock breaks nothing later."""
    bound = LATEST if latest is None else min(latest, LATEST)
    return bound if moment > bound else moment


def format_hms(seconds: float) -> str:
    """`H:MM:SS`; partial seconds count as a whole one (never show 0:00:00 too early)."""
    total = int(-(-max(0.0, seconds) // 1))
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
