"""The item-analysis page: plain view models rendered by the score report's Jinja setup.

`cert_prep.report.render.environment()` is the one Jinja environment (autoescape on,
StrictUndefined); the template `item_analysis.html.j2` sits beside the score report's and
extends its `_base.html.j2`, so the page is self-contained (inline CSS, no JavaScript) and
bank text is always escaped.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from cert_prep import __version__
from cert_prep.clock import local_text

if TYPE_CHECKING:
    from jinja2 import Environment

from cert_prep.instructor.analysis import (
    CHECK_KEY_R,
    POOR_R,
    TOO_EASY_P,
    TOO_HARD_P,
    ExamAnalysis,
    ItemStats,
)

FLAG_TEXT = {
    "too-easy": f"too easy (p > {TOO_EASY_P:g})",
    "too-hard": f"too hard (p < {TOO_HARD_P:g})",
    "poor-discrimination": f"poor discrimination (r < {POOR_R:g})",
    "check-key": f"check the key (r < {CHECK_KEY_R:g})",
}


@dataclass(frozen=True)
class ChoiceRow:
    label: str
    count: int
    share: float  # 0-1 of the answering sittings
    is_key: bool
    text: str | None
    unused: bool  # a distractor nobody picked


@dataclass(frozen=True)
class ItemView:
    id: str
    domain: str
    n: int
    presented: int
    p_text: str
    r_text: str
    discrimination: str
    flags: list[str]
    flag_texts: list[str]
    choices: list[ChoiceRow]
    stem: str | None
    case_title: str | None
    type: str | None
    key_text: str
    in_bank: bool


@dataclass(frozen=True)
class ItemAnalysisReport:
    title: str
    version: str
    generated_text: str
    exam: str
    exam_name: str
    students: int
    sittings: int
    attempts_text: str
    mean_text: str
    sd_text: str
    kr20_text: str
    kr20_verdict: str
    kr20_note: str | None
    items: list[ItemView]
    flagged: list[ItemView]
    warnings: list[str] = field(default_factory=list)
    caution: str | None = None  # a small class: the figures are rough


def num(value: float | None, places: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{places}f}"


def discrimination_band(r: float | None) -> str:
    """EXAM_FACTS: >= 0.30 good, 0.20-0.29 fair, 0.10-0.19 marginal, < 0.10 poor."""
    if r is None:
        return "n/a"
    if r < 0:
        return "negative"
    if r < POOR_R:
        return "poor"
    if r < 0.20:
        return "marginal"
    if r < 0.30:
        return "fair"
    return "good"


def kr20_verdict(kr20: float | None) -> str:
    if kr20 is None:
        return "not computed"
    if kr20 > 0.75:
        return "satisfactory (above 0.75)"
    if kr20 >= 0.60:
        return "acceptable for a classroom test (0.60 or more)"
    return "low (below 0.60): the scores are not consistent enough to rank students"


ATTEMPTS_TEXT = {
    "first": "each student's first attempt",
    "last": "each student's latest attempt",
    "all": "every attempt",
}


def _choice_rows(stats: ItemStats) -> list[ChoiceRow]:
    texts: dict[str, str] | None = (
        getattr(stats.question.question, "choices", None) if stats.question else None
    )
    keyed = set(stats.key)
    views = []
    for label, count in stats.choices.items():
        is_key = label in keyed
        views.append(
            ChoiceRow(
                label=label,
                count=count,
                share=count / stats.n if stats.n else 0.0,
                is_key=is_key,
                text=(texts or {}).get(label),
                unused=bool(texts) and not is_key and count == 0 and label in (texts or {}),
            )
        )
    return views


def item_view(stats: ItemStats) -> ItemView:
    found = stats.question
    question = found.question if found else None
    return ItemView(
        id=stats.id,
        domain=stats.domain,
        n=stats.n,
        presented=stats.presented,
        p_text=num(stats.p),
        r_text=num(stats.r_pb),
        discrimination=discrimination_band(stats.r_pb),
        flags=list(stats.flags),
        flag_texts=[FLAG_TEXT[f] for f in stats.flags],
        choices=_choice_rows(stats),
        stem=question.stem if question else None,
        case_title=found.case.title if found and found.case else None,
        type=question.type if question else None,
        key_text=", ".join(stats.key) if stats.key else "",
        in_bank=found is not None,
    )


SMALL_CLASS = 20


def small_sample_note(students: int) -> str | None:
    """Below 20 students, item statistics move a lot with one answer: said, not hidden."""
    if not 0 < students < SMALL_CLASS:
        return None
    return (
        f"With {students} student(s) these figures are rough: one answer moves p by "
        f"{1 / students:.2f}; read the flags as hints to look at an item, not verdicts."
    )


def build_report(analysis: ExamAnalysis, now: datetime) -> ItemAnalysisReport:
    items = [item_view(s) for s in analysis.items]
    name = analysis.exam_name or analysis.exam
    return ItemAnalysisReport(
        title=f"Item analysis: {name}",
        version=__version__,
        generated_text=local_text(now),
        exam=analysis.exam,
        exam_name=name,
        students=analysis.students,
        sittings=analysis.sittings,
        attempts_text=ATTEMPTS_TEXT[analysis.attempts_mode],
        mean_text="n/a" if analysis.mean is None else f"{analysis.mean:.1f}%",
        sd_text="n/a" if analysis.sd is None else f"{analysis.sd:.1f}",
        kr20_text=num(analysis.kr20),
        kr20_verdict=kr20_verdict(analysis.kr20),
        kr20_note=analysis.kr20_note,
        items=items,
        flagged=[v for v in items if v.flags],
        warnings=list(analysis.warnings),
        caution=small_sample_note(analysis.students),
    )


@functools.cache
def _environment() -> Environment:
    """The score report's environment (loader, filters, StrictUndefined), with autoescape
    forced on here as well: bank text on this page must be escaped whatever happens to
    the shared setting."""
    from cert_prep.report.render import environment

    return environment().overlay(autoescape=True)


def render_item_analysis(analysis: ExamAnalysis, now: datetime) -> str:
    template = _environment().get_template("item_analysis.html.j2")
    page: str = template.render(report=build_report(analysis, now))
    return page
