"""Plain view models for the report templates: strings, numbers and booleans only.

The builders (`build.py`, `history.py`) read the Store and the Library into these; the
templates only lay them out. Bank text is carried as plain `str` and the templates escape
it (autoescaping is on); nothing here holds markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cert_prep.report.charts import NARROW, ChartPair, range_chart
from cert_prep.report.codes import CodeVerdictView, KeyCodeView

if TYPE_CHECKING:
    from cert_prep.study.code_focus import CodeProgress
    from cert_prep.study.confidence import Calibration

# Marks carry a symbol AND words, so nothing is told by colour alone.
MARK_KEY_CHOSEN = "✓ key · your answer"
MARK_KEY = "✓ key"
MARK_CHOSEN_WRONG = "✗ your answer"
CODE_LABELS = {"right": "✓ right", "wrong": "✗ wrong", "missing": "○ missing"}
STATUS_LABELS = {"correct": "✓ Correct", "incorrect": "✗ Incorrect", "unanswered": "— Not answered"}


@dataclass(frozen=True)
class ChoiceRow:
    letter: str  # as the student saw it (after any shuffle)
    bank_letter: str  # in the bank's own lettering
    text: str
    is_key: bool
    chosen: bool
    feedback: str = ""  # bank format v1.1: why this choice is right or wrong

    @property
    def mark(self) -> str:
        if self.is_key and self.chosen:
            return MARK_KEY_CHOSEN
        if self.is_key:
            return MARK_KEY
        if self.chosen:
            return MARK_CHOSEN_WRONG
        return ""

    @property
    def css(self) -> str:
        if self.is_key:
            return "key chosen" if self.chosen else "key"
        return "wrong" if self.chosen else ""


@dataclass(frozen=True)
class CodeMarkView:
    code: str
    status: str  # right | wrong | missing

    @property
    def label(self) -> str:
        return CODE_LABELS[self.status]


@dataclass(frozen=True)
class QuestionRow:
    number: int  # 1-based position in the attempt
    item_id: str
    domain_id: str
    domain_name: str
    kind: str  # single | multi | code
    kind_label: str
    status: str  # correct | incorrect | unanswered
    stem: str
    rationale: str
    seconds: float
    flagged: bool
    choices: list[ChoiceRow] = field(default_factory=list)
    shuffled: bool = False
    case_title: str | None = None
    case_record: str | None = None
    code_system: str | None = None
    code_marks: list[CodeMarkView] = field(default_factory=list)
    key_codes: list[KeyCodeView] = field(default_factory=list)
    sequence_note: str | None = None
    # Code-level labels (`wrong specificity`, ...) when they can be given, else empty and
    # `code_marks` says right/wrong/missing.
    code_verdicts: list[CodeVerdictView] = field(default_factory=list)
    changed: bool = False  # the key or choices changed in the bank since the attempt
    missing_from_bank: bool = False
    response_text: str | None = None  # what was answered, when the item left the bank
    pretest: bool = False  # an unscored pretest item: shown, never counted or "missed"

    @property
    def anchor(self) -> str:
        return f"q{self.number}"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def seconds_text(self) -> str:
        return duration_text(self.seconds, hours=False)


@dataclass(frozen=True)
class DomainRow:
    id: str
    name: str
    correct: int
    total: int
    percent: float
    at_cut: bool  # at or above the pass mark


@dataclass(frozen=True)
class MissedGroup:
    domain_name: str
    questions: list[QuestionRow]


@dataclass(frozen=True)
class AttemptHeader:
    attempt_id: int
    exam_id: str
    exam_name: str
    certification: str
    provider: str
    mode: str  # exam | drill
    started_text: str
    submitted_text: str
    submitted_reason: str
    time_used_s: float
    time_limit_s: float | None
    correct: int
    total: int
    percent: float
    pass_percent: float
    passed: bool | None  # None for drills: no cut applies
    scaled_estimate: int | None
    answered: int
    flagged: int
    shuffled: bool
    notes: str | None
    # Question numbers of the unscored pretest items mixed into the exam.
    pretest_numbers: tuple[int, ...] = ()
    practice: bool = False  # shorter or timed differently: kept apart from full mock exams
    # Fewer questions than the blueprint: a practice exam, or a mock exam of short banks.
    length_note: str | None = None

    @property
    def kind_text(self) -> str:
        return (
            "drill" if self.mode == "drill" else ("practice exam" if self.practice else "mock exam")
        )

    @property
    def time_used_text(self) -> str:
        return duration_text(self.time_used_s)

    @property
    def time_limit_text(self) -> str | None:
        return None if self.time_limit_s is None else duration_text(self.time_limit_s)

    @property
    def verdict(self) -> str | None:
        if self.passed is None:
            return None
        return "PASS" if self.passed else "FAIL"

    @property
    def cut_text(self) -> str:
        """`4.5 points below the cut`: a difference of percentages is in points."""
        gap = round(abs(self.percent - self.pass_percent), 1)
        if gap == 0:
            return "at the cut" if self.passed else "just below the cut"
        return (
            f"{gap:g} point{'' if gap == 1 else 's'} {'above' if self.passed else 'below'} the cut"
        )

    @property
    def submitted_note(self) -> str:
        """` (time ran out)`; nothing for a plain submission (`submitted … (submitted)`)."""
        return "" if self.submitted_reason == "submitted" else f" ({self.submitted_reason})"


@dataclass(frozen=True)
class PacingView:
    chart: ChartPair
    used_s: float  # the sum of the time on each question
    limit_s: float | None
    questions: int
    behind_at: int | None  # the first question after which time ran past the even pace
    behind_count: int  # after how many questions it was past the even pace
    unopened: int = 0  # questions never opened: no time on them, so "ahead" means little

    @property
    def used_text(self) -> str:
        return duration_text(self.used_s)

    @property
    def per_question_s(self) -> int | None:
        return round(self.limit_s / self.questions) if self.limit_s and self.questions else None


@dataclass(frozen=True)
class HistoryPoint:
    attempt_id: int
    date_text: str
    correct: int
    total: int
    percent: float
    passed: bool | None
    scaled_estimate: int | None
    time_used_text: str
    current: bool = False
    predicted: float | None = None  # the readiness prediction made just before it

    @property
    def date_short(self) -> str:
        return " ".join(self.date_text.split(" ")[:2])  # without the zone's name


@dataclass(frozen=True)
class WeakDomain:
    id: str
    name: str
    measure: float  # 0-1: mastery from readiness
    seen: int
    total: int
    due: int | None
    command: str

    @property
    def measure_percent(self) -> int:
        return round(100 * self.measure)


@dataclass(frozen=True)
class ReadinessDomain:
    name: str
    mastery: float  # the share of its questions expected right (readiness model), 0-1
    seen: int
    total: int
    due: int
    weight: float

    @property
    def mastery_percent(self) -> int:
        return round(100 * self.mastery)

    @property
    def weight_text(self) -> str:
        # The contract leaves the unit open: a share of the exam (0-1) or a question count.
        if 0 <= self.weight <= 1:
            return f"{round(100 * self.weight, 1):g}%"
        return f"{self.weight:g}"


@dataclass(frozen=True)
class ReadinessView:
    predicted_percent: float
    low: float  # the 80% range of a sitting's score
    high: float
    pass_percent: float
    seen: int
    total: int
    domains: list[ReadinessDomain]
    pass_probability: float = 0.0
    outlook: str = ""  # the verdict in words (study.readiness.outlook)
    answers_needed: int = 0  # > 0: not enough data for a number yet
    mock_note: str = ""  # how past mock exams moved the prediction (study.readiness)

    @property
    def enough_data(self) -> bool:
        return self.answers_needed == 0

    @property
    def chart(self) -> ChartPair:
        args = (self.predicted_percent, self.low, self.high, self.pass_percent)
        return ChartPair(range_chart(*args), range_chart(*args, width=NARROW))


@dataclass(frozen=True)
class StudyView:
    exam_id: str
    exam_name: str
    pass_percent: float
    history: list[HistoryPoint]
    history_chart: ChartPair | None
    weak: list[WeakDomain]
    drill_command: str
    readiness: ReadinessView | None
    reviews: int  # answers in the study history of this exam
    items_seen: int  # distinct bank questions among them
    last_studied_text: str | None
    practice: list[HistoryPoint] = field(default_factory=list)  # shorter exams, apart
    codes: CodeProgress | None = None  # code errors, the one to work on first, lookups
    calibration: Calibration | None = None  # confidence ratings (none given: 0 answered)
    lookups_seen: int = 0  # distinct codes looked up in lookup drills
    confidently_wrong: list[tuple[str, str]] = field(default_factory=list)  # (item id, stem)
    exam_day_text: str | None = None  # "2026-12-28 · 14 days left", with an exam date set
    plan: PlanView | None = None  # the plan to that day, when one can be made


@dataclass(frozen=True)
class PlanView:
    """The next days of the plan to exam day, as the progress screen shows them."""

    days: list[tuple[str, int, int]]  # (date, reviews, new)
    average_per_day: float
    unseen: int
    reachable: bool
    recent_per_day: float
    days_left: int
    summary: str = ""  # "on average about 30 answers a day to see ...", as every view says it


@dataclass(frozen=True)
class AttemptReport:
    header: AttemptHeader
    domains: list[DomainRow]
    domain_chart: ChartPair
    pacing: PacingView
    questions: list[QuestionRow]
    missed: list[MissedGroup]
    study: StudyView
    generated_text: str
    version: str

    @property
    def title(self) -> str:
        h = self.header
        return f"{h.exam_name}: attempt {h.attempt_id} ({h.submitted_text})"


@dataclass(frozen=True)
class ProgressReport:
    exams: list[StudyView]
    generated_text: str
    version: str

    @property
    def title(self) -> str:
        return "cert-prep progress report"


def duration_text(seconds: float, hours: bool = True) -> str:
    """H:MM:SS (as the exam screen shows time), or M:SS for one question."""
    # Round up as the screens do (clock.format_hms), so a report never disagrees with them.
    total = int(-(-max(0.0, seconds) // 1))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    if hours:
        return f"{h}:{m:02d}:{s:02d}"
    return f"{h * 60 + m}:{s:02d}"
