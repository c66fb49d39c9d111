"""A problem found in a bank: what lint prints and what the loader collects."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def as_text(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity} {self.code} {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Problem:
        return cls(**data)
