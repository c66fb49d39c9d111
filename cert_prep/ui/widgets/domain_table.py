"""Per-domain scores as a table (results, drill summary)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from cert_prep.engine.scoring import AttemptScore


class DomainTable(DataTable):
    def __init__(self, score: AttemptScore, *, id: str | None = None):
        super().__init__(id=id, cursor_type="none", zebra_stripes=True, show_cursor=False)
        self._score = score

    def on_mount(self) -> None:
        # Long blueprint names (CPC's surgery series) get what the terminal can spare
        # beside the three number columns and the screen's borders.
        longest = max((len(d.name) for d in self._score.domains), default=6)
        spare = max(24, self.app.size.width - 40)
        self.add_column("Domain", width=min(spare, max(6, longest)))
        self.add_column("Correct", width=8)
        self.add_column("Total", width=6)
        self.add_column("Percent", width=8)
        for domain in self._score.domains:
            self.add_row(
                Text(domain.name),  # blueprint text is data
                Text(str(domain.correct), justify="right"),
                Text(str(domain.total), justify="right"),
                Text(f"{domain.percent:.0f}%", justify="right"),
            )
