"""`cert-prep class`: the class dashboard, from results files or a classroom folder."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cert_prep.errors import UserError
from cert_prep.files import safe_name_part
from cert_prep.safe_text import visible_line


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    dash = sub.add_parser(
        "class",
        parents=[common],
        help="a class dashboard from students' results",
        description="One page for an instructor: a students x domains heatmap of each "
        "student's latest full mock exam, latest and best scores and their trend, how many "
        "are on track to pass, the domains the class misses most, and the most-missed items "
        "with the wrong choices picked. Reads cert-prep-results/1 files (a FOLDER stands for "
        "its .json files) or every student of a classroom (--class DIR).",
    )
    dash.add_argument(
        "files", nargs="*", metavar="FILE", type=Path, help="students' results files (.json)"
    )
    dash.add_argument(
        "--class",
        dest="class_dir",
        metavar="DIR",
        type=Path,
        help="a classroom folder (`cert-prep serve --class DIR`)",
    )
    dash.add_argument(
        "--exam",
        metavar="E",
        help="the exam to show (cpc, ccs, cca, ...); needed only when the results hold "
        "more than one exam",
    )
    dash.add_argument(
        "--out",
        metavar="FILE.html",
        type=Path,
        help="where to write the page (default: the exports folder)",
    )
    dash.add_argument(
        "--json", action="store_true", help="print the dashboard as JSON (the page only with --out)"
    )
    dash.add_argument(
        "--force",
        action="store_true",
        help="replace an existing --out file that is not a page cert-prep wrote",
    )
    dash.add_argument("--open", action="store_true", help="open the page in a browser")
    dash.set_defaults(func=run_class)


def classroom_results(class_dir: Path, exam: str | None) -> tuple[list[Any], list[str]]:
    """Each student's full mock exams, read from their data folder under DIR/students,
    and one line for each folder left out (so one student's damaged history never hides
    the class)."""
    from cert_prep.frontend.classroom_access import LABEL_RULE, LabelRefused, student_label
    from cert_prep.instructor.results_file import ResultsError, export_results, parse_results
    from cert_prep.paths import DATABASE_NAME
    from cert_prep.store import Store

    students = class_dir / "students"
    if not students.is_dir():
        raise UserError(
            f"{class_dir} is not a classroom folder (it has no students/ folder)", exit_code=2
        )
    found, skipped = [], []
    for folder in sorted(students.iterdir()):
        if not folder.is_dir():
            continue  # a stray file (a .DS_Store, a note) is no student's folder
        shown = f"{students.name}/{folder.name}"
        try:
            student_label(folder.name)
        except LabelRefused:
            skipped.append(f"{shown}: skipped, not a student label: {LABEL_RULE}")
            continue
        database = folder / DATABASE_NAME
        if not database.is_file():
            skipped.append(f"{shown}: skipped, no study history ({DATABASE_NAME}) in it yet")
            continue
        try:
            store = Store.open(database)
            try:
                data = export_results(store, folder.name, exam=exam)
            finally:
                store.close()
            found.append(parse_results(data, str(database)))
        except ResultsError as exc:
            skipped.append(f"{shown}: skipped, its history does not read: {exc.problems[0]}")
        except UserError as exc:
            # The advice after the `;` (move the file aside, --data-dir) is for the student.
            skipped.append(f"{shown}: skipped, {exc.message.split('; ')[0]}")
    return found, skipped


def run_class(args: argparse.Namespace, context: Any) -> int:
    from cert_prep.instructor.analysis import choose_exam
    from cert_prep.instructor.class_dashboard import build_class_view, render_class
    from cert_prep.instructor.results_file import load_many

    if bool(args.files) == bool(args.class_dir):
        raise UserError("give results files or --class DIR (one of the two)", exit_code=2)
    wanted = args.exam.lower() if args.exam is not None else None
    if args.class_dir:
        files, skipped = classroom_results(args.class_dir, wanted)
        for line in skipped:
            print(visible_line(f"cert-prep: warning: {line}"), file=sys.stderr)
    else:
        files = load_many(args.files)
    # As `items` does: --exam may be left out when the results hold one exam.
    exam = wanted if wanted is not None else choose_exam(files, None)
    bank = context.library().exams.get(exam)
    view = build_class_view(files, exam, bank)
    for warning in view.warnings:
        print(visible_line(f"cert-prep: warning: {warning}"), file=sys.stderr)
    if args.json:
        print(json.dumps(view.as_json(), indent=2, ensure_ascii=True))
    out = args.out
    if out is None and not args.json:
        stamp = context.clock.now().strftime("%Y%m%d-%H%M")
        # Your exports, never the class folder: the page holds every student's scores.
        name = f"class-{safe_name_part(exam, 'exam')}-{stamp}.html"
        out = context.locations.exports_dir / name
    if out is not None:
        from cert_prep.report.render import write_atomic

        if out.is_dir():
            raise UserError(f"{out} is a folder; give a file name ending in .html", exit_code=2)
        order = [d.id for d in bank.blueprint.domains] if bank is not None else []
        generated = context.clock.now().strftime("%Y-%m-%d %H:%M UTC")
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, render_class(view, generated, order), args.force)
        print(
            visible_line(f"Wrote the class dashboard to {out}"),
            file=sys.stderr if args.json else sys.stdout,
        )
        if args.open:
            import webbrowser

            webbrowser.open(out.resolve().as_uri())
    if not args.json:
        for line in summary_lines(view):
            print(visible_line(line))
    return 0


def summary_lines(view: Any, width: int = 78) -> list[str]:
    """The dashboard in the terminal: students, weakest domains, items to look at first."""
    lines = [
        f"{len(view.students)} student(s), {view.on_track} on track to pass "
        f"(latest full mock at or above {view.pass_percent:g}%).",
        "",
        f"  {'student':<24} {'latest':>7} {'best':>7} {'mocks':>6}",
    ]
    for s in view.students:
        mark = "on track" if s.passed_latest else ""
        lines.append(
            f"  {s.student[:24]:<24} {s.latest_percent:>6.1f}% {s.best_percent:>6.1f}% "
            f"{s.attempts:>6}  {mark}".rstrip()
        )
    if view.without_mocks:
        lines.append(f"  no full mock exam yet: {', '.join(view.without_mocks)}")
    weakest = [d for d in view.domains if d.mean_percent is not None][:3]
    if weakest:
        lines += ["", "Weakest domains (class mean of the latest mocks):"]
        lines += [f"  {d.mean_percent:5.1f}%  {d.name[: width - 11]}" for d in weakest]
    if view.most_missed:
        lines += ["", "Most-missed items (p = share right; key; the wrong answer given most):"]
        for m in view.most_missed[:5]:
            wrong = next(iter(m.wrong_choices.items()), None)
            given = f"; {wrong[0]} x {wrong[1]}" if wrong else ""
            flags = view.flags.get(m.item)
            flagged = f" [{', '.join(flags)}]" if flags else ""
            line = f"  {m.item}  p {m.p:.2f}; key {m.key or '?'}{given}{flagged}"
            lines.append(line if len(line) <= width else line[: width - 1] + "…")
    return lines
