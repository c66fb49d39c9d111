"""Class dashboard benchmark: 500 students x 10 full mock exams x 100 items.

    python benchmarks/bench_class.py [--runs 5] [--students 500] [--attempts 10] [--items 100]

Generates one `cert-prep-results/1` file per student (seeded Rasch model, as
bench_items.py), and a bank root of those items, then times the whole command as an
instructor runs it, in a new process: `cert-prep --banks ROOT class DIR --exam bench
--json --out class.html` (load and validate every file, the dashboard, the item analysis
behind "most missed", JSON and the HTML page). Medians of wall clock and CPU.
Target: <= 2 s on a 2-core machine.
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

from benchmarks.bench_items import generate_bank, item_ids
from cert_prep.instructor.results_file import FORMAT

TARGET_S = 2.0


def generate(folder: Path, students: int, attempts: int, items: int, seed: int = 11) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    difficulty = [rng.gauss(0, 1) for _ in range(items)]
    ids = item_ids(items)
    for s in range(students):
        ability = rng.gauss(0, 1)
        sittings = []
        for a in range(attempts):
            ability += 0.05  # students improve a little with each mock
            responses = []
            for i in range(items):
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
            sittings.append(
                {
                    "id": a + 1,
                    "exam": "bench",
                    "submitted_at": f"2026-03-{a + 1:02d}T10:00:00Z",
                    "responses": responses,
                }
            )
        doc = {"format": FORMAT, "student": f"s{s:04d}", "attempts": sittings}
        (folder / f"s{s:04d}.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole_command(folder: Path, root: Path, out: Path, env: dict[str, str]) -> tuple[float, float]:
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cert_prep",
            "--banks",
            str(root),
            "class",
            str(folder),
            "--exam",
            "bench",
            "--json",
            "--out",
            str(out),
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--attempts", type=int, default=10)
    parser.add_argument("--items", type=int, default=100)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cert-prep-bench-class-"))
    folder = generate(work / "results", args.students, args.attempts, args.items)
    root = generate_bank(work / "banks", args.items)
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(
        f"{args.students} students x {args.attempts} attempts x {args.items} items "
        f"({size / 1e6:.1f} MB of results)"
    )
    env = {
        **os.environ,
        "CERT_PREP_HOME": str(work / "home"),
        "CERT_PREP_CACHE": str(work / "cache"),
    }
    out = work / "class.html"
    whole_command(folder, root, out, env)  # warm caches
    wall, cpu = zip(*(whole_command(folder, root, out, env) for _ in range(args.runs)), strict=True)
    median = statistics.median
    print(
        f"`cert-prep class DIR --json --out`: median {median(wall):.2f} s wall "
        f"({median(cpu):.2f} s CPU) over {args.runs} runs"
    )
    verdict = "meets" if median(wall) <= TARGET_S else "MISSES"
    print(
        f"{verdict} the {TARGET_S:g} s target; load average "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()
