"""`cert-prep report`: write an attempt's HTML report again, or a progress report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cert_prep.cli.numbers import MAX_ID, parse_whole, shown_value
from cert_prep.errors import UserError
from cert_prep.safe_text import visible_line

if TYPE_CHECKING:
    from cert_prep.context import AppContext


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    report = sub.add_parser(
        "report",
        parents=[common],
        help="write the HTML report of an attempt, or of your progress",
        description="Write a self-contained HTML report to the exports folder (times in "
        "your time zone; file names in UTC): "
        "one attempt's (`latest` by default: the newest submitted mock exam, or with none "
        "yet the newest practice exam or drill), or with "
        "--progress your progress across attempts and the study history.",
    )
    report.add_argument(
        "attempt",
        nargs="?",
        default=None,
        metavar="ATTEMPT",
        help="an attempt number (`cert-prep history` lists them) or `latest` (the default)",
    )
    report.add_argument(
        "--out",
        metavar="FILE",
        type=_out_path,
        help="write here instead of the exports folder (a file, or a folder)",
    )
    report.add_argument(
        "--force",
        action="store_true",
        help="with --out, replace an existing file that is not a cert-prep report",
    )
    report.add_argument("--open", action="store_true", help="open the report in the web browser")
    report.add_argument(
        "--progress",
        action="store_true",
        help="a progress report across attempts and the study history",
    )
    report.add_argument(
        "--exam",
        metavar="E",
        help="with --progress, only this exam; with `latest`, the newest attempt of this exam",
    )
    report.set_defaults(func=run_report)


def _attempt_number(text: str | None) -> int | None:
    """None for `latest`."""
    if text is None or text.strip().lower() == "latest":
        return None
    try:
        return parse_whole(text, "ATTEMPT", 1, MAX_ID)
    except UserError:
        raise UserError(
            f"ATTEMPT must be an attempt number from 1 to {MAX_ID} (`cert-prep "
            f"history` lists them) or `latest`, not `{shown_value(text)}`",
            exit_code=2,
        ) from None


def _out_path(text: str) -> Path:
    """`--out`: a file or folder name. Empty would mean the folder cert-prep was started
    from (it never writes there unasked), and `-` is not standard output here."""
    if not text.strip():
        raise argparse.ArgumentTypeError("give a file or folder name, not an empty one")
    if text == "-":
        raise argparse.ArgumentTypeError(
            "the report is an HTML file, not written to standard output; give a file name"
        )
    return Path(text)


def run_report(args: argparse.Namespace, context: AppContext) -> int:
    from cert_prep.report import latest_attempt_id, write_attempt_report, write_progress_report

    if args.progress:
        if args.attempt is not None:
            raise UserError(
                f"--progress covers all your attempts; leave out ATTEMPT (`{args.attempt}`)",
                exit_code=2,
            )
        if args.exam is not None:
            context.exam(args.exam)  # an unknown exam names the ones that exist
        path = write_progress_report(context, exam=args.exam, out=args.out, force=args.force)
    else:
        number = _attempt_number(args.attempt)
        if number is not None and args.exam is not None:
            raise UserError(
                "give either an attempt number or --exam (for that exam's latest "
                "attempt), not both",
                exit_code=2,
            )
        if number is None:
            if args.exam is not None:
                context.exam(args.exam)
            number = latest_attempt_id(context.store(), exam=args.exam)
        path = write_attempt_report(context, number, out=args.out, force=args.force)
    print(visible_line(f"Report written to {path}"))  # a name may hold control characters
    if args.open:
        _open_in_browser(path)
    return 0


def _open_in_browser(path: Path) -> None:
    import webbrowser

    try:
        opened = webbrowser.open(path.resolve().as_uri())
    except Exception:  # a broken browser setting must not hide that the report exists
        opened = False
    if not opened:
        print(f"cert-prep: no web browser could be started; open {path} yourself", file=sys.stderr)
