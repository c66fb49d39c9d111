"""Scoring: one response, and a whole attempt against its blueprint.

- single: the one key.
- multi: all or nothing, the exact set of keys (as AHIMA's multiple-response items).
- code: the exact set of codes (case, spaces and ICD-10-CM dots ignored); with
  `sequence: principal-first` the first code entered must be the first in the key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cert_prep.bank.models import (
    Blueprint,
    CodeQuestion,
    MultiQuestion,
    SingleQuestion,
    normalize_code,
)
from cert_prep.engine.domain_names import domain_name

AnyQuestion = SingleQuestion | MultiQuestion | CodeQuestion

_CODE_SEPARATORS = re.compile(r"[\s,;]+")


def parse_codes(text: str) -> list[str]:
    """Codes typed by a student, separated by spaces or commas, in the order typed."""
    return [c.upper() for c in _CODE_SEPARATORS.split(text.strip()) if c]


def is_answered(response: Any) -> bool:
    return bool(response)


def is_correct(question: AnyQuestion, response: Any) -> bool:
    if not response:
        return False
    if isinstance(question, SingleQuestion):
        return bool(response == question.answer)
    if isinstance(question, MultiQuestion):
        return (
            isinstance(response, list)
            and set(response) == set(question.answer)
            and len(response) == len(set(response))
        )
    marks = code_marks(question, response)
    return not marks.wrong and not marks.missing and marks.sequence_ok is not False


@dataclass(frozen=True)
class CodeMarks:
    """Each code a student entered, right or wrong, and each expected code missed."""

    right: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    # principal-first items: whether the first code entered is the principal one
    sequence_ok: bool | None = None

    def status_of(self, code: str) -> str:
        return "right" if code in self.right else "wrong"


def code_marks(question: CodeQuestion, response: Sequence[str] | None) -> CodeMarks:
    entered = list(response or [])
    expected = {normalize_code(c): c for c in question.answer}
    right, wrong, seen = [], [], set()
    for code in entered:
        norm = normalize_code(code)
        if norm in expected and norm not in seen:
            right.append(code)
            seen.add(norm)
        else:
            wrong.append(code)
    missing = [orig for norm, orig in expected.items() if norm not in seen]
    sequence_ok = None
    if question.sequence == "principal-first" and entered:
        sequence_ok = normalize_code(entered[0]) == normalize_code(question.answer[0])
    return CodeMarks(right, wrong, missing, sequence_ok)


def scaled_estimate(percent: float, pass_percent: float) -> int:
    """AHIMA-style estimate: 0% -> 100, the raw cut -> 300, 100% -> 400 (piecewise linear).

    Only an estimate: AHIMA sets the raw cut per form and does not publish it.
    """
    percent = max(0.0, min(100.0, percent))
    if percent <= pass_percent:
        value = 100 + 200 * percent / pass_percent
    else:
        value = 300 + 100 * (percent - pass_percent) / (100 - pass_percent)
    return round(value)


@dataclass(frozen=True)
class DomainScore:
    id: str
    name: str
    correct: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class AttemptScore:
    correct: int
    total: int
    pass_percent: float
    scaled: bool
    domains: list[DomainScore]

    @property
    def percent(self) -> float:
        return round(100.0 * self.correct / self.total, 1) if self.total else 0.0

    @property
    def passed(self) -> bool:
        return self.percent >= self.pass_percent

    @property
    def scaled_score(self) -> int | None:
        return scaled_estimate(self.percent, self.pass_percent) if self.scaled else None


def score_attempt(blueprint: Blueprint, graded: Sequence[tuple[str, bool]]) -> AttemptScore:
    """`graded` is (domain id, correct) for every question presented, in order."""
    order = [d.id for d in blueprint.domains]
    tally: dict[str, list[int]] = {}
    for domain, ok in graded:
        counts = tally.setdefault(domain, [0, 0])
        counts[0] += int(ok)
        counts[1] += 1
    ranked = sorted(tally, key=lambda d: (order.index(d) if d in order else len(order), d))
    domains = [DomainScore(d, domain_name(blueprint, d), tally[d][0], tally[d][1]) for d in ranked]
    return AttemptScore(
        correct=sum(d.correct for d in domains),
        total=sum(d.total for d in domains),
        pass_percent=blueprint.pass_percent,
        scaled=blueprint.scaled,
        domains=domains,
    )
