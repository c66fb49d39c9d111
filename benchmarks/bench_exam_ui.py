"""Benchmark the exam UI as a student meets it, in a real pseudo-terminal.

    python benchmarks/bench_exam_ui.py [--runs 5] [--presses 30] [--library DIR]

For the shipped banks and for a 10,000-question library (generated with
benchmarks/generate_library.py unless --library names one), it measures:

- launch to first question: `cert-prep exam` from process start to its instructions on
  screen, plus Enter to `Question 1 of N` on screen (the student's own pause between
  the two, 0.3 s here, is not counted; a previewed exam loads its banks in it); and
  `cert-prep drill`, which opens on its first question;
- key press to next question: `n`, until `Question k+1 of N` is on screen (median, p90);
- peak RSS of the exam process (ru_maxrss);
- the CPU time the process used until the first question, the pause before Enter included
  (less sensitive than wall time to other work on the machine; the load average is
  printed with the figures);
- the first screen against a bare Textual app (benchmarks/bare_app.py: a header, one line,
  a footer), launched side by side: `cert-prep exam cpc` to its instructions on screen
  over the bare app to its line on screen (target <= 1.3).

Figures are for a warm bank cache (the usual start); the cold-cache start (first run after
a bank changed) is printed too. Targets on a 2-core machine: first question <= 1.0 s with
the 10k library, next question <= 50 ms median, peak RSS <= 150 MB. Not a test: it prints.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.generate_library import generate  # noqa: E402
from tests.ui.pty_terminal import Terminal  # noqa: E402


def one_exam(
    exam: str,
    common: list[str],
    env: dict[str, str],
    presses: int,
) -> tuple[float, float, float, list[float], float]:
    """(launch->instructions, enter->question 1, CPU s for both, next-question latencies,
    peak RSS MB)."""
    term = Terminal(["exam", exam, "--seed", "1", *common], env, size=(120, 40))
    try:
        to_instructions = term.wait_for("Press Enter to start the clock")
        term.drain(0.3)
        term.send("\r")
        to_question = term.wait_for("Question 1 of")
        # All of it, the pause before Enter included: the exam loads its banks there (after
        # painting the instructions from their preview), so that pause is not idle.
        cpu = term.cpu_seconds() or 0.0
        term.drain(0.3)
        latencies = []
        for k in range(2, presses + 2):
            # `n` pages on code items too: their box is focused only on Enter or `e`.
            term.send("n")
            latencies.append(term.wait_for(f"Question {k} of", timeout=10))
            term.drain(0.05)
        term.send("q")
        term.wait_for("Leave the exam?")
        term.send("y")
        term.wait_exit()
        rss_mb = term.rusage.ru_maxrss / 1024 if term.rusage else float("nan")
    finally:
        term.close()
    return to_instructions, to_question, cpu, latencies, rss_mb


BARE_APP = Path(__file__).with_name("bare_app.py")


def first_paints(
    tmp_path: Path, env: dict[str, str], runs: int, *, first_start: bool = False
) -> tuple[float, float]:
    """Median launch -> first screen on it, side by side (interleaved): a bare Textual app
    (a header, one line, a footer) and `cert-prep exam cpc` (its instructions). The usual
    start is a returning student's (the history exists); `first_start` makes a new one
    each run."""
    bare, ours = [], []
    for run in range(runs):
        common = [
            "--data-dir",
            str(tmp_path / (f"paint-{run}" if first_start else "paint")),
            "--exports",
            str(tmp_path / "exports"),
        ]
        term = Terminal([], env, size=(120, 40), program=[str(BARE_APP)])
        try:
            bare.append(term.wait_for("A bare Textual app is on screen"))
        finally:
            term.close()
        term = Terminal(["exam", "cpc", *common], env, size=(120, 40))
        try:
            ours.append(term.wait_for("Press Enter to start the clock"))
        finally:
            term.close()
    return statistics.median(bare), statistics.median(ours)


def one_drill(exam: str, common: list[str], env: dict[str, str]) -> float:
    term = Terminal(
        ["drill", "--exam", exam, "--count", "20", "--seed", "1", *common], env, size=(120, 40)
    )
    try:
        first = term.wait_for("Question 1 of")
    finally:
        term.close()
    return first


def bench(label: str, exam: str, banks: list[str], runs: int, presses: int) -> None:
    with tempfile.TemporaryDirectory(prefix="cert-prep-ui-bench-") as tmp:
        tmp_path = Path(tmp)
        env = {"CERT_PREP_CACHE": str(tmp_path / "cache")}
        exam_starts, drill_starts, latencies, rss, cpus = [], [], [], [], []
        firsts, seconds = [], []
        cold = None
        for run in range(runs + 1):
            data = tmp_path / f"data-{run}"
            common = [arg for b in banks for arg in ("--banks", b)]
            common += ["--data-dir", str(data), "--exports", str(tmp_path / "exports")]
            instructions, question, cpu, lat, peak = one_exam(exam, common, env, presses)
            if run == 0:
                cold = instructions + question  # the first start validates every bank file
                continue
            exam_starts.append(instructions + question)
            firsts.append(instructions)
            seconds.append(question)
            cpus.append(cpu)
            latencies.extend(lat)
            rss.append(peak)
            drill_starts.append(one_drill(exam, common, env))
        latencies.sort()
        p90 = latencies[int(0.9 * (len(latencies) - 1))]
        print(f"\n{label}")
        print(
            f"  exam: launch -> first question (median of {runs}): "
            f"{statistics.median(exam_starts):.3f} s   (cold cache: {cold:.3f} s)"
        )
        print(
            f"        = launch -> instructions {statistics.median(firsts):.3f} s + Enter -> "
            f"question 1 {statistics.median(seconds):.3f} s; CPU time of the process until "
            f"then {statistics.median(cpus):.3f} s"
        )
        print(
            f"  drill: launch -> first question (median of {runs}): "
            f"{statistics.median(drill_starts):.3f} s"
        )
        print(
            f"  key press -> next question: median {1000 * statistics.median(latencies):.1f} ms,"
            f" p90 {1000 * p90:.1f} ms over {len(latencies)} presses"
        )
        print(f"  peak RSS of the exam process: {max(rss):.1f} MB")
        if exam == "cpc":
            for first_start in (False, True):
                bare, ours = first_paints(tmp_path, env, max(runs, 7), first_start=first_start)
                who = "a new student" if first_start else "a returning student"
                print(
                    f"  first screen on screen ({who}): bare Textual app {bare:.3f} s, "
                    f"`cert-prep exam cpc` {ours:.3f} s: ratio {ours / bare:.2f} (target <= 1.3)"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--library", type=Path, help="a 10k library root (default: generate)")
    args = parser.parse_args()
    # An installed package has its bytecode compiled; a sandbox that disables .pyc files
    # would charge every start for compiling cert-prep's modules (but not Textual's).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    print(
        f"cert-prep exam UI benchmark: {os.cpu_count()} CPUs, load average "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    bench("shipped banks (cpc)", "cpc", [], args.runs, args.presses)
    with tempfile.TemporaryDirectory(prefix="cert-prep-10k-") as tmp:
        library = args.library
        if library is None:
            started = time.perf_counter()
            library = Path(tmp)
            generate(library, questions=10_000, files=20)
            print(
                f"\n(generated 10,000 questions in 20 files in "
                f"{time.perf_counter() - started:.1f} s)"
            )
        bench(
            "shipped banks + 10,000-question library (exam `bench`)",
            "bench",
            [str(library)],
            args.runs,
            args.presses,
        )
    print(f"\nload average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
