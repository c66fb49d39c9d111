"""Instructor commands: `export-results`, `items`, `import gift|aiken`, `export gift`.

docs/instructors.md documents the results format and how to read the analysis.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from cert_prep.cli.numbers import whole
from cert_prep.errors import UserError
from cert_prep.files import HTML_MARKER, RESULTS_MARKER
from cert_prep.safe_text import visible

if TYPE_CHECKING:
    from cert_prep.context import AppContext
    from cert_prep.instructor.analysis import ExamAnalysis

if TYPE_CHECKING:
    from cert_prep.bank.loader import Library
    from cert_prep.context import AppContext
    from cert_prep.instructor.bankyaml import Imported, Note

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")  # fullmatch: `$` accepts a trailing newline


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    export_results = sub.add_parser(
        "export-results",
        parents=[common],
        help="export your submitted mock exams for your instructor (JSON)",
        description="Write your submitted mock exams (not drills) as a cert-prep-results/1 "
        "JSON file for your instructor's item analysis. Nothing about you is included but "
        "the label: --student, or a random label kept for the next export.",
    )
    export_results.add_argument("--exam", metavar="E", help="only this exam's attempts")
    export_results.add_argument(
        "--since", metavar="DATE", help="only attempts submitted on or after DATE (YYYY-MM-DD, UTC)"
    )
    export_results.add_argument(
        "--student", metavar="LABEL", help="the label your instructor gave you"
    )
    export_results.add_argument(
        "--out", metavar="FILE.json", type=Path, required=True, help="where to write the file"
    )
    export_results.add_argument(
        "--force",
        action="store_true",
        help="replace an existing FILE.json that is not a results file cert-prep wrote",
    )
    export_results.set_defaults(func=run_export_results)

    items = sub.add_parser(
        "items",
        parents=[common],
        help="item analysis of students' results files",
        description="Classical item analysis of cert-prep-results/1 files (one or more per "
        "student; a FOLDER stands for the .json files in it): per item n, difficulty p, "
        "point-biserial r with the rest of the test, choices picked and flags; per exam "
        "students, mean, sd and KR-20. Files with several exams need --exam.",
    )
    items.add_argument(
        "files", nargs="+", metavar="FILE", type=Path, help="students' results files (.json)"
    )
    items.add_argument("--exam", metavar="E", help="the exam to analyse")
    items.add_argument(
        "--attempts",
        choices=("first", "last", "all"),
        default="first",
        help="which attempts of each student (default: first)",
    )
    items.add_argument(
        "--as-scored",
        action="store_true",
        help="keep the results files' scoring where it disagrees with the bank's current key "
        "(default: re-score answers to items in the banks against the current key)",
    )
    items.add_argument("--json", action="store_true", help="machine-readable output")
    items.add_argument("--html", metavar="OUT", type=Path, help="also write an HTML report")
    items.add_argument(
        "--force",
        action="store_true",
        help="replace an existing --html file that is not a page cert-prep wrote",
    )
    items.set_defaults(func=run_items)

    imports = sub.add_parser(
        "import",
        parents=[common],
        help="convert GIFT, Aiken or Moodle XML questions into a bank file",
        description="Convert Moodle GIFT, Aiken or Moodle XML questions into a cert-prep "
        "bank file. Skipped and malformed questions are reported by line.",
    )
    formats = imports.add_subparsers(dest="import_format", metavar="FORMAT", required=True)
    for name, label in (("gift", "Moodle GIFT"), ("aiken", "Aiken")):
        article = "an" if label[0] in "AEIOU" else "a"
        parser = formats.add_parser(
            name,
            parents=[common],
            help=f"import {label} questions",
            description=f"Convert {article} {label} file into a cert-prep bank file. Warnings and "
            "errors name the line; exit status 1 if a question was malformed (the others "
            "are still written).",
        )
        parser.add_argument("file", metavar="FILE", type=Path, help=f"the {label} file")
        parser.add_argument(
            "--exam",
            metavar="E",
            required=True,
            help="the exam the questions belong to (cpc, ccs, cca, ...)",
        )
        parser.add_argument(
            "--domain", metavar="D", required=True, help="the blueprint domain they count towards"
        )
        parser.add_argument(
            "-o",
            "--out",
            metavar="OUT.yaml",
            type=Path,
            help="write the bank file here (default: standard output)",
        )
        parser.add_argument(
            "--code-year",
            type=whole("--code-year", 2015, 2100),
            metavar="YEAR",
            help="the code-set year the answers follow (default: this year)",
        )
        parser.add_argument("--force", action="store_true", help="replace an existing OUT")
        parser.set_defaults(func=run_import)

    exports = sub.add_parser(
        "export",
        parents=[common],
        help="convert bank items to GIFT or Moodle XML, or an exam to an Anki deck",
        description="Convert the items of one bank file to Moodle GIFT (single and multi "
        "items) or Moodle XML, or an exam's items to an Anki deck.",
    )
    targets = exports.add_subparsers(dest="export_format", metavar="FORMAT", required=True)
    gift = targets.add_parser("gift", parents=[common], help="export one bank file as GIFT")
    gift.add_argument("bankfile", metavar="BANKFILE", type=Path, help="a bank file (.yaml)")
    gift.add_argument(
        "-o", "--out", metavar="OUT", type=Path, help="write here (default: standard output)"
    )
    gift.add_argument("--force", action="store_true", help="replace an existing OUT")
    gift.set_defaults(func=run_export_gift)

    from cert_prep.cli.exchange_commands import register_formats

    register_formats(targets, formats, common)


def _warn(message: str) -> None:
    print(f"cert-prep: {visible(message)}", file=sys.stderr)


# ---- export-results ------------------------------------------------------------------------


def run_export_results(args: argparse.Namespace, context: AppContext) -> int:
    from cert_prep.instructor.files import write_atomic
    from cert_prep.instructor.results_file import (
        check_label,
        default_label,
        dumps,
        export_results,
        parse_since,
        practice_left_out,
    )

    since = parse_since(args.since) if args.since is not None else None
    label = check_label(args.student) if args.student is not None else None
    store = context.store()
    label = label or default_label(store)
    results = export_results(store, label, exam=args.exam, since=since)
    practice = practice_left_out(store, exam=args.exam, since=since)
    if not results["attempts"]:
        what = f"{args.exam} " if args.exam else ""
        when = f" since {args.since}" if since else ""
        raise UserError(
            f"no submitted {what}mock exams{when} to export; take one with "
            "`cert-prep exam EXAM` (drills are not exported)" + _practice_note(practice)
        )
    # checks the path first
    write_atomic(
        args.out, dumps(results), "results file", own_marker=RESULTS_MARKER, force=args.force
    )
    count = len(results["attempts"])
    exams = sorted({a["exam"] for a in results["attempts"]})
    print(
        visible(
            f"Wrote {count} mock exam(s) ({', '.join(exams)}) for student `{label}` to {args.out}"
            + _practice_note(practice)
        )
    )
    return 0


def _practice_note(practice: int) -> str:
    if not practice:
        return ""
    return (
        f"; {practice} practice exam(s) (--questions or --minutes) left out: results hold full "
        "mock exams only. A class quiz gets its own exam.yaml: docs/instructors.md, "
        "'A class quiz of your own'"
    )


# ---- items -----------------------------------------------------------------------------------


def run_items(args: argparse.Namespace, context: AppContext) -> int:
    from cert_prep.instructor.analysis import analyse, choose_exam
    from cert_prep.instructor.results_file import load_many

    files = load_many(args.files)
    exam = choose_exam(files, args.exam)
    bank = context.library().exams.get(exam)
    analysis = analyse(files, exam, args.attempts, bank, "warn" if args.as_scored else "rescore")
    for warning in analysis.warnings:
        _warn(f"warning: {warning}")
    if not analysis.sittings:
        raise UserError(
            f"the `{exam}` attempts in these files hold no responses; nothing to analyse"
        )
    if args.json:
        print(json.dumps(analysis.as_json(), indent=2))
    else:
        print(visible(items_text(analysis)))  # responses come from result files
    if args.html is not None:
        from cert_prep.files import safe_name_part
        from cert_prep.instructor.files import write_atomic
        from cert_prep.instructor.report import render_item_analysis

        out = args.html
        if out.is_dir():
            stamp = context.clock.now().strftime("%Y%m%d-%H%M")
            out = out / f"items-{safe_name_part(exam, 'exam')}-{stamp}.html"
        write_atomic(
            out,
            render_item_analysis(analysis, context.clock.now()),
            "report",
            own_marker=HTML_MARKER,
            force=args.force,
        )
        print(
            visible(f"Wrote the HTML report to {out}"), file=sys.stderr if args.json else sys.stdout
        )
    return 0


DOMAIN_COLUMN = 16


def _clipped(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def items_text(analysis: ExamAnalysis) -> str:
    from cert_prep.instructor.analysis import CHECK_KEY_R, POOR_R, TOO_EASY_P, TOO_HARD_P
    from cert_prep.instructor.report import ATTEMPTS_TEXT, kr20_verdict, num, small_sample_note

    name = f" ({analysis.exam_name})" if analysis.exam_name else ""
    lines = [
        f"Item analysis of {analysis.exam}{name}: {analysis.students} student(s), "
        f"{ATTEMPTS_TEXT[analysis.attempts_mode]} ({analysis.sittings} sitting(s))",
        f"Mean {num(analysis.mean, 1)}%, SD {num(analysis.sd, 1)} points (population), "
        + (
            f"KR-20 {num(analysis.kr20)}: {kr20_verdict(analysis.kr20)}"
            if analysis.kr20 is not None
            else f"KR-20 n/a: {analysis.kr20_note}"
        ),
        "",
    ]
    notes = [small_sample_note(analysis.students)]
    if all(not i.key for i in analysis.items):
        notes.append(
            "None of these items is in the banks cert-prep reads, so no key is marked (*): "
            "add their folder with --banks DIR."
        )
    lines[-1:-1] = [line for note in notes if note for line in textwrap.wrap(note, 78)]
    width = max([len(i.id) for i in analysis.items] + [4])
    # a long domain id would push the choices past 80 columns; its start is enough here
    dwidth = min(max([len(i.domain) for i in analysis.items] + [6]), DOMAIN_COLUMN)
    lines.append(
        f"{'item':<{width}}  {'domain':<{dwidth}}  {'n':>5}  {'p':>5}  {'r_pb':>6}  "
        "choices (* = key)  flags"
    )
    for item in analysis.items:
        keys = set(item.key)
        choices = " ".join(
            f"{label} {count}{'*' if label in keys else ''}"
            for label, count in item.choices.items()
        )
        lines.append(
            f"{item.id:<{width}}  {_clipped(item.domain, dwidth):<{dwidth}}  {item.n:>5}  "
            f"{num(item.p):>5}  {num(item.r_pb):>6}  {choices or '-'}"
            + (f"  {', '.join(item.flags)}" if item.flags else "")
        )
    flagged = sum(1 for i in analysis.items if i.flags)
    lines += [
        "",
        f"{flagged} of {len(analysis.items)} item(s) flagged. Flags: too-easy p > "
        f"{TOO_EASY_P:g}, too-hard p < {TOO_HARD_P:g}, poor-discrimination r_pb < {POOR_R:g}, "
        f"check-key r_pb < {CHECK_KEY_R:g}.",
    ]
    return "\n".join(lines)


# ---- import ---------------------------------------------------------------------------------


def run_import(args: argparse.Namespace, context: AppContext) -> int:
    """`cert-prep import gift|aiken FILE`: questions into a bank file (or stdout)."""
    from cert_prep.instructor.files import read_text

    fmt = args.import_format
    label = {"gift": "GIFT", "aiken": "Aiken"}[fmt]
    code_year = _check_import_options(args, context)
    text = read_text(args.file, f"{label} file")
    library, root = _import_library(args, context)
    questions, notes = _parse_import(args, fmt, text)
    texts = _bank_texts(args, fmt, label, code_year, questions, library)
    targets = _write_import(args, texts)
    _warn(_import_summary(args, root, len(questions), notes, targets))
    return 1 if any(n.severity == "error" for n in notes) else 0


def _check_import_options(args: argparse.Namespace, context: AppContext) -> int:
    """Usage errors before anything is read; the code year to write."""
    from cert_prep.files import check_output_path

    for option, value in (("--exam", args.exam), ("--domain", args.domain)):
        if not _SLUG.fullmatch(value):
            raise UserError(
                f"{option} must be a lower-case id such as `cpc` or `surgery-10000`, not `{value}`",
                exit_code=2,
            )
    code_year: int = args.code_year if args.code_year is not None else context.clock.now().year
    if not 2015 <= code_year <= 2100:
        raise UserError("--code-year must be between 2015 and 2100", exit_code=2)
    out = args.out
    if out is not None:
        if out.suffix != ".yaml":
            raise UserError(
                f"{out}: bank files end in `.yaml` (`.yml` files are not read)", exit_code=2
            )
        check_output_path(out, "bank file", bank_exam=args.exam)
        if out.exists() and not args.force:
            raise UserError(
                f"{out} exists; choose another name or pass --force to replace it", exit_code=2
            )
    return code_year


def _import_library(args: argparse.Namespace, context: AppContext) -> tuple[Library, Path | None]:
    """The library the new file joins (with the bank root it is written into, if any);
    the exam, its domain and the file's exam folder are checked against it."""
    from cert_prep.engine.assembly import checked_filters
    from cert_prep.instructor.banks import library_with, root_for

    out = args.out
    root = root_for(out, context.library().exams) if out is not None else None
    library = library_with(context, root)
    bank = library.exams.get(args.exam)
    if bank is None:
        listed = ", ".join(sorted(library.exams)) or "none"
        raise UserError(f"unknown exam `{args.exam}`; exams available: {listed}", exit_code=2)
    [args.domain], _ = checked_filters(bank, [args.domain], [])
    if root is not None:
        folder = out.resolve().relative_to(root.resolve()).parts[0]
        if folder != args.exam:
            raise UserError(
                f"{out} is in the `{folder}` exam folder but --exam is "
                f"`{args.exam}`; put it under {root / args.exam}",
                exit_code=2,
            )
    return library, root


def _parse_import(
    args: argparse.Namespace, fmt: str, text: str
) -> tuple[list[Imported], list[Note]]:
    """The questions of the file, its problems said on stderr; none at all is an error."""
    from cert_prep.instructor.aiken import parse_aiken
    from cert_prep.instructor.bankyaml import count_note, with_count_sentence
    from cert_prep.instructor.gift import parse_gift

    questions, notes = (parse_gift if fmt == "gift" else parse_aiken)(text)
    for question in questions:
        stem = with_count_sentence(question.stem, len(question.keys))
        if stem is not None:
            question.stem = stem
            notes.append(count_note(question.line, len(question.keys)))
    notes.sort(key=lambda n: n.line)
    for note in notes:
        _warn(note.as_text(str(args.file)))
    if not questions:
        raise UserError(
            f"no questions could be imported from {args.file}"
            + (f" ({len(notes)} problem(s) above)" if notes else "")
        )
    for question in questions:  # a category named after the domain adds nothing as a tag
        question.tags = [t for t in question.tags if t != args.domain]
    return questions, notes


def _bank_texts(
    args: argparse.Namespace,
    fmt: str,
    label: str,
    code_year: int,
    questions: list[Imported],
    library: Library,
) -> list[str]:
    """The bank file(s) as YAML, each under the size limit, with ids no bank uses yet."""
    from cert_prep.instructor import bankyaml
    from cert_prep.instructor.bankyaml import RoundTripError, bank_yaml_files, make_ids

    taken = {item.id for b in library.exams.values() for item in b.items}
    ids = make_ids(f"{args.exam}-{args.domain}-{fmt}", len(questions), taken)
    header = [
        f"Imported from {args.file.name} by `cert-prep import {fmt}`.",
        "Check every item (wording, key, rationale: an empty one is a lint warning), "
        "then run `cert-prep lint` on this file.",
    ]
    try:
        return bank_yaml_files(
            questions,
            ids,
            args.exam,
            args.domain,
            code_year,
            header,
            label,
            limit=bankyaml.SPLIT_BYTES,
        )
    except RoundTripError as exc:
        raise UserError(
            f"could not write a bank file that reads back the same ({exc}); please report this",
            exit_code=70,
        ) from None


def _write_import(args: argparse.Namespace, texts: list[str]) -> list[Path]:
    """The first text to stdout without --out, else every file written; the files."""
    from cert_prep.instructor.files import write_atomic

    out = args.out
    targets = _split_targets(out, len(texts), args.force, args.exam)
    if out is None:
        sys.stdout.write(visible(texts[0]))
    else:
        for target, text in zip(targets, texts, strict=True):
            write_atomic(target, text, "bank file", bank_exam=args.exam)
    return targets


def _import_summary(
    args: argparse.Namespace, root: Path | None, count: int, notes: list[Note], targets: list[Path]
) -> str:
    out = args.out
    skipped = sum(1 for n in notes if "skipped" in n.message)
    written = (
        ""
        if out is None
        else f" to {out}"
        if len(targets) == 1
        else f" to {len(targets)} bank files ({targets[0].name} to {targets[-1].name}, each "
        "under the bank file size limit)"
    )
    summary = (
        f"imported {count} question(s)" + written + (f"; {skipped} skipped" if skipped else "")
    )
    if root is not None:
        summary += f"; next: `cert-prep lint {_lint_paths(targets, root / args.exam)}`"
    elif out is not None:
        summary += (
            f"; lint checks a bank file in its bank root: move it to "
            f"<root>/{args.exam}/, then run `cert-prep lint` on it"
        )
    return summary


def _lint_paths(targets: list[Path], exam_folder: Path) -> str:
    """What to lint after an import: the file; the files split from OUT (OUT itself was
    never written), or their exam folder when they are directly in it (`lint` takes bank
    files, exam folders and roots), shell-quoted."""
    import shlex

    if len(targets) > 1 and targets[0].parent.resolve() == exam_folder.resolve():
        return shlex.quote(str(targets[0].parent))
    return " ".join(shlex.quote(str(t)) for t in targets)


def _split_targets(out: Path | None, parts: int, force: bool, exam: str) -> list[Path]:
    """Where the bank files go: OUT itself, or OUT's stem numbered when the questions need
    several files. Every target is checked before anything is written."""
    from cert_prep.bank.limits import MAX_FILE_BYTES
    from cert_prep.files import check_output_path

    if out is None:
        if parts > 1:
            raise UserError(
                f"these questions make a bank over the {MAX_FILE_BYTES:,}-byte limit "
                f"of a bank file; give -o OUT.yaml to write them as {parts} bank "
                "files (OUT-1.yaml, OUT-2.yaml, ...)",
                exit_code=2,
            )
        return []
    if parts == 1:
        return [out]
    width = len(str(parts))
    targets = [out.with_name(f"{out.stem}-{n:0{width}d}{out.suffix}") for n in range(1, parts + 1)]
    for target in targets:
        check_output_path(target, "bank file", bank_exam=exam)
        if target.exists() and not force:
            raise UserError(
                f"{target} exists; choose another name or pass --force to replace it", exit_code=2
            )
    return targets


# ---- export gift ----------------------------------------------------------------------------


def run_export_gift(args: argparse.Namespace, context: AppContext) -> int:
    from cert_prep.files import check_output_path
    from cert_prep.instructor.banks import bank_file_items, exportable
    from cert_prep.instructor.files import write_atomic
    from cert_prep.instructor.gift import export_gift

    out = args.out
    if out is not None:
        check_output_path(out, "GIFT file")
    if out is not None and out.exists() and not args.force:
        raise UserError(
            f"{out} exists; choose another name or pass --force to replace it", exit_code=2
        )
    found = bank_file_items(context, args.bankfile)
    if found.errors:
        first = found.errors[0]
        raise UserError(
            f"{args.bankfile} has {len(found.errors)} error(s), e.g. line "
            f"{first.line}: {first.message}; fix them first (`cert-prep lint "
            f"{args.bankfile}`)"
        )
    if not found.items:
        raise UserError(f"{args.bankfile} has no questions to export")
    items, warnings = exportable(found.items, found.library)
    for warning in warnings:
        _warn(f"warning: {warning}")
    text, notes = export_gift(items, str(args.bankfile))
    for note in notes:
        _warn(note.as_text(str(args.bankfile)))
    exported = len(items) - len(notes)
    if not exported:
        raise UserError(
            f"{args.bankfile} has no single or multi items; GIFT cannot hold code items"
        )
    if out is None:
        sys.stdout.write(visible(text))
    else:
        write_atomic(out, text, "GIFT file")
        _warn(f"exported {exported} question(s) to {out}")
    return 0
