"""Item analysis benchmark (the 2 s target of `cert-prep items`): 1,000 students x 100
items, medians of several runs.

    python benchmarks/bench_items.py [--runs 5] [--students 1000] [--items 100]

Generates one `cert-prep-results/1` file per student (seeded: a Rasch model, ability and
item difficulty drawn from N(0, 1), 1% of answers left blank, 4 choices per item) and a
bank root holding those 100 items, then times:
  1. in-process: loading and validating every file, then the analysis (`analyse`, with
     the bank attached for keys and zero counts);
  2. the whole command as a user runs it: `cert-prep --banks ROOT items DIR --json` in a
     new process (interpreter start, imports, the bank library from its warm cache,
     JSON output).
Wall-clock and CPU (user + system) medians are both printed: on a shared machine the
wall clock also counts time spent waiting for other processes.
Target: <= 2 s for 1,000 x 100 on a 2-core machine. Pure Python, no numpy.

Measured (2-core AMD EPYC, Python 3.11, load average 2.2 from other jobs; 7 runs):
load + validate 0.72 s, analysis 0.22 s, in-process 0.93 s, whole command 1.35 s.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cert_prep.bank.loader import load_library
from cert_prep.instructor.analysis import analyse
from cert_prep.instructor.results_file import FORMAT, load_many

TARGET_S = 2.0


def item_ids(items: int) -> list[str]:
    return [f"bench-d{i % 10}-{i:03d}" for i in range(items)]


def generate_bank(root: Path, items: int) -> Path:
    """A bank root with exam `bench`: ten domains, the items spread over ten files."""
    exam = root / "bench"
    exam.mkdir(parents=True, exist_ok=True)
    domains = "".join(
        f"  - id: d{d}\n    name: Domain {d}\n    count: {max(1, items // 10)}\n" for d in range(10)
    )
    (exam / "exam.yaml").write_text(
        "id: bench\nname: Benchmark exam\ncertification: Bench\nprovider: bench\n"
        f"time_limit_minutes: {items * 2}\npass_percent: 70\ndomains:\n{domains}",
        encoding="utf-8",
    )
    by_domain: dict[int, list[str]] = {}
    for i, item in enumerate(item_ids(items)):
        by_domain.setdefault(i % 10, []).append(
            f'  - id: {item}\n    type: single\n    stem: "Benchmark question {i}?"\n'
            f'    choices: {{A: "right {i}", B: "b {i}", C: "c {i}", D: "d {i}"}}\n'
            '    answer: A\n    rationale: "A."\n'
        )
    for d, questions in by_domain.items():
        (exam / f"d{d}.yaml").write_text(
            f"exam: bench\ndomain: d{d}\ncode_year: 2026\nquestions:\n" + "".join(questions),
            encoding="utf-8",
        )
    return root


def generate(folder: Path, students: int, items: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    difficulty = [rng.gauss(0, 1) for _ in range(items)]
    ids = item_ids(items)
    for s in range(students):
        ability = rng.gauss(0, 1)
        responses = []
        for i in range(items):
            if rng.random() < 0.01:
                response, correct = None, False
            else:
                correct = rng.random() < 1 / (1 + math.exp(difficulty[i] - ability))
                response = "A" if correct else rng.choice("BCD")
            responses.append(
                {
                    "item": ids[i],
                    "domain": f"d{i % 10}",
                    "response": response,
                    "correct": correct,
                    "seconds": round(rng.uniform(20, 120), 1),
                }
            )
        doc = {
            "format": FORMAT,
            "student": f"s{s:04d}",
            "attempts": [
                {
                    "id": 1,
                    "exam": "bench",
                    "submitted_at": "2026-03-02T10:00:00Z",
                    "responses": responses,
                }
            ],
        }
        (folder / f"s{s:04d}.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder


def in_process(folder: Path, bank) -> tuple[float, float, float, float]:
    """(load s, analysis s, wall total s, CPU total s)."""
    cpu = time.process_time()
    start = time.perf_counter()
    files = load_many([folder])
    loaded = time.perf_counter()
    analysis = analyse(files, "bench", bank=bank)
    done = time.perf_counter()
    assert analysis.students > 0 and analysis.kr20 is not None
    assert all(item.key == ["A"] for item in analysis.items)
    return loaded - start, done - loaded, done - start, time.process_time() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole_command(folder: Path, root: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall s, CPU s) of one `cert-prep items` process."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cert_prep", "--banks", str(root), "items", str(folder), "--json"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--items", type=int, default=100)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cert-prep-bench-items-"))
    folder = generate(work / "results", args.students, args.items)
    root = generate_bank(work / "banks", args.items)
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(f"{args.students} results files x {args.items} items ({size / 1e6:.1f} MB) in {folder}")
    env = {
        **os.environ,
        "CERT_PREP_HOME": str(work / "home"),
        "CERT_PREP_CACHE": str(work / "cache"),
    }
    whole_command(folder, root, env)  # warm the bank cache and the OS file cache
    bank = load_library([root]).exam("bench")

    load, stats, total, cpu = zip(
        *(in_process(folder, bank) for _ in range(args.runs)), strict=True
    )
    wall_cmd, cpu_cmd = zip(
        *(whole_command(folder, root, env) for _ in range(args.runs)), strict=True
    )
    median = statistics.median
    print(f"median of {args.runs} runs (wall clock; CPU in brackets):")
    print(f"  {'load + validate files':<32} {median(load):6.3f} s")
    print(f"  {'analysis':<32} {median(stats):6.3f} s")
    print(f"  {'in-process total':<32} {median(total):6.3f} s  ({median(cpu):.3f} s CPU)")
    print(
        f"  {'`cert-prep items DIR --json`':<32} {median(wall_cmd):6.3f} s  "
        f"({median(cpu_cmd):.3f} s CPU)"
    )
    worst = median(wall_cmd)
    verdict = "meets" if worst <= TARGET_S else "MISSES"
    print(f"whole command {worst:.2f} s wall: {verdict} the {TARGET_S:g} s target")
    print(f"load average now: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
