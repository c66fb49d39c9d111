"""Benchmark: render a 125-question attempt report with 50 past attempts in the history.

Not a test. Builds a synthetic 125-question exam (single, multi, code items, some with case
records) and a study history of 50 submitted mock exams (6,250 reviews) in a temporary
data dir, then times, over several runs after a warm-up:

- the whole `write_attempt_report(context, attempt_id)`: read the store, build the views,
  render with Jinja, write the file atomically (fsync included);
- the parts: building the views, and rendering the HTML;
- `write_progress_report` on the same history.

The library is loaded once beforehand, as the app does; loading banks is benchmarked in
benchmarks/bench_banks.py. Target: median of the whole report <= 100 ms.

    python benchmarks/bench_report.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from cert_prep.bank.loader import load_library
from cert_prep.bank.models import key_hash
from cert_prep.clock import FakeClock, to_iso
from cert_prep.context import AppContext
from cert_prep.engine.scoring import is_correct, score_attempt
from cert_prep.paths import Locations
from cert_prep.store import NewItem, Review

DOMAINS = [
    ("surgery", "Surgery: integumentary and musculoskeletal", 30),
    ("medicine", "Medicine and E/M services", 25),
    ("dx", "ICD-10-CM diagnosis coding", 25),
    ("pcs", "ICD-10-PCS procedure coding", 25),
    ("compliance", "Compliance, regulation and reimbursement", 20),
]
TARGET_MS = 100.0
SENTENCE = (
    "The patient presents with documented findings that the coder must weigh against "
    "the official guidelines before choosing a code. "
)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_bank(root: Path) -> None:
    exam = root / "bench"
    exam.mkdir(parents=True)
    lines = [
        "id: bench",
        "name: Benchmark mock exam",
        "certification: Benchmark Coder",
        "provider: Bench",
        "time_limit_minutes: 240",
        "pass_percent: 70",
        "scaled: true",
        "domains:",
    ]
    for did, name, count in DOMAINS:
        lines += [f"  - id: {did}", f"    name: {_quote(name)}", f"    count: {count}"]
    (exam / "exam.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for d, (did, _, count) in enumerate(DOMAINS):
        out = ["exam: bench", f"domain: {did}", "code_year: 2026", "cases:"]
        for c in range(count // 5):
            out += [
                f"  - id: case-{c}",
                f"    title: Operative note {c}",
                f"    record: {_quote(SENTENCE * 8)}",
            ]
        out.append("questions:")
        for i in range(count):
            qid = f"bench-{did}-{i:03d}"
            ask = "Select TWO." if i % 6 == 4 else "Which is correct?"
            stem = _quote(f"Question {i} of {did}. " + SENTENCE * 3 + ask)
            rationale = _quote(SENTENCE * 5)
            out += [f"  - id: {qid}", f"    stem: {stem}", f"    rationale: {rationale}"]
            if i % 6 == 5:
                out += [
                    "    type: code",
                    "    code_system: cpt",
                    f'    answer: ["{10000 + d * 1000 + i}", "{20000 + i}"]',
                    "    sequence: principal-first",
                ]
            elif i % 6 == 4:
                out += ["    type: multi", "    answer: [A, C]", "    choices:"]
                out += [f"      {k}: {_quote(f'Choice {k} ' + SENTENCE[:60])}" for k in "ABCDE"]
            else:
                out += ["    type: single", f"    answer: {'ABCD'[i % 4]}", "    choices:"]
                out += [f"      {k}: {_quote(f'Choice {k} ' + SENTENCE[:70])}" for k in "ABCD"]
            if i < (count // 5) * 5 and i % 5 == 0:
                out.append(f"    case: case-{i // 5}")
        (exam / f"{did}.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")


def answer_for(question, rng: random.Random, skill: float):
    if rng.random() < 0.03:
        return None  # left unanswered
    right = rng.random() < skill
    if question.type == "code":
        return list(question.answer) if right else [question.answer[1], "99999"]
    if question.type == "multi":
        return sorted(question.answer) if right else ["A", "B"]
    return question.answer if right else next(k for k in question.choices if k != question.answer)


def sit(context: AppContext, rng: random.Random, skill: float) -> int:
    store, clock, bank = context.store(), context.clock, context.exam("bench")
    items = bank.items
    with store.transaction():  # one transaction: building the history fast, not the point
        attempt = store.create_attempt(
            "bench",
            "exam",
            to_iso(clock.now()),
            [NewItem(it.id, it.domain, key_hash(it.question)) for it in items],
            time_limit_s=240 * 60,
        )
        graded, reviews, marks = [], [], {}
        for seq, it in enumerate(items):
            spent = rng.uniform(40, 160)
            clock.advance(spent)
            store.move(attempt, seq + 1, seq, spent)
            response = answer_for(it.question, rng, skill)
            ok = is_correct(it.question, response)
            if response is not None:
                store.save_response(attempt, seq, response, to_iso(clock.now()))
                reviews.append(
                    Review(
                        it.id,
                        "bench",
                        it.domain,
                        to_iso(clock.now()),
                        response,
                        ok,
                        spent,
                        "exam",
                        attempt,
                        key_hash(it.question),
                    )
                )
            if rng.random() < 0.08:
                store.set_flag(attempt, seq, True)
            graded.append((it.domain, ok))
            marks[seq] = ok
        score = score_attempt(bank.blueprint, graded)
        store.submit(
            attempt,
            to_iso(clock.now()),
            "student",
            marks,
            score.correct,
            score.total,
            score.percent,
            score.passed,
            reviews,
        )
    clock.advance(86400)
    return attempt


def median_ms(action, runs: int) -> tuple[float, float, float, float]:
    """Median, min and max wall time, and median CPU time of this process, in ms.

    The CPU figure is what the machine's other load cannot inflate (on a busy 2-core
    machine the wall time also counts waiting for a core).
    """
    action()  # warm-up: Jinja compiles the templates once per process
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), min(wall), max(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    from cert_prep.report import write_attempt_report, write_progress_report
    from cert_prep.report.build import build_attempt_report
    from cert_prep.report.render import render_attempt

    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        root = Path(tmp)
        write_bank(root / "banks")
        library = load_library([root / "banks"], None)
        errors = [p for p in library.problems if p.severity == "error"]
        assert not errors, errors[:3]
        bank = library.exam("bench")
        assert len(bank.items) == 125, len(bank.items)
        clock = FakeClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
        context = AppContext(
            Locations((root / "banks",), root / "data", root / "exports"), clock, _library=library
        )
        rng = random.Random(7)
        for n in range(50):
            sit(context, rng, skill=0.45 + 0.4 * n / 50)
        attempt_id = sit(context, rng, skill=0.75)  # the one reported: the 51st
        store = context.store()

        attempt = store.attempt(attempt_id)
        report = build_attempt_report(store, bank, attempt, clock.now())
        html = render_attempt(report)
        whole = median_ms(lambda: write_attempt_report(context, attempt_id), args.runs)
        build = median_ms(
            lambda: build_attempt_report(store, bank, attempt, clock.now()), args.runs
        )
        render = median_ms(lambda: render_attempt(report), args.runs)
        progress = median_ms(lambda: write_progress_report(context), args.runs)
        context.close()

    print(
        f"report of a {len(report.questions)}-question attempt with "
        f"{len(report.study.history) - 1} past attempts ({report.study.reviews} reviews) "
        "and its readiness section"
    )
    print(f"page size: {len(html.encode()) / 1024:.0f} KiB")
    print(
        f"{'':34}{'median':>9}{'min':>9}{'max':>9}{'cpu':>9}   ({args.runs} runs; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    for label, (med, low, high, cpu) in [
        ("write_attempt_report (all)", whole),
        ("  build views from the store", build),
        ("  render HTML with Jinja", render),
        ("write_progress_report", progress),
    ]:
        print(f"{label:34}{med:7.1f}ms{low:7.1f}ms{high:7.1f}ms{cpu:7.1f}ms")
    verdict = "meets" if whole[0] <= TARGET_MS else "MISSES"
    print(
        f"target <= {TARGET_MS:.0f} ms median for the whole report: {verdict} it "
        f"({whole[0]:.1f} ms)"
    )
    return 0 if whole[0] <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
