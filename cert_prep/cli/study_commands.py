"""Study commands: `exam`, `drill`, `resume`, `history`, and the home screen (bare `cert-prep`).

Textual is imported inside the commands that open the full-screen UI, never at the top.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cert_prep.cli.bank_warnings import warn_bank_problems
from cert_prep.cli.numbers import MAX_ID, whole
from cert_prep.engine import DEFAULT_DRILL_COUNT
from cert_prep.errors import UserError
from cert_prep.reflow import wrap
from cert_prep.safe_text import visible_line

_NO_BREAK = "\u00a0"

if TYPE_CHECKING:
    from cert_prep.bank.loader import ExamBank
    from cert_prep.bank.models import Blueprint
    from cert_prep.context import AppContext
    from cert_prep.engine.assembly import ExamOptions
    from cert_prep.store import AttemptRow, Store
    from cert_prep.ui.launch import ExamLaunch, Launch

# More questions than any bank holds; a count beyond is a typing slip.
MAX_COUNT = 100_000

if TYPE_CHECKING:
    from cert_prep.engine.assembly import DrillPlan

# The engine is imported inside the commands: `cert-prep --help` and the other commands
# do not pay for the bank models.


def _add_plain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line-by-line mode for screen readers and braille displays (no full-screen UI)",
    )


def add_drill_arguments(parser: argparse.ArgumentParser) -> None:
    """The drill options (kept in one place so other selections can add theirs)."""
    parser.add_argument("--exam", metavar="E", help="the exam to drill (cpc, ccs, cca, ...)")
    parser.add_argument(
        "--domain",
        metavar="D",
        action="extend",
        nargs="+",
        default=[],
        help="only these blueprint domains (repeatable)",
    )
    parser.add_argument(
        "--tag",
        metavar="T",
        action="extend",
        nargs="+",
        default=[],
        help="only questions with any of these tags (repeatable)",
    )
    parser.add_argument(
        "--count",
        metavar="N",
        type=whole("--count", 1, MAX_COUNT),
        default=None,
        help=f"how many questions (default {DEFAULT_DRILL_COUNT}; with --bank, "
        "the first N of the file, default all)",
    )
    parser.add_argument(
        "--seed",
        metavar="N",
        type=whole("--seed", 0, MAX_ID),
        help="the same seed (and history) gives the same drill",
    )
    parser.add_argument(
        "--bank",
        metavar="FILE",
        type=Path,
        help="drill exactly the questions of one bank file, in file order",
    )
    parser.add_argument(
        "--confidence",
        action="store_true",
        help="after each answer, before the feedback, say how sure you were "
        "(1 guess, 2 unsure, 3 sure; Enter skips); the home screen's `c` keeps it on",
    )
    parser.add_argument(
        "--weak",
        action="store_true",
        help="the weakest domains: due questions first, then weak domains by "
        "blueprint weight (see `cert-prep weak`)",
    )
    parser.add_argument(
        "--lookup",
        action="store_true",
        help="ICD-10-CM lookup drill: descriptions from the tabular list, you "
        "find the code in the book; chapters mixed like the exam's items, "
        "missed lookups due again first",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--chapter", metavar="C", help="with --lookup: only this ICD-10-CM chapter (1 to 22)"
    )
    where.add_argument(
        "--block", metavar="B", help="with --lookup: only this block (such as E08-E13)"
    )
    _add_plain(parser)


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    exam = sub.add_parser(
        "exam",
        parents=[common],
        help="sit a timed mock exam",
        description="Sit a timed mock exam. Opens its instructions; Enter starts the clock. "
        "--minutes/--questions make a shorter practice exam with the blueprint's domain "
        "proportions.",
    )
    exam.add_argument("exam", metavar="EXAM", help="the exam id (cpc, ccs, cca, ...)")
    exam.add_argument(
        "--seed",
        metavar="N",
        type=whole("--seed", 0, MAX_ID),
        help="the same seed gives the same exam",
    )
    exam.add_argument(
        "--minutes",
        metavar="M",
        type=whole("--minutes", 1, 24 * 60),
        help="time limit of a practice exam (1 to 1440)",
    )
    exam.add_argument(
        "--questions",
        metavar="K",
        type=whole("--questions", 1, MAX_COUNT),
        help="number of questions of a practice exam",
    )
    exam.add_argument("--shuffle", action="store_true", help="shuffle each question's choices")
    exam.add_argument(
        "--pausable",
        action="store_true",
        help="stop the clock while cert-prep is closed (not like the real exam)",
    )
    exam.add_argument(
        "--closed-book",
        action="store_true",
        help="the built-in code book is off for this attempt (`/`, F2 and the "
        "plain mode's `book` say so): rehearse with paper books",
    )
    _add_plain(exam)
    exam.set_defaults(func=run_exam)

    drill = sub.add_parser(
        "drill",
        parents=[common],
        help="untimed drill with feedback after every answer",
        description="Drill questions of one exam, by domain and tag, with the key and the "
        "rationale after every answer. Questions you have never answered come first, then "
        "those answered longest ago, so drilling a topic again goes through all of it "
        "before any repeat.",
    )
    add_drill_arguments(drill)
    drill.set_defaults(func=run_drill)

    resume = sub.add_parser(
        "resume",
        parents=[common],
        help="reopen an unfinished exam (or drill)",
        description="Reopen an unfinished exam: the same questions, answers, flags and "
        "position. If its time ran out meanwhile, it is submitted with the answers it has. "
        "When several are unfinished (a full mock exam and practice exams of one exam may be), "
        "it asks which one; --attempt N chooses without asking. If the attempt is open in "
        "another cert-prep window, it asks before taking it over.",
    )
    resume.add_argument(
        "exam", metavar="EXAM", nargs="?", help="which exam, when several are unfinished"
    )
    resume.add_argument(
        "--attempt",
        metavar="N",
        type=int,
        help="resume unfinished attempt N (several may be open: a full mock "
        "exam, practice exams, drills; `cert-prep resume` lists them)",
    )
    _add_plain(resume)
    resume.set_defaults(func=run_resume)

    history = sub.add_parser(
        "history",
        parents=[common],
        help="past exams and drills",
        description="Your submitted mock exams, practice exams and drills, newest first, "
        "with their scores (`cert-prep report N` writes one's report).",
    )
    history.add_argument("--json", action="store_true", help="machine-readable output")
    history.add_argument("--exam", metavar="E", help="only this exam's attempts")
    history.set_defaults(func=run_history)


# ---- running the full-screen app ------------------------------------------------------------


def _on_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty() and not _dumb_terminal()


def _dumb_terminal() -> bool:
    """TERM=dumb (Emacs' shell, some screen-reader set-ups) prints escape codes as text."""
    return os.environ.get("TERM", "").strip().lower() == "dumb"


def _need_terminal(plain_hint: str) -> None:
    if _dumb_terminal():
        raise UserError(
            f"this terminal (TERM=dumb) cannot show the full-screen UI; {plain_hint}",
            exit_code=2,
        )
    if not _on_terminal():
        raise UserError(f"the full-screen UI needs a terminal; {plain_hint}", exit_code=2)


def _run_app(
    context: AppContext, launch: Launch, start_over: Callable[[], int] | None = None
) -> int:
    """Run the app; `start_over` runs when the app ended because the exam preview it
    painted from no longer fits the banks (see bank.preview)."""
    from cert_prep.ui.app import make_app

    # A damaged, foreign or unreadable history is one message here, before the screen
    # opens, rather than a failure inside a screen. A new student's history is created
    # after a previewed exam's first paint (~4 ms); if that fails, the app starts over
    # and it is said here.
    if start_over is None or _has_history(context):
        context.store()

    app = make_app(context, launch)
    app.run()
    if app.crash is not None:
        log = _crash_log(context, app.crash)
        print(
            f"cert-prep: unexpected error: {type(app.crash).__name__}: {app.crash}", file=sys.stderr
        )
        print(
            "cert-prep: every answer given so far is saved; `cert-prep resume` continues.",
            file=sys.stderr,
        )
        if log:
            print(f"cert-prep: details were written to {log}; please report it", file=sys.stderr)
        return 70
    if start_over is not None and app.preview_stale:
        return start_over()
    if app.terminated:
        print("cert-prep: stopped (SIGTERM); every answer given so far is saved.", file=sys.stderr)
        return 143
    code = int(app.return_code or 0)
    if code and app.problem:
        print(f"cert-prep: {app.problem}", file=sys.stderr)
    if app.farewell:
        print(for_the_terminal(app.farewell))
    return code


def for_the_terminal(text: str) -> str:
    """`text` wrapped at word boundaries to the terminal's width, so the terminal does not
    break it mid-word or leave a lone `.` on a line; a `command` stays on one line."""
    width = shutil.get_terminal_size().columns - 1  # as plain mode: the last column free
    # textwrap breaks only at ASCII spaces: a no-break space holds a command together.
    held = re.sub(r"`[^`]*`", lambda command: command.group().replace(" ", _NO_BREAK), text)
    return "\n".join(wrap(held, width)).replace(_NO_BREAK, " ")


def _has_history(context: AppContext) -> bool:
    """Whether the student's history exists (one that cannot be looked at counts: opening
    it says what is wrong)."""
    try:
        return context.locations.database.exists()
    except OSError:
        return True


def _crash_log(context: AppContext, error: BaseException) -> str | None:
    try:
        folder = context.locations.data_dir
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "crash.log"
        with open(log, "a", encoding="utf-8") as out:
            out.writelines(traceback.format_exception(error))
        return str(log)
    except OSError:
        return None


def _seed(value: int | None) -> int:
    return value if value is not None else random.SystemRandom().randrange(1, 2**31)


# ---- commands -------------------------------------------------------------------------------


def run_home(args: argparse.Namespace, context: AppContext) -> int:
    _need_terminal("use `cert-prep exam EXAM --plain` or `cert-prep drill --plain` instead")
    from cert_prep.ui.launch import HomeLaunch

    return _run_app(context, HomeLaunch())


def run_exam(args: argparse.Namespace, context: AppContext) -> int:
    from cert_prep.engine.assembly import ExamOptions, practice_size

    seed = _seed(args.seed)  # one seed, should the previewed start start over

    def options_for(bp: Blueprint) -> ExamOptions:
        practice_size(bp.total_questions, bp.time_limit_minutes, args.questions, args.minutes)
        return ExamOptions(
            seed=seed,
            questions=args.questions,
            minutes=args.minutes,
            shuffle=args.shuffle,
            pausable=args.pausable,
            closed_book=args.closed_book,
        )

    def usual_start() -> int:
        bank = context.exam(args.exam)
        warn_bank_problems(context.library(), bank.id)
        options = options_for(bank.blueprint)
        context.keep_exam_previews()  # for the next start's first paint
        return _exam_app(args, context, bank, options)

    previewed = _previewed_launch(args, context, options_for) if _on_terminal() else None
    if previewed is not None:
        return _run_app(context, previewed, start_over=usual_start)
    return usual_start()


def _previewed_launch(
    args: argparse.Namespace, context: AppContext, options_for: Callable[[Blueprint], ExamOptions]
) -> ExamLaunch | None:
    """The fast start of `cert-prep exam` on a terminal: the instructions paint from the
    exam's preview (kept by the last start on these bank roots) and the library loads
    right after. None when the usual start must go first: no preview (an unknown exam,
    banks with errors, a first run), options the preview cannot vouch for, or an
    unfinished exam to ask about."""
    if args.plain:
        return None
    preview = context.exam_preview(args.exam)
    if preview is None:
        return None
    from cert_prep.engine.assembly import outline_exam
    from cert_prep.ui.launch import ExamLaunch

    try:
        options = options_for(preview.blueprint)
    except UserError:
        return None  # the usual start says what is wrong, from the banks themselves
    outline = outline_exam(preview.blueprint, preview.pools, options)
    if not outline.count:
        return None
    if (
        not outline.practice
        and _has_history(context)  # a new student has no unfinished exam
        and context.store().open_exam(preview.exam) is not None
    ):
        return None  # the resume-or-discard question, on the usual path
    return ExamLaunch(preview.exam, options, preview=preview)


def _exam_app(
    args: argparse.Namespace, context: AppContext, bank: ExamBank, options: ExamOptions
) -> int:
    if args.plain:
        from cert_prep.plain import PlainMode

        return PlainMode(context).start_exam(bank, options)
    _need_terminal("add --plain for the line-by-line mode")
    from cert_prep.ui.launch import ExamLaunch

    return _run_app(context, ExamLaunch(bank.id, options))


def drill_plan(args: argparse.Namespace, context: AppContext) -> DrillPlan:
    """The questions a `drill` command asks for (one branch per kind of selection)."""
    from cert_prep.engine.assembly import choose_drill_exam, plan_drill

    if getattr(args, "lookup", False):
        return _lookup_plan(args, context)
    if getattr(args, "chapter", None) or getattr(args, "block", None):
        raise UserError("--chapter and --block choose lookup questions; add --lookup", exit_code=2)
    if getattr(args, "weak", False):
        from cert_prep.cli.progress_commands import weak_drill_from_args

        return weak_drill_from_args(args, context)
    if args.bank is not None:
        return _bank_file_plan(args.bank, context, args.count)
    store = context.store()
    bank = choose_drill_exam(
        context.library(), args.exam, args.domain, args.tag, store.get_setting("last_exam")
    )
    from cert_prep.study.card_sync import last_answered

    last = last_answered(store, bank, context.clock.now())
    return plan_drill(bank, args.domain, args.tag, _count(args), _seed(args.seed), last)


def _lookup_plan(args: argparse.Namespace, context: AppContext) -> DrillPlan:
    """`drill --lookup`: questions generated from the book for the chosen exam."""
    if args.domain or args.tag or args.bank is not None or args.weak:
        raise UserError(
            "--lookup makes its own questions; leave out --domain, --tag, --bank and --weak",
            exit_code=2,
        )
    for name in ("chapter", "block"):
        value = getattr(args, name)
        if value is not None and (
            not value.strip()
            or len(value) > 20
            or not value.replace("-", "").replace(".", "").isalnum()
        ):
            raise UserError(
                f"--{name} takes a chapter number (1 to 22) or a block such as E08-E13", exit_code=2
            )
    from cert_prep.book.book import open_book
    from cert_prep.engine.assembly import choose_drill_exam
    from cert_prep.study.lookup import lookup_plan

    store = context.store()
    bank = choose_drill_exam(context.library(), args.exam, [], [], store.get_setting("last_exam"))
    book = open_book(context.locations.cache_dir)
    try:
        return lookup_plan(
            store,
            bank,
            book,
            context.clock.now(),
            _count(args),
            _seed(args.seed),
            args.chapter,
            args.block,
        )
    finally:
        book.close()


def _count(args: argparse.Namespace) -> int:
    return DEFAULT_DRILL_COUNT if args.count is None else args.count


def _bank_file_plan(path: Path, context: AppContext, count: int | None = None) -> DrillPlan:
    """A bank file outside the roots cert-prep reads brings its own root along. A file
    that cannot be drilled says why: missing, a folder, a blueprint, outside any bank
    root, or its first lint error."""
    from cert_prep.bank.roots import resolved
    from cert_prep.engine.assembly import plan_bank_file_drill
    from cert_prep.files import yaml_kind
    from cert_prep.instructor.banks import bank_file_items

    path = path.expanduser()
    if path.suffix == ".yaml" and path.is_file() and yaml_kind(path)[0] == "other":
        raise UserError(
            f"{path} is not a bank file: it has no `questions:` list (see "
            "docs/question-bank-format.md)",
            exit_code=2,
        )
    found = bank_file_items(context, path)
    if not found.items:
        if found.errors:
            first = found.errors[0]
            raise UserError(
                f"{path} cannot be drilled: it has {len(found.errors)} error(s), the first "
                f"on line {first.line}: {first.code} {first.message}; `cert-prep lint "
                f"{path}` lists them"
            )
        raise UserError(
            f"{path} holds no questions to drill: a bank file lists them under "
            "`questions:` (see docs/question-bank-format.md)"
        )
    context.use_library(found.library)
    return plan_bank_file_drill(found.library, resolved(path), count)


def run_drill(args: argparse.Namespace, context: AppContext) -> int:
    plan = drill_plan(args, context)
    if getattr(args, "confidence", False):
        plan.settings["confidence"] = True
    warn_bank_problems(context.library(), plan.bank.id)
    context.store().set_setting("last_exam", plan.bank.id)
    if args.plain:
        from cert_prep.plain import PlainMode

        return PlainMode(context).drill(plan)
    _need_terminal("add --plain for the line-by-line mode")
    from cert_prep.ui.launch import DrillLaunch

    return _run_app(context, DrillLaunch(plan))


def run_resume(args: argparse.Namespace, context: AppContext) -> int:
    from cert_prep.engine.attempt_summary import describe_unfinished, unfinished

    store = context.store()
    if args.attempt is not None:
        target = store.attempt(args.attempt)
        if target is None or target.status != "open":
            raise UserError(
                f"attempt {args.attempt} is not unfinished; `cert-prep resume` "
                "lists the ones that are",
                exit_code=2,
            )
        candidates = [target]
    else:
        candidates = unfinished(store, args.exam)
        exams = [r for r in candidates if r.mode == "exam"]
        candidates = exams or candidates  # drills are offered when no exam is unfinished
    if not candidates:
        which = f" {args.exam}" if args.exam else ""
        raise UserError(
            f"there is no unfinished{which} exam to resume; start one with `cert-prep exam EXAM`"
        )
    if len(candidates) > 1 and args.plain:
        candidates = [_ask_which(store, candidates, describe_unfinished)]
    if len(candidates) == 1:
        target = candidates[0]
        if target.exam not in context.library().exams:  # its banks moved: it is kept
            raise UserError(
                f"attempt #{target.id} ({target.exam}) is unfinished and kept, but no bank "
                f"of the exam `{target.exam}` is found; add its folder with --banks DIR (or "
                "CERT_PREP_BANKS) to resume it"
            )
        bank = context.exam(target.exam)
        if args.plain:
            from cert_prep.engine.session import DrillSession
            from cert_prep.plain import PlainMode

            plain = PlainMode(context)
            if target.mode == "exam":
                return plain.resume_exam(bank, target.id)
            if not plain.may_take_over(target.id):
                return 0
            return plain.drill_loop(DrillSession.open(store, bank, target.id, context.clock))
    now = context.clock.now()
    listed = "; ".join(describe_unfinished(store, r, now=now) for r in candidates)
    _need_terminal(
        f"several attempts are unfinished ({listed}); choose one with "
        "`cert-prep resume --attempt N`, or add --plain"
    )
    from cert_prep.ui.launch import ResumeLaunch

    if len(candidates) == 1:
        return _run_app(context, ResumeLaunch(candidates[0].id))
    return _run_app(context, ResumeLaunch(None, tuple(r.id for r in candidates)))


def _ask_which(
    store: Store, candidates: list[AttemptRow], describe: Callable[[Store, AttemptRow], str]
) -> AttemptRow:
    """Plain mode: list the unfinished attempts and read the number of one."""
    print("Several attempts are unfinished:")
    for row in candidates:
        print(f"  {describe(store, row)}")
    print(
        "Type the number of the one to resume (for example "
        f"{candidates[0].id}), or press Enter to cancel: ",
        end="",
        flush=True,
    )
    numbers = ", ".join(str(r.id) for r in candidates)
    typed_wrong = False
    for _ in range(3):  # a slip of the finger is asked about again, not a cancel
        line = sys.stdin.readline()
        answer = line.strip().lstrip("#")
        chosen = next((r for r in candidates if answer.isdigit() and r.id == int(answer)), None)
        if chosen is not None:
            return chosen
        if not answer:
            break
        typed_wrong = True
        print(
            f"{visible_line(answer[:20])} is not one of them; type {numbers}, or press Enter "
            "to cancel: ",
            end="",
            flush=True,
        )
    if not line.endswith("\n"):
        print()  # end of input: the message below starts on its own line
    raise UserError(
        "nothing resumed; `cert-prep resume --attempt N` resumes attempt N",
        exit_code=2 if typed_wrong else 0,
    )


def run_history(args: argparse.Namespace, context: AppContext) -> int:
    from cert_prep.clock import local_text
    from cert_prep.engine.attempt_summary import history

    rows = history(context.store(), args.exam)
    if args.json:
        import json

        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        from cert_prep.engine.attempt_summary import unfinished

        open_rows = unfinished(context.store(), args.exam)
        if open_rows:
            print(
                f"No submitted attempts yet; {len(open_rows)} unfinished "
                "(`cert-prep resume` lists them)."
            )
        else:
            print(
                "No attempts yet. Start one with `cert-prep exam EXAM` or "
                "`cert-prep drill --exam EXAM` (`cert-prep banks` lists the exams)."
            )
        return 0
    for row in rows:
        when = local_text(row["submitted_at"] or row["started_at"])
        verdict = "" if row["passed"] is None else ("PASS" if row["passed"] else "FAIL")
        score = (
            f"{row['correct']}/{row['total']} ({row['percent']:g}%)"
            if row["total"]
            else f"{row['correct'] or 0}/{row['total'] or 0}"
        )
        print(f"#{row['id']:<5} {row['exam']:<8} {row['mode']:<8} {when}  {score:<16} {verdict}")
        if row["pretest"]:
            # On a line of its own, under the score it is not part of (80 columns).
            many = len(row["pretest"]) != 1
            print(
                f"{'':7}{len(row['pretest'])} unscored pretest item{'s' if many else ''} "
                f"not counted; `cert-prep report {row['id']}` names {'them' if many else 'it'}"
            )
    return 0
