"""Bank commands: `lint`, `schema`, `banks`, `tags`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cert_prep.cli.bank_warnings import warn_bank_problems
from cert_prep.errors import UserError

if TYPE_CHECKING:
    from cert_prep.bank.loader import Library
    from cert_prep.context import AppContext


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    lint = sub.add_parser(
        "lint",
        parents=[common],
        help="check question banks and blueprints",
        description="Check bank files and blueprints. With no PATH, every bank root it can "
        "see. A PATH may be a root, an exam folder or a single bank file. Exit status: 0 no "
        "errors, 1 errors, 2 usage error.",
    )
    lint.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        type=Path,
        help="bank files, exam folders or bank roots (default: every bank cert-prep sees)",
    )
    lint.add_argument("--strict", action="store_true", help="treat warnings as errors")
    lint.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or JSON"
    )
    lint.set_defaults(func=run_lint)

    schema = sub.add_parser(
        "schema",
        parents=[common],
        help="print the JSON Schema of bank files",
        description="Print the JSON Schema generated from the bank models (for editors).",
    )
    schema.add_argument(
        "--blueprint", action="store_true", help="print the schema of exam.yaml blueprints instead"
    )
    schema.set_defaults(func=run_schema)

    banks = sub.add_parser(
        "banks",
        parents=[common],
        help="list the exams and how many questions each domain has",
        description="List the exams, where each comes from and how many questions each domain "
        "has. `banks add DIR` remembers a bank folder (an instructor's bank) so every command "
        "reads it without --banks; `banks remove DIR` forgets it.",
    )
    banks.add_argument(
        "action",
        nargs="?",
        choices=("add", "remove"),
        help="remember (add) or forget (remove) a bank folder",
    )
    banks.add_argument("folder", nargs="?", metavar="DIR", help="the bank folder")
    banks.add_argument("--json", action="store_true", help="machine-readable output")
    banks.set_defaults(func=run_banks)

    tags = sub.add_parser(
        "tags",
        parents=[common],
        help="list the tags of the questions, with counts",
        description="List the tags drills can select (`cert-prep drill --tag T`), with how "
        "many questions carry each. Tags, like exam ids and domains, ignore case.",
    )
    tags.add_argument("--exam", metavar="E", help="only this exam's tags")
    tags.add_argument("--json", action="store_true", help="machine-readable output")
    tags.set_defaults(func=run_tags)


def run_lint(args: argparse.Namespace, context: AppContext) -> int:
    from cert_prep.bank.lint import files_in_scope, lint

    report, library = lint(
        args.paths,
        context.locations.bank_roots,
        context.locations.bank_cache_file,
        strict=args.strict,
    )
    if args.format == "json":
        print(report.as_json())
    else:
        print(report.as_text(files_in_scope(args.paths, library)))
    return report.exit_code


def run_schema(args: argparse.Namespace, context: AppContext) -> int:
    from cert_prep.bank.models import Blueprint, bank_json_schema

    if args.blueprint:
        schema = Blueprint.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = "cert-prep exam blueprint (format v1)"
    else:
        schema = bank_json_schema()
    json.dump(schema, sys.stdout, indent=2)
    print()
    return 0


def _contributions(bank: Any, roots: Sequence[Path]) -> list[dict[str, Any]]:
    """How many of the exam's questions each bank root gives (the blueprint's first)."""
    counts: dict[str, int] = {str(Path(bank.blueprint_path).parent.parent): 0}
    for item in bank.items:
        source = Path(item.source)
        root = next((r for r in roots if r in source.parents), source.parent.parent)
        counts[str(root)] = counts.get(str(root), 0) + 1
    return [{"root": root, "questions": n} for root, n in counts.items()]


def banks_summary(library: Library, roots: Sequence[Path] = ()) -> dict[str, Any]:
    exams = []
    for bank in library.exams.values():
        bp = bank.blueprint_data  # plain data: listing exams needs no pydantic models
        available = {d: len(items) for d, items in bank.by_domain().items()}
        types = bp.get("item_types")
        drawable = {
            d: sum(1 for it in items if types is None or it.type in types)
            for d, items in bank.by_domain().items()
        }
        scored = sum(d["count"] for d in bp["domains"])
        exams.append(
            {
                "id": bp["id"],
                "source": str(Path(bank.blueprint_path).parent.parent),
                "sources": _contributions(bank, roots),
                "name": bp["name"],
                "time_limit_minutes": bp["time_limit_minutes"],
                "pass_percent": bp["pass_percent"],
                "scaled": bp["scaled"],
                "questions": scored + bp.get("pretest", 0),
                "scored": scored,
                "pretest": bp.get("pretest", 0),
                "item_types": types,
                "domains": [
                    {
                        "id": d["id"],
                        "name": d["name"],
                        "count": d["count"],
                        "available": available.get(d["id"], 0),
                        "mock_available": drawable.get(d["id"], 0),
                    }
                    for d in bp["domains"]
                ],
            }
        )
    return {"exams": exams}


def run_bank_folder(args: argparse.Namespace, context: AppContext) -> int:
    """`banks add DIR` / `banks remove DIR`."""
    from cert_prep.bank.roots import exam_ids_in, not_a_bank_root
    from cert_prep.bank_folders import save_folders, saved_folders
    from cert_prep.paths import shipped_banks_dir
    from cert_prep.safe_text import visible_line

    if not args.folder or not args.folder.strip():
        raise UserError(
            f"`banks {args.action}` needs a folder: cert-prep banks {args.action} DIR", exit_code=2
        )
    data_dir = context.locations.data_dir
    folder = Path(args.folder).expanduser().absolute()
    saved = saved_folders(data_dir)
    shown = visible_line(str(folder))
    if args.action == "remove":
        kept = [f for f in saved if f.absolute() != folder]
        if len(kept) == len(saved):
            listed = ", ".join(visible_line(str(f)) for f in saved) or "none"
            raise UserError(f"{shown} is not among the remembered bank folders ({listed})")
        save_folders(data_dir, kept)
        print(f"Forgot the bank folder {shown}.")
        return 0
    if not folder.is_dir():
        raise UserError(f"{shown}: no such folder", exit_code=2)
    refused = not_a_bank_root(folder, exam_ids_in([shipped_banks_dir(), folder]))
    if refused:
        raise UserError(f"{shown}: {refused}", exit_code=2)
    if folder in [f.absolute() for f in saved]:
        print(f"{shown} is already remembered.")
        return 0
    save_folders(data_dir, [*saved, folder])
    print(
        f"Remembered the bank folder {shown}: every command now reads it. "
        "`cert-prep banks` lists its exams."
    )
    return 0


def exam_sources(library: Library) -> dict[str, str]:
    """Each exam's bank root (the folder its blueprint sits in, one level up)."""
    return {
        exam_id: str(Path(bank.blueprint_path).parent.parent)
        for exam_id, bank in library.exams.items()
    }


def run_banks(args: argparse.Namespace, context: AppContext) -> int:
    from cert_prep.safe_text import visible_line

    if args.action:
        return run_bank_folder(args, context)
    if args.folder:
        raise UserError("give `add` or `remove` before the folder", exit_code=2)
    library = context.library()
    summary = banks_summary(library, context.locations.bank_roots)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        if not summary["exams"]:
            print("No exams found. Add a bank root with --banks DIR.")
        for exam in summary["exams"]:
            scaled = ", scaled score estimated" if exam["scaled"] else ""
            pretest = (
                f" ({exam['scored']} scored + {exam['pretest']} unscored pretest)"
                if exam["pretest"]
                else ""
            )
            print(
                f"{exam['id']}: {visible_line(exam['name'])} - {exam['questions']} "
                f"questions{pretest} in "
                f"{exam['time_limit_minutes']} minutes, pass {exam['pass_percent']:g}%{scaled}"
            )
            sources = exam["sources"]
            if len(sources) == 1:
                print(f"  from {visible_line(exam['source'])}")
            else:
                shown = ", ".join(f"{s['root']} ({s['questions']})" for s in sources)
                print(visible_line(f"  questions from {shown}"))
            if exam["item_types"]:
                print(
                    f"  mock exams draw only {', '.join(exam['item_types'])} items; "
                    "drills use every item"
                )
            for d in exam["domains"]:
                short = "  (fewer than one exam needs)" if d["mock_available"] < d["count"] else ""
                print(
                    f"  {d['id']:<28} {d['count']:>3} per exam, {d['available']:>4} available"
                    f"{short}"
                )
    warn_bank_problems(library)
    return 0


def run_tags(args: argparse.Namespace, context: AppContext) -> int:
    from cert_prep.engine.assembly import tag_counts

    banks = [context.exam(args.exam)] if args.exam else list(context.library().exams.values())
    counts = {bank.id: tag_counts(bank) for bank in banks}
    if args.json:
        print(
            json.dumps(
                {
                    "exams": [
                        {"id": exam, "tags": [{"tag": t, "questions": n} for t, n in tags.items()]}
                        for exam, tags in counts.items()
                    ]
                },
                indent=2,
            )
        )
        return 0
    if not counts:
        print("No exams found. Add a bank root with --banks DIR.")
    for exam, tags in counts.items():
        print(f"{exam}: {len(tags)} tag(s)")
        if not tags:
            print("  (no question has a tag)")
        width = max((len(t) for t in tags), default=0)
        for tag, number in tags.items():
            print(f"  {tag:<{width}}  {number:>4}")
    return 0
