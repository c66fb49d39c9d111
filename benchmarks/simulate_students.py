"""Simulated students: does cert-prep's weak-domain scheduler beat plain drills?

    python benchmarks/simulate_students.py [--students 60] [--days 30] [--per-day 20]
        [--bank synthetic|shipped] [--factor 2] [--seed 1]

Each simulated student has a hidden ability per domain and forgets by a model that is
NOT FSRS: every item studied has a memory trace that decays exponentially with its own
half-life,

    P(right at t) = a + (1 - a) * 2 ** (-(t - last review) / h)

where a is the student's ability on the item (domain ability plus an item offset; what
they get right without remembering the item, guessing included). The first answer shows
the key, starting a trace with half-life h0 (item-specific, median 1 day). A right
answer multiplies h by 1.2 + 3 * (1 - trace) (the spacing effect: reviewing what is
nearly forgotten helps most, cramming what is fresh helps little); a wrong one halves h
(not below half a day); either way the trace is refreshed, since drills show the key.

The student studies `per_day` items each evening for `days` days under:

  (a) random      uniform random items from the whole bank;
  (b) round-robin domains in blueprint order, a random item of each in turn;
  (c) weak        cert-prep: the real `select_weak_drill` on a real SQLite Store
                  (reviews written as the drill engine writes them, cards synced),
                  with the exam date set to the day after the last study day;
  (c0) weak, no exam date (for reference);
  (c1) weak-plan  `cert-prep drill --weak` as the CLI runs it with an exam date: the same
                  selection, taking only the new questions the study plan leaves for the day.
  (d) full-pass   the whole bank in a shuffled order before any repeat, then again;
  (e) topic       `cert-prep drill --exam E` (no --weak) as the CLI runs it: the real
                  `plan_drill` on the store's history, never-answered questions first,
                  then the least recently answered.

and then sits a full mock exam of the blueprint on the exam day: each domain's `count`
questions drawn at random from that domain's items. The score reported is its expected
value (mean over the domain's items of P(right) on exam day, weighted by the blueprint),
so no exam-draw luck is added. Every strategy sees the same students (same abilities,
item offsets and half-lives).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.actr_student import ActrStudent  # noqa: E402
from cert_prep.bank.loader import ExamBank, Item, load_library  # noqa: E402
from cert_prep.bank.models import Blueprint, SingleQuestion, key_hash  # noqa: E402
from cert_prep.clock import to_iso  # noqa: E402
from cert_prep.engine.assembly import plan_drill  # noqa: E402
from cert_prep.store import NewItem, Review, Store  # noqa: E402
from cert_prep.study.card_sync import last_answered  # noqa: E402
from cert_prep.study.drill import weak_drill_plan  # noqa: E402
from cert_prep.study.selection import select_weak_drill  # noqa: E402

START = datetime(2026, 1, 5, 19, 0, tzinfo=UTC)
DAY = 86400.0


# ---- the bank ------------------------------------------------------------------------------


def shipped_cpc() -> ExamBank:
    library = load_library([ROOT / "question_banks"], None)
    return library.exam("cpc")


def synthetic_cpc(factor: int) -> ExamBank:
    """The shipped CPC blueprint with `factor` x count single-answer items per domain."""
    import yaml

    blueprint = Blueprint.model_validate(
        yaml.safe_load((ROOT / "question_banks" / "cpc" / "exam.yaml").read_text())
    )
    bank = ExamBank(blueprint, "synthetic")
    for domain in blueprint.domains:
        for n in range(domain.count * factor):
            qid = f"sim-{domain.id}-{n:03d}"
            question = SingleQuestion.model_construct(
                id=qid,
                type="single",
                stem=f"Question {qid}",
                rationale="",
                tags=[],
                difficulty=None,
                codes=[],
                case=None,
                domain=None,
                choices={"A": "one", "B": "two", "C": "three", "D": "four"},
                answer="A",
            )
            bank.items.append(Item(question, blueprint.id, domain.id, 2026, None, "sim", n))
    return bank


# ---- the student ---------------------------------------------------------------------------


@dataclass
class Trace:
    half_life: float  # days
    last: float  # seconds since START of the last review


class Student:
    """Hidden ability per domain and item; exponential forgetting, not FSRS."""

    def __init__(self, bank: ExamBank, seed: int):
        rng = random.Random(f"student/{seed}")
        mean = rng.uniform(0.35, 0.60)
        self.domain_ability = {
            d.id: min(0.9, max(0.25, rng.gauss(mean, 0.15))) for d in bank.blueprint.domains
        }
        self.ability: dict[str, float] = {}
        self.first_half_life: dict[str, float] = {}
        for item in bank.items:
            a = self.domain_ability[item.domain] + rng.gauss(0.0, 0.08)
            self.ability[item.id] = min(0.95, max(0.25, a))
            self.first_half_life[item.id] = math.exp(rng.gauss(0.0, 0.5))  # median 1 day
        self.traces: dict[str, Trace] = {}

    def p_right(self, item_id: str, t: float) -> float:
        a = self.ability[item_id]
        trace = self.traces.get(item_id)
        if trace is None:
            return a
        return a + (1 - a) * 2 ** (-(t - trace.last) / DAY / trace.half_life)

    def answer(self, item_id: str, t: float, rng: random.Random) -> bool:
        right = rng.random() < self.p_right(item_id, t)
        trace = self.traces.get(item_id)
        if trace is None:
            self.traces[item_id] = Trace(self.first_half_life[item_id], t)
            return right
        strength = 2 ** (-(t - trace.last) / DAY / trace.half_life)
        if right:
            trace.half_life *= 1.2 + 3.0 * (1.0 - strength)
        else:
            trace.half_life = max(0.5, trace.half_life / 2)
        trace.last = t
        return right

    def expected_score(self, bank: ExamBank, t: float) -> float:
        groups = bank.by_domain()
        total = bank.blueprint.total_questions
        score = 0.0
        for d in bank.blueprint.domains:
            items = groups.get(d.id) or []
            if items:
                score += d.count * statistics.fmean(self.p_right(i.id, t) for i in items)
        return 100.0 * score / total


# Held-out student models, written and frozen before any selection change was tried
# against them (issue 15). Item difficulty on a logistic scale with a guessing floor,
# power-law forgetting with a spacing effect, learning that transfers within a domain:
#
#   P(right) = g + (1 - g) * sigmoid(theta_d + transfer_d - b_i + K * R_i(t))
#   R_i(t)   = (1 + (t - last) / S_i) ** -decay        (0 for an item never studied)
#
# g = 0.25 (four choices), b_i ~ N(0.3, 1) fixed per item (shared by all students),
# theta_d the student's domain ability, K = 3 the boost of a remembered answer. On a
# review S grows by (1 + 4 * (1 - R)) when right (spacing: a nearly forgotten item
# gains most), by 1.2 when wrong (the key is shown). Every item studied in a domain adds
# to transfer_d, saturating at TRANSFER_MAX. "power" forgets fast (decay 0.5, S0 median
# 0.5 day); "slow" forgets slowly (decay 0.2, S0 median 3 days).

GUESS = 0.25
RECALL_BOOST = 3.0
TRANSFER_MAX = 1.0
TRANSFER_RATE = 0.08  # per item studied in the domain


@dataclass
class PowerTrace:
    stability: float  # days
    last: float


class LogisticStudent:
    """Logistic item difficulty, guessing floor, power-law forgetting, domain transfer."""

    def __init__(self, bank: ExamBank, seed: int, slow: bool):
        rng = random.Random(f"logistic-student/{seed}")
        mean = rng.gauss(-0.3, 0.6)
        self.theta = {d.id: rng.gauss(mean, 0.6) for d in bank.blueprint.domains}
        self.decay = 0.2 if slow else 0.5
        s0 = 3.0 if slow else 0.5
        self.difficulty: dict[str, float] = {}
        self.first_stability: dict[str, float] = {}
        self.domain_of: dict[str, str] = {}
        for item in bank.items:
            self.difficulty[item.id] = random.Random(f"difficulty/{item.id}").gauss(0.3, 1.0)
            self.first_stability[item.id] = s0 * math.exp(rng.gauss(0.0, 0.5))
            self.domain_of[item.id] = item.domain
        self.studied: dict[str, int] = {d.id: 0 for d in bank.blueprint.domains}
        self.traces: dict[str, PowerTrace] = {}

    def _recall(self, item_id: str, t: float) -> float:
        trace = self.traces.get(item_id)
        if trace is None:
            return 0.0
        return float((1 + (t - trace.last) / DAY / trace.stability) ** -self.decay)

    def p_right(self, item_id: str, t: float) -> float:
        d = self.domain_of[item_id]
        transfer = TRANSFER_MAX * (1 - math.exp(-TRANSFER_RATE * self.studied[d]))
        x = self.theta[d] + transfer - self.difficulty[item_id]
        x += RECALL_BOOST * self._recall(item_id, t)
        return GUESS + (1 - GUESS) / (1 + math.exp(-x))

    def answer(self, item_id: str, t: float, rng: random.Random) -> bool:
        right = rng.random() < self.p_right(item_id, t)
        trace = self.traces.get(item_id)
        self.studied[self.domain_of[item_id]] += 1
        if trace is None:
            self.traces[item_id] = PowerTrace(self.first_stability[item_id], t)
            return right
        recall = self._recall(item_id, t)
        trace.stability *= (1 + 4.0 * (1 - recall)) if right else 1.2
        trace.last = t
        return right

    def expected_score(self, bank: ExamBank, t: float) -> float:
        return _exam_score(bank, lambda i: self.p_right(i, t))


def _exam_score(bank: ExamBank, p: Callable[[str], float]) -> float:
    groups = bank.by_domain()
    score = 0.0
    for d in bank.blueprint.domains:
        items = groups.get(d.id) or []
        if items:
            score += d.count * statistics.fmean(p(i.id) for i in items)
    return 100.0 * score / bank.blueprint.total_questions


# A third held-out model, ACT-R-like (benchmarks/actr_student.py), written by another
# author on 2026-12-04 before any selection was tried against it.
MODELS = ("exp", "power", "slow", "actr")

AnyStudent = Student | LogisticStudent | ActrStudent

# ---- confidence: sure-but-wrong answers (an overlay on any model) ------------------------------

MISCONCEIVED_FACTOR = 0.3  # a misconception cuts the chance of a right answer to this share
MISCONCEPTION_CLEARS = 0.5  # chance that seeing the key after a sure-but-wrong answer fixes it


class Misconceived:
    """A `share` of the items hold a misconception: answered right at 0.3x the model's
    chance, and when wrong, called sure. The key shown after a sure-but-wrong answer
    clears it with probability 0.5. Otherwise the student says sure when the model gives
    them 80% or more, unsure from 50%, else guess. The model's memory is updated as
    without the overlay; only the recorded outcome and the exam-day chance change."""

    def __init__(self, inner: AnyStudent, bank: ExamBank, seed: int, share: float):
        rng = random.Random(f"misconceptions/{seed}")
        self.inner = inner
        self.active = {i.id for i in bank.items if rng.random() < share}
        self.confidence: int | None = None  # of the last answer

    def p_right(self, item_id: str, t: float) -> float:
        p = self.inner.p_right(item_id, t)
        return p * MISCONCEIVED_FACTOR if item_id in self.active else p

    def answer(self, item_id: str, t: float, rng: random.Random) -> bool:
        p = self.inner.p_right(item_id, t)
        self.inner.answer(item_id, t, rng)
        if item_id in self.active:
            right = rng.random() < p * MISCONCEIVED_FACTOR
            self.confidence = 2 if right else 3
            if not right and rng.random() < MISCONCEPTION_CLEARS:
                self.active.discard(item_id)
            return right
        right = rng.random() < p
        self.confidence = 3 if p >= 0.8 else 2 if p >= 0.5 else 1
        return right

    def expected_score(self, bank: ExamBank, t: float) -> float:
        return _exam_score(bank, lambda i: self.p_right(i, t))


def make_student(model: str, bank: ExamBank, seed: int) -> AnyStudent:
    if model == "exp":
        return Student(bank, seed)
    if model == "actr":
        return ActrStudent(bank, seed)
    return LogisticStudent(bank, seed, slow=model == "slow")


# ---- strategies ----------------------------------------------------------------------------

STRATEGIES = (
    "random",
    "round-robin",
    "full-pass",
    "topic",
    "weak",
    "weak-no-date",
    "weak-plan",
    "weak-confidence",
)

Chooser = Callable[[int, float], list[Item]]


def random_strategy(bank: ExamBank, rng: random.Random, per_day: int) -> Chooser:
    def choose(day: int, t: float) -> list[Item]:
        return rng.sample(bank.items, min(per_day, len(bank.items)))

    return choose


def round_robin_strategy(bank: ExamBank, rng: random.Random, per_day: int) -> Chooser:
    groups = bank.by_domain()
    order = [d.id for d in bank.blueprint.domains if groups.get(d.id)]
    state = {"next": 0}

    def choose(day: int, t: float) -> list[Item]:
        out: list[Item] = []
        taken: set[str] = set()
        while len(out) < per_day:
            domain = order[state["next"] % len(order)]
            state["next"] += 1
            pool = [i for i in groups[domain] if i.id not in taken]
            if pool:
                item = rng.choice(pool)
                taken.add(item.id)
                out.append(item)
        return out

    return choose


def full_pass_strategy(bank: ExamBank, rng: random.Random, per_day: int) -> Chooser:
    """The whole bank in a shuffled order before any repeat, then again."""
    queue: list[Item] = []

    def choose(day: int, t: float) -> list[Item]:
        out: list[Item] = []
        while len(out) < min(per_day, len(bank.items)):
            if not queue:
                queue.extend(rng.sample(bank.items, len(bank.items)))
            item = queue.pop()
            if item not in out:
                out.append(item)
        return out

    return choose


def weak_strategy(
    bank: ExamBank,
    store: Store,
    per_day: int,
    exam_day: date | None,
    timings: list[float],
    follow_plan: bool = False,
) -> Chooser:
    def choose(day: int, t: float) -> list[Item]:
        now = START + timedelta(seconds=t)
        started = time.perf_counter()
        if follow_plan:
            items = weak_drill_plan(store, bank, now, per_day, exam_day, seed=day).items
        else:
            items = select_weak_drill(store, bank, now, per_day, exam_day, seed=day).items
        timings.append(time.perf_counter() - started)
        return items

    return choose


def topic_strategy(bank: ExamBank, store: Store, per_day: int) -> Chooser:
    """`cert-prep drill --exam E --count N` as the CLI runs it: the real `plan_drill`,
    questions never answered first, then the least recently answered (from the store)."""

    def choose(day: int, t: float) -> list[Item]:
        now = START + timedelta(seconds=t)
        last = last_answered(store, bank, now)
        return plan_drill(bank, count=per_day, seed=day, last_seen=last).items

    return choose


# ---- one student under one strategy ----------------------------------------------------------


def run(
    bank: ExamBank,
    student_seed: int,
    strategy: str,
    days: int,
    per_day: int,
    folder: Path,
    timings: list[float],
    model: str = "exp",
    sure_wrong: float = 0.0,
    after_day: Callable[[int, Store | None, AnyStudent], None] | None = None,
) -> float:
    inner = make_student(model, bank, student_seed)
    student = Misconceived(inner, bank, student_seed, sure_wrong) if sure_wrong else inner
    # weak-confidence: the weak drill, exam date set, the student's confidence recorded
    rated = strategy == "weak-confidence" and isinstance(student, Misconceived)
    stream = "weak" if strategy == "weak-confidence" else strategy  # paired with weak
    rng = random.Random(f"outcomes/{student_seed}/{stream}")
    pace = bank.blueprint.time_limit_minutes * 60 / bank.blueprint.total_questions
    exam_t = days * DAY + (12 - 19) * 3600.0  # the next day at 12:00
    exam_day = (START + timedelta(seconds=exam_t)).date()
    store: Store | None = None
    if strategy == "topic":
        store = Store.open(folder / f"{model}-{strategy}-{student_seed}.sqlite3")
        chooser = topic_strategy(bank, store, per_day)
    elif strategy.startswith("weak"):
        store = Store.open(folder / f"{model}-{strategy}-{student_seed}.sqlite3")
        chooser = weak_strategy(
            bank,
            store,
            per_day,
            None if strategy == "weak-no-date" else exam_day,
            timings,
            follow_plan=strategy == "weak-plan",
        )
    elif strategy == "random":
        chooser = random_strategy(bank, random.Random(f"pick/{student_seed}"), per_day)
    elif strategy == "full-pass":
        chooser = full_pass_strategy(bank, random.Random(f"pick/{student_seed}"), per_day)
    else:
        chooser = round_robin_strategy(bank, random.Random(f"pick/{student_seed}"), per_day)
    hashes = {item.id: key_hash(item.question) for item in bank.items}
    for day in range(days):
        t = day * DAY
        for item in chooser(day, t):
            seconds = pace * math.exp(rng.gauss(0.0, 0.4))
            right = student.answer(item.id, t, rng)
            if not right:
                seconds *= 1.3
            t += seconds
            if store is not None:
                # As the drill engine writes it: one review per answer, at once.
                store.add_reviews(
                    [
                        Review(
                            item.id,
                            bank.id,
                            item.domain,
                            to_iso(START + timedelta(seconds=t)),
                            "A",
                            right,
                            seconds,
                            "drill",
                            None,
                            hashes[item.id],
                            student.confidence if rated else None,  # type: ignore[union-attr]
                        )
                    ]
                )
        if after_day is not None:
            after_day(day, store, inner)
    if store is not None:
        store.close()
    return student.expected_score(bank, exam_t)


def summary(name: str, scores: list[float]) -> str:
    return (
        f"{name:<12} mean {statistics.fmean(scores):5.1f}%  sd {statistics.stdev(scores):4.1f}"
        f"  min {min(scores):5.1f}  max {max(scores):5.1f}"
    )


def versus(name: str, scores: list[float], base: list[float], base_name: str) -> str:
    diffs = [x - y for x, y in zip(scores, base, strict=True)]
    half = 1.96 * statistics.stdev(diffs) / math.sqrt(len(diffs))
    mean = statistics.fmean(diffs)
    return (
        f"{name} - {base_name}: {mean:+.1f} points (95% CI {mean - half:+.1f} to "
        f"{mean + half:+.1f}; better for {sum(d > 0 for d in diffs)}/{len(diffs)}, "
        f"worse for {sum(d < 0 for d in diffs)}/{len(diffs)} students)"
    )


def report_model(
    model: str, bank: ExamBank, args: argparse.Namespace, strategies: list[str], tmp: Path
) -> list[float]:
    scores: dict[str, list[float]] = {s: [] for s in strategies}
    timings: list[float] = []
    for n in range(args.students):
        seed = args.seed * 100_000 + n
        for s in strategies:
            scores[s].append(
                run(
                    bank,
                    seed,
                    s,
                    args.days,
                    args.per_day,
                    tmp,
                    timings,
                    model=model,
                    sure_wrong=args.sure_wrong,
                )
            )
    held = "in-sample (selection tuned on it)" if model == "exp" else "held out"
    print(f"\n== model {model}: {held}")
    print(f"{'no study':<12} mean {statistics.fmean(_baseline(bank, args, model)):5.1f}%")
    for s in strategies:
        print(summary(s, scores[s]))
    for s in strategies:
        if s != "random" and "random" in scores:
            print(versus(s, scores[s], scores["random"], "random"))
    if "weak" in scores and "weak-no-date" in scores:
        print(versus("weak", scores["weak"], scores["weak-no-date"], "weak-no-date"))
    if "weak" in scores and "weak-confidence" in scores:
        print(versus("weak-confidence", scores["weak-confidence"], scores["weak"], "weak"))
    return timings


# ---- calibration of the readiness estimate ----------------------------------------------------

CHECKPOINTS = (1, 3, 7, 14, 30)


@dataclass
class Forecast:
    model: str
    day: int
    enough: bool
    predicted: float
    low: float
    high: float
    pass_probability: float
    actual: float  # the score of a mock exam sat the next day at noon
    passed: bool


def sit_mock(
    bank: ExamBank,
    student: AnyStudent,
    t: float,
    rng: random.Random,
    store: Store | None = None,
) -> float:
    """One real sitting: each domain's `count` questions drawn from its items, each right
    with the student's chance at `t` (the memory is not changed: no feedback in an exam).
    With a `store`, the sitting is recorded there as a submitted full mock exam, as the
    exam engine records one (so readiness learns from it)."""
    groups = bank.by_domain()
    answers: list[tuple[Item, bool]] = []
    for d in bank.blueprint.domains:
        items = groups.get(d.id) or []
        for item in rng.sample(items, min(d.count, len(items))):
            answers.append((item, rng.random() < student.p_right(item.id, t)))
    right = sum(ok for _item, ok in answers)
    percent = 100.0 * right / len(answers)
    if store is not None:
        _record_mock(bank, store, answers, t, percent)
    return percent


def _record_mock(
    bank: ExamBank, store: Store, answers: list[tuple[Item, bool]], t: float, percent: float
) -> None:
    pace = bank.blueprint.time_limit_minutes * 60 / bank.blueprint.total_questions
    moment = START + timedelta(seconds=t)
    attempt = store.create_attempt(
        bank.id,
        "exam",
        to_iso(moment),
        [NewItem(item.id, item.domain, key_hash(item.question)) for item, _ok in answers],
        time_limit_s=bank.blueprint.time_limit_minutes * 60,
    )
    reviews = []
    for item, ok in answers:
        moment += timedelta(seconds=pace)
        reviews.append(
            Review(
                item.id,
                bank.id,
                item.domain,
                to_iso(moment),
                "A",
                ok,
                pace,
                "exam",
                attempt,
                key_hash(item.question),
            )
        )
    store.submit(
        attempt,
        to_iso(moment),
        "submitted",
        {seq: ok for seq, (_item, ok) in enumerate(answers)},
        sum(ok for _item, ok in answers),
        len(answers),
        round(percent, 1),
        percent >= bank.blueprint.pass_percent,
        reviews,
    )


def calibration(bank: ExamBank, args: argparse.Namespace, tmp: Path) -> list[Forecast]:
    """Students studying with cert-prep's weak drills; after each checkpoint day, the
    readiness estimate (from the real store) against a mock exam sat the next day."""
    from cert_prep.study.readiness import readiness

    out: list[Forecast] = []
    days = max(CHECKPOINTS)
    for model in args.models.split(","):
        for n in range(args.students):
            seed = args.seed * 100_000 + n
            rng = random.Random(f"calibration-mock/{seed}/{model}")

            def after_day(
                day: int,
                store: Store | None,
                student: Any,
                model: str = model,
                rng: random.Random = rng,
            ) -> None:
                if day + 1 not in CHECKPOINTS or store is None:
                    return
                exam_t = (day + 1) * DAY + (12 - 19) * 3600.0
                now = START + timedelta(seconds=day * DAY + 4 * 3600.0)  # that night
                ready = readiness(store, bank, now)
                actual = sit_mock(bank, student, exam_t, rng, store if args.record_mocks else None)
                out.append(
                    Forecast(
                        model,
                        day + 1,
                        ready.enough_data,
                        ready.predicted_percent,
                        ready.low,
                        ready.high,
                        ready.pass_probability,
                        actual,
                        actual >= bank.blueprint.pass_percent,
                    )
                )

            run(bank, seed, "weak", days, args.per_day, tmp, [], model=model, after_day=after_day)
    return out


def calibration_report(forecasts: list[Forecast]) -> None:
    print("\n== calibration: predicted score against a mock exam sat the next day")
    print("day  forecasts  no number  MAE (points)  bias  80% range held the score")
    for day in CHECKPOINTS:
        rows = [f for f in forecasts if f.day == day]
        shown = [f for f in rows if f.enough]
        if not shown:
            print(f"{day:>3}  {len(rows):>9}  {len(rows):>9}  (no forecasts: too few answers)")
            continue
        errors = [f.predicted - f.actual for f in shown]
        mae = statistics.fmean(abs(e) for e in errors)
        held = statistics.fmean(f.low <= f.actual <= f.high for f in shown)
        print(
            f"{day:>3}  {len(rows):>9}  {len(rows) - len(shown):>9}  {mae:>12.1f}  "
            f"{statistics.fmean(errors):+5.1f}  {100 * held:>5.0f}%"
        )
    for model in sorted({f.model for f in forecasts}):
        shown = [f for f in forecasts if f.enough and f.model == model]
        if shown:
            mae = statistics.fmean(abs(f.predicted - f.actual) for f in shown)
            held = statistics.fmean(f.low <= f.actual <= f.high for f in shown)
            at14 = [abs(f.predicted - f.actual) for f in shown if f.day == 14]
            print(
                f"model {model}: MAE {mae:.1f} (at 14 days {statistics.fmean(at14):.1f}), "
                f"80% range held {100 * held:.0f}% of {len(shown)}"
            )
    print("\nchance of passing (deciles)  forecasts  passed  gap")
    shown = [f for f in forecasts if f.enough]
    for k in range(10):
        low, high = k / 10, (k + 1) / 10
        rows = [
            f
            for f in shown
            if low <= f.pass_probability < high or (k == 9 and f.pass_probability == 1)
        ]
        if not rows:
            continue
        said = statistics.fmean(f.pass_probability for f in rows)
        passed = statistics.fmean(f.passed for f in rows)
        print(
            f"{100 * low:>3.0f}-{100 * high:<3.0f}% (mean {100 * said:4.1f}%)  {len(rows):>9}  "
            f"{100 * passed:5.1f}%  {100 * (passed - said):+5.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--per-day", type=int, default=20)
    parser.add_argument("--bank", choices=["synthetic", "shipped"], default="synthetic")
    parser.add_argument(
        "--factor",
        type=int,
        default=2,
        help="synthetic bank: items per domain = factor x blueprint count "
        "(2: the shape of the shipped CPC bank)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--strategies",
        default="random,round-robin,full-pass,topic,weak,weak-no-date,weak-plan",
    )
    parser.add_argument("--models", default=",".join(MODELS), help="exp,power,slow,actr")
    parser.add_argument(
        "--sure-wrong",
        type=float,
        default=0.0,
        help="share of items holding a misconception (answered wrong and called sure); "
        "add weak-confidence to --strategies to record the confidence",
    )
    parser.add_argument(
        "--record-mocks",
        action="store_true",
        help="with --calibration: each mock exam is recorded in the student's history as a "
        "submitted full mock, so later estimates learn from the gap to its prediction",
    )
    parser.add_argument("--fast", action="store_true", help="8 students, 10 days (a smoke run)")
    parser.add_argument(
        "--calibration",
        action="store_true",
        help="instead of comparing strategies: the readiness estimate after 1, 3, 7, 14 and "
        "30 days of weak drills against a mock exam sat the next day",
    )
    args = parser.parse_args()
    if args.fast:
        args.students, args.days = 8, 10

    bank = synthetic_cpc(args.factor) if args.bank == "synthetic" else shipped_cpc()
    strategies = args.strategies.split(",")
    unknown = [s for s in strategies if s not in STRATEGIES]
    if unknown:  # a misspelt name must not run as another strategy
        parser.error(f"unknown strategies {', '.join(unknown)}; known: {', '.join(STRATEGIES)}")
    print(
        f"bank: {args.bank} cpc, {len(bank.items)} items in "
        f"{len(bank.blueprint.domains)} domains; {args.students} students, "
        f"{args.per_day} items a day for {args.days} days, exam the day after"
    )
    timings: list[float] = []
    started = time.perf_counter()
    shm = Path("/dev/shm")
    if args.calibration:
        with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as tmp:
            calibration_report(calibration(bank, args, Path(tmp)))
        print(f"total time {time.perf_counter() - started:.0f} s")
        return
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as tmp:
        for model in args.models.split(","):
            timings += report_model(model, bank, args, strategies, Path(tmp))
    elapsed = time.perf_counter() - started
    if timings:
        timings.sort()
        print(
            f"select_weak_drill per day: median {1000 * statistics.median(timings):.1f} ms, "
            f"max {1000 * timings[-1]:.1f} ms"
        )
    print(f"total time {elapsed:.0f} s")


def _baseline(bank: ExamBank, args: argparse.Namespace, model: str) -> list[float]:
    out = []
    for n in range(args.students):
        seed = args.seed * 100_000 + n
        inner = make_student(model, bank, seed)
        student = Misconceived(inner, bank, seed, args.sure_wrong) if args.sure_wrong else inner
        out.append(student.expected_score(bank, 0.0))
    return out


if __name__ == "__main__":
    main()
