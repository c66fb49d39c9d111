"""The exam screen: a question at a time, the clock, and nothing revealed before submission.

The ExamSession (engine) is the authority: every key that changes something calls it,
and it writes to the store before anything changes on screen. This screen keeps only
view state (which warnings were shown, the clock's text).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import Static

from cert_prep.bank.models import CodeQuestion
from cert_prep.engine.session import AttemptClosed, ExamSession
from cert_prep.ui.bindings import choice_bindings, choice_fits, scroll_bindings
from cert_prep.ui.messages import ExamSubmitted, HomeRequested
from cert_prep.ui.screens.book_access import BOOK_BINDING, CLOSED_BOOK_BINDING, BookAccess
from cert_prep.ui.screens.exam_codes import ExamCodeEntry
from cert_prep.ui.screens.modals import ConfirmModal
from cert_prep.ui.widgets.key_footer import KeyFooter
from cert_prep.ui.widgets.question_view import QuestionView
from cert_prep.ui.widgets.status_bar import StatusBar

CHECKPOINT_EVERY_S = 15  # pausable exams bank their time at least this often


class ExamScreen(BookAccess, ExamCodeEntry):
    # Keys go to the screen, code items too: the code box is focused only on Enter or `e`,
    # so paging with n/p/q/s never types into it.
    AUTO_FOCUS = ""  # not None: None falls back to the app's "*" (focus the first widget)

    # `f` is both the flag key and choice F's letter: flagging keeps it (any question can
    # be flagged), and choice F is chosen with `6`.
    BINDINGS: ClassVar[list[BindingType]] = [
        *scroll_bindings("exam"),
        *choice_bindings("exam", letters="abcde"),
        Binding("n,right", "next", "Next", id="exam.next", tooltip="The next question"),
        Binding(
            "p,left", "previous", "Previous", id="exam.previous", tooltip="The previous question"
        ),
        Binding("f", "flag", "Flag", id="exam.flag", tooltip="Flag or unflag for review"),
        Binding(
            "g",
            "map",
            "Map",
            id="exam.map",
            tooltip="Question map: answered, unanswered, flagged; Enter jumps",
        ),
        Binding(
            "s",
            "review_submit",
            "Submit",
            id="exam.submit",
            tooltip="Review unanswered and flagged questions, then submit",
        ),
        Binding(
            "enter,e",
            "edit_codes",
            "type codes",
            id="exam.codes",
            key_display="Enter",
            tooltip="Put the cursor in the code box (Enter there saves, Escape leaves)",
        ),
        BOOK_BINDING,
        CLOSED_BOOK_BINDING,
        # Quit before Clear: at 80 columns the footer has room for one of them.
        Binding(
            "q",
            "leave",
            "Quit",
            id="exam.quit",
            tooltip="Save and quit; `cert-prep resume` continues",
        ),
        Binding(
            "x,delete",
            "clear_answer",
            "Clear",
            id="exam.clear",
            tooltip="Remove the answer to this question",
        ),
    ]

    SERVED_TOOLTIPS: ClassVar[dict[str, str]] = {
        "exam.quit": "Save and leave; r on the home screen resumes the exam",
    }

    position: reactive[int] = reactive(-1, init=False)
    seconds_left: reactive[float] = reactive(0.0, init=False)

    session: ExamSession

    def __init__(self, session: ExamSession):
        super().__init__()
        self.session = session
        self._warned: set[int] = set()
        self._ticks = 0
        self._footer_keys: tuple[bool, int] | None = None  # (code item, choices) shown

    def compose(self) -> ComposeResult:
        yield StatusBar(self.session.blueprint.name, id="status")
        changes = self.session.bank_changes()
        if changes:
            yield Static(" ".join(changes), id="notice")
        yield QuestionView(blink=getattr(self.app, "cursor_blink", True), id="question")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.position = self.session.index
        self.tick()
        self.set_interval(1.0, self.tick)

    # ---- showing ----

    def watch_position(self, index: int) -> None:
        self.show_question()
        if self.focused is not None:
            self.set_focus(None)
        entry = self.session.current
        # What the footer's keys depend on: code box or letters, and how many (`a-d`, `a-e`).
        footer_keys = (isinstance(entry.question, CodeQuestion), len(entry.choices()))
        if footer_keys != self._footer_keys:
            # The footer is rebuilt on every bindings refresh: only when the keys change.
            self._footer_keys = footer_keys
            self.refresh_bindings()

    def show_question(self) -> None:
        session = self.session
        entry = session.current
        chosen = set([entry.response] if isinstance(entry.response, str) else entry.response or [])
        self.view.show(entry, chosen=set() if entry.kind == "code" else chosen)
        bar = self.query_one(StatusBar)
        bar.show_position(session.index + 1, session.count)
        self._show_counts()

    def _show_counts(self) -> None:
        session = self.session
        answered, flagged = f"{session.answered_count}/{session.count}", session.flagged_count
        # Longest first: a narrow bar takes the map's symbols, then only this one's flag.
        forms = [f"Answered {answered} · Flagged {flagged}", f"✓ {answered} · ⚑ {flagged}"]
        if session.current.flagged:
            forms = [f"{form}  ⚑ flagged" for form in forms] + ["⚑ flagged"]
        self.query_one(StatusBar).show_counts(*forms)

    def watch_seconds_left(self, seconds: float) -> None:
        self.query_one(StatusBar).show_time(seconds)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        is_code = isinstance(self.session.current.question, CodeQuestion)
        if action == "choose":
            return not is_code and choice_fits(parameters, len(self.session.current.choices()))
        if action == "edit_codes":
            return is_code
        return super().check_action(action, parameters)

    # ---- time ----

    def tick(self) -> None:
        session = self.session
        if session.closed:
            return
        self.seconds_left = session.remaining()
        for threshold in session.warnings_due(self._warned):
            self._warned.add(threshold)
            self.say(f"{threshold // 60} minutes left.", severity="warning", timeout=10)
        if session.expired():
            self._time_out()
            return
        self._ticks += 1
        if session.pausable and self._ticks % CHECKPOINT_EVERY_S == 0:
            self.guarded(session.checkpoint)
        elif self._ticks % CHECKPOINT_EVERY_S == 0:
            self.guarded(session.ensure_held)  # another window may have taken the exam over

    def _time_out(self) -> None:
        box = self.view.codes
        typing = box.has_focus or self._book_from_box
        self.close_book()  # the time is up under the book too: submit what there is
        if (
            box.display
            and typing
            and box.value.strip()
            and box.value != self.session.current.response_text()
        ):
            self.guarded(self.session.set_codes, box.value)  # typed before time ran out
        result = self.guarded(self.session.submit, "time")
        if result is not None:
            self.post_message(ExamSubmitted(result))

    # ---- actions ----

    def action_choose(self, letter: str) -> None:
        self._saved(self.session.choose, letter)
        self.show_question()

    def action_next(self) -> None:
        if self._ask_about_unsaved_codes(self.action_next):
            return
        moved = self.guarded(self.session.next)
        if moved is False:
            self.say("This is the last question. Press s to review and submit.")
        self.position = self.session.index

    def action_previous(self) -> None:
        if self._ask_about_unsaved_codes(self.action_previous):
            return
        moved = self.guarded(self.session.back)
        if moved is False:
            self.say("This is the first question.")
        self.position = self.session.index

    def go_to(self, index: int) -> None:
        self.guarded(self.session.go_to, index)
        if self.position == self.session.index:
            self.watch_position(self.position)  # same question: show it afresh
        self.position = self.session.index

    def action_flag(self) -> None:
        self.guarded(self.session.toggle_flag)
        self._show_counts()

    def action_map(self) -> None:
        if self._ask_about_unsaved_codes(self.action_map):
            return
        from cert_prep.ui.screens.question_map import QuestionMapScreen

        def chosen(index: int | None) -> None:
            if index is not None:
                self.go_to(index)

        self.app.push_screen(QuestionMapScreen(self.session), chosen)

    def action_review_submit(self) -> None:
        if self._ask_about_unsaved_codes(self.action_review_submit):
            return
        from cert_prep.ui.screens.review_submit import ReviewSubmitScreen

        def chosen(choice: int | str | None) -> None:
            if choice == "submit":
                self._submit()
            elif isinstance(choice, int):
                self.go_to(choice)

        self.app.push_screen(ReviewSubmitScreen(self), chosen)

    def _submit(self) -> None:
        result = self.guarded(self.session.submit, "submitted")
        if result is not None:
            self.post_message(ExamSubmitted(result))

    def action_clear_answer(self) -> None:
        entry = self.session.current
        if not entry.answered and not (self.view.codes.display and self.view.codes.value):
            self.say("This question has no answer to clear.")
            return
        if isinstance(entry.question, CodeQuestion):
            done = self._saved(self.session.set_codes, "")
        else:
            done = self._saved(self.session.set_choices, [])
        if done:
            self.say("Answer cleared.")
        self.show_question()

    def action_leave(self) -> None:
        if self.session.pausable:
            note = "The clock stops until you resume (this exam is pausable)."
        else:
            note = "The clock keeps running while cert-prep is closed, as in the real exam."
        question = f"Leave the exam? Your answers are saved. {note}"

        def leave(yes: bool | None) -> None:
            if not yes:
                return
            self.save_and_leave()
            if self.app.is_web:  # in the browser, leaving ends the page: home instead
                self.post_message(HomeRequested())
                self.app.notify("Your answers are saved; r on the home screen resumes it.")
            else:
                self.app.exit()

        self.app.push_screen(ConfirmModal(question, yes="Leave", no="Stay"), leave)

    def save_and_leave(self) -> None:
        """Called before the app exits: keep the time on this question; pause if pausable."""
        if not self.session.closed:
            lost = ""
            if self._unsaved_codes() and not self._save_codes(self.view.codes.value):
                lost = (
                    f" The codes typed for question {self.session.index + 1} were not "
                    f"saved: {self.view.codes.value.strip()[:40]!r} is not a code."
                )
            self.guarded(self.session.close)
            self.cert_app.farewell = (
                f"Your answers are saved ({self.session.answered_count} of "
                f"{self.session.count} answered). `cert-prep resume` continues the exam.{lost}"
            )

    def attempt_closed(self, exc: AttemptClosed) -> None:
        self.cert_app.attempt_closed_elsewhere(self.session, exc)
