"""How much any choice of questions can add under the held-out `actr` model: a greedy
oracle that reads the simulated student's exact memory and skill.

    python benchmarks/actr_oracle.py [--students 20]

Each evening the oracle answers 20 questions one at a time, each time the question whose
one presentation adds most to the expected exam-day score: the item's own recall on exam
day (ACT-R activation with the new trace, weighted by the chance of a right answer) and
the domain skill every question of the domain gains from the practice. It is compared
with uniform random questions for the same students (paired). Not a strategy cert-prep
can use (it sees the hidden model); it bounds what a selection can gain there. Greedy is
not optimal, so the bound is indicative, not proven. About 25 s for 20 students.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import actr_student as actr
from benchmarks.actr_student import ActrStudent
from benchmarks.simulate_students import DAY, synthetic_cpc
from cert_prep.bank.loader import ExamBank, Item

DAYS, PER_DAY = 30, 20
EXAM_T = DAYS * DAY - 7 * 3600.0  # study starts at 19:00; the exam is the next day at noon


def _psych_at_exam(student: ActrStudent, t: float) -> float:
    """Psychological time of the exam if nothing more is studied after `t`."""
    gap = EXAM_T - t
    return (
        student._psych_time(t)
        + min(gap, actr.SESSION_GAP)
        + actr.H * max(0.0, gap - actr.SESSION_GAP)
    )


def _recall_at(
    student: ActrStudent, item_id: str, when: float, extra: tuple[float, float, float]
) -> float:
    """Recall at psychological time `when`, with an extra trace (made, weight, decay)."""
    memory = student.memories.get(item_id)
    total = 0.0
    if memory is not None:
        for made, weight, decay in zip(memory.times, memory.weights, memory.decays, strict=True):
            total += weight * max(when - made, actr.AGE_FLOOR) ** -decay
    made, weight, decay = extra
    if weight:
        total += weight * max(when - made, actr.AGE_FLOOR) ** -decay
    if total <= 0.0:
        return 0.0
    m = actr.BETA + student.beta + student.memorability[item_id] + math.log(total)
    return 1.0 / (1.0 + math.exp((actr.TAU - m) / actr.S))


def _best(student: ActrStudent, bank: ExamBank, t: float, share: dict[str, float]) -> Item:
    now = student._psych_time(t)
    exam = _psych_at_exam(student, t)
    recall = {i.id: _recall_at(student, i.id, exam, (0.0, 0.0, 0.0)) for i in bank.items}
    groups = bank.by_domain()

    def gain(item: Item) -> float:
        d = item.domain
        p_now = student._p_right(item.id, now)
        m = student._activation(item.id, now)
        decay = student.decay_intercept + (0.0 if m == -math.inf else actr.C * math.exp(m))
        weight = p_now + (1.0 - p_now) * actr.W_WRONG  # the expected trace weight
        after = _recall_at(student, item.id, exam, (now, weight, decay))
        reason = student._p_reason(item.id)
        value = (after - recall[item.id]) * (1.0 - actr.GUESS) * (1.0 - reason) * share[d]
        e = student.practice[d]
        step = actr.NEW_ITEM_PRACTICE if item.id not in student.memories else actr.REPEAT_PRACTICE
        before_skill = actr.SKILL_MAX * e / (e + actr.SKILL_HALF)
        after_skill = actr.SKILL_MAX * (e + step) / (e + step + actr.SKILL_HALF)
        for other in groups[d]:
            x = student.theta[d] - student.difficulty[other.id]
            lift = 1 / (1 + math.exp(-(x + after_skill))) - 1 / (1 + math.exp(-(x + before_skill)))
            value += (1.0 - recall[other.id]) * (1.0 - actr.GUESS) * lift * share[d]
        return value

    return max(bank.items, key=gain)


class ActrOracle:
    """Greedy picks for `ActrStudent` (the driver is benchmarks/model_oracle.py)."""

    def __init__(self, student: ActrStudent, bank: ExamBank):
        self.student, self.bank = student, bank
        groups = bank.by_domain()
        self.share = {
            d.id: d.count / bank.blueprint.total_questions / len(groups[d.id])
            for d in bank.blueprint.domains
            if groups.get(d.id)
        }

    def best(self, t: float) -> Item:
        return _best(self.student, self.bank, t, self.share)

    def answered(self, item: Item) -> None:
        """Nothing is cached between picks."""


def main() -> None:
    from benchmarks.model_oracle import report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20)
    args = parser.parse_args()
    report(synthetic_cpc(2), "actr", args.students)


if __name__ == "__main__":
    main()
