"""Readiness: the predicted mock-exam score, its uncertainty band, and how it compared.

predicted = sum over blueprint domains of weight x mastery (see `mastery`), in percent:
what the student has shown they know, with items never seen counted as not known.

The band (documented in docs/spaced-repetition.md) is a 95% range that narrows as more
items are seen. With S the blueprint-weighted share of the bank seen, n the number of
items seen and p = predicted / S the mean mastery over the seen part:

- low  = S x Wilson-lower(p, n): the seen part, less its sampling error; unseen items 0;
- high = S x Wilson-upper(p, n) + (1 - S) x Wilson-upper(f, m): the unseen part credited
  at the rate the student answers items right the first time they meet them (f over m
  first answers; 100% when there are none yet).

Nothing seen gives 0-100%; everything seen gives a Wilson interval on n items. The band
is about the expected score; one 100-question sitting adds its own luck (about +-9
points at 70%) on top.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from cert_prep.bank.loader import ExamBank
from cert_prep.store import Store
from cert_prep.study.card_sync import CardState, exam_cards
from cert_prep.study.mastery import DomainMastery, evaluate
from cert_prep.study.outlook import OUTLOOK, verdict

Z95 = 1.959964


@dataclass(frozen=True)
class Readiness:
    exam: str
    predicted_percent: float
    low: float
    high: float
    pass_percent: float
    seen: int  # items of the bank seen since their key last changed
    total: int  # items in the bank
    domains: list[DomainMastery] = field(default_factory=list)  # weakest first

    @property
    def verdict(self) -> str:
        return verdict(self.seen, self.low, self.high, self.pass_percent)

    @property
    def outlook(self) -> str:
        return OUTLOOK[self.verdict]


@dataclass(frozen=True)
class MockComparison:
    """One submitted mock exam: its actual score and the prediction made before it."""

    attempt_id: int
    submitted_at: str
    actual_percent: float
    predicted_percent: float | None
    low: float | None
    high: float | None


def wilson(p: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion `p` observed over `n` trials."""
    if n <= 0:
        return 0.0, 1.0
    p = min(1.0, max(0.0, p))
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def estimate(bank: ExamBank, states: dict[str, CardState], now: datetime) -> Readiness:
    """Readiness from cards already synced (pure: no store)."""
    evaluation = evaluate(bank, states, now)
    domains = evaluation.domains
    predicted = sum(d.weight * d.mastery for d in domains)
    coverage = sum(d.weight * d.seen / d.total for d in domains if d.total)
    seen = sum(d.seen for d in domains)
    right_firsts = sum(r for r, _n in evaluation.first_tries.values())
    if seen and coverage > 0:
        lo, hi = wilson(predicted / coverage, seen)
    else:
        lo = hi = 0.0
    first_hi = wilson(right_firsts / seen, seen)[1] if seen else 1.0
    low = coverage * lo
    high = coverage * hi + (1.0 - coverage) * first_hi
    return Readiness(
        exam=bank.id,
        predicted_percent=round(100 * predicted, 1),
        low=round(100 * min(low, predicted), 1),
        high=round(100 * max(high, predicted), 1),
        pass_percent=bank.blueprint.pass_percent,
        seen=seen,
        total=sum(d.total for d in domains),
        domains=domains,
    )


def readiness(store: Store, bank: ExamBank, now: datetime) -> Readiness:
    """The study layer's contract: sync the cards, then estimate (domains weakest first)."""
    return estimate(bank, exam_cards(store, bank, now), now)


def mock_comparison(store: Store, bank: ExamBank, now: datetime) -> list[MockComparison]:
    """Submitted full mock exams of `bank` (practice exams are not a fair test of the
    prediction), oldest first, each with the prediction made before it.

    Predictions are recorded while the cards are synced, from the cards as they stood
    just before the exam's answers (so also for exams taken before this existed).
    """
    exam_cards(store, bank, now)
    return [
        MockComparison(r[0], r[1], float(r[2] or 0.0), r[3], r[4], r[5])
        for r in store.mock_predictions(bank.id)
    ]
