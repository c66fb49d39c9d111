"""Messages between screens and the app: past tense for facts, `...Requested` for asks.

They are dataclasses: Textual's Message.__post_init__ sets a dataclass message up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from cert_prep.engine.assembly import DrillPlan, ExamOptions, ExamPlan
from cert_prep.frontend.report_hook import ReportOutcome

if TYPE_CHECKING:  # the engine's session (and pydantic) load after the first screen
    from cert_prep.bank.loader import Library
    from cert_prep.engine.session import AttemptResult
    from cert_prep.ui.screens.progress import Progress


@dataclass
class ExamSubmitted(Message):
    result: AttemptResult


@dataclass
class DrillFinished(Message):
    result: AttemptResult


@dataclass
class ReportWritten(Message):
    """A report was written off the UI thread (or says why not). `to_open`: the student
    asked for it from the past attempts, so it opens in a browser; otherwise it is the
    report of an exam just submitted, shown on its results screen."""

    attempt_id: int
    outcome: ReportOutcome
    to_open: bool = False


@dataclass
class LibraryLoaded(Message):
    """The question banks were read off the UI thread; `problem` says why not."""

    library: Library | None
    problem: str | None = None


@dataclass
class ProgressLoaded(Message):
    """An exam's progress was worked out off the UI thread; `problem` says why not."""

    progress: Progress | None
    problem: str | None = None


@dataclass
class ExamRequested(Message):
    """Start the exam flow for `exam` (instructions, or resume/discard first)."""

    exam: str
    options: ExamOptions


@dataclass
class ExamStartRequested(Message):
    """The student pressed Enter on the instructions: create the attempt, start the clock."""

    plan: ExamPlan


@dataclass
class ResumeRequested(Message):
    attempt_id: int


@dataclass
class DrillRequested(Message):
    plan: DrillPlan


@dataclass
class HomeRequested(Message):
    """Back to the home screen (or quit, when there is none)."""
