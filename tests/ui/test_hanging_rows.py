"""`Hanging` draws what the two-column `Table.grid` it replaced drew (the instructions'
notes and keys), segment for segment, at any width a screen gives it."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from cert_prep.ui.screens.instructions import KEYS
from cert_prep.ui.text import Hanging

NOTES = [
    "A practice exam: 4 of the full exam's 100 questions, in the blueprint's domain "
    "proportions. It is listed apart from full mock exams and does not count toward readiness.",
    "The choices of each question are shuffled.",
    "[bold]not markup[/]  with   runs of spaces and averylongwordthatcannotwrapanywhereatall",
    "漢字の幅は二つ 漢字の幅は二つ 漢字の幅は二つ 漢字の幅は二つ, ünïcödé and 👍 too",
]


def _grid(padding: int, label_style: str, rows) -> Table:
    table = Table.grid(padding=(0, padding))
    table.add_column(no_wrap=True, style=label_style or None)
    table.add_column()
    for label, text in rows:
        table.add_row(label, text)
    return table


def _lines(console: Console, renderable, width: int) -> list[list[tuple[str, object]]]:
    """Each line's runs of (text, style), a null style as None, equal styles merged."""
    out = []
    options = console.options.update_width(width)
    for line in console.render_lines(renderable, options, pad=False):
        runs: list[tuple[str, object]] = []
        for segment in line:
            style = segment.style or None
            if not segment.text:
                continue
            if runs and runs[-1][1] == style:
                runs[-1] = (runs[-1][0] + segment.text, style)
            else:
                runs.append((segment.text, style))
        out.append(runs)
    return out


@pytest.mark.parametrize(
    ("rows", "gap", "label_style"),
    [([("•", Text(n)) for n in NOTES], 1, ""), (KEYS, 2, "bold cyan")],
)
def test_hanging_rows_draw_what_the_grid_drew(rows, gap, label_style):
    console = Console(file=io.StringIO(), width=100, color_system="truecolor")
    for width in range(30, 150):
        expected = _lines(console, _grid(gap, label_style, rows), width)
        assert _lines(console, Hanging(rows, gap, label_style), width) == expected, width


def test_hanging_rows_measure_as_a_label_column_and_the_widest_text():
    console = Console(file=io.StringIO(), width=100)
    rows = [("ab", "four"), ("abcd", "a longer text")]
    assert Measurement.get(console, console.options, Hanging(rows, 2)) == Measurement(7, 19)
