"""Progress commands: `weak` (domains weakest first, predicted score), `plan` (the days to
the exam) and `exam-date`.

`drill --weak` lives with the other drill options in `study_commands`; it calls
`weak_drill_from_args` here. Study modules (and fsrs) are imported inside the commands.
"""

from __future__ import annotations

import argparse
import json
import random
from typing import TYPE_CHECKING, Any

from cert_prep.errors import UserError
from cert_prep.safe_text import visible_line

if TYPE_CHECKING:
    from cert_prep.bank.loader import ExamBank
    from cert_prep.context import AppContext
    from cert_prep.engine.assembly import DrillPlan
    from cert_prep.store import Store
    from cert_prep.study.readiness import Readiness

BAR_WIDTH = 10
NAME_WIDTH = 46


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    weak = sub.add_parser(
        "weak",
        parents=[common],
        help="domains weakest first, and the predicted score",
        description="Each blueprint domain's expected share right (questions seen at their "
        "mastery, FSRS recall and recent accuracy; questions never seen at your first-try "
        "accuracy), weakest first, with the predicted mock-exam score, its 80% range, your "
        "chance of passing and a verdict, or how many more answers a prediction needs. "
        "Practise them with `cert-prep drill --weak`.",
    )
    _exam_and_json(weak)
    weak.set_defaults(func=run_weak)

    plan = sub.add_parser(
        "plan",
        parents=[common],
        help="reviews and new questions a day until your exam date",
        description="With an exam date set (`cert-prep exam-date`): how many reviews (an FSRS "
        "load forecast) and new questions a day it takes to see the whole bank and reach "
        "90% recall on exam day, smoothed so no day carries more than 1.5x the average, "
        "and whether your recent pace reaches it.",
    )
    _exam_and_json(plan)
    plan.set_defaults(func=run_plan)

    day = sub.add_parser(
        "exam-date",
        parents=[common],
        help="set (or show, or clear) the day of your real exam",
        description="The day you sit the real exam. Weak-domain drills then favour the "
        "questions you are least likely to recall on that day, and the home screen counts "
        "the days left. Without a date, shows the one set.",
    )
    day.add_argument("exam", metavar="EXAM", help="the exam id (cpc, ccs, cca, ...)")
    day.add_argument("date", metavar="YYYY-MM-DD", nargs="?", help="the exam day")
    day.add_argument("--clear", action="store_true", help="forget the exam date")
    day.set_defaults(func=run_exam_date)


# ---- choosing the exam -----------------------------------------------------------------------


def studied_exam(context: AppContext, exam: str | None, fallback: str | None = None) -> ExamBank:
    """`--exam`, or the only exam with answers in the history (else a clear message)."""
    if exam:
        return context.exam(exam)
    from cert_prep.study.calendar import studied_exams

    library = context.library()
    known = sorted(library.exams)
    studied = [e for e in studied_exams(context.store()) if e in library.exams]
    if len(studied) == 1:
        return library.exams[studied[0]]
    if len(known) == 1:
        return library.exams[known[0]]
    if not studied:
        listed = ", ".join(known) or "none: no bank root holds a blueprint"
        raise UserError(
            f"no answers in the study history yet; choose the exam with --exam ({listed})",
            exit_code=2,
        )
    if fallback in studied:
        return library.exams[fallback]
    raise UserError(
        f"you have studied several exams ({', '.join(studied)}); choose one with --exam",
        exit_code=2,
    )


def _exam_and_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exam", metavar="E", help="the exam (default: the one you have studied, if only one)"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")


# ---- weak ------------------------------------------------------------------------------------


def weak_payload(ready: Readiness) -> dict[str, Any]:
    """`cert-prep weak --json`: exactly these keys, domains weakest first (by the share of
    their questions expected right). With not enough data, `predicted_percent` and
    `pass_probability` are null."""
    model = ready.as_json()
    mocks = {key: model.pop(key) for key in ("mock_adjustment", "mocks_compared")}
    return {
        "exam": ready.exam,
        "predicted_percent": model.pop("predicted_percent"),
        "pass_percent": ready.pass_percent,
        "domains": [
            {
                "id": d.id,
                "name": d.name,
                "mastery": round(d.mastery, 4),
                "expected": round(d.expected, 4),
                "seen": d.seen,
                "total": d.total,
                "due": d.due,
            }
            for d in ready.domains
        ],
        **model,
        "seen": ready.seen,
        "total": ready.total,
        "low": ready.low if ready.enough_data else None,
        "high": ready.high if ready.enough_data else None,
        **mocks,
    }


def code_payload(context: AppContext, store: Store, bank: ExamBank) -> dict[str, Any]:
    """`lookup` (answered, accuracy, median seconds to locate), `code_errors` (each error
    label's count over the exam's answered ICD-10-CM code items) and `code_focus` (the
    label to work on first, with a tip, or null). The book is opened only when there are
    such answers; when it cannot be, the counts are zeros."""
    from cert_prep.study.code_focus import BookOnDemand, code_progress

    with BookOnDemand.cached(context.locations.cache_dir) as book:
        codes = code_progress(store, bank, book)
    return {
        "lookup": codes.lookup,
        "code_errors": codes.code_errors,
        "code_focus": codes.focus.as_json() if codes.focus else None,
    }


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    filled = max(0, min(width, round(fraction * width)))
    return "█" * filled + "░" * (width - filled)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def run_weak(args: argparse.Namespace, context: AppContext) -> int:
    from cert_prep.study.confidence import calibration
    from cert_prep.study.exam_date import days_left_text, get_exam_date
    from cert_prep.study.readiness import percent_text, readiness

    bank = studied_exam(context, args.exam)
    store = context.store()
    now = context.clock.now()
    ready = readiness(store, bank, now)
    if args.json:
        payload = weak_payload(ready)
        payload.update(code_payload(context, store, bank))
        payload.update(calibration(store, bank.id).as_json())
        print(json.dumps(payload, indent=2))  # ASCII: escapes C0/C1
        return 0
    bp = bank.blueprint
    if ready.enough_data:
        print(
            f"{visible_line(bp.name)}: predicted {percent_text(ready.predicted_percent)}% "
            f"(80% range {percent_text(ready.low)}-{percent_text(ready.high)}%), "
            f"pass mark {bp.pass_percent:g}%"
        )
    else:
        print(f"{visible_line(bp.name)}: pass mark {bp.pass_percent:g}%")
    print(f"  {ready.outlook}")
    if ready.enough_data and ready.mock_note:
        print(f"  {ready.mock_note}")
    line = f"  {ready.seen} of {ready.total} questions seen"
    day = get_exam_date(store, bank.id)
    if day is not None:
        line += f"; exam day {day.isoformat()} ({days_left_text(day, now)})"
    print(line + "\n")
    print(
        f"{'Domain (weakest first)':<{NAME_WIDTH}}  {'Expected right':<{BAR_WIDTH + 5}}  "
        f"{'Seen':>9}  {'Due':>4}"
    )
    for d in ready.domains:
        name = _clip(visible_line(d.name), NAME_WIDTH)
        print(
            f"{name:<{NAME_WIDTH}}  {bar(d.expected)} {d.expected:>4.0%}  "
            f"{f'{d.seen}/{d.total}':>9}  {d.due:>4}"
        )
    print(f"\nPractise them: cert-prep drill --weak --exam {bank.id}")
    return 0


# ---- plan ------------------------------------------------------------------------------------


def run_plan(args: argparse.Namespace, context: AppContext) -> int:
    from cert_prep.study.exam_date import get_exam_date
    from cert_prep.study.plan import plan_for

    store = context.store()
    dated = [e for e in sorted(context.library().exams) if get_exam_date(store, e) is not None]
    if args.exam is None and len(dated) == 1:  # the exam whose date was set: what to plan
        bank = context.exam(dated[0])
    else:
        bank = studied_exam(context, args.exam, fallback=store.get_setting("last_exam"))
    day = get_exam_date(store, bank.id)
    if day is None:
        raise UserError(
            f"no exam date is set for {bank.id}; set one with "
            f"`cert-prep exam-date {bank.id} YYYY-MM-DD`",
            exit_code=2,
        )
    plan = plan_for(store, bank, context.clock.now(), day)
    if args.json:
        print(json.dumps(plan.as_json(), indent=2))
        return 0
    print(
        f"{visible_line(bank.blueprint.name)}: exam day {day.isoformat()}, "
        f"{plan.days_left} study day{'s' if plan.days_left != 1 else ''} left"
    )
    today = plan.daily[0]
    print(
        f"  today: {today.due} review(s) and {today.new} new, {today.due + today.new} in all; "
        + plan.summary()
    )
    pace = (
        f"your recent pace is {plan.recent_per_day:.1f} a day"
        if plan.recent_per_day
        else "no answers in the last days to measure your pace by"
    )
    verdict = "reachable at your recent pace" if plan.reachable else "more than your recent pace"
    print(f"  {verdict} ({pace})\n")
    print(f"{'Day':<12}{'Reviews':>8}{'New':>6}{'Total':>7}")
    for d in plan.daily:
        print(f"{d.day.isoformat():<12}{d.due:>8}{d.new:>6}{d.due + d.new:>7}")
    print(f"\nStudy today's part: cert-prep drill --weak --exam {bank.id}")
    return 0


# ---- exam-date -------------------------------------------------------------------------------


def run_exam_date(args: argparse.Namespace, context: AppContext) -> int:
    from cert_prep.study.exam_date import (
        days_left_text,
        get_exam_date,
        parse_exam_date,
        set_exam_date,
        today_of,
    )

    bank = context.exam(args.exam)
    store = context.store()
    now = context.clock.now()
    if args.clear:
        if args.date:
            raise UserError("give a date or --clear, not both", exit_code=2)
        was = get_exam_date(store, bank.id)
        set_exam_date(store, bank.id, None)
        print(
            f"{bank.id}: exam date {was.isoformat()} cleared"
            if was
            else f"{bank.id}: no exam date was set; nothing to clear"
        )
        return 0
    if args.date is None:
        day = get_exam_date(store, bank.id)
        if day is None:
            print(
                f"{bank.id}: no exam date set; set one with "
                f"`cert-prep exam-date {bank.id} YYYY-MM-DD`"
            )
        else:
            print(f"{bank.id}: exam day {day.isoformat()} ({days_left_text(day, now)})")
        return 0
    day = parse_exam_date(args.date, today_of(now))  # the student's day, as shown after
    set_exam_date(store, bank.id, day)
    print(
        f"{bank.id}: exam day set to {day.isoformat()} ({days_left_text(day, now)}); "
        "weak-domain drills now aim for recall on that day"
    )
    return 0


# ---- drill --weak ----------------------------------------------------------------------------


def weak_drill_from_args(args: argparse.Namespace, context: AppContext) -> DrillPlan:
    """The DrillPlan for `cert-prep drill --weak [--exam E] [--count N] [--seed N]`."""
    if (
        getattr(args, "domain", None)
        or getattr(args, "tag", None)
        or getattr(args, "bank", None) is not None
    ):
        raise UserError(
            "--weak chooses the questions itself; leave out --domain, --tag and --bank", exit_code=2
        )
    from cert_prep.engine import DEFAULT_DRILL_COUNT

    count = DEFAULT_DRILL_COUNT if args.count is None else args.count
    if count < 1:
        raise UserError("--count must be at least 1", exit_code=2)
    from cert_prep.study.drill import weak_drill_plan
    from cert_prep.study.exam_date import get_exam_date

    store = context.store()
    bank = studied_exam(context, args.exam, fallback=store.get_setting("last_exam"))
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)
    return weak_drill_plan(
        store, bank, context.clock.now(), count, get_exam_date(store, bank.id), seed
    )
