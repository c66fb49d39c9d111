"""Renderables of the progress screen, built as rich Text (bank text is data, never markup)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from rich.console import Group
from rich.table import Table
from rich.text import Text

from cert_prep.clock import local_text
from cert_prep.store import AttemptRow
from cert_prep.study.code_focus import CodeProgress
from cert_prep.study.mastery import DomainMastery
from cert_prep.study.plan import StudyPlan
from cert_prep.study.readiness import MockComparison, Readiness, percent_text

SCALE_WIDTH = 51  # one column per 2 percentage points, 0 and 100 included
BAR_WIDTH = 20
DOMAIN_BAR_WIDTH = 12
HEAT_LEVELS = ("grey30", "green4", "green3", "green1", "bright_green")
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


_VERDICT_STYLE = {
    "not enough data": "dim",
    "likely pass": "green",
    "likely fail": "red",
    "uncertain": "yellow",
}


def outlook_style(ready: Readiness) -> str:
    return _VERDICT_STYLE[ready.verdict]


def score_scale(ready: Readiness, width: int = SCALE_WIDTH) -> Text:
    """Predicted score (◆) and its 80% range (█) on a 0-100 scale, with the pass mark (┃);
    with not enough data, only the pass mark."""

    def column(percent: float) -> int:
        return max(0, min(width - 1, round(percent / 100 * (width - 1))))

    low, high = column(ready.low), column(ready.high)
    mark, cut = column(ready.predicted_percent), column(ready.pass_percent)
    if not ready.enough_data:
        low, high, mark = width, -1, width  # nothing to draw but the scale
    style = outlook_style(ready)
    out = Text("0 ")
    for i in range(width):
        if i == mark:
            out.append("◆", style=f"bold {style}")
        elif i == cut:
            out.append("┃", style="bold")
        elif low <= i <= high:
            out.append("█", style=style)
        else:
            out.append("─", style="dim")
    out.append(" 100\n")
    out.append(" " * (2 + cut) + "▲ pass " + f"{ready.pass_percent:g}%", style="bold")
    return out


def score_summary(ready: Readiness) -> Text:
    out = Text("Predicted mock-exam score: ", style="bold")
    if not ready.enough_data:
        out.append("not enough data yet", style="bold")
        out.append(f" (pass mark {ready.pass_percent:g}%)\n")
        out.append(
            f"Answer {ready.answers_needed} more question"
            f"{'s' if ready.answers_needed != 1 else ''} for a prediction. "
            f"{ready.seen} of {ready.total} questions seen.",
            style="italic",
        )
        return out
    out.append(f"{percent_text(ready.predicted_percent)}%", style=f"bold {outlook_style(ready)}")
    low, high = percent_text(ready.low), percent_text(ready.high)
    out.append(f"  (80% range {low}–{high}%, pass mark {ready.pass_percent:g}%)\n")
    out.append(f"{ready.outlook}. {ready.seen} of {ready.total} questions seen.", style="italic")
    if ready.mock_note:
        out.append(f"\n{ready.mock_note}", style="italic")
    return out


def mastery_bar(fraction: float, width: int = BAR_WIDTH) -> Text:
    filled = max(0, min(width, round(fraction * width)))
    style = "green" if fraction >= 0.8 else ("yellow" if fraction >= 0.5 else "red")
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"))


def domain_rows(domains: Sequence[DomainMastery]) -> Table:
    """One row per domain, weakest first: name, a bar of the share of its questions
    expected right (the readiness model's, unseen ones included), seen/total, due. A table
    whose names wrap, so it stays a table at 80 columns and never cuts a name."""
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    table.add_column("Domain (weakest first)", ratio=1, overflow="fold", max_width=60)
    table.add_column("Expected right", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("Seen", justify="right", no_wrap=True)
    table.add_column("Due", justify="right", no_wrap=True)
    for d in domains:
        table.add_row(
            Text(" ".join(d.name.split())),  # data, not markup
            mastery_bar(d.expected, DOMAIN_BAR_WIDTH),
            f"{d.expected:.0%}",
            f"{d.seen}/{d.total}",
            Text(str(d.due), style="bold yellow" if d.due else "dim"),
        )
    return table


def _lookup_line(codes: CodeProgress, exam: str, served: bool) -> Text:
    lookup = codes.lookup
    out = Text("ICD-10-CM lookup: ", style="bold")
    if not lookup["answered"]:
        how = "l starts a lookup drill" if served else f"`cert-prep drill --lookup --exam {exam}`"
        out.append(f"none yet ({how})", style="dim")
        return out
    out.append(f"{lookup['answered']} answered · {codes.lookup_percent:g}% right")
    if lookup["median_seconds"] is not None:
        out.append(f" · median {lookup['median_seconds']:g} s to locate a code")
    return out


def code_lines(
    codes: CodeProgress | None, exam: str, width: int = BAR_WIDTH, *, served: bool = False
) -> Text:
    """The one code error to work on first and its tip, every error label's count over
    the exam's history (ICD-10-CM), what the ICD-10-PCS, CPT and HCPCS code items came to,
    and the lookup drills' answers, accuracy and median time.
    `served`: in the browser, which has no command line (the progress screen's `l`)."""
    if codes is None or codes.empty:
        drills = "l (lookup drill)" if served else "`cert-prep drill --lookup`"
        return Text(
            f"No code items answered yet. {drills} drills finding ICD-10-CM codes in the book.",
            style="dim",
        )
    out = Text()
    if codes.focus is not None:
        focus = codes.focus
        times = "time" if focus.count == 1 else "times"
        out.append("The one to work on first: ", style="bold")
        out.append(focus.label, style="bold yellow")
        out.append(f" ({focus.count} {times})\n")
        out.append(f"  {focus.tip}\n", style="italic")
    elif codes.counted and codes.icd10cm_answered:
        out.append("No code errors on ICD-10-CM code items so far.\n", style="green")
    if not codes.counted:
        out.append(
            "The ICD-10-CM book could not be opened, so code errors are not counted.\n",
            style="dim",
        )
    top = max(codes.code_errors.values(), default=0)
    if top:
        label_width = max(len(label) for label in codes.code_errors)
        for label, n in codes.ranked_errors:
            out.append(f"{label:<{label_width}} {n:>4} ", style="dim" if not n else "")
            filled = round(width * n / top)
            out.append("█" * filled, style="red" if n else "dim")
            out.append("\n")
    for tally in codes.other_systems:
        out.append(f"{tally.system} code items: ", style="bold")
        out.append(f"{tally.text()}\n")
    out.append_text(_lookup_line(codes, exam, served))
    return out


def _level(count: int, top: int) -> int:
    if count <= 0:
        return 0
    if top <= 1:
        return len(HEAT_LEVELS) - 1
    return 1 + min(len(HEAT_LEVELS) - 2, (count - 1) * (len(HEAT_LEVELS) - 1) // top)


def heat_map(counts: dict[date, int], today: date, weeks: int = 20) -> Text:
    """A calendar of study days: columns are weeks (oldest left), rows Monday to Sunday."""
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    top = max(counts.values(), default=0)
    # Month names above the week they start in (3 letters across a week and a half).
    header = [" "] * (2 * weeks + 2)
    month = None
    for w in range(weeks):
        start = first + timedelta(days=7 * w)
        if start.month != month and header[2 * w] == " ":
            for k, ch in enumerate(start.strftime("%b")):
                header[2 * w + k] = ch
            month = start.month
    out = Text("    " + "".join(header).rstrip() + "\n", style="dim")
    for row in range(7):
        out.append(f"{WEEKDAYS[row]:<4}", style="dim")
        for w in range(weeks):
            day = first + timedelta(days=7 * w + row)
            if day > today:
                out.append("  ")
                continue
            n = counts.get(day, 0)
            out.append("■ " if n else "· ", style=HEAT_LEVELS[_level(n, top)])
        out.append("\n")
    studied = sum(1 for d, n in counts.items() if n and first <= d <= today)
    total = sum(n for d, n in counts.items() if first <= d <= today)
    out.append(
        f"{studied} study day(s), {total} answer(s) in the last {weeks} weeks   less ", style="dim"
    )
    for style in HEAT_LEVELS:
        out.append("■", style=style)
    out.append(" more", style="dim")
    return out


def mock_lines(rows: Sequence[MockComparison], limit: int = 8) -> Text:
    """Mock exams, newest last: the actual score and the prediction made before it."""
    if not rows:
        return Text(
            "No mock exams yet. A full mock exam shows how the prediction holds up.", style="dim"
        )
    out = Text()
    shown = list(rows)[-limit:]
    for i, r in enumerate(shown):
        out.append(f"{local_text(r.submitted_at, zone=False)[:10]}  ")
        out.append(f"actual {r.actual_percent:5.1f}%", style="bold")
        if r.predicted_percent is None or r.low is None or r.high is None:
            out.append("   no prediction (too few answers before it)", style="dim")
        else:
            out.append(
                f"   predicted {r.predicted_percent:5.1f}% "
                f"(range {percent_text(r.low)}–{percent_text(r.high)}%)",
                style="dim",
            )
        if i < len(shown) - 1:
            out.append("\n")
    return out


def practice_lines(rows: Sequence[AttemptRow], limit: int = 8, *, served: bool = False) -> Text:
    """Practice exams, newest first: kept apart from the full mock exams above.
    `served`: in the browser, which has no command line (the home screen's `o`)."""
    if not rows:
        how = "o on the home screen" if served else "`cert-prep exam EXAM --questions N`"
        return Text(f"No practice exams yet ({how}).", style="dim")
    out = Text()
    shown = list(rows)[:limit]
    for i, r in enumerate(shown):
        out.append(f"{local_text(r.submitted_at, zone=False)[:10]}  ")
        out.append(f"{r.correct or 0}/{r.total or 0} ({r.percent or 0:g}%)", style="bold")
        out.append(f"  attempt {r.id}", style="dim")
        if i < len(shown) - 1:
            out.append("\n")
    if len(rows) > limit:
        out.append(f"\n{len(rows) - limit} older not shown", style="dim")
    return out


def plan_lines(plan: StudyPlan, days: int = 7, *, served: bool = False) -> Group:
    """The plan to exam day: the daily average, whether the recent pace reaches it, and
    the next `days` days (reviews + new questions) as a small table that never wraps.
    `served`: in the browser, where no screen lists every day (`cert-prep plan` does)."""
    out = Text("Plan to exam day: ", style="bold")
    today = plan.daily[0] if plan.daily else None
    if today is not None:
        out.append(f"today {today.due} review(s) and {today.new} new; ")
    out.append(f"{plan.summary()}; ")
    if plan.reachable:
        out.append("reachable", style="bold green")
        out.append(" at")
    else:
        out.append("more than", style="bold yellow")
    out.append(f" your recent pace of {plan.recent_per_day:.1f} a day.")
    shown = plan.daily[:days]
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style="dim")
    for _ in shown:
        table.add_column(no_wrap=True, justify="right")
    table.add_row("", *(f"{d.day:%a %d}" for d in shown))
    table.add_row("reviews+new", *(f"{d.due}+{d.new}" for d in shown))
    more = "`cert-prep plan` lists every day" if len(plan.daily) > days and not served else ""
    return Group(out, table, Text(more, style="dim"))
