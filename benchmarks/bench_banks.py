"""Bank loading benchmark (the start-up target): whole processes, side by side, medians and ratios.

    python benchmarks/bench_banks.py [--runs 7] [--questions 10000]

Times, as separate processes over a generated 10,000-question library (20 files):
  1. Python parsing every file with PyYAML's pure SafeLoader
  2. Python parsing every file with LibYAML's CSafeLoader
  3. `cert-prep banks --json` with a cold cache (a new, empty cache dir each run)
  4. `cert-prep banks --json` with a warm cache
Targets on a 2-core machine: warm <= 0.25x (2), cold <= 1.5x (2).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_library import generate

PARSE = (
    "import sys, glob, yaml; L = yaml.{loader}; "
    "[yaml.load(open(f, 'rb'), Loader=L) for f in glob.glob(sys.argv[1] + '/bench/*.yaml')]"
)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    return elapsed, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--questions", type=int, default=10_000)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cert-prep-bench-"))
    library = generate(work / "library", args.questions, 20)
    env = {**os.environ, "CERT_PREP_HOME": str(work / "home")}
    cert_prep = [sys.executable, "-m", "cert_prep", "--banks", str(library), "banks", "--json"]
    cases = {
        "SafeLoader (pure)": lambda i: timed(
            [sys.executable, "-c", PARSE.format(loader="SafeLoader"), str(library)], env
        ),
        "CSafeLoader": lambda i: timed(
            [sys.executable, "-c", PARSE.format(loader="CSafeLoader"), str(library)], env
        ),
        "banks --json, cold cache": lambda i: timed(
            cert_prep, {**env, "CERT_PREP_CACHE": str(work / f"cold-{i}")}
        ),
        "banks --json, warm cache": lambda i: timed(
            cert_prep, {**env, "CERT_PREP_CACHE": str(work / "warm")}
        ),
    }
    subprocess.run(
        cert_prep,
        env={**env, "CERT_PREP_CACHE": str(work / "warm")},
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fill the warm cache
    results: dict[str, list[float]] = {name: [] for name in cases}
    for i in range(args.runs):  # interleaved, so machine noise hits every case alike
        for name, run in cases.items():
            results[name].append(run(i)[0])
    medians = {name: statistics.median(times) for name, times in results.items()}
    size = sum(f.stat().st_size for f in (library / "bench").glob("*.yaml"))
    print(
        f"library: {args.questions} questions, 20 files, {size / 1e6:.1f} MB; "
        f"{args.runs} interleaved runs each; {os.cpu_count()} CPUs"
    )
    for name, median in medians.items():
        spread = f"{min(results[name]):.3f}-{max(results[name]):.3f}"
        print(f"  {name:<28} median {median:.3f} s   (range {spread})")
    base = medians["CSafeLoader"]
    cold = medians["banks --json, cold cache"] / base
    warm = medians["banks --json, warm cache"] / base
    print(f"  pure / CSafeLoader           {medians['SafeLoader (pure)'] / base:.2f}x")
    print(
        f"  cold / CSafeLoader           {cold:.2f}x   (target <= 1.5x) "
        f"{'OK' if cold <= 1.5 else 'MISSED'}"
    )
    print(
        f"  warm / CSafeLoader           {warm:.2f}x   (target <= 0.25x) "
        f"{'OK' if warm <= 0.25 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
