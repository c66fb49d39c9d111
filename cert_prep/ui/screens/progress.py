"""Progress: domain mastery bars, due counts, the predicted score against the pass mark,
where code items lose points (with the one to work on first) and the lookup drills,
study days as a calendar heat map, mock results against their predictions, days left.

Everything shown is computed from the store by the study layer (in a worker thread: the
first sync of a long history replays every answer); the screen keeps no state of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from cert_prep.bank.loader import ExamBank
from cert_prep.book.code_feedback import CodeLookup
from cert_prep.engine import DEFAULT_DRILL_COUNT
from cert_prep.errors import UserError
from cert_prep.store import AttemptRow, Store
from cert_prep.study.calendar import reviews_per_day
from cert_prep.study.code_focus import BookOnDemand, CodeProgress, code_progress, no_book
from cert_prep.study.confidence import Calibration, calibration
from cert_prep.study.exam_date import days_left_text, get_exam_date, plannable
from cert_prep.study.plan import StudyPlan, plan_for
from cert_prep.study.readiness import MockComparison, Readiness, mock_comparison, readiness
from cert_prep.ui.bindings import scroll_bindings
from cert_prep.ui.messages import DrillRequested, ProgressLoaded
from cert_prep.ui.screens.base import CertPrepScreen
from cert_prep.ui.text import data
from cert_prep.ui.widgets.confidence_view import calibration_lines
from cert_prep.ui.widgets.key_footer import KeyFooter
from cert_prep.ui.widgets.more_below import HintedScroll, MoreBelow
from cert_prep.ui.widgets.progress_views import (
    code_lines,
    domain_rows,
    heat_map,
    mock_lines,
    plan_lines,
    practice_lines,
    score_scale,
    score_summary,
)
from cert_prep.wording import TERMINAL, Wording

if TYPE_CHECKING:
    from cert_prep.context import AppContext

HEAT_WEEKS = 20


@dataclass(frozen=True)
class Progress:
    """What the screen shows, computed off the UI thread."""

    readiness: Readiness
    mocks: list[MockComparison]
    days: dict[date, int]
    today: date
    exam_date: date | None
    now: datetime
    practice: list[AttemptRow] = field(default_factory=list)  # newest first
    codes: CodeProgress | None = None  # where code items lose points; lookup drills
    calibration: Calibration | None = None  # confidence ratings, when any were given
    plan: StudyPlan | None = None  # with an exam date ahead: the days to it


def exam_day_text(store: Store, exam: str, now: datetime) -> Text | None:
    """`Exam day 2026-12-14 · 21 days left` (also on the home screen), or None if unset."""
    day = get_exam_date(store, exam)
    if day is None:
        return None
    return Text.assemble(
        ("Exam day ", "bold"), day.isoformat(), " · ", (days_left_text(day, now), "bold")
    )


def load_progress(
    context: AppContext,
    bank: ExamBank,
    book: Callable[[], CodeLookup | None] = no_book,
    wording: Wording = TERMINAL,
) -> Progress:
    """Everything the screen shows; `book()` gives the ICD-10-CM book for counting code
    errors (asked only when the history holds ICD-10-CM code answers)."""
    store = context.store()
    now = context.clock.now()
    local = now.astimezone()
    offset = local.utcoffset() or timedelta(0)
    today = local.date()
    ready = readiness(store, bank, now)
    mocks = mock_comparison(store, bank, now)
    days = reviews_per_day(
        store,
        bank.id,
        today - timedelta(weeks=HEAT_WEEKS),
        today,
        int(offset.total_seconds() // 60),
    )
    practice = store.attempts_by_kind(bank.id, "practice")
    codes = code_progress(store, bank, book)
    exam_date = get_exam_date(store, bank.id)
    plan = None
    if exam_date is not None and plannable(exam_date, now) and bank.items:
        plan = plan_for(store, bank, now, exam_date, wording)
    return Progress(
        ready,
        mocks,
        days,
        today,
        exam_date,
        now,
        practice,
        codes,
        calibration(store, bank.id),
        plan,
    )


class ProgressScreen(CertPrepScreen):
    CSS_PATH = "../styles/progress.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "weak_drill", "Weak-domain drill", id="progress.weak-drill"),
        # Not in the footer (no room at 80 columns); the lookup line names it in the browser.
        Binding(
            "l",
            "lookup_drill",
            "ICD-10-CM lookup drill",
            show=False,
            id="progress.lookup-drill",
            tooltip="Descriptions from the tabular list; find each code in the book",
        ),
        Binding("d", "exam_date", "Exam date", id="progress.exam-date"),
        Binding("r", "refresh", "Refresh", id="progress.refresh"),
        Binding("escape,q", "back", "Back", id="progress.back"),
        *scroll_bindings("progress"),
    ]

    def __init__(self, bank: ExamBank):
        super().__init__()
        self.bank = bank
        self.progress: Progress | None = None

    def compose(self) -> ComposeResult:
        yield Static(data(f"Progress · {self.bank.blueprint.name}"), id="progress-title")
        with HintedScroll(id="progress-body", classes="reading") as body:
            yield Static("", id="progress-exam-day")
            yield Static("", id="progress-plan")
            yield Static("Working out mastery from your answers…", id="progress-score")
            yield Static("", id="progress-scale")
            yield Static("Domains", classes="section-title")
            yield Static("", id="progress-domains")
            yield Static("Code items: where you lose points", classes="section-title")
            yield Static("", id="progress-codes")
            yield Static("Confidence", classes="section-title")
            yield Static("", id="progress-confidence")
            yield Static("Study days", classes="section-title")
            yield Static("", id="progress-calendar")
            yield Static(
                "Mock exams: actual score and the prediction before each", classes="section-title"
            )
            yield Static("", id="progress-mocks")
            yield Static(
                "Practice exams (shorter; not counted in readiness or the trend)",
                classes="section-title",
            )
            yield Static("", id="progress-practice")
        yield MoreBelow(body)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.compute()

    @work(thread=True, exclusive=True, group="progress")
    def compute(self) -> None:
        """Work the progress out off the UI thread; a ProgressLoaded message brings it back."""
        try:
            # The app's book, shared with the book panel (opened once, kept open).
            book = BookOnDemand(self.cert_app.book, owned=False)
            progress = load_progress(self.cert_app.context, self.bank, book, self.cert_app.wording)
        except UserError as exc:
            self.post_message(ProgressLoaded(None, problem=exc.message))
            return
        self.post_message(ProgressLoaded(progress))

    def on_progress_loaded(self, message: ProgressLoaded) -> None:
        message.stop()
        if message.progress is None:
            self.query_one("#progress-score", Static).update(
                data(f"Progress could not be worked out: {message.problem}")
            )
            return
        self.show(message.progress)

    def show(self, progress: Progress) -> None:
        self.progress = progress
        ready = progress.readiness
        day_line = exam_day_text(
            self.cert_app.context.store(),
            self.bank.id,
            progress.now,
        )
        if day_line is None:
            day_line = Text(
                "No exam date set: press d to set the day of your real exam; drills then "
                "aim for that day and a plan spreads the work to it.",
                style="dim",
            )
        elif (
            progress.plan is None
            and get_exam_date(self.cert_app.context.store(), self.bank.id) is not None
            and not plannable(
                get_exam_date(self.cert_app.context.store(), self.bank.id) or date.min, progress.now
            )
        ):
            day_line.append("  (press d to set a new date)", style="dim")
        self.query_one("#progress-exam-day", Static).update(day_line)
        plan = self.query_one("#progress-plan", Static)
        plan.display = progress.plan is not None
        if progress.plan is not None:
            plan.update(plan_lines(progress.plan, served=self.app.is_web))
        self.query_one("#progress-score", Static).update(score_summary(ready))
        self.query_one("#progress-scale", Static).update(score_scale(ready))
        self.query_one("#progress-domains", Static).update(domain_rows(ready.domains))
        self.query_one("#progress-codes", Static).update(
            code_lines(progress.codes, self.bank.id, served=self.app.is_web)
        )
        self.query_one("#progress-confidence", Static).update(
            calibration_lines(progress.calibration, self.bank, served=self.app.is_web)
        )
        self.query_one("#progress-calendar", Static).update(
            heat_map(progress.days, progress.today, HEAT_WEEKS)
        )
        self.query_one("#progress-mocks", Static).update(mock_lines(progress.mocks))
        self.query_one("#progress-practice", Static).update(
            practice_lines(progress.practice, served=self.app.is_web)
        )

    # ---- actions ----

    def action_weak_drill(self) -> None:
        from cert_prep.study.drill import weak_drill_plan

        context = self.cert_app.context
        store = context.store()
        plan = self.guarded(
            weak_drill_plan,
            store,
            self.bank,
            context.clock.now(),
            DEFAULT_DRILL_COUNT,
            get_exam_date(store, self.bank.id),
            self.cert_app.new_seed(),
            self.cert_app.wording,
        )
        if plan is not None:
            self.post_message(DrillRequested(plan))

    def action_lookup_drill(self) -> None:
        """As `cert-prep drill --lookup`: the browser has no command line."""
        self.plan_lookup_drill()

    @work(thread=True, exclusive=True, group="lookup-drill")
    def plan_lookup_drill(self) -> None:
        """Off the UI thread: the book's first opening builds its index (seconds)."""
        from cert_prep.study.lookup import lookup_plan

        context = self.cert_app.context
        try:
            plan = lookup_plan(
                context.store(),
                self.bank,
                self.cert_app.book(),
                context.clock.now(),
                DEFAULT_DRILL_COUNT,
                self.cert_app.new_seed(),
            )
        except UserError as exc:
            self.app.call_from_thread(self.cert_app.show_problem, exc)
            return
        self.post_message(DrillRequested(plan))

    def action_exam_date(self) -> None:
        from cert_prep.study.exam_date import set_exam_date, today_of
        from cert_prep.ui.screens.exam_date_dialog import ExamDateChoice, ExamDateModal

        context = self.cert_app.context
        store = context.store()
        current = get_exam_date(store, self.bank.id)

        def chosen(choice: ExamDateChoice) -> None:
            if choice is None:
                return
            day = choice if isinstance(choice, date) else None  # CLEAR clears it
            try:
                set_exam_date(store, self.bank.id, day)
            except UserError as exc:  # a full disk, a read-only history: said, kept
                self.cert_app.show_problem(exc)
                return
            if day is None:
                self.say("Exam date cleared.")
            else:
                left = days_left_text(day, context.clock.now())
                self.say(f"Exam day set to {day.isoformat()} ({left}).")
            self.action_refresh()

        today = today_of(context.clock.now())
        certification = self.bank.blueprint.certification
        self.app.push_screen(ExamDateModal(certification, current, today), chosen)

    def action_back(self) -> None:
        self.app.pop_screen()
