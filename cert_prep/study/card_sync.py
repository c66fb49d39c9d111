"""FSRS cards per item, kept in the `cards` table and brought up to date from `reviews`.

The `reviews` table (written by the exam and drill engine) is the truth; a card is a
cache of it. Every card is a pure function of the reviews and the bank:

    the FSRS replay, in time order (reviewed_at, then id), of the item's reviews after
    the last one whose key hash differs from the item's current `key_hash(question)`.

So an item whose choices or key changed starts a fresh card from the first review
with the new hash, an edit that does not touch the key keeps the history, and an item
removed from the banks keeps its card (built on the hash of its latest review) but
drops out of mastery and selection, which only look at the bank's items.

`sync_cards` applies the reviews with ids above the exam's watermark (`card_sync`) and
moves the watermark in the same transaction (one per `_CHUNK` reviews): a crash leaves
either the old or the new state, and running it again applies nothing twice. A review
that arrives out of time order for its item (an exam submitted after a drill of the
same item in another window) makes that one card be replayed from the start. The rows
are read and written through the store's `CardLink` (a connection of the sync's own).

The FSRS side (the scheduler, the rating thresholds, one card) is in `cards`.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TypeVar

from cert_prep.bank.loader import ExamBank, Item, Library
from cert_prep.bank.models import key_hash
from cert_prep.clock import clamp_moment, parse_moment, to_iso
from cert_prep.store import CardLink, Store
from cert_prep.study.cards import (
    DAY_MS,
    DESIRED_RETENTION,
    EASY_PACE_FACTOR,
    HARD_PACE_FACTOR,
    CardState,
    apply_review,
    card_id_for,
    forgetting_curve,
    from_ms,
    pace_seconds,
    rating_for,
    replay,
    review_row,
    scheduler,
    to_ms,
)

__all__ = [
    "DAY_MS",
    "DESIRED_RETENTION",
    "EASY_PACE_FACTOR",
    "HARD_PACE_FACTOR",
    "CardState",
    "SyncResult",
    "bank_index",
    "card_id_for",
    "current_hashes",
    "exam_cards",
    "forgetting_curve",
    "from_ms",
    "pace_seconds",
    "rating_for",
    "scheduler",
    "sync_cards",
    "to_ms",
]

# Reviews applied per transaction.
_CHUNK = 20_000

T = TypeVar("T")


# ---- what the bank says now ------------------------------------------------------------------


def _bank_cached(bank: ExamBank, name: str, build: Callable[[], T]) -> T:
    """A value derived from the bank's items, kept on the bank until its items change."""
    cached = bank.__dict__.get(name)
    marker = (id(bank.items), len(bank.items))
    if cached is None or cached[0] != marker:
        cached = (marker, build())
        bank.__dict__[name] = cached
    value: T = cached[1]
    return value


def current_hashes(bank: ExamBank) -> dict[str, str]:
    """item id -> key hash of every item in the bank."""
    return _bank_cached(
        bank,
        "_study_key_hashes",
        lambda: {item.id: item.known_key_hash or key_hash(item.question) for item in bank.items},
    )


def bank_index(bank: ExamBank) -> list[tuple[str, str, Item]]:
    """(item id, domain, item) of the bank's items in blueprint domains, in bank order."""

    def build() -> list[tuple[str, str, Item]]:
        domains = {d.id for d in bank.blueprint.domains}
        return [(item.id, item.domain, item) for item in bank.items if item.domain in domains]

    return _bank_cached(bank, "_study_index", build)


# ---- loading and saving ----------------------------------------------------------------------


def _load_states(tables: CardLink, exam: str) -> dict[str, CardState]:
    states: dict[str, CardState] = {}
    for row in tables.card_rows(exam):
        state = CardState(*row)
        if state.first_correct is not None:
            state.first_correct = bool(state.first_correct)
        state.studied = bool(state.studied)
        states[state.item_id] = state
    return states


def _save_states(tables: CardLink, states: Iterable[CardState], now: datetime) -> None:
    rows = [
        (
            s.item_id,
            s.exam,
            s.domain,
            s.key_hash,
            s.fsrs_state,
            s.step,
            s.stability,
            s.difficulty,
            s.due_ms,
            s.last_review_ms,
            s.reps,
            s.lapses,
            None if s.first_correct is None else int(s.first_correct),
            s.recent,
            s.recent_weight,
            s.last_review_id,
            s.last_reviewed_ms,
            int(s.studied),
        )
        for s in states
    ]
    tables.save_cards(rows, to_iso(now))


class _Link:
    """The store's CardLink for one store, the lock syncs take, and their cache.

    The cache holds (watermark, states) per exam: cards are a pure function of the reviews
    up to the watermark and this process's bank, so an equal watermark means equal cards,
    whoever wrote them.
    """

    def __init__(self, store: Store):
        self.tables = store.card_link()
        self.lock = threading.RLock()
        self.cache: dict[str, tuple[int, dict[str, CardState]]] = {}
        # A read-only study history: cards are computed in memory and never saved, and
        # `marks` holds how far each exam's reviews were applied in this process.
        self.read_only = store.read_only
        self.marks: dict[str, int] = {}

    def watermark(self, exam: str) -> int:
        return max(self.tables.watermark(exam), self.marks.get(exam, 0))


_LINKS: weakref.WeakKeyDictionary[Store, _Link] = weakref.WeakKeyDictionary()
_LINKS_LOCK = threading.Lock()


def _link(store: Store) -> _Link:
    with _LINKS_LOCK:
        link = _LINKS.get(store)
        if link is None:
            link = _LINKS[store] = _Link(store)
        return link


@dataclass
class SyncResult:
    applied: int = 0  # reviews applied
    rebuilt: int = 0  # cards replayed from the start (key changed, or out of time order)
    predictions: int = 0  # readiness recorded before a mock exam
    watermark: int = 0
    exams: list[str] = field(default_factory=list)


def sync_cards(store: Store, library_or_bank: Library | ExamBank, now: datetime) -> SyncResult:
    """Bring the cards of every exam (a Library) or of one exam up to date with `reviews`."""
    banks = (
        list(library_or_bank.exams.values())
        if isinstance(library_or_bank, Library)
        else [library_or_bank]
    )
    total = SyncResult()
    for bank in banks:
        _states, result = _sync_exam(store, bank, now)
        total.applied += result.applied
        total.rebuilt += result.rebuilt
        total.predictions += result.predictions
        total.watermark = max(total.watermark, result.watermark)
        total.exams.append(bank.id)
    return total


def exam_cards(store: Store, bank: ExamBank, now: datetime) -> dict[str, CardState]:
    """The exam's cards, synced first. Do not modify the states returned (they are cached)."""
    states, _result = _sync_exam(store, bank, now)
    return states


def last_answered(store: Store, bank: ExamBank, now: datetime) -> dict[str, int]:
    """When each question of the exam was last answered (ms since the epoch), in a drill
    or a mock exam, whatever its key then: what topic drills order by."""
    return {
        item_id: s.last_reviewed_ms
        for item_id, s in exam_cards(store, bank, now).items()
        if s.last_reviewed_ms is not None
    }


def _stale(states: dict[str, CardState], hashes: dict[str, str]) -> list[str]:
    return [
        item_id
        for item_id, s in states.items()
        if item_id in hashes and s.key_hash != hashes[item_id]
    ]


def _sync_exam(
    store: Store, bank: ExamBank, now: datetime
) -> tuple[dict[str, CardState], SyncResult]:
    link = _link(store)
    with link.lock:
        return _sync_locked(link, bank, now)


def _sync_locked(
    link: _Link, bank: ExamBank, now: datetime
) -> tuple[dict[str, CardState], SyncResult]:
    tables, exam = link.tables, bank.id
    hashes = current_hashes(bank)
    pace = pace_seconds(bank.blueprint)
    result = SyncResult()
    first = True
    while True:
        watermark = link.watermark(exam)
        cached = link.cache.get(exam)
        states = (
            cached[1]
            if cached is not None and cached[0] == watermark
            else _load_states(tables, exam)
        )
        has_new = tables.has_reviews_after(watermark, exam)
        if not has_new and not _stale(states, hashes):
            link.cache[exam] = (watermark, states)
            result.watermark = watermark
            return states, result
        if not first and not has_new:
            break  # nothing new since the last chunk; a stale card only from another bank
        first = False
        # One transaction per chunk: a long first sync never holds the lock for long, and
        # each commit moves the cards and the watermark together.
        with tables.transaction():
            if link.watermark(exam) != watermark:  # another cert-prep synced meanwhile
                continue
            states = _apply_chunk(
                tables,
                bank,
                hashes,
                pace,
                dict(states),
                watermark,
                now,
                result,
                save=not link.read_only,
            )
            link.cache[exam] = (result.watermark, states)
            if link.read_only:
                link.marks[exam] = result.watermark
    return states, result


def _apply_chunk(
    tables: CardLink,
    bank: ExamBank,
    hashes: dict[str, str],
    pace: float,
    states: dict[str, CardState],
    watermark: int,
    now: datetime,
    result: SyncResult,
    save: bool = True,
) -> dict[str, CardState]:
    """Apply up to `_CHUNK` reviews after `watermark` (inside the caller's transaction)."""
    exam = bank.id
    changed: set[str] = set()

    def rebuild(item_id: str, upto: int) -> None:
        rows = tables.item_reviews(item_id, exam, upto)
        states[item_id] = replay(
            item_id, exam, map(review_row, rows), hashes.get(item_id), pace, now
        )
        changed.add(item_id)
        result.rebuilt += 1

    for item_id in _stale(states, hashes):
        rebuild(item_id, watermark)

    rows = tables.reviews_after(watermark, exam, _CHUNK)
    out_of_order: set[str] = set()
    last_id = watermark
    exam_attempt: int | None = None
    for raw in rows:
        row = review_row(raw)
        if row.mode == "exam" and row.attempt_id is not None and row.attempt_id != exam_attempt:
            # A mock exam's answers start: record readiness as it stood before it.
            exam_attempt = row.attempt_id
            for item_id in sorted(out_of_order):
                rebuild(item_id, last_id)
            out_of_order.clear()
            if save and _record_prediction(
                tables, bank, states, row.attempt_id, row.reviewed_at, now
            ):
                result.predictions += 1
        state = states.get(row.item_id)
        if state is None:
            state = CardState(row.item_id, exam, row.domain, hashes.get(row.item_id))
        elif row.item_id not in changed:
            state = replace(state)  # the cached one stays as it was until commit
        states[row.item_id] = state
        if row.item_id not in out_of_order:
            if apply_review(state, row, hashes.get(row.item_id), pace, now):
                result.applied += 1
            else:
                out_of_order.add(row.item_id)
        changed.add(row.item_id)
        last_id = row.id
    for item_id in sorted(out_of_order):
        rebuild(item_id, last_id)
    result.watermark = last_id
    if not save:
        return states
    _save_states(tables, (states[i] for i in sorted(changed)), now)
    tables.set_watermark(exam, last_id, to_iso(now))
    result.watermark = last_id
    return states


def _record_prediction(
    tables: CardLink,
    bank: ExamBank,
    states: dict[str, CardState],
    attempt_id: int,
    first_review_at: str,
    now: datetime,
) -> bool:
    """Readiness before mock exam `attempt_id`, from the cards as they stood then: the
    model's own prediction, without the correction by earlier mock exams, so the gaps
    that correction learns from measure the model."""
    if tables.has_prediction(attempt_id):
        return False
    from cert_prep.study.readiness import estimate

    started = tables.attempt_started_at(attempt_id)
    when = clamp_moment(parse_moment(started) or parse_moment(first_review_at) or now, now)
    ready = estimate(bank, states, when)
    tables.record_prediction(
        attempt_id,
        bank.id,
        ready.predicted_percent,
        ready.low,
        ready.high,
        ready.seen,
        to_iso(when),
    )
    return True
