"""How much any choice of questions can add under the simulated student models: a greedy
oracle that reads the simulated student's exact memory, ability and transfer.

    python benchmarks/model_oracle.py [--students 20] [--models exp,power,slow,actr]

Each evening the oracle answers 20 questions one at a time, each time the question whose
one presentation adds most to the expected exam-day score if nothing more were studied:
the item's own chance on exam day after the review (averaged over a right answer, with
the model's chance now, and a wrong one, since the model updates them differently) and,
under `power` and `slow`, the transfer every question of the domain gains from one more
item studied there, each weighted by its share of the exam as `expected_score` weights it
(`actr`: the picks of benchmarks/actr_oracle.py). It is compared with uniform random
questions for the same students (paired). Not a strategy cert-prep can use (it sees the
hidden model); it bounds what a selection can gain there. Greedy is not optimal, so the
bound is indicative, not proven; under `exp` it is no bound at all: one early
presentation is worth almost nothing 30 days later, while a right answer to a fresh item
still multiplies its half-life by 1.2, so for weeks the greedy crams one item 10-20 times
an evening and ends near random (below cert-prep's weak drills). About 1 s (exp), 4 s
(power, slow) and 17 s (actr) for 20 students.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Protocol

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import simulate_students as sim
from benchmarks.simulate_students import (
    DAY,
    AnyStudent,
    LogisticStudent,
    Student,
    make_student,
    synthetic_cpc,
)
from cert_prep.bank.loader import ExamBank, Item

DAYS, PER_DAY = 30, 20
EXAM_T = DAYS * DAY - 7 * 3600.0  # study starts at 19:00; the exam is the next day at noon
MODELS = ("exp", "power", "slow", "actr")


def _shares(bank: ExamBank) -> dict[str, float]:
    """Each item's weight in `expected_score`: domain count / total questions / items."""
    groups = bank.by_domain()
    share = {
        d.id: d.count / bank.blueprint.total_questions / len(groups[d.id])
        for d in bank.blueprint.domains
        if groups.get(d.id)
    }
    return {i.id: share[i.domain] for i in bank.items}


class ExpOracle:
    """Greedy picks for `Student`: exponential forgetting, no transfer between items."""

    def __init__(self, student: Student, bank: ExamBank):
        self.student = student
        self.items = bank.items
        self.share = _shares(bank)
        # exam-day chance of each item as things stand; only the answered item changes
        self.value = {i.id: student.p_right(i.id, EXAM_T) for i in bank.items}

    def _after(self, a: float, half_life: float, t: float) -> float:
        return a + (1 - a) * 2 ** (-(EXAM_T - t) / DAY / half_life)

    def gain(self, item_id: str, t: float) -> float:
        s = self.student
        a = s.ability[item_id]
        trace = s.traces.get(item_id)
        if trace is None:  # the first answer starts a trace, right or wrong
            after = self._after(a, s.first_half_life[item_id], t)
        else:
            strength = 2 ** (-(t - trace.last) / DAY / trace.half_life)
            p = a + (1 - a) * strength
            right = self._after(a, trace.half_life * (1.2 + 3.0 * (1.0 - strength)), t)
            wrong = self._after(a, max(0.5, trace.half_life / 2), t)
            after = p * right + (1 - p) * wrong
        return (after - self.value[item_id]) * self.share[item_id]

    def best(self, t: float) -> Item:
        return max(self.items, key=lambda i: self.gain(i.id, t))

    def answered(self, item: Item) -> None:
        self.value[item.id] = self.student.p_right(item.id, EXAM_T)


def _chance(x: float) -> float:
    return sim.GUESS + (1 - sim.GUESS) / (1 + math.exp(-x))


def _transfer(studied: int) -> float:
    return sim.TRANSFER_MAX * (1 - math.exp(-sim.TRANSFER_RATE * studied))


class LogisticOracle:
    """Greedy picks for `LogisticStudent`: power-law forgetting plus domain transfer."""

    def __init__(self, student: LogisticStudent, bank: ExamBank):
        self.student = student
        self.items = bank.items
        self.share = _shares(bank)
        self.groups = {d: [i.id for i in items] for d, items in bank.by_domain().items()}
        # per item: the exam-day logit without transfer; its chance at the domain's
        # transfer now (f0) and after one more item studied there (f1)
        self.logit: dict[str, float] = {}
        self.f0: dict[str, float] = {}
        self.f1: dict[str, float] = {}
        self.tr1: dict[str, float] = {}  # per domain: the transfer after one more item
        self.lift: dict[str, float] = {}  # per domain: sum of f1 - f0 over its items
        for item in bank.items:
            self.logit[item.id] = self._logit(item.id)
        for d in self.groups:
            self._refresh(d)

    def _logit(self, item_id: str) -> float:
        s = self.student
        base = s.theta[s.domain_of[item_id]] - s.difficulty[item_id]
        return base + sim.RECALL_BOOST * s._recall(item_id, EXAM_T)

    def _refresh(self, domain: str) -> None:
        studied = self.student.studied[domain]
        tr0, tr1 = _transfer(studied), _transfer(studied + 1)
        lift = 0.0
        for j in self.groups[domain]:
            self.f0[j] = _chance(self.logit[j] + tr0)
            self.f1[j] = _chance(self.logit[j] + tr1)
            lift += self.f1[j] - self.f0[j]
        self.tr1[domain] = tr1
        self.lift[domain] = lift

    def gain(self, item_id: str, t: float) -> float:
        s = self.student
        d = s.domain_of[item_id]
        base = s.theta[d] - s.difficulty[item_id] + self.tr1[d]  # exam day, after the answer

        def after(stability: float) -> float:
            recall = (1 + (EXAM_T - t) / DAY / stability) ** -s.decay
            return _chance(base + sim.RECALL_BOOST * recall)

        trace = s.traces.get(item_id)
        if trace is None:  # the first answer starts a trace, right or wrong
            own = after(s.first_stability[item_id])
        else:
            recall = s._recall(item_id, t)
            p = s.p_right(item_id, t)
            right = after(trace.stability * (1 + 4.0 * (1 - recall)))
            own = p * right + (1 - p) * after(trace.stability * 1.2)
        # every item of the domain gains the transfer (lift); this one also its new trace
        return (self.lift[d] + own - self.f1[item_id]) * self.share[item_id]

    def best(self, t: float) -> Item:
        return max(self.items, key=lambda i: self.gain(i.id, t))

    def answered(self, item: Item) -> None:
        self.logit[item.id] = self._logit(item.id)
        self._refresh(item.domain)


class Picker(Protocol):
    def best(self, t: float) -> Item: ...

    def answered(self, item: Item) -> None: ...


def _picker(model: str, student: AnyStudent, bank: ExamBank) -> Picker:
    if isinstance(student, Student):
        return ExpOracle(student, bank)
    if isinstance(student, LogisticStudent):
        return LogisticOracle(student, bank)
    from benchmarks.actr_oracle import ActrOracle  # imports this module

    return ActrOracle(student, bank)


def run(bank: ExamBank, model: str, seed: int, oracle: bool) -> float:
    """One student's month of study, greedy picks or uniform random ones; the exam score."""
    student = make_student(model, bank, seed)
    picker = _picker(model, student, bank) if oracle else None
    rng = random.Random(f"outcomes/{seed}/{'oracle' if oracle else 'random'}")
    pick = random.Random(f"pick/{seed}")
    pace = bank.blueprint.time_limit_minutes * 60 / bank.blueprint.total_questions
    for day in range(DAYS):
        t = day * DAY
        chosen = [] if oracle else pick.sample(bank.items, PER_DAY)
        for k in range(PER_DAY):
            item = picker.best(t) if picker is not None else chosen[k]
            right = student.answer(item.id, t, rng)
            if picker is not None:
                picker.answered(item)
            t += pace * math.exp(rng.gauss(0.0, 0.4)) * (1.0 if right else 1.3)
    return student.expected_score(bank, EXAM_T)


def report(bank: ExamBank, model: str, students: int) -> None:
    print(f"== model {model}")
    started = time.perf_counter()
    diffs = []
    for n in range(students):
        seed = 100_000 + n
        random_score = run(bank, model, seed, False)
        oracle_score = run(bank, model, seed, True)
        diffs.append(oracle_score - random_score)
        print(f"student {n:2}: random {random_score:5.1f}  oracle {oracle_score:5.1f}")
    half = 1.96 * statistics.stdev(diffs) / math.sqrt(len(diffs))
    mean = statistics.fmean(diffs)
    print(
        f"oracle - random: {mean:+.1f} points (95% CI {mean - half:+.1f} to {mean + half:+.1f}); "
        f"largest {max(diffs):+.1f}; worse for {sum(d < 0 for d in diffs)}/{len(diffs)} students"
    )
    print(f"time {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument(
        "--models", default="exp,power,slow", help="any of exp,power,slow,actr (actr: 25 s)"
    )
    args = parser.parse_args()
    models = args.models.split(",")
    unknown = [m for m in models if m not in MODELS]
    if unknown:
        parser.error(f"unknown model(s) {', '.join(unknown)}: choose from {', '.join(MODELS)}")
    bank = synthetic_cpc(2)
    for model in models:
        report(bank, model, args.students)


if __name__ == "__main__":
    main()
