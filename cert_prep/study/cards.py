"""FSRS cards: the scheduler, the rating of an answer, and one item's card as plain fields.

A card is the FSRS replay, in time order (reviewed_at, then id), of the item's reviews
after the last one whose key hash differs from the item's current `key_hash(question)`
(see `history` for how the cards are kept up to date).

Rating (documented in docs/spaced-repetition.md): wrong is Again; right is Good, Hard
when it took more than `HARD_PACE_FACTOR` x the blueprint's pace (time limit /
questions), Easy when it took less than `EASY_PACE_FACTOR` x the pace; right with no
time recorded is Good.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from cert_prep.bank.models import Blueprint
from cert_prep.clock import clamp_moment, from_iso, parse_moment

# Right answers slower than this multiple of the blueprint pace are rated Hard ...
HARD_PACE_FACTOR = 2.0
# How sure the student said they were (reviews.confidence), asked only when confidence
# ratings are on.
GUESS, UNSURE, SURE = 1, 2, 3
# ... and faster than this multiple Easy.
EASY_PACE_FACTOR = 0.5
# FSRS's target recall: a card is due when its predicted recall drops to this.
DESIRED_RETENTION = 0.9
# Recent accuracy: each older answer counts this much less than the next one.
RECENT_DECAY = 0.5

# ---- the scheduler and the rating ------------------------------------------------------------


@lru_cache(maxsize=1)
def scheduler() -> Any:
    """The FSRS scheduler all cards use.

    No fuzzing (selection must be deterministic), and no minute-scale (re)learning
    steps: a drill is not a flashcard session, so a missed item comes back the next
    day instead of ten minutes later, and a right one after FSRS's first interval.
    """
    import fsrs

    return fsrs.Scheduler(
        desired_retention=DESIRED_RETENTION,
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )


def pace_seconds(blueprint: Blueprint) -> float:
    """Seconds per question on the real exam: time limit / questions."""
    return blueprint.time_limit_minutes * 60.0 / max(1, blueprint.total_questions)


def rating_for(
    correct: bool, seconds: float | None, pace: float | None, confidence: int | None = None
) -> Any:
    """The FSRS rating of one answer (see the module docstring for the thresholds). A wrong
    answer is Again whatever the confidence; a right one the student called a guess is
    Hard (it may be luck)."""
    import fsrs

    if not correct:
        return fsrs.Rating.Again
    if confidence == GUESS:
        return fsrs.Rating.Hard
    if seconds is None or not pace or seconds <= 0:
        return fsrs.Rating.Good
    if seconds > HARD_PACE_FACTOR * pace:
        return fsrs.Rating.Hard
    if seconds < EASY_PACE_FACTOR * pace:
        return fsrs.Rating.Easy
    return fsrs.Rating.Good


def card_id_for(item_id: str) -> int:
    """A stable positive card id from the item id (FSRS would otherwise use the clock)."""
    return zlib.crc32(item_id.encode()) + 1


def parse_utc(text: str) -> datetime:
    """An ISO time as an aware UTC datetime (FSRS insists on `timezone.utc`)."""
    moment = from_iso(text)
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
DAY_MS = 86_400_000


def to_ms(moment: datetime) -> int:
    """Exact integer milliseconds since the epoch (no float rounding at day boundaries)."""
    return (moment - _EPOCH) // _MS


def from_ms(ms: int) -> datetime:
    return _EPOCH + timedelta(milliseconds=ms)


@lru_cache(maxsize=1)
def forgetting_curve() -> tuple[float, float]:
    """FSRS-6's forgetting curve R = (1 + factor * days / S) ** decay, from the scheduler's
    own parameters (decay = -w20; factor makes R = 0.9 when days = S)."""
    decay = -scheduler().parameters[20]
    return decay, 0.9 ** (1 / decay) - 1


# ---- card state ------------------------------------------------------------------------------


@dataclass
class CardState:
    """One item's FSRS card (as plain fields) and the counts mastery needs.

    The fields are those of `fsrs.Card`, times as integer milliseconds; `card` builds the
    fsrs object when a review is applied, so reading 10,000 cards back is cheap.
    """

    item_id: str
    exam: str
    domain: str
    key_hash: str | None
    fsrs_state: int | None = None  # None when nothing was reviewed since a key change
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due_ms: int | None = None
    last_review_ms: int | None = None
    reps: int = 0
    lapses: int = 0  # wrong answers after the first one
    first_correct: bool | None = None
    recent: float = 0.0  # exponentially weighted accuracy of the answers since the reset
    recent_weight: float = 0.0
    last_review_id: int = 0
    last_reviewed_ms: int | None = None  # the latest review applied, whatever its key
    # Answered at least once with feedback (a drill) since the reset, not only in mock
    # exams: a mock shows no key, so its answers are first tries, not study.
    studied: bool = False

    @property
    def seen(self) -> bool:
        return self.reps > 0 and self.stability is not None

    @property
    def card(self) -> Any | None:
        """The fsrs.Card (built on each access; None if not reviewed since a key change)."""
        if self.fsrs_state is None or self.due_ms is None:
            return None
        import fsrs

        return fsrs.Card(
            card_id=card_id_for(self.item_id),
            state=fsrs.State(self.fsrs_state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=from_ms(self.due_ms),
            last_review=None if self.last_review_ms is None else from_ms(self.last_review_ms),
        )

    @property
    def due(self) -> datetime | None:
        return None if self.due_ms is None else from_ms(self.due_ms)

    @property
    def last_reviewed_at(self) -> datetime | None:
        return None if self.last_reviewed_ms is None else from_ms(self.last_reviewed_ms)

    def recall(self, at_ms: int) -> float:
        """FSRS retrievability at `at_ms`: equal to `Scheduler.get_card_retrievability` (a
        test checks it), in whole days as FSRS counts them, without building the card."""
        if self.stability is None or self.last_review_ms is None:
            return 0.0
        decay, factor = forgetting_curve()
        days = max(0, (at_ms - self.last_review_ms) // DAY_MS)
        recall: float = (1 + factor * days / self.stability) ** decay
        return recall

    def reset(self, new_hash: str | None) -> None:
        self.key_hash = new_hash
        self.fsrs_state = self.step = self.stability = self.difficulty = None
        self.due_ms = self.last_review_ms = None
        self.reps = self.lapses = 0
        self.first_correct = None
        self.studied = False
        self.recent = self.recent_weight = 0.0

    def review(
        self,
        correct: bool,
        seconds: float | None,
        when: datetime,
        pace: float,
        confidence: int | None = None,
        studied: bool = True,
    ) -> None:
        """Apply one answer; `studied`: the key was shown right after it (not a mock)."""
        import fsrs

        card = self.card
        if card is None:
            card = fsrs.Card(card_id=card_id_for(self.item_id), due=when)
        rating = rating_for(correct, seconds, pace, confidence)
        card, _log = scheduler().review_card(card, rating, when)
        self.fsrs_state, self.step = int(card.state), card.step
        self.stability, self.difficulty = card.stability, card.difficulty
        self.due_ms = to_ms(card.due)
        self.last_review_ms = None if card.last_review is None else to_ms(card.last_review)
        if self.reps == 0:
            self.first_correct = correct
        elif not correct:
            self.lapses += 1
        self.reps += 1
        self.studied = self.studied or studied
        weight = self.recent_weight * RECENT_DECAY
        self.recent = (self.recent * weight + float(correct)) / (weight + 1.0)
        self.recent_weight = weight + 1.0


# ---- replaying reviews -----------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRow:
    """One row of `reviews`, as the cards need it."""

    id: int
    item_id: str
    domain: str
    reviewed_at: str
    correct: bool
    seconds: float | None
    mode: str
    attempt_id: int | None
    key_hash: str | None
    confidence: int | None = None


def review_row(raw: Sequence[Any]) -> ReviewRow:
    confidence = raw[9] if len(raw) > 9 and raw[9] in (1, 2, 3) else None
    return ReviewRow(
        raw[0], raw[1], raw[2], raw[3], bool(raw[4]), raw[5], raw[6], raw[7], raw[8], confidence
    )


def review_time(row: ReviewRow, latest: datetime | None = None) -> datetime | None:
    """When the review happened, clamped to `latest` (the sync's now); None if the stored
    time is not a time at all. A clock that was set to the far future or a damaged row
    then costs that one review's timing, never the command."""
    moment = parse_moment(row.reviewed_at)
    return None if moment is None else clamp_moment(moment, latest)


def apply_review(
    state: CardState,
    row: ReviewRow,
    target: str | None,
    pace: float,
    latest: datetime | None = None,
) -> bool:
    """Apply one review in time order; False if it is older than what the card holds."""
    when = review_time(row, latest)
    if when is None:
        return True  # an unreadable time: the review is skipped, the rest still counts
    when_ms = to_ms(when)
    if state.last_reviewed_ms is not None and when_ms < state.last_reviewed_ms:
        return False
    if target is None:
        # Not in the banks any more: the card follows the hash of its latest review.
        if row.key_hash is not None and row.key_hash != state.key_hash:
            state.reset(row.key_hash)
        matches = True
    else:
        matches = row.key_hash is None or row.key_hash == target
        if not matches:
            state.reset(target)  # answered against another key: does not count
    if matches:
        state.review(
            row.correct, row.seconds, when, pace, row.confidence, studied=row.mode != "exam"
        )
    state.domain = row.domain
    state.last_review_id = max(state.last_review_id, row.id)
    state.last_reviewed_ms = when_ms
    return True


def _order_ms(row: ReviewRow, latest: datetime | None) -> int:
    when = review_time(row, latest)
    return -1 if when is None else to_ms(when)


def replay(
    item_id: str,
    exam: str,
    rows: Iterable[ReviewRow],
    target: str | None,
    pace: float,
    latest: datetime | None = None,
) -> CardState:
    """A card from scratch: `rows` in time order."""
    ordered = sorted(rows, key=lambda r: (_order_ms(r, latest), r.id))
    state = CardState(item_id, exam, ordered[0].domain if ordered else "", target)
    for row in ordered:
        apply_review(state, row, target, pace, latest)
    return state
