"""What the app opens with. Plain data, built by the CLI (and tests) before the app starts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cert_prep.engine.assembly import DrillPlan, ExamOptions

if TYPE_CHECKING:
    from cert_prep.bank.preview import ExamPreview


@dataclass(frozen=True)
class HomeLaunch:
    """The home screen: pick an exam, start, drill, resume, see past attempts."""


@dataclass(frozen=True)
class ExamLaunch:
    """Straight to an exam's instructions (asks first if one is unfinished).

    With a `preview`, the instructions paint from it before the library loads; the CLI
    gives one only when no unfinished exam needs asking about first."""

    exam: str
    options: ExamOptions
    preview: ExamPreview | None = None


@dataclass(frozen=True)
class ResumeLaunch:
    """Reopen an unfinished exam or drill; with no `attempt_id`, ask which of `choices`."""

    attempt_id: int | None
    choices: tuple[int, ...] = ()


@dataclass(frozen=True)
class DrillLaunch:
    """Start a drill at its first question."""

    plan: DrillPlan


Launch = HomeLaunch | ExamLaunch | ResumeLaunch | DrillLaunch
