"""Readiness: the predicted mock-exam score, its 80% range, the chance of passing, and a
verdict; one model for `weak`, the progress view, the weak drill and the reports.

predicted = sum over blueprint domains of weight x expected accuracy (study.expectation:
seen questions at their mastery, unseen ones at the student's first-try accuracy shrunk
toward a stated prior). The spread of a real sitting has two parts:

- the model's uncertainty (how little evidence there is: unseen questions, few first
  answers), inflated by `MODEL_INFLATION` and floored at `MODEL_FLOOR` for what the
  model cannot see;
- the exam's own luck: a sitting of Q scored questions varies by p(1 - p) / Q.

The student's own full mock exams then correct the model: the mean gap between each one's
score and the prediction made before it, shrunk toward no gap as if `MOCK_SHRINK` more
exams had scored as predicted, is added to the prediction (a student the model flatters
learns it from their first mock exam), and widens the range by the bias it leaves
uncertain (`_spread`). The 80% range is predicted +- 1.2816 sd; the chance
of passing is the normal tail above the pass mark. Below `MIN_ANSWERS` questions seen
there is no number, only how many more to answer. Verdicts are bands of the chance of
passing: likely pass >= 80%, likely fail <= 20%, uncertain between.
docs/spaced-repetition.md gives the calibration measured with
benchmarks/simulate_students.py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from cert_prep.bank.loader import ExamBank
from cert_prep.store import Store
from cert_prep.study.card_sync import CardState, exam_cards
from cert_prep.study.mastery import DomainMastery, evaluate

Z80 = 1.281552
# Fewer distinct questions seen than this (or than the bank holds, if fewer): "not
# enough data", no number.
MIN_ANSWERS = 30
LIKELY_PASS = 0.8
LIKELY_FAIL = 0.2
# Calibrated with benchmarks/simulate_students.py --calibration (docs/spaced-repetition.md).
MODEL_INFLATION = 1.0
MODEL_FLOOR = 0.02
# The model's own prediction weighs as much as this many mock exams against the gaps
# between past mock exams and the predictions made before them.
MOCK_SHRINK = 2.0

UNCHECKED = "Not yet checked against a full mock exam; after one, it learns from the result."
VERDICTS = ("likely pass", "likely fail", "uncertain", "not enough data")


@dataclass(frozen=True)
class Readiness:
    exam: str
    predicted_percent: float  # the model's point estimate, even below MIN_ANSWERS
    low: float  # 80% range of a sitting's score
    high: float
    pass_percent: float
    pass_probability: float  # 0-1
    seen: int  # distinct questions of the bank seen since their key last changed
    total: int  # questions in the bank
    domains: list[DomainMastery] = field(default_factory=list)  # weakest first
    # Points added for the student's past full mock exams (0: none to learn from), and how
    # many of them had a prediction made before them.
    mock_adjustment: float = 0.0
    mocks_compared: int = 0
    mock_gap: float = 0.0  # their mean score minus prediction, in points

    @property
    def answers_needed(self) -> int:
        return max(0, min(MIN_ANSWERS, self.total) - self.seen)

    @property
    def enough_data(self) -> bool:
        return self.answers_needed == 0

    @property
    def verdict(self) -> str:
        return verdict(self.answers_needed, self.pass_probability)

    @property
    def outlook(self) -> str:
        return outlook(self.answers_needed, self.pass_probability)

    @property
    def mock_note(self) -> str:
        """How past mock exams moved the prediction, in one sentence; with none yet, that the
        prediction is unchecked ("" while there is no prediction). The model alone is
        optimistic for students who forget faster than FSRS assumes, and only a full mock
        exam shows it (docs/spaced-repetition.md), so it says so."""
        n = self.mocks_compared
        if not n:
            return UNCHECKED if self.enough_data else ""
        exams = f"your {n} full mock exam{'s' if n != 1 else ''}"
        if abs(self.mock_gap) < 0.05:
            return f"{exams[0].upper()}{exams[1:]} scored as predicted: no adjustment."
        side = "above" if self.mock_gap > 0 else "below"
        scored = (
            f"{exams} scored {abs(self.mock_gap):.1f} points {side} the "
            f"prediction{'s' if n != 1 else ''} made before "
            + ("them, on average" if n != 1 else "it")
        )
        if not self.mock_adjustment:  # the gap shrunk to less than 0.05 points
            return f"{scored[0].upper()}{scored[1:]}: too little to adjust the prediction."
        return f"Adjusted {self.mock_adjustment:+.1f} points: {scored}."

    def as_json(self) -> dict[str, object]:
        """`predicted_percent`, `verdict`, `pass_probability`, `answers_needed`,
        `mock_adjustment`, `mocks_compared` (JSON); with not enough data the number and the
        chance are null."""
        enough = self.enough_data
        return {
            "predicted_percent": self.predicted_percent if enough else None,
            "verdict": self.verdict,
            "pass_probability": round(self.pass_probability, 3) if enough else None,
            "answers_needed": self.answers_needed,
            "mock_adjustment": self.mock_adjustment,
            "mocks_compared": self.mocks_compared,
        }


def min_answers(bank: ExamBank) -> int:
    return min(MIN_ANSWERS, len(bank.items))


def verdict(answers_needed: int, pass_probability: float) -> str:
    """One of VERDICTS."""
    if answers_needed > 0:
        return "not enough data"
    if pass_probability >= LIKELY_PASS:
        return "likely pass"
    if pass_probability <= LIKELY_FAIL:
        return "likely fail"
    return "uncertain"


def outlook(answers_needed: int, pass_probability: float) -> str:
    """The verdict in words, with the chance it rests on."""
    said = verdict(answers_needed, pass_probability)
    if said == "not enough data":
        need = answers_needed
        return f"not enough data yet: answer {need} more question{'s' if need != 1 else ''}"
    percent = f"{pass_probability:.0%}"
    article = "an" if percent in ("11%", "18%") or percent.startswith("8") else "a"
    chance = f"{article} {percent} chance of reaching the pass mark"
    if said == "likely pass":
        return f"likely to pass: {chance}"
    if said == "likely fail":
        return f"likely to fail if the exam were today: {chance}"
    return f"uncertain: {chance}"


def _normal_above(x: float) -> float:
    return 0.5 * math.erfc(x / math.sqrt(2))


@dataclass(frozen=True)
class MockComparison:
    """One submitted mock exam: its actual score and the prediction made before it."""

    attempt_id: int
    submitted_at: str
    actual_percent: float
    predicted_percent: float | None  # None: no prediction, or too few answers before it
    low: float | None
    high: float | None
    seen: int = 0  # questions seen when it was made


def estimate(
    bank: ExamBank,
    states: dict[str, CardState],
    now: datetime,
    mock_gaps: Sequence[float] = (),
) -> Readiness:
    """Readiness from cards already synced (pure: no store). `mock_gaps`: past full mock
    exams' scores minus the predictions made before them, in points (see `mock_shift`)."""
    evaluation = evaluate(bank, states, now)
    domains = evaluation.domains
    shift = mock_shift(mock_gaps)
    predicted = min(1.0, max(0.0, sum(d.weight * d.expected for d in domains) + shift / 100))
    # Every domain's unseen part leans on the same exam-wide rate: that share of the
    # uncertainty adds up across domains instead of averaging out.
    own = sum(d.weight**2 * d.variance for d in domains)
    shared = sum(d.weight * d.leans_on_exam for d in domains) ** 2 * evaluation.exam_rate_variance
    model = MODEL_INFLATION**2 * (own + shared) + MODEL_FLOOR**2
    questions = bank.blueprint.scored_questions or 1
    sd = math.sqrt(_spread(model + predicted * (1 - predicted) / questions, len(mock_gaps)))
    cut = bank.blueprint.pass_percent / 100
    return Readiness(
        exam=bank.id,
        predicted_percent=round(100 * predicted, 1),
        low=round(100 * max(0.0, predicted - Z80 * sd), 1),
        high=round(100 * min(1.0, predicted + Z80 * sd), 1),
        pass_percent=bank.blueprint.pass_percent,
        pass_probability=_normal_above((cut - predicted) / sd),
        seen=sum(d.seen for d in domains),
        total=sum(d.total for d in domains),
        domains=domains,
        mock_adjustment=round(shift, 1) + 0.0,  # + 0.0: never -0.0
        mocks_compared=len(mock_gaps),
        mock_gap=round(sum(mock_gaps) / len(mock_gaps), 1) if mock_gaps else 0.0,
    )


def mock_shift(gaps: Sequence[float]) -> float:
    """Points to add to the model's prediction: the mean gap of past mock exams, shrunk
    toward none as if `MOCK_SHRINK` more had scored exactly as predicted."""
    return sum(gaps) / (len(gaps) + MOCK_SHRINK) if gaps else 0.0


def _spread(variance: float, mocks: int) -> float:
    """The variance of a sitting's score once past mock exams have moved the prediction:
    the correction is itself an estimate from a few sittings, each with its own luck, so
    it adds the variance of the student's bias left after them (a normal prior on the
    bias weighing `MOCK_SHRINK` sittings)."""
    return variance * (1 + 1 / (mocks + MOCK_SHRINK)) if mocks else variance


def readiness(store: Store, bank: ExamBank, now: datetime) -> Readiness:
    """The study layer's contract: sync the cards, then estimate (domains weakest first),
    corrected by the student's past full mock exams."""
    states = exam_cards(store, bank, now)  # also records predictions before new mocks
    gaps = [
        m.actual_percent - m.predicted_percent
        for m in _compared(store, bank)
        if m.predicted_percent is not None
    ]
    return estimate(bank, states, now, gaps)


def mock_comparison(store: Store, bank: ExamBank, now: datetime) -> list[MockComparison]:
    """Submitted full mock exams of `bank` (practice exams are not a fair test of the
    prediction), oldest first, each with the prediction made before it.

    Predictions are recorded while the cards are synced, from the cards as they stood
    just before the exam's answers (so also for exams taken before this existed).
    """
    exam_cards(store, bank, now)
    return _compared(store, bank)


def _compared(store: Store, bank: ExamBank) -> list[MockComparison]:
    """`mock_comparison` from the predictions as recorded (the cards already synced)."""
    need = min_answers(bank)
    out = []
    for attempt, submitted, percent, predicted, low, high, seen in store.mock_predictions(bank.id):
        if seen is None or seen < need:  # too little evidence then: no number to compare
            predicted = low = high = None
        out.append(
            MockComparison(
                attempt, submitted, float(percent or 0.0), predicted, low, high, seen or 0
            )
        )
    return out


def percent_text(value: float) -> str:
    """A percent of the readiness figures, one decimal throughout ("67.0", not "67"),
    except the ends of the scale ("0", "100")."""
    return f"{value:.0f}" if value <= 0 or value >= 100 else f"{value:.1f}"
