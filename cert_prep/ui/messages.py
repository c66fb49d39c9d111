"""Messages between screens and the app: past tense for facts, `...Requested` for asks.

They are dataclasses: Textual's Message.__post_init__ sets a dataclass message up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from cert_prep.engine.assembly import DrillPlan, ExamOptions, ExamPlan
from cert_prep.frontend.report_hook import ReportOutcome

if TYPE_CHECKING:  # the engine's session (and pydantic) load after the first screen
    from cert_prep.engine.session import AttemptResult


@dataclass
class AnswerRecorded(Message):
    """An answer was written to the store."""

    attempt_id: int
    seq: int
    response: Any


@dataclass
class FlagToggled(Message):
    attempt_id: int
    seq: int
    flagged: bool


@dataclass
class TimeExpired(Message):
    """The exam's time ran out; it has been submitted with the answers given."""

    attempt_id: int


@dataclass
class ExamSubmitted(Message):
    result: AttemptResult


@dataclass
class DrillFinished(Message):
    result: AttemptResult


@dataclass
class ReportWritten(Message):
    attempt_id: int
    outcome: ReportOutcome


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
