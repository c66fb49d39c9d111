"""What the app opens with. Plain data, built by the CLI (and tests) before the app starts."""

from __future__ import annotations

from dataclasses import dataclass

from cert_prep.engine.assembly import DrillPlan, ExamOptions


@dataclass(frozen=True)
class HomeLaunch:
    """The home screen: pick an exam, start, drill, resume, see past attempts."""


@dataclass(frozen=True)
class ExamLaunch:
    """Straight to an exam's instructions (asks first if one is unfinished)."""

    exam: str
    options: ExamOptions


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
