"""An exam's instructions: its name, length, time, pass mark and keys. Enter starts the clock."""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from cert_prep.engine.assembly import ExamOutline, ExamPlan
from cert_prep.ui.bindings import scroll_bindings
from cert_prep.ui.messages import ExamStartRequested, HomeRequested
from cert_prep.ui.screens.base import CertPrepScreen
from cert_prep.ui.text import Hanging, data, format_hms
from cert_prep.ui.widgets.key_footer import KeyFooter
from cert_prep.ui.widgets.more_below import HintedScroll, MoreBelow

if TYPE_CHECKING:
    from cert_prep.bank.models import Blueprint

# Not in a --closed-book exam: it has no book.
BOOK_KEY = (
    "/ or F2",
    "the ICD-10-CM code book over the question (F2 from the code box too); "
    "Escape or F2 closes it; the clock keeps running",
)
CHOOSE_KEY = (
    "a-e, 1-6",
    'choose an answer (in "choose all that apply" items, toggle it); choice F is 6',
)
CHOOSE_SINGLE_KEY = ("a-e, 1-6", "choose an answer (choose again to change it); choice F is 6")
CODE_KEY = (
    "Enter, e",
    "code items: type codes; in the box Enter saves them and goes on, Escape "
    "leaves (asks first if what you typed is not saved)",
)
QUIT_KEY = ("q, Ctrl+C", "save and quit; `cert-prep resume` continues")
# In the browser (`cert-prep serve`) there is no command line; q goes home, where r resumes.
SERVED_QUIT_KEY = ("q", "save and leave the exam; r on the home screen resumes it")
KEYS = [
    CHOOSE_KEY,
    ("n or →", "next question"),
    ("p or ←", "previous question"),
    ("f", "flag or unflag the question for review"),
    ("g", "question map: answered, unanswered and flagged; Enter jumps"),
    ("s", "review before submitting: y submits, Escape goes back"),
    CODE_KEY,
    ("x, Delete", "clear the answer to this question"),
    BOOK_KEY,
    ("↓ ↑ PgDn", "scroll the question; [ and ] scroll a case record"),
    QUIT_KEY,
    ("Ctrl+P", "every command, by name"),
]


def instruction_lines(bp: Blueprint, outline: ExamOutline, *, served: bool = False) -> Group:
    out = Text()
    out.append_text(data(f"{bp.certification} · {bp.provider}", "italic"))
    out.append("\n\n")
    rows = [
        ("Questions", str(outline.count)),
        ("Time", format_hms(outline.time_limit_s)),
        ("Pass mark", f"{bp.pass_percent:g}%"),
    ]
    if bp.scaled:
        rows.append(
            (
                "Scaled score",
                "estimated (100-400; 300 passes): AHIMA does not publish "
                "its raw cut, so this is an estimate",
            )
        )
    for label, value in rows:
        out.append(f"{label + ':':<14}", style="bold")
        out.append(value + "\n")
    out.append("\n")
    notes = []
    if outline.practice:
        notes.append(
            f"A practice exam: {outline.wanted} of the full exam's "
            f"{bp.total_questions} questions, in the blueprint's domain proportions. "
            "It is listed apart from full mock exams and does not count toward "
            "readiness."
        )
    if outline.pretest:
        notes.append(
            f"As on the real exam, {outline.pretest} of the {outline.count} questions "
            "are unscored pretest items that look like any other; the results name "
            "them after you submit."
        )
    for short in outline.shortfalls:
        notes.append(
            f"The banks hold {short.available} of the {short.wanted} questions wanted "
            f"for {short.name}."
        )
    if outline.options.shuffle:
        notes.append("The choices of each question are shuffled.")
    if outline.options.closed_book:
        notes.append("Closed book: the built-in code book is off for this exam.")
    if outline.options.pausable:
        notes.append("Pausable: the clock stops while cert-prep is closed.")
    else:
        notes.append(
            "The clock runs on while cert-prep is closed, as in the real exam. "
            "Every answer is saved at once."
        )
    notes.append(
        "No key, rationale or score is shown before you submit. "
        "When the time runs out, the exam is submitted with the answers given."
    )
    # Wrapped notes and key descriptions hang beside their bullet or key.
    bullets = Hanging([("•", data(note)) for note in notes], gap=1)
    keys = exam_keys(bp, closed_book=outline.options.closed_book, served=served)
    keys_table = Hanging(keys, gap=2, label_style="bold cyan")
    return Group(out, bullets, Text("\nKeys", style="bold"), keys_table)


def exam_keys(bp: Blueprint, closed_book: bool, served: bool = False) -> list[tuple[str, str]]:
    """The keys this exam uses: a mock of single-answer items only (the CPC) does not
    explain toggling or code boxes it never shows; `served`: in the browser."""
    types = set(bp.item_types or ("single", "multi", "code"))
    keys = []
    for key in KEYS:
        if (key == BOOK_KEY and closed_book) or (key == CODE_KEY and "code" not in types):
            continue
        if key == QUIT_KEY and served:
            key = SERVED_QUIT_KEY
        keys.append(CHOOSE_SINGLE_KEY if key == CHOOSE_KEY and "multi" not in types else key)
    return keys


def _prewarm() -> None:
    for name in ("cert_prep.engine.session", "cert_prep.ui.screens.exam"):
        importlib.import_module(name)


class InstructionsScreen(CertPrepScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start the clock", id="instructions.start"),
        Binding("escape", "back", "Back", id="instructions.back"),
        *scroll_bindings("instructions"),
    ]

    def __init__(self, blueprint: Blueprint, outline: ExamOutline, plan: ExamPlan | None = None):
        """`plan` is None while the screen shows an exam's preview: the app sets it once
        the library has loaded (see StudyFlows.confirm_preview)."""
        super().__init__()
        self.blueprint = blueprint
        self.outline = outline
        self.plan = plan

    def compose(self) -> ComposeResult:
        with Vertical(id="instructions", classes="card"):
            yield Static(data(self.blueprint.name), classes="card-title")
            with HintedScroll(classes="reading") as box:
                yield Static(
                    instruction_lines(self.blueprint, self.outline, served=self.app.is_web),
                    id="instructions-text",
                )
            yield MoreBelow(box)
            yield Static("Press Enter to start the clock. Escape goes back.", classes="card-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        # The screen is up: load the exam's modules (engine session, pydantic, the exam
        # screen) while the student reads, so neither the first paint nor Enter waits.
        self.call_after_refresh(lambda: self.set_timer(0.05, self._prewarm))
        if not self.outline.options.closed_book:
            self.cert_app.warm_book()  # the code book's first opening takes seconds

    def _prewarm(self) -> None:
        threading.Thread(target=_prewarm, name="cert-prep-prewarm", daemon=True).start()

    def _confirmed(self) -> ExamPlan | None:
        """The plan; a key that comes before the preview was confirmed confirms it first
        (None: it did not hold, and the app is ending to start over)."""
        if self.plan is None:
            self.cert_app.confirm_preview()
        return self.plan

    def action_start(self) -> None:
        plan = self._confirmed()
        if plan is not None:
            self.post_message(ExamStartRequested(plan))

    def action_back(self) -> None:
        if self._confirmed() is not None:
            self.post_message(HomeRequested())
