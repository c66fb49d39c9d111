"""Benchmark: the ICD-10-CM book, as a whole process and inside an open panel.

    python benchmarks/bench_book.py [--runs 11] [--queries 50]

- `cert-prep book --search fracture femur neck` as a new process, `--runs` times, next to
  `python -c pass` and `python -m cert_prep --version` (the interpreter's and the CLI's
  own start-up), so the book's share is visible. The index is built first (once).
  Target: <= 0.5 s median.
- A search in the open book (what the panel does on each keystroke): `--queries` queries
  of one to three words, the median in milliseconds. Target: <= 50 ms median.

Both use a temporary cache folder, so the first build is not counted and nothing of the
user's is touched.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cert_prep.book.book import Book  # noqa: E402

QUERIES = [
    "fracture femur neck",
    "diabetes kidney",
    "hypertension",
    "pneumonia",
    "asthma",
    "myocardial infarction",
    "sepsis",
    "otitis media",
    "cellulitis leg",
    "anemia",
    "migraine",
    "copd exacerbation",
    "urinary tract infection",
    "pregnancy hypertension",
    "burn hand",
    "depression",
    "alcohol dependence",
    "gout",
    "cataract",
    "glaucoma",
    "appendicitis",
    "cholecystitis",
    "hernia",
    "osteoarthritis knee",
    "back pain",
    "sprain ankle",
    "laceration",
    "dermatitis",
    "psoriasis",
    "lupus",
    "hepatitis",
    "hiv",
    "tuberculosis",
    "influenza",
    "covid",
    "obesity",
    "malnutrition",
    "dementia",
    "epilepsy",
    "parkinson",
    "stroke",
    "atrial fibrillation",
    "heart failure",
    "chronic kidney disease",
    "dehydration",
    "hypothyroidism",
    "neoplasm breast",
    "leukemia",
    "poisoning",
    "fever",
]


def _median_seconds(argv: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        cache.mkdir()
        start = time.perf_counter()
        Book.open(cache).close()
        print(f"index build (once per package version): {time.perf_counter() - start:.1f} s")
        env = dict(
            os.environ,
            CERT_PREP_CACHE=str(cache),
            CERT_PREP_HOME=str(Path(tmp) / "h"),
            PYTHONPATH=str(ROOT),
        )
        py = sys.executable
        rows = [
            ("python -c pass", [py, "-c", "pass"]),
            ("cert-prep --version", [py, "-m", "cert_prep", "--version"]),
            (
                "cert-prep book --search fracture femur neck",
                [py, "-m", "cert_prep", "book", "--search", "fracture", "femur", "neck"],
            ),
        ]
        print(f"\nwhole processes, median of {args.runs}:")
        for name, argv in rows:
            print(f"  {name:<46} {_median_seconds(argv, env, args.runs):.3f} s")
        book = Book.open(cache)
        try:
            queries = (QUERIES * (1 + args.queries // len(QUERIES)))[: args.queries]
            times = []
            for query in queries:
                start = time.perf_counter()
                book.search(query, 20)
                times.append(time.perf_counter() - start)
        finally:
            book.close()
        print(
            f"\nsearch in the open book, {len(times)} queries: median "
            f"{statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
