"""A problem found in a bank: what lint prints and what the loader collects."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from cert_prep.safe_text import visible_line

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def __post_init__(self) -> None:
        # Messages quote what files hold: one line, no control characters, wherever the
        # problem is shown (lint, the UI, plain mode). The path stays as it is on disk
        # (lint matches it); `as_text` shows it made visible.
        object.__setattr__(self, "message", visible_line(self.message))

    def as_text(self) -> str:
        where = f"{visible_line(self.path)}:{self.line}:{self.column}"
        return f"{where}: {self.severity} {self.code} {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        return cls(**data)
