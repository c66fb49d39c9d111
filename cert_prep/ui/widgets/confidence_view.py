"""The progress screen's calibration chart: how often the student is right at each level
of confidence, and the items they were sure of and got wrong (bank text as data)."""

from __future__ import annotations

from rich.text import Text

from cert_prep.bank.loader import ExamBank
from cert_prep.study.confidence import Calibration

CHART_WIDTH = 20
SHOWN_WRONG = 5


def calibration_lines(cal: Calibration | None, bank: ExamBank, *, served: bool = False) -> Text:
    """`served`: in the browser, which has no command line (only the home screen's `c`)."""
    if cal is None or not cal.answered:
        also = "" if served else " (or drill --confidence)"
        return Text(
            f"No confidence ratings yet: press c on the home screen{also} "
            "to say how sure you are before each answer's feedback.",
            style="dim",
        )
    out = Text("How often you are right when you say you are …\n")
    for level in cal.levels:
        out.append(f"  {level.name:<7}")
        if level.accuracy is None:
            out.append("─" * CHART_WIDTH + "   no answers\n", style="dim")
            continue
        filled = round(level.accuracy * CHART_WIDTH)
        out.append("█" * filled, style="green")
        out.append("░" * (CHART_WIDTH - filled), style="grey42")
        out.append(f" {level.accuracy:>4.0%} right of {level.answered}\n")
    return out + _wrong_lines(cal, bank)


def _wrong_lines(cal: Calibration, bank: ExamBank) -> Text:
    if not cal.confidently_wrong:
        return Text("No confidently wrong items.", style="dim")
    out = Text(f"Confidently wrong ({len(cal.confidently_wrong)}), back first in weak drills:\n")
    for item_id in cal.confidently_wrong[:SHOWN_WRONG]:
        item = bank.item(item_id)
        stem = " ".join(item.question.stem.split()) if item is not None else ""
        stem = stem if len(stem) <= 56 else stem[:55] + "…"
        out.append(f"  {item_id}", style="bold")
        out.append(f"  {stem}\n")
    more = len(cal.confidently_wrong) - SHOWN_WRONG
    if more > 0:
        out.append(f"  … and {more} more\n", style="dim")
    out.rstrip()
    return out
