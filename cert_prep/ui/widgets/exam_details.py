"""What the home screen shows about the highlighted exam: its line in the list, and its details
(questions, time, pass mark, where it comes from, the exam day, domains against the banks)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text

from cert_prep.bank.loader import ExamBank
from cert_prep.clock import format_hms
from cert_prep.paths import shipped_banks_dir
from cert_prep.ui.text import data


def exam_line(bank: ExamBank, *, compact: bool = False) -> Text:
    """The exam in the home screen's list: its name, then (not compact) its size, time and
    pass mark."""
    bp = bank.blueprint
    line = data(bp.name, "bold")
    if compact:
        return line
    line.append(
        f"\n  {bp.total_questions} questions · {format_hms(bp.time_limit_minutes * 60)}"
        f" · pass {bp.pass_percent:g}%",
        style="dim",
    )
    return line


def exam_source_text(blueprint_path: str) -> str:
    """Where an exam's blueprint comes from: the shipped banks or a bank folder."""
    root = Path(blueprint_path).parent.parent
    try:
        shipped = root.resolve() == shipped_banks_dir().resolve()
    except OSError:
        shipped = False
    return "the banks shipped with cert-prep" if shipped else str(root)


def exam_details(bank: ExamBank, countdown: str | None) -> Group:
    """The exam's description and a table of its domains: per mock exam and in the banks."""
    bp = bank.blueprint
    available = {d: len(items) for d, items in bank.by_domain().items()}
    out = data(bp.name, "bold")
    out.append("\n")
    out.append_text(data(f"{bp.certification} · {bp.provider}", "italic"))
    out.append(
        f"\n{bp.total_questions} questions in "
        f"{format_hms(bp.time_limit_minutes * 60)}, pass mark {bp.pass_percent:g}%"
    )
    if bp.scaled:
        out.append(" (scaled score estimated)")
    out.append_text(data(f"\nFrom: {exam_source_text(bank.blueprint_path)}", "dim"))
    if countdown is not None:
        out.append(f"\n{countdown}", style="bold")
    out.append("\n\n")
    # A table whose names wrap: never cut while the pane has room, a table at 80x24 too.
    table = Table(box=None, padding=(0, 1), header_style="bold", pad_edge=False)
    table.add_column("Domain", ratio=1, overflow="fold")
    table.add_column("Exam", justify="right", no_wrap=True)
    table.add_column("Banks", justify="right", no_wrap=True)
    for d in bp.domains:
        have = available.get(d.id, 0)
        table.add_row(
            data(d.name),
            str(d.count),
            Text(str(have), style="" if have >= d.count else "yellow"),
        )
    return Group(out, table)
