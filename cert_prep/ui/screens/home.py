"""Home: pick an exam (questions, time, pass mark), start a mock or practice exam, drill,
resume, past attempts and their reports. Below NARROW_WIDTH columns the details stack under
a one-line-an-exam list."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from cert_prep.bank.loader import ExamBank, Library
from cert_prep.engine.assembly import DrillPlan, ExamOptions, plan_drill
from cert_prep.engine.attempt_summary import describe_unfinished, unfinished
from cert_prep.engine.session import load_result
from cert_prep.errors import UserError
from cert_prep.store import AttemptRow
from cert_prep.study.exam_date import days_left_text, get_exam_date
from cert_prep.ui.messages import DrillRequested, ExamRequested, LibraryLoaded, ResumeRequested
from cert_prep.ui.screens.base import CertPrepScreen
from cert_prep.ui.screens.drill_setup import DrillChoice, DrillSetupModal
from cert_prep.ui.text import data, when
from cert_prep.ui.widgets.exam_details import exam_details, exam_line
from cert_prep.ui.widgets.key_footer import KeyFooter

RECENT_ATTEMPTS = 20
# Below this width the exam list and the highlighted exam's details stack (-narrow): side
# by side, the list's 42 columns would leave the details too little room, or none.
NARROW_WIDTH = 60
# The title bar shows the longest of these that fits (a cut one read "... drills for").
TITLES = (
    "cert-prep · mock exams and drills for CPC, CCS and CCA",
    "cert-prep · mock exams and drills",
    "cert-prep",
)
TITLE_PADDING = 2  # #home-title's padding, left and right


def title_for(width: int) -> str:
    return next((t for t in TITLES if len(t) + TITLE_PADDING <= width), TITLES[-1])


def attempt_score(row: AttemptRow) -> str:
    """`4/12 33%` for a drill, `62% FAIL` for an exam: short enough that the past-attempts
    table fits beside the exam list at 80 columns (the report has the rest)."""
    if row.passed is not None:
        return f"{row.percent:.0f}% {'PASS' if row.passed else 'FAIL'}"
    return f"{row.correct}/{row.total} {row.percent:.0f}%" if row.total else "0/0"


class HomeScreen(CertPrepScreen):
    is_home = True
    # Narrow: one line per exam (the details below say the rest), the details under the
    # list in a pane of their own that scrolls (Tab moves there).
    CSS = """
    HomeScreen.-narrow #home-body { layout: vertical; }
    HomeScreen.-narrow #home-left { width: 1fr; height: auto; padding: 0 1; }
    HomeScreen.-narrow #exams { height: auto; max-height: 8; }
    HomeScreen.-narrow #home-left > .section-title { margin: 0; }
    HomeScreen.-narrow #home-right { height: 1fr; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "exam", "Mock exam", id="home.exam"),
        Binding("o", "exam_options", "Options", id="home.exam-options"),
        Binding("d", "drill", "Drill", id="home.drill"),
        Binding("r", "resume", "Resume", id="home.resume"),
        Binding("a", "attempts", "Attempts", id="home.attempts"),
        Binding("v", "view_report", "Report", id="home.report"),
        Binding("p", "progress", "Progress", id="home.progress"),
        Binding("c", "confidence", "Confidence", id="home.confidence"),
        Binding("q", "quit", "Quit", id="home.quit"),
    ]

    HELP_EXTRA = (
        ("Enter", "Start a mock exam of the highlighted exam; in past attempts, open one"),
        ("↑ ↓", "Move in the list"),
        ("Tab", "Between the exam list, the exam's details and the past attempts"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.library: Library | None = None
        self._attempt_ids: list[int] = []
        # The highlighted exam's unfinished exams, read when it is shown (highlighted, or
        # home resumed after an exam started or ended): the bindings refresh on every
        # focus change and must not query the store each time.
        self._unfinished: list[AttemptRow] = []

    def compose(self) -> ComposeResult:
        yield Static(title_for(self.app.size.width), id="home-title")
        with Horizontal(id="home-body"):
            with Vertical(id="home-left"):
                yield Static("Exams", classes="section-title")
                yield OptionList(id="exams")
            with VerticalScroll(id="home-right"):
                yield Static("Loading the question banks…", id="exam-details")
                yield Static("", id="unfinished")
                yield Static("Past attempts", id="attempts-title", classes="section-title")
                yield DataTable(id="attempts", cursor_type="row", zebra_stripes=True)
                yield Static(
                    "None yet: e starts a mock exam, o a shorter practice exam, d a drill.",
                    id="no-attempts",
                )
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#attempts", DataTable)
        table.add_columns("Finished", "Mode", "Score")
        self.set_class(self.app.size.width < NARROW_WIDTH, "-narrow")
        self.load_library()

    def on_resize(self) -> None:  # Textual runs CertPrepScreen's own on_resize too
        self.query_one("#home-title", Static).update(title_for(self.app.size.width))
        narrow = self.app.size.width < NARROW_WIDTH
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self.show_exam_lines()

    def show_exam_lines(self) -> None:
        """The exams' lines in the list, one line each on a narrow screen."""
        if self.library is None:
            return
        options = self.query_one("#exams", OptionList)
        compact = self.has_class("-narrow")
        for index, bank in enumerate(self.library.exams.values()):
            options.replace_option_prompt_at_index(index, exam_line(bank, compact=compact))

    @work(thread=True, exclusive=True, group="home-library")
    def load_library(self) -> None:
        """Read the banks off the UI thread (a first run parses every file)."""
        try:
            library = self.cert_app.context.library()
        except UserError as exc:
            self.post_message(LibraryLoaded(None, problem=exc.message))
            return
        self.post_message(LibraryLoaded(library))

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        message.stop()
        if message.library is None:
            self.query_one("#exam-details", Static).update(
                data(f"The question banks could not be loaded: {message.problem}")
            )
            return
        self.library = message.library
        self.fill_exams()

    def fill_exams(self) -> None:
        assert self.library is not None
        options = self.query_one("#exams", OptionList)
        options.clear_options()
        banks = list(self.library.exams.values())
        if not banks:
            # Served, the banks are the server's: the student cannot add any.
            self.query_one("#exam-details", Static).update(
                "No exams found: this server has no question banks; tell whoever runs it."
                if self.app.is_web
                else "No exams found. Add a bank root with --banks DIR."
            )
            return
        compact = self.has_class("-narrow")
        options.add_options(Option(exam_line(b, compact=compact), id=b.id) for b in banks)
        # The exam last studied (a drill or a mock exam, here or on the command line).
        last = self.cert_app.context.store().get_setting("last_exam")
        ids = [b.id for b in banks]
        options.highlighted = ids.index(last) if last in ids else 0
        options.focus()
        self.show_exam()

    def on_screen_resume(self) -> None:
        if self.library is not None:
            self.show_exam()

    # ---- the highlighted exam ----

    @property
    def bank(self) -> ExamBank | None:
        options = self.query_one("#exams", OptionList)
        if self.library is None or options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        return self.library.exams.get(option.id or "")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_exam()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_exam()

    def show_exam(self) -> None:
        bank = self.bank
        if bank is None:
            return
        bp = bank.blueprint
        exam_day = get_exam_date(self.cert_app.context.store(), bp.id)
        countdown = None
        if exam_day is not None:
            left = days_left_text(exam_day, self.cert_app.context.clock.now())
            countdown = f"Exam day {exam_day.isoformat()} · {left}"
        self.query_one("#exam-details", Static).update(exam_details(bank, countdown))
        self.show_unfinished(bank)
        self.show_attempts(bank)

    def unfinished_exams(self, bank: ExamBank) -> list[AttemptRow]:
        """The exam's unfinished mock and practice exams, newest first."""
        store = self.cert_app.context.store()
        return [r for r in unfinished(store, bank.id) if r.mode == "exam"]

    def show_unfinished(self, bank: ExamBank) -> None:
        store = self.cert_app.context.store()
        rows = self._unfinished = self.unfinished_exams(bank)
        line = self.query_one("#unfinished", Static)
        line.display = bool(rows)
        if rows:
            out = Text("Unfinished: ", style="bold yellow")
            now = self.cert_app.context.clock.now()
            named = (describe_unfinished(store, r, bank.blueprint.name, now) for r in rows)
            out.append("; ".join(named), style="yellow")
            out.append(
                ". Press r to resume" + (" one." if len(rows) > 1 else " it."), style="bold yellow"
            )
            line.update(out)
        self.refresh_bindings()

    def show_attempts(self, bank: ExamBank) -> None:
        store = self.cert_app.context.store()
        rows: list[AttemptRow] = store.attempts(exam=bank.id)[:RECENT_ATTEMPTS]
        table = self.query_one("#attempts", DataTable)
        table.clear()
        self._attempt_ids = [r.id for r in rows]
        for row in rows:
            table.add_row(when(row.submitted_at)[5:], row.kind, attempt_score(row), key=str(row.id))
        # No attempts: a line saying how to make one, not a table of headings alone.
        self.query_one("#attempts-title", Static).update(
            "Past attempts (Enter opens one, v its report)" if rows else "Past attempts"
        )
        table.display = bool(rows)
        self.query_one("#no-attempts", Static).display = not rows
        self.refresh_bindings()  # `a` goes to the table: offered only when it shows

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return self.bank is not None and bool(self._unfinished)
        in_attempts = self.focused is self.query_one("#attempts")
        if action == "view_report":
            # Offered in the past-attempts table only: the footer has no room for it at 80
            # columns, and `v` means the highlighted attempt.
            return bool(self._attempt_ids) and in_attempts
        if action == "attempts":
            # Already there: its place in the footer goes to `v`; none yet: nothing to go to.
            return not in_attempts and bool(self._attempt_ids)
        return True

    # ---- actions ----

    def action_exam(self) -> None:
        bank = self.bank
        if bank is not None:
            self.post_message(ExamRequested(bank.id, ExamOptions(seed=self.cert_app.new_seed())))

    def action_exam_options(self) -> None:
        """Any exam: shorter (practice), pausable, shuffled."""
        bank = self.bank
        if bank is None:
            return
        from cert_prep.ui.screens.choosers import ExamOptionsModal

        bp = bank.blueprint

        def chosen(options: ExamOptions | None) -> None:
            if options is not None:
                self.post_message(ExamRequested(bank.id, options))

        self.app.push_screen(
            ExamOptionsModal(
                bp.name, bp.total_questions, bp.time_limit_minutes, self.cert_app.new_seed
            ),
            chosen,
        )

    def action_resume(self) -> None:
        bank = self.bank
        if bank is None:
            return
        rows = self.unfinished_exams(bank)
        if len(rows) == 1:
            self.post_message(ResumeRequested(rows[0].id))
        elif rows:
            self.cert_app.choose_resume([r.id for r in rows])

    def action_view_report(self) -> None:
        """Write the HTML report of the highlighted past attempt and open it."""
        table = self.query_one("#attempts", DataTable)
        if not self._attempt_ids:
            return
        row = min(max(table.cursor_row, 0), len(self._attempt_ids) - 1)
        self.cert_app.open_report(self._attempt_ids[row])

    def action_drill(self) -> None:
        bank = self.bank
        if bank is None:
            return

        def planner(choice: DrillChoice) -> DrillPlan:
            from cert_prep.study.card_sync import last_answered

            context = self.cert_app.context
            last = last_answered(context.store(), bank, context.clock.now())
            return plan_drill(
                bank,
                choice.domains,
                choice.tags,
                choice.count,
                self.cert_app.new_seed(),
                last,
                self.cert_app.wording,
            )

        def chosen(choice: DrillChoice | None) -> None:
            if choice is not None and choice.plan is not None:
                self.post_message(DrillRequested(choice.plan))

        self.app.push_screen(DrillSetupModal(bank, planner), chosen)

    def action_progress(self) -> None:
        bank = self.bank
        if bank is not None:
            from cert_prep.ui.screens.progress import ProgressScreen

            self.app.push_screen(ProgressScreen(bank))

    def action_confidence(self) -> None:
        """Toggle the saved setting: every drill asks how sure you were before feedback."""
        from cert_prep.study.confidence import confidence_on, set_confidence

        store = self.cert_app.context.store()
        on = not confidence_on(store)
        self.guarded(set_confidence, store, on)
        self.say(
            "Confidence ratings on: drills ask how sure you were (1-3) before the feedback."
            if on
            else "Confidence ratings off."
        )

    def action_attempts(self) -> None:
        self.query_one("#attempts", DataTable).focus()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # `v` (report) belongs to the past-attempts table

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        bank = self.bank
        if bank is None or event.row_key.value is None:
            return
        result = self.guarded(
            load_result,
            self.cert_app.context.store(),
            bank,
            int(event.row_key.value),
        )
        if result is not None:
            self.cert_app.show_result(result, from_history=True)

    def action_quit(self) -> None:
        self.app.exit()
