"""`cert-prep` command line: global options, sub-commands, and no tracebacks for users.

Each sub-command lives in a module of this package with a `register(subparsers, common)`
function; heavy imports (textual, jinja2, fsrs) happen inside the command, never here,
so every command starts fast.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import gc
import importlib
import io
import os
import sys
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cert_prep import __version__
from cert_prep.errors import UserError
from cert_prep.safe_text import output_errors, undecodable_shown, visible_line

if TYPE_CHECKING:
    from cert_prep.context import AppContext

# Each command and the module that registers it, in the order `cert-prep --help` lists
# them. A start imports only its own command's module (the others cost ~15 ms), so a test
# checks this table against what the modules register.
COMMANDS = {
    **dict.fromkeys(["exam", "drill", "resume", "history"], "cert_prep.cli.study_commands"),
    **dict.fromkeys(["weak", "plan", "exam-date"], "cert_prep.cli.progress_commands"),
    **dict.fromkeys(["lint", "schema", "banks", "tags"], "cert_prep.cli.bank_commands"),
    "book": "cert_prep.cli.book_commands",
    "report": "cert_prep.cli.report_commands",
    **dict.fromkeys(
        ["export-results", "items", "import", "export"], "cert_prep.cli.instructor_commands"
    ),
    "class": "cert_prep.cli.class_commands",
    "serve": "cert_prep.cli.serve_commands",
}
COMMAND_MODULES = list(dict.fromkeys(COMMANDS.values()))
# Global options that take a value, so the command word after them can be found.
_VALUE_OPTIONS = {"--banks", "--data-dir", "--exports"}


def _common_options() -> argparse.ArgumentParser:
    """Global options, accepted before or after the sub-command."""
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("global options")
    group.add_argument(
        "--banks",
        action="append",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="add a bank root to the shipped one (repeatable; env CERT_PREP_BANKS, ':'-separated)",
    )
    group.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where history and unfinished exams are kept (env CERT_PREP_HOME)",
    )
    group.add_argument(
        "--exports",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where reports are written (env CERT_PREP_EXPORTS; default: exports/ in the data dir)",
    )
    return common


def command_word(argv: Sequence[str]) -> str | None:
    """The sub-command named on the command line, if any (skipping global options)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--":
            return None
        elif token in _VALUE_OPTIONS:
            skip = True
        elif not token.startswith("-"):
            return token
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or, for a known `command`, one that registers only its module."""
    common = _common_options()
    parser = argparse.ArgumentParser(
        prog="cert-prep",
        description="Mock exams, drills and spaced repetition for the CPC, CCS and CCA "
        "medical coding certifications. With no command, opens the home screen.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"cert-prep {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [COMMANDS[command]] if command in COMMANDS else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(sub, common)
    return parser


def make_context(args: argparse.Namespace) -> AppContext:
    from cert_prep.context import AppContext
    from cert_prep.paths import resolve_locations

    locations = resolve_locations(
        banks=getattr(args, "banks", None),
        data_dir=getattr(args, "data_dir", None),
        exports=getattr(args, "exports", None),
    )
    return AppContext(locations)


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up builds many objects that live as long as the process (the library, Textual's
    # widgets); the collector would scan them again and again before the first screen
    # paints (about 40 ms of a 250 ms start, measured). It stays off until the command is
    # done, or until the app has painted its first screen (ui.app turns it back on).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if collecting:
            gc.enable()


def _tolerant_output() -> None:
    """Output never fails on a character: under a locale that cannot spell one (the bars
    of `weak` in Latin-1, anything in ASCII) it shows as `?`; a byte that was not UTF-8
    (from the command line or input) shows as `<0xFF>`, never raw nor as a crash."""
    codecs.register_error("cert-prep-shown", output_errors)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="cert-prep-shown")


def _main(argv: Sequence[str] | None) -> int:
    _tolerant_output()
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(command_word(argv))
    args = parser.parse_args(argv)
    handler = getattr(args, "func", None)
    if handler is None:
        from cert_prep.cli.study_commands import run_home

        handler = run_home
    context = None
    try:
        _fold_ids(args)
        context = make_context(args)
        _warn_missing_bank_folders(context.locations.missing_bank_folders)
        return int(handler(args, context) or 0)
    except UserError as exc:
        print(f"cert-prep: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        # On a line of its own (Ctrl+C often comes at a prompt), with the way back.
        print(
            "\ncert-prep: interrupted; everything answered so far is saved "
            "(`cert-prep resume` continues an unfinished exam or drill)",
            file=sys.stderr,
        )
        return 130
    except BrokenPipeError:
        # `cert-prep history | head`: the reader left; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(visible_line(f"cert-prep: {exc.strerror or exc}{where}"), file=sys.stderr)
        return 1
    except Exception as exc:  # the last line of defence: no traceback for users
        log = _write_crash_log(context)
        print(
            visible_line(f"cert-prep: unexpected error: {type(exc).__name__}: {exc}"),
            file=sys.stderr,
        )
        if log:
            print(f"cert-prep: details were written to {log}; please report it", file=sys.stderr)
        return 70
    finally:
        if context is not None:
            with contextlib.suppress(Exception):
                context.close()


def _fold_ids(args: argparse.Namespace) -> None:
    """Exam ids, domains and tags are lower-case slugs, so `cert-prep exam CPC` means cpc
    and `--domain DX` means dx in every command (each checks them against the banks)."""
    exam = getattr(args, "exam", None)
    if isinstance(exam, str):
        args.exam = exam.strip().lower()
        if undecodable_shown(args.exam) != args.exam:  # no exam id holds a non-UTF-8 byte
            raise UserError(f"unknown exam `{visible_line(args.exam)}`", exit_code=2)
    for option in ("domain", "tag"):
        value = getattr(args, option, None)
        if isinstance(value, str):
            setattr(args, option, value.strip().lower())
        elif isinstance(value, list):
            setattr(args, option, [v.strip().lower() for v in value if isinstance(v, str)])


def _warn_missing_bank_folders(folders: Iterable[Path]) -> None:
    """A remembered bank folder that has gone away is said, never fatal."""
    from cert_prep.safe_text import visible_line

    for folder in folders:
        shown = visible_line(str(folder))
        print(
            f"cert-prep: the bank folder {shown} (added with `cert-prep banks add`) is gone; "
            f"it is not read. `cert-prep banks remove {shown}` forgets it.",
            file=sys.stderr,
        )


def _write_crash_log(context: AppContext | None) -> str | None:
    try:
        folder = context.locations.data_dir if context else None
        if folder is None:
            return None
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "crash.log"
        with open(log, "a", encoding="utf-8") as out:
            traceback.print_exc(file=out)
        return str(log)
    except Exception:
        return None


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
