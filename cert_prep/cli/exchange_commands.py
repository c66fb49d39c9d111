"""`export anki`, `export moodle-xml` and `import moodle-xml`: items in the tools students
and colleges already use. Registered under `export`/`import` by instructor_commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cert_prep.errors import UserError
from cert_prep.safe_text import visible_line


def register_formats(exports: Any, imports: Any, common: argparse.ArgumentParser) -> None:
    anki = exports.add_parser(
        "anki",
        parents=[common],
        help="export an exam's items as an Anki deck (.apkg)",
        description="Write an Anki deck: one note per item (front: case record, stem and "
        "choices; back: key, rationale and per-choice feedback; code items are type-in "
        "cards). Re-importing a newer deck updates the notes instead of duplicating them.",
    )
    anki.add_argument("--exam", metavar="E", required=True, help="the exam (cpc, ccs, cca, ...)")
    anki.add_argument(
        "--domain", metavar="D", action="append", default=[], help="only these domains (repeatable)"
    )
    anki.add_argument(
        "--tag",
        metavar="T",
        action="append",
        default=[],
        help="only items with any of these tags (repeatable)",
    )
    anki.add_argument(
        "--out", metavar="FILE.apkg", type=Path, required=True, help="where to write the deck"
    )
    anki.add_argument("--force", action="store_true", help="replace an existing FILE.apkg")
    anki.set_defaults(func=run_export_anki)

    moodle = exports.add_parser(
        "moodle-xml",
        parents=[common],
        help="export bank files as Moodle XML",
        description="Write bank files as Moodle XML, keeping per-answer feedback, general "
        "feedback, multiple-response fractions and question names (the item ids).",
    )
    moodle.add_argument(
        "bankfiles", nargs="+", metavar="BANKFILE", type=Path, help="bank files (.yaml)"
    )
    moodle.add_argument(
        "--out", metavar="FILE.xml", type=Path, required=True, help="where to write the file"
    )
    moodle.add_argument("--force", action="store_true", help="replace an existing FILE.xml")
    moodle.set_defaults(func=run_export_moodle)

    back = imports.add_parser(
        "moodle-xml",
        parents=[common],
        help="import Moodle XML questions into a bank file",
        description="Convert a Moodle XML file into a cert-prep bank file (format v1.1). "
        "Multiple-choice and short-answer (code) questions are imported; other types are "
        "refused with their line. DTDs and entities are refused before parsing.",
    )
    back.add_argument("file", metavar="FILE.xml", type=Path, help="the Moodle XML file")
    back.add_argument("--exam", metavar="E", required=True, help="the exam the questions are for")
    back.add_argument(
        "--domain", metavar="D", required=True, help="the blueprint domain they count towards"
    )
    back.add_argument(
        "--out", metavar="OUT.yaml", type=Path, required=True, help="the bank file to write"
    )
    back.add_argument(
        "--code-year",
        type=int,
        metavar="YEAR",
        help="the code-set year the answers follow (default: this year)",
    )
    back.add_argument("--force", action="store_true", help="replace an existing OUT.yaml")
    back.set_defaults(func=run_import_moodle)


def _out_path(out: Path, suffix: str, force: bool, what: str) -> Path:
    if out.suffix.lower() != suffix:
        raise UserError(f"{out}: {what} files end in `{suffix}`", exit_code=2)
    if out.is_dir():
        raise UserError(f"{out} is a folder; give a file name ending in `{suffix}`", exit_code=2)
    if out.exists() and not out.is_file():
        raise UserError(f"{out} is not a regular file; choose another name", exit_code=2)
    if out.exists() and not force:
        raise UserError(
            f"{out} exists; choose another name or pass --force to replace it", exit_code=2
        )
    # Missing folders are created when the file is written, as `import gift -o` does.
    return out


def _replaced_bank(out: Path, exam: str) -> str | None:
    """`exam` when --force replaces a bank file (so it may be one of that exam, as with
    `import gift`: without it every bank file was refused, even the one imported before)."""
    from cert_prep.files import yaml_kind

    return exam if out.exists() and yaml_kind(out)[0] == "bank" else None


def _exportable(items: list[Any], library: Any) -> list[Any]:
    """The items as exports write them (instructor.banks.exportable), its warnings said."""
    from cert_prep.instructor.banks import exportable

    items, warnings = exportable(items, library)
    for warning in warnings:
        print(visible_line(f"cert-prep: warning: {warning}"), file=sys.stderr)
    return items


def _case_dict(item: Any) -> dict[str, Any] | None:
    case = item.case
    return {"id": case.id, "title": case.title, "record": case.record} if case else None


def run_export_anki(args: argparse.Namespace, context: Any) -> int:
    from cert_prep.files import check_output_path
    from cert_prep.instructor.anki import AnkiItem, write_apkg

    # write_apkg replaces the file itself, so the check every writer makes is made here:
    # never a SQLite database (a study history named db.apkg), --force or not. An .apkg
    # is a zip, so a deck written before may still be replaced.
    check_output_path(args.out, "Anki deck")
    out = _out_path(args.out, ".apkg", args.force, "Anki deck")
    from cert_prep.engine.assembly import checked_filters

    bank = context.exam(args.exam)
    domains, tags = checked_filters(bank, args.domain, args.tag)
    items = [
        it
        for it in bank.items
        if (not domains or it.domain in domains) and (not tags or set(tags) & set(it.tags))
    ]
    if not items:
        raise UserError("no item has both the chosen domains and tags; try other domains or tags")
    items = _exportable(items, context.library())
    try:
        out.parent.mkdir(parents=True, exist_ok=True)  # write_apkg writes beside `out`
    except OSError as exc:
        raise UserError(f"cannot create the folder {out.parent}: {exc.strerror or exc}") from None
    count = write_apkg(
        [AnkiItem(dict(it.data), _case_dict(it), bank.id, it.domain, it.source) for it in items],
        f"cert-prep {bank.blueprint.name}",
        out,
    )
    print(visible_line(f"Wrote {count} note(s) to {out}"))
    return 0


def run_export_moodle(args: argparse.Namespace, context: Any) -> int:
    from cert_prep.instructor.banks import bank_file_items
    from cert_prep.instructor.files import write_atomic
    from cert_prep.instructor.moodle_xml import ExportItem, export_moodle_xml

    out = _out_path(args.out, ".xml", args.force, "Moodle XML")
    items: list[ExportItem] = []
    for path in args.bankfiles:
        found = bank_file_items(context, path)
        if found.errors:
            first = found.errors[0]
            raise UserError(
                f"{path} has {len(found.errors)} error(s), e.g. line {first.line}: "
                f"{first.message}; fix them first (`cert-prep lint {path}`)"
            )
        items += [
            ExportItem(dict(it.data), _case_dict(it), it.exam, it.domain)
            for it in _exportable(found.items, found.library)
        ]
    if not items:
        raise UserError("the bank files hold no questions to export")
    write_atomic(out, export_moodle_xml(items), "Moodle XML file")
    print(visible_line(f"Wrote {len(items)} question(s) to {out}"))
    return 0


def run_import_moodle(args: argparse.Namespace, context: Any) -> int:
    from cert_prep.instructor.files import read_bytes, write_atomic
    from cert_prep.instructor.moodle_xml import (
        MoodleXmlError,
        assign_ids,
        bank_from_moodle,
        parse_moodle_xml,
    )

    out = _out_path(args.out, ".yaml", args.force, "bank")
    if out.name == "exam.yaml":
        raise UserError(f"{out} is a blueprint's name; bank files need another", exit_code=2)
    from cert_prep.engine.assembly import checked_filters

    bank = context.exam(args.exam)
    [args.domain], _ = checked_filters(bank, [args.domain], [])
    code_year = args.code_year if args.code_year is not None else context.clock.now().year
    if not 2015 <= code_year <= 2100:
        raise UserError("--code-year must be between 2015 and 2100", exit_code=2)
    raw = read_bytes(args.file, "Moodle XML file")  # the parser decodes it as it declares
    try:
        items, notes = parse_moodle_xml(raw)
    except MoodleXmlError as exc:
        where = f"{args.file}:{exc.line}" if exc.line else str(args.file)
        raise UserError(f"{where}: {exc}") from None
    replacing = out.resolve() if out.exists() else None
    taken = {
        it.id
        for b in context.library().exams.values()
        for it in b.items
        if Path(it.source).resolve() != replacing
    }
    assign_ids(items, f"{bank.id}-{args.domain}-moodle", taken, notes)
    for note in notes:
        print(f"cert-prep: {visible_line(note.as_text(str(args.file)))}", file=sys.stderr)
    if not items:
        raise UserError(f"no questions could be imported from {args.file}")
    header = [
        f"Imported from {args.file.name} by `cert-prep import moodle-xml`.",
        "Check every item, then run `cert-prep lint` on this file.",
    ]
    domain_ids = [d.id for d in bank.blueprint.domains]
    write_atomic(
        out,
        bank_from_moodle(items, bank.id, args.domain, code_year, header, domain_ids),
        "bank file",
        bank_exam=_replaced_bank(out, bank.id),
    )
    errors = sum(1 for n in notes if n.severity == "error")
    print(
        visible_line(f"cert-prep: imported {len(items)} question(s) to {out}")
        + (f"; {errors} refused" if errors else ""),
        file=sys.stderr,
    )
    return 1 if errors else 0
