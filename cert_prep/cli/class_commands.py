"""`cert-prep class`: the class dashboard, from results files or a classroom folder."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from cert_prep.errors import UserError
from cert_prep.safe_text import visible_line

LABEL = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


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


def classroom_results(class_dir: Path, exam: str | None) -> list[Any]:
    """Each student's full mock exams, read from their data folder under DIR/students."""
    from cert_prep.instructor.results_file import export_results, parse_results
    from cert_prep.paths import DATABASE_NAME
    from cert_prep.store import Store

    students = class_dir / "students"
    if not students.is_dir():
        raise UserError(
            f"{class_dir} is not a classroom folder (it has no students/ folder)", exit_code=2
        )
    found = []
    for folder in sorted(students.iterdir()):
        database = folder / DATABASE_NAME
        if not LABEL.match(folder.name) or not database.is_file():
            continue
        store = Store.open(database)
        try:
            data = export_results(store, folder.name, exam=exam)
        finally:
            store.close()
        found.append(parse_results(data, str(database)))
    return found


def run_class(args: argparse.Namespace, context: Any) -> int:
    from cert_prep.instructor.analysis import choose_exam
    from cert_prep.instructor.class_dashboard import build_class_view, render_class
    from cert_prep.instructor.results_file import load_many

    if bool(args.files) == bool(args.class_dir):
        raise UserError("give results files or --class DIR (one of the two)", exit_code=2)
    wanted = args.exam.lower() if args.exam is not None else None
    files = classroom_results(args.class_dir, wanted) if args.class_dir else load_many(args.files)
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
        out = context.locations.exports_dir / f"class-{exam}-{stamp}.html"
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
        print(
            f"{len(view.students)} student(s), {view.on_track} on track to pass "
            f"(latest full mock at or above {view.pass_percent:g}%)."
        )
    return 0
