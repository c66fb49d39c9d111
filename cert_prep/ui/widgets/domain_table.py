"""Per-domain scores as a table (results, drill summary).

A Rich table in a Static, not a DataTable: long blueprint names (CPC's surgery series)
wrap onto a second line instead of being cut, the number columns stay narrow, and the
screen scrolls as a whole (with a hint) when the table is taller than the terminal.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from cert_prep.engine.scoring import AttemptScore


def domain_table(score: AttemptScore) -> Table:
    table = Table(
        box=None, padding=(0, 1), expand=False, row_styles=["", "on #1f2430"], header_style="bold"
    )
    table.add_column("Domain", ratio=1, overflow="fold", max_width=72)
    table.add_column("Correct", justify="right", no_wrap=True)
    table.add_column("Total", justify="right", no_wrap=True)
    table.add_column("Percent", justify="right", no_wrap=True)
    for domain in score.domains:
        table.add_row(
            Text(domain.name),  # blueprint text is data
            str(domain.correct),
            str(domain.total),
            f"{domain.percent:.0f}%",
        )
    return table


class DomainTable(Static):
    def __init__(self, score: AttemptScore, *, id: str | None = None):
        super().__init__(domain_table(score), id=id)
