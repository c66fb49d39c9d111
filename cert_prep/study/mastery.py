"""Domain mastery from the cards: how much of each blueprint domain the student knows.

An item's mastery at a moment is the mean of two estimates of "answers it right then":

- FSRS retrievability at that moment (the memory model: how much has been forgotten);
- recent accuracy: the item's answers since its key last changed, each older answer
  weighing half as much as the next (what actually happened, including misreadings and
  lucky guesses FSRS cannot see; right after a review FSRS says 100%, accuracy does not).

A domain's mastery is the sum of its items' mastery over ALL the bank's items of the
domain: items never seen count as not mastered (0), so a domain is only mastered once
it has been covered. Its `expected` accuracy is the readiness model's (study.expectation:
unseen items at the student's first-try accuracy, neither wrong nor right; so are items
answered only in mock exams, whose answers are first tries but showed no key). Domains come
weakest first by expected accuracy (ties: the bigger share of the exam first); domains
with no items in the banks last (they cannot be practised).

`evaluate` makes one pass over the bank for everything ranking and selection need.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cert_prep.bank.loader import ExamBank, Item
from cert_prep.study.card_sync import DAY_MS, CardState, bank_index, forgetting_curve, to_ms
from cert_prep.study.expectation import expectations

# Weight of FSRS retrievability in an item's mastery; the rest is recent accuracy.
RETRIEVABILITY_SHARE = 0.5


@dataclass(frozen=True)
class DomainMastery:
    id: str
    name: str
    mastery: float  # 0-1: summed item mastery / items of the domain in the banks
    seen: int  # items seen since their key last changed
    total: int  # items of the domain in the banks
    due: int  # seen items FSRS says are due for review now
    weight: float  # the domain's share of the exam's questions (blueprint count / total)
    expected: float = 0.0  # 0-1: share of its questions expected right, unseen ones included
    unseen_rate: float = 0.0  # expected chance on a question of it never seen
    variance: float = 0.0  # the model's uncertainty about `expected` (own evidence)
    leans_on_exam: float = 0.0  # d expected / d the exam-wide first-try rate


@dataclass(slots=True)
class ItemStatus:
    item: Item
    domain: str
    state: CardState | None  # None: never seen since its key last changed
    recall: float  # FSRS retrievability at the evaluation time (0 if never seen)
    mastery: float  # at the evaluation time (0 if never seen)
    due: bool  # due for review now


@dataclass
class Evaluation:
    domains: list[DomainMastery]  # weakest first
    items: list[ItemStatus]  # the bank's items in blueprint domains, in bank order
    first_tries: dict[str, tuple[int, int]] = field(default_factory=dict)  # right, answered
    exam_rate: float = 0.0  # first-try accuracy over the exam, shrunk toward the prior
    exam_rate_variance: float = 0.0

    def by_id(self) -> dict[str, DomainMastery]:
        return {d.id: d for d in self.domains}


def item_mastery(state: CardState, at: datetime) -> float:
    """Estimated chance of answering the item right at `at` (0 if never seen)."""
    if not state.seen:
        return 0.0
    recall = state.recall(to_ms(at))
    return RETRIEVABILITY_SHARE * recall + (1.0 - RETRIEVABILITY_SHARE) * state.recent


def blueprint_weights(bank: ExamBank) -> dict[str, float]:
    total = bank.blueprint.scored_questions or 1
    return {d.id: d.count / total for d in bank.blueprint.domains}


def evaluate(
    bank: ExamBank, states: dict[str, CardState], now: datetime, at: datetime | None = None
) -> Evaluation:
    """Every item's recall and mastery at `at` (default `now`) and due state at `now`,
    and every blueprint domain's mastery, weakest first."""
    at_ms, now_ms = to_ms(at or now), to_ms(now)
    share = RETRIEVABILITY_SHARE
    decay, factor = forgetting_curve()
    sums: dict[str, float] = {d.id: 0.0 for d in bank.blueprint.domains}
    studied_sums = dict.fromkeys(sums, 0.0)
    studied = dict.fromkeys(sums, 0)
    seen = dict.fromkeys(sums, 0)
    total = dict.fromkeys(sums, 0)
    due = dict.fromkeys(sums, 0)
    right_first = dict.fromkeys(sums, 0)
    items: list[ItemStatus] = []
    append = items.append
    for item_id, domain, item in bank_index(bank):
        total[domain] += 1
        state = states.get(item_id)
        if (
            state is None
            or state.reps == 0
            or state.stability is None
            or state.last_review_ms is None
            or state.due_ms is None
        ):
            append(ItemStatus(item, domain, None, 0.0, 0.0, False))
            continue
        # CardState.recall inlined: this loop runs over every item of the bank
        days = (at_ms - state.last_review_ms) // DAY_MS
        recall = (1 + factor * (days if days > 0 else 0) / state.stability) ** decay
        mastery = share * recall + (1.0 - share) * state.recent
        is_due = state.due_ms <= now_ms
        append(ItemStatus(item, domain, state, recall, mastery, is_due))
        seen[domain] += 1
        sums[domain] += mastery
        if state.studied:
            studied[domain] += 1
            studied_sums[domain] += mastery
        if is_due:
            due[domain] += 1
        if state.first_correct:
            right_first[domain] += 1
    weights = blueprint_weights(bank)
    order = {d.id: i for i, d in enumerate(bank.blueprint.domains)}
    first_tries = {d: (right_first[d], seen[d]) for d in sums}
    # Questions met only in mock exams (no key shown) count as first tries, and at the
    # first-try rate like questions never seen: a mock teaches nothing by itself.
    model = expectations(first_tries, {d: (studied_sums[d], studied[d], total[d]) for d in sums})
    domains = []
    for d in bank.blueprint.domains:
        e = model.domains[d.id]
        domains.append(
            DomainMastery(
                d.id,
                d.name,
                sums[d.id] / total[d.id] if total[d.id] else 0.0,
                seen[d.id],
                total[d.id],
                due[d.id],
                weights[d.id],
                e.expected,
                e.unseen_rate,
                e.variance,
                e.leans_on_exam,
            )
        )
    domains.sort(key=lambda m: (m.total == 0, round(m.expected, 9), -m.weight, order[m.id]))
    return Evaluation(domains, items, first_tries, model.rate, model.rate_variance)


def domain_mastery(
    bank: ExamBank, states: dict[str, CardState], now: datetime, at: datetime | None = None
) -> list[DomainMastery]:
    """Every blueprint domain's mastery, weakest first.

    `at` is when recall is predicted (default `now`; the exam day for exam-date
    planning); `due` always counts items due at `now`.
    """
    return evaluate(bank, states, now, at).domains
