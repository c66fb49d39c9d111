"""The student's exam date per exam (kept in settings) and the days left to it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from cert_prep.clock import parse_day
from cert_prep.errors import UserError
from cert_prep.safe_text import undecodable_shown
from cert_prep.store import Store

# Recall "on exam day" is predicted for midday UTC of that date: FSRS counts whole
# days, so any hour of the day gives the same answer for reviews the day before.
EXAM_HOUR_UTC = 12
# The furthest exam day a plan is made for: two years on, to the day. A date set further
# ahead is a slip (and a plan that long would be millions of days of forecast).
YEARS_AHEAD = 2


def _key(exam: str) -> str:
    return f"exam_date:{exam}"


def get_exam_date(store: Store, exam: str) -> date | None:
    text = store.get_setting(_key(exam))
    if not text:
        return None
    return parse_day(text)  # a hand-edited setting that is not a date is ignored, not fatal


def set_exam_date(store: Store, exam: str, day: date | None) -> None:
    store.set_setting(_key(exam), None if day is None else day.isoformat())


def shown(text: str, width: int = 24) -> str:
    cut = undecodable_shown(text[:width]) + ("..." if len(text) > width else "")
    return cut if cut.isprintable() else repr(cut)[1:-1]


def parse_exam_date(text: str, today: date) -> date:
    """`YYYY-MM-DD`, today or later; a UserError (usage) otherwise."""
    day = parse_day(text)
    if day is None:
        raise UserError(
            f"`{shown(text)}` is not a date; write it as YYYY-MM-DD, e.g. "
            f"{today.replace(day=min(today.day, 28)).isoformat()}",
            exit_code=2,
        )
    if day < today:
        raise UserError(
            f"{day.isoformat()} is in the past (today is {today.isoformat()})", exit_code=2
        )
    if is_too_far(day, today):
        raise UserError(too_far(day, today), exit_code=2)
    return day


def latest_exam_day(today: date) -> date:
    """Two years after `today`, to the day (29 February: the 28th)."""
    year = today.year + YEARS_AHEAD
    try:
        return today.replace(year=year)
    except ValueError:  # 29 February, and that year is not a leap year
        return today.replace(year=year, day=28)


def is_too_far(day: date, today: date) -> bool:
    return day > latest_exam_day(today)


def too_far(day: date, today: date) -> str:
    return (
        f"{day.isoformat()} is more than two years away; cert-prep plans for exam dates up "
        f"to {latest_exam_day(today).isoformat()}"
    )


def plannable(day: date, now: datetime) -> bool:
    """Whether a study plan can be made for an exam on `day`: ahead, and within reach."""
    return days_left(day, now) > 0 and not is_too_far(day, today_of(now))


def today_of(now: datetime) -> date:
    """The student's calendar day: in this machine's time zone, as every screen shows times
    (at 7 pm in Los Angeles the exam on the 5th is tomorrow, though UTC is on the 5th)."""
    return now.astimezone().date()


def day_end(now: datetime) -> datetime:
    """When the student's today ends: the next local midnight."""
    return datetime.combine(today_of(now) + timedelta(days=1), time.min).astimezone()


def days_left(day: date, now: datetime) -> int:
    """Whole days from the student's today to the exam day; 0 on the day, negative after."""
    return (day - today_of(now)).days


def exam_moment(day: date) -> datetime:
    return datetime.combine(day, time(EXAM_HOUR_UTC), tzinfo=UTC)


def days_left_text(day: date, now: datetime) -> str:
    left = days_left(day, now)
    if is_too_far(day, today_of(now)):
        return "more than two years away, too far ahead to plan for"
    if left > 1:
        return f"{left} days left"
    if left == 1:
        return "1 day left"
    if left == 0:
        return "today"
    return f"{-left} day{'s' if left < -1 else ''} ago"
