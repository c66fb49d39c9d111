"""Generate a large valid bank library for benchmarks: N questions in F files, one exam.

    python benchmarks/generate_library.py OUT_DIR [--questions 10000] [--files 20]

Writes OUT_DIR/bench/exam.yaml and OUT_DIR/bench/bank-XX.yaml. Every item passes lint.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

DOMAINS = [f"domain-{i:02d}" for i in range(10)]
ICD = ["E11.9", "I10", "J45.909", "N39.0", "K21.9", "M54.50", "R07.9", "F32.A", "Z00.00", "E78.5"]
CPT = ["99213", "99214", "71046", "80053", "93000", "36415", "20610", "11042", "45378", "00100"]
_TEXT = (
    "patient presents with documented findings after evaluation of the affected site and "
    "the provider records assessment plan follow-up imaging laboratory results reviewed"
)
WORDS = _TEXT.split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def question(rng: random.Random, n: int) -> str:
    qid = f"bench-{n:05d}"
    stem = f"Case {n}: {sentence(rng, 40)}. Which code is reported?"
    rationale = sentence(rng, 45) + "."
    kind = n % 10
    if kind < 7:
        choices = "\n".join(f'      {k}: "{sentence(rng, 8)}"' for k in "ABCD")
        return (
            f"  - id: {qid}\n    type: single\n    stem: |\n      {stem}\n"
            f"    choices:\n{choices}\n    answer: {'ABCD'[n % 4]}\n"
            f"    rationale: |\n      {rationale}\n    tags: [bench, t{n % 7}]\n"
            f'    difficulty: {1 + n % 3}\n    codes: ["{ICD[n % len(ICD)]}"]\n'
        )
    if kind < 9:
        choices = "\n".join(f'      {k}: "{sentence(rng, 8)}"' for k in "ABCDE")
        return (
            f"  - id: {qid}\n    type: multi\n    stem: |\n      {stem} Select two.\n"
            f"    choices:\n{choices}\n    answer: [A, {'BCDE'[n % 4]}]\n"
            f"    rationale: |\n      {rationale}\n    difficulty: 2\n"
        )
    return (
        f"  - id: {qid}\n    type: code\n    code_system: cpt\n    stem: |\n      {stem}\n"
        f'    answer: ["{CPT[n % len(CPT)]}"]\n    rationale: |\n      {rationale}\n'
    )


def generate(out: Path, questions: int = 10_000, files: int = 20, seed: int = 7) -> Path:
    rng = random.Random(seed)
    exam_dir = out / "bench"
    exam_dir.mkdir(parents=True, exist_ok=True)
    domains = "\n".join(f"  - id: {d}\n    name: Benchmark {d}\n    count: 10" for d in DOMAINS)
    (exam_dir / "exam.yaml").write_text(
        "id: bench\nname: Benchmark exam\ncertification: Benchmark\nprovider: cert-prep\n"
        "time_limit_minutes: 240\npass_percent: 70\nscaled: false\nsources: [generated]\n"
        f"domains:\n{domains}\n"
    )
    per_file = questions // files
    n = 0
    for f in range(files):
        body = [f"exam: bench\ndomain: {DOMAINS[f % len(DOMAINS)]}\ncode_year: 2026\nquestions:\n"]
        for _ in range(per_file if f < files - 1 else questions - n):
            n += 1
            body.append(question(rng, n))
        (exam_dir / f"bank-{f:02d}.yaml").write_text("".join(body))
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=20)
    args = parser.parse_args()
    generate(args.out, args.questions, args.files)
    print(f"wrote {args.questions} questions in {args.files} files under {args.out}/bench")
