"""A plan to exam day: how many reviews and new questions a day it takes to see every
question of the bank and reach FSRS's target retention on exam day.

- New questions: every question never seen, spread evenly over the study days, the
  earlier days taking any remainder (a question first met the day before the exam is
  still well remembered on the day, which is why the weak drill's final stretch takes
  new questions too).
- Reviews: an FSRS load forecast. Every card due before exam day is reviewed on its due
  day; a review succeeds with the target retention's chance (FSRS's intervals are set so
  it does) and a first answer with the student's first-try accuracy (the readiness
  model's); a success moves the card on by FSRS's next interval, a failure brings it back
  the next day. Cards are grouped by rounded stability and difficulty, so 10,000 cards
  cost a few hundred FSRS steps.
- Smoothing: no day carries more than `PEAK` x the average load; the excess of a day is
  reviewed a day earlier (a little early costs little retention), and what still exceeds
  the first day's share moves to the next days.
- Reachable: the average day of the plan is within the student's recent pace (answers
  a day over the last `RECENT_DAYS` days).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from cert_prep.bank.loader import ExamBank
from cert_prep.errors import UserError
from cert_prep.store import Store
from cert_prep.study.calendar import reviews_per_day
from cert_prep.study.card_sync import CardState, exam_cards
from cert_prep.study.cards import DESIRED_RETENTION, scheduler
from cert_prep.study.exam_date import days_left, is_too_far, today_of, too_far
from cert_prep.study.mastery import evaluate
from cert_prep.wording import TERMINAL, Wording

PEAK = 1.5
RECENT_DAYS = 14
_STABILITY_STEP = math.log(1.1)  # cards are grouped by stability in 10% steps

Bucket = tuple[int, int]  # (stability step, difficulty in half points)


@dataclass(frozen=True)
class PlanDay:
    day: date
    due: int  # reviews expected that day (after smoothing)
    new: int  # questions never seen to take that day


@dataclass(frozen=True)
class StudyPlan:
    exam: str
    exam_date: date
    days_left: int
    daily: list[PlanDay]
    reachable: bool
    recent_per_day: float
    unseen: int  # questions never seen
    target_retention: float

    @property
    def average_per_day(self) -> float:
        return sum(d.due + d.new for d in self.daily) / len(self.daily) if self.daily else 0.0

    def summary(self) -> str:
        """What the days hold, in the words every view uses ("on average about 30 answers a
        day to see ..."); a bank seen through says reviews only."""
        recall = f"{self.target_retention:.0%} recall on exam day"
        if not self.unseen and not any(d.due for d in self.daily):
            return "every question has been seen and no review comes due before exam day"
        about = round(self.average_per_day)
        per_day = f"on average about {about} answer{'' if about == 1 else 's'} a day"
        if self.unseen:
            return f"{per_day} to see the {self.unseen} question(s) never seen and reach {recall}"
        return f"{per_day}, reviews only (every question has been seen), to reach {recall}"

    def on(self, day: date) -> PlanDay | None:
        return next((d for d in self.daily if d.day == day), None)

    def as_json(self) -> dict[str, Any]:
        return {
            "exam": self.exam,
            "exam_date": self.exam_date.isoformat(),
            "days_left": self.days_left,
            "daily": [{"date": d.day.isoformat(), "due": d.due, "new": d.new} for d in self.daily],
            "reachable": self.reachable,
            "recent_per_day": round(self.recent_per_day, 1),
        }


def study_plan(
    bank: ExamBank,
    states: dict[str, CardState],
    now: datetime,
    exam_date: date,
    recent_per_day: float,
    wording: Wording = TERMINAL,
) -> StudyPlan:
    """The plan from the student's today to the day before `exam_date`; a UserError when there is
    no day left to plan or nothing to plan for (`wording`: how it names setting the date)."""
    left = days_left(exam_date, now)
    if left < 0:
        raise UserError(
            f"the exam date {exam_date.isoformat()} has passed; set a new one with "
            f"{wording.set_exam_date(bank.id)}"
        )
    if left == 0:
        raise UserError(
            f"the exam is today ({exam_date.isoformat()}): no study days are left to plan"
        )
    today = today_of(now)
    if is_too_far(exam_date, today):  # set by hand or by an older version
        raise UserError(
            f"{too_far(exam_date, today)}; set the real one with {wording.set_exam_date(bank.id)}"
        )
    if not bank.items:
        raise UserError(f"the {bank.id} bank has no questions to plan for")
    evaluation = evaluate(bank, states, now)
    first_try = evaluation.exam_rate
    seen = [s.state for s in evaluation.items if s.state is not None]
    unseen = len(evaluation.items) - len(seen)
    # Today's share counts the questions already first met today: the rest of it is left.
    taken = new_taken_today(states, now)
    new = _spread(unseen + taken, left)
    new[0] = max(0, new[0] - taken)
    if sum(new) != unseen:  # more than today's share already taken: spread the rest
        new = [new[0], *_spread(unseen - new[0], left - 1)] if left > 1 else [unseen]
    due = _forecast(seen, new, first_try, today, left)
    smoothed = _smooth(due, new)
    daily = [PlanDay(today + timedelta(days=i), smoothed[i], new[i]) for i in range(left)]
    plan = StudyPlan(
        bank.id, exam_date, left, daily, False, recent_per_day, unseen, DESIRED_RETENTION
    )
    reachable = plan.average_per_day <= recent_per_day
    return StudyPlan(
        bank.id, exam_date, left, daily, reachable, recent_per_day, unseen, DESIRED_RETENTION
    )


def plan_for(
    store: Store, bank: ExamBank, now: datetime, exam_date: date, wording: Wording = TERMINAL
) -> StudyPlan:
    """The study layer's contract: cards synced, the recent pace read, then the plan."""
    states = exam_cards(store, bank, now)
    return study_plan(bank, states, now, exam_date, recent_pace(store, bank.id, now), wording)


def recent_pace(store: Store, exam: str, now: datetime) -> float:
    """Answers a day over the last RECENT_DAYS days (or since the first of them studied)."""
    today = today_of(now)
    offset = now.astimezone().utcoffset() or timedelta(0)
    counts = reviews_per_day(
        store,
        exam,
        today - timedelta(days=RECENT_DAYS - 1),
        today,
        int(offset.total_seconds() // 60),
    )
    if not counts:
        return 0.0
    span = (today - min(counts)).days + 1
    return sum(counts.values()) / span


def new_taken_today(states: dict[str, CardState], now: datetime) -> int:
    """Questions first answered today (the student's day): seen once, and that once today."""
    start = _midnight(today_of(now))
    start_ms = int(start.timestamp() * 1000)
    return sum(
        1
        for s in states.values()
        if s.reps == 1 and s.last_review_ms is not None and s.last_review_ms >= start_ms
    )


def _midnight(day: date) -> datetime:
    """The start of `day` in this machine's time zone (where `today_of` counts days)."""
    return datetime.combine(day, datetime.min.time()).astimezone()


def _spread(unseen: int, days: int) -> list[int]:
    """`unseen` over `days`, the earlier days taking the remainder."""
    base, extra = divmod(unseen, days)
    return [base + (1 if i < extra else 0) for i in range(days)]


def _forecast(
    cards: list[CardState], new: list[int], first_try: float, today: date, days: int
) -> list[float]:
    """Expected reviews each day (fractions: outcomes are chances)."""
    start_ms = int(_midnight(today).timestamp() * 1000)
    day_ms = 86_400_000
    schedule: list[dict[Bucket, float]] = [defaultdict(float) for _ in range(days)]
    for card in cards:
        if card.due_ms is None or card.stability is None or card.difficulty is None:
            continue
        day = max(0, (card.due_ms - start_ms) // day_ms)
        if day < days:
            schedule[day][_bucket(card.stability, card.difficulty)] += 1.0
    load = [0.0] * days

    def send(day: int, bucket: Bucket, mass: float) -> None:
        if day < days and mass > 1e-9:
            schedule[day][bucket] += mass

    for day in range(days):
        for bucket, mass in schedule[day].items():
            load[day] += mass
            for success, chance in ((True, DESIRED_RETENTION), (False, 1 - DESIRED_RETENTION)):
                after, interval = _after_review(bucket, success)
                send(day + interval, after, mass * chance)
        if new[day]:
            for success, chance in ((True, first_try), (False, 1 - first_try)):
                after, interval = _first_answer(success)
                send(day + interval, after, new[day] * chance)
    return load


def _smooth(load: list[float], new: list[int]) -> list[int]:
    """Reviews per day, moved earlier (then later) so no day's total passes PEAK x the
    average; rounded so the days add up to the rounded total."""
    due = list(load)
    days = len(due)
    cap = PEAK * (sum(due) + sum(new)) / days
    for i in range(days - 1, 0, -1):
        excess = due[i] + new[i] - cap
        if excess > 0:
            moved = min(excess, due[i])
            due[i] -= moved
            due[i - 1] += moved
    for i in range(days - 1):
        excess = due[i] + new[i] - cap
        if excess > 0:
            moved = min(excess, due[i])
            due[i] -= moved
            due[i + 1] += moved
    out: list[int] = []
    carried = 0.0
    for value in due:  # running rounding keeps the total
        carried += value
        out.append(max(0, round(carried) - sum(out)))
    return out


def _bucket(stability: float, difficulty: float) -> Bucket:
    return round(math.log(max(stability, 0.01)) / _STABILITY_STEP), round(difficulty * 2)


@lru_cache(maxsize=4096)
def _after_review(bucket: Bucket, success: bool) -> tuple[Bucket, int]:
    """A card of `bucket` reviewed on its due day: its bucket and days to its next review."""
    import fsrs

    stability = math.exp(bucket[0] * _STABILITY_STEP)
    difficulty = bucket[1] / 2
    when = datetime(2026, 1, 1, 12, tzinfo=UTC)
    interval = max(1, round(stability))  # at 90% retention an interval is the stability
    card = fsrs.Card(
        card_id=1,  # given: without one, fsrs sleeps a millisecond to make a unique id
        state=fsrs.State.Review,
        stability=stability,
        difficulty=min(10.0, max(1.0, difficulty)),
        due=when,
        last_review=when - timedelta(days=interval),
    )
    return _step(card, fsrs.Rating.Good if success else fsrs.Rating.Again, when)


@lru_cache(maxsize=2)
def _first_answer(success: bool) -> tuple[Bucket, int]:
    import fsrs

    when = datetime(2026, 1, 1, 12, tzinfo=UTC)
    card = fsrs.Card(card_id=1)
    return _step(card, fsrs.Rating.Good if success else fsrs.Rating.Again, when)


def _step(card: Any, rating: Any, when: datetime) -> tuple[Bucket, int]:
    review: Callable[..., tuple[Any, Any]] = scheduler().review_card
    after, _log = review(card, rating, when)
    interval = max(1, round((after.due - when) / timedelta(days=1)))
    return _bucket(after.stability, after.difficulty), interval
