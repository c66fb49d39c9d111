"""A drill: untimed, feedback at once (Correct or Incorrect, the key, the rationale).

Single items: a choice key answers. Multi items: letters toggle, Enter submits. Code
items: Enter in the box submits and leaves it. Then `n` or Enter goes on; after the last
question the drill's summary follows.

With confidence ratings on, the answer is saved at once and one more key says how sure
the student was (1 guess, 2 unsure, 3 sure; Enter, or moving on, skips); only then is
its review written and the feedback shown. Whether a rating is due is the session's
state (kept in the store), not the screen's: a crash loses neither answer nor question.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import Input, Static

from cert_prep.bank.models import CodeQuestion, MultiQuestion
from cert_prep.engine.session import AttemptClosed, DrillSession
from cert_prep.ui.bindings import choice_bindings, choice_fits, scroll_bindings
from cert_prep.ui.messages import DrillFinished
from cert_prep.ui.screens.book_access import BOOK_BINDING, BookAccess
from cert_prep.ui.screens.modals import ConfirmModal, SaveCodesModal
from cert_prep.ui.text import data
from cert_prep.ui.widgets.code_input import CodeInput
from cert_prep.ui.widgets.key_footer import KeyFooter
from cert_prep.ui.widgets.question_view import QuestionView
from cert_prep.ui.widgets.status_bar import StatusBar

# Rows below which a drill's first screen says why in brief, so the question stays in view.
SHORT_SCREEN = 30


CONFIDENCE_KEYS = ("1", "2", "3")  # guess, unsure, sure


class DrillScreen(BookAccess):
    # Keys go to the screen, code items too: the box is focused only on Enter or `e`, so
    # `n n n Enter` never records `NNN` as a wrong answer.
    AUTO_FOCUS = ""  # not None: None falls back to the app's "*" (focus the first widget)

    BINDINGS: ClassVar[list[BindingType]] = [
        *scroll_bindings("drill"),
        *choice_bindings("drill"),
        # Enter does one thing at a time, and the footer names it: the first of these
        # bindings that check_action enables runs.
        # While a confidence key is awaited Enter skips the rating (n, p, q too).
        Binding("enter", "skip_confidence", "Skip rating", id="drill.skip-confidence"),
        # An unanswered multi item: Enter submits the choices ticked.
        Binding("enter", "submit_choices", "Submit", id="drill.enter"),
        # A one-answer question is answered by its letter; Enter there only says so.
        Binding("enter", "enter_hint", "Answer by letter", show=False, id="drill.enter-hint"),
        # Unanswered code items: Enter (or e) puts the cursor in the box instead.
        Binding("enter,e", "edit_codes", "type codes", id="drill.codes", key_display="Enter"),
        # Answered: Enter goes on. The same action as n, so the footer shows one "⏎ Next".
        Binding("enter", "next", "Next", id="drill.enter-next"),
        Binding("n,right", "next", "Next", id="drill.next"),
        Binding("p,left", "previous", "Previous", id="drill.previous"),
        Binding("q", "finish", "End drill", id="drill.quit"),
        BOOK_BINDING,
    ]

    position: reactive[int] = reactive(-1, init=False)

    session: DrillSession

    CONFIDENCE_PROMPT = "How sure are you?  1 guess   2 unsure   3 sure   (Enter skips)"

    def __init__(self, session: DrillSession):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield StatusBar(f"Drill · {self.session.blueprint.name}", timed=False, id="status")
        if self.session.intro:
            yield Static(data(self.notice_text()), id="notice")
        yield QuestionView(blink=getattr(self.app, "cursor_blink", True), id="question")
        yield Static(self.CONFIDENCE_PROMPT, id="confidence", markup=False)
        yield KeyFooter()

    def notice_text(self) -> str:
        """Why these questions: the drill's intro, or its brief on a short screen."""
        session = self.session
        short = self.app.size.height < SHORT_SCREEN and session.brief
        return "\n".join(session.brief if short else session.intro)

    def on_resize(self) -> None:
        for notice in self.query("#notice").results(Static):
            notice.update(data(self.notice_text()))

    def on_mount(self) -> None:
        self.position = self.session.index
        # Code feedback reads the book; opened early, off the UI thread.
        self.cert_app.warm_book(self._book_ready)

    def _book_ready(self) -> None:
        entry = self.session.current
        if self.is_attached and entry.answered and not entry.rating_due:
            self.view.show_feedback(entry)

    def watch_position(self, index: int) -> None:
        self.show_question()
        self.set_focus(None)

    def show_question(self) -> None:
        session = self.session
        entry = session.current
        if entry.answered:
            keys = entry.response if isinstance(entry.response, list) else [entry.response]
            chosen = set() if entry.kind == "code" else set(keys)
        else:
            chosen = set(session.pending)
        # An answer waiting for its rating stays shown (a slip shows), its key hidden.
        self.view.show(entry, chosen=chosen, reveal=entry.answered and not entry.rating_due)
        self._show_confidence_prompt(entry.response_text() if entry.rating_due else None)
        # Why these questions (the weak drill's domains) is said once, on the first screen.
        for notice in self.query("#notice"):
            notice.display = session.index == 0 and not entry.answered
        bar = self.query_one(StatusBar)
        bar.show_position(session.index + 1, session.count)
        done = [e for e in session.entries if e.answered and not e.rating_due]
        right = sum(1 for e in done if e.correct)
        bar.show_counts(f"Score so far {right}/{len(done)}")
        self.refresh_bindings()

    def _show_confidence_prompt(self, answer: str | None) -> None:
        """Ask how sure the student was of `answer` (None: hide the question); the prompt
        names the answer, so a slip shows."""
        prompt = self.query_one("#confidence", Static)
        prompt.display = answer is not None
        if answer is not None:
            prompt.update(f"Your answer: {answer}.  {self.CONFIDENCE_PROMPT}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.session.rating_due:  # 1-3 say how sure, Enter skips; letters are not offered
            return action not in ("edit_codes", "submit_choices") and (
                action != "choose" or parameters[0] in CONFIDENCE_KEYS
            )
        if action == "skip_confidence":
            return False
        if action == "enter_hint":
            entry = self.session.current
            return not entry.answered and entry.kind == "single"
        entry = self.session.current
        is_code = isinstance(entry.question, CodeQuestion)
        if action == "choose":
            return (
                not entry.answered and not is_code and choice_fits(parameters, len(entry.choices()))
            )
        if action == "edit_codes":
            return is_code and not entry.answered
        if action == "submit_choices":
            return not entry.answered and isinstance(entry.question, MultiQuestion)
        return True

    def action_enter_hint(self) -> None:
        self.say("Press the letter of your answer.")

    def action_skip_confidence(self) -> None:
        if self.session.rating_due:
            self.give_confidence(None)

    # ---- answering ----

    def give_confidence(self, level: int | None) -> None:
        """The rating (None: skipped) completes the answer: its review, then the feedback."""
        feedback = self.guarded(self.session.rate, level)
        self.show_question()
        if feedback is not None:
            self.view.bring_feedback_into_view()

    def _answered(self, answer: Callable[..., Any], *args: Any) -> bool:
        """Give the answer (saved at once); the feedback follows unless a rating is due."""
        if self.guarded(answer, *args) is None:
            self.show_question()
            return False
        self.show_question()
        if not self.session.rating_due:
            self.view.bring_feedback_into_view()
        return True

    def action_choose(self, letter: str) -> None:
        entry = self.session.current
        if self.session.rating_due:
            if letter in CONFIDENCE_KEYS:
                self.give_confidence(int(letter))
            else:
                self.say("How sure were you? Press 1 (guess), 2 (unsure) or 3 (sure); Enter skips.")
            return
        if entry.answered:
            self.say("Already answered: press n or Enter for the next question.")
            return
        if isinstance(entry.question, MultiQuestion):
            self.guarded(self.session.choose, letter)  # a toggle
            self.show_question()
        else:
            self._answered(self.session.choose, letter)

    def action_submit_choices(self) -> None:
        """A multi item's ticked choices as the answer."""
        self._answered(self.session.submit_choices)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit_codes(event.value)

    def _submit_codes(self, text: str) -> bool:
        """Answer with typed codes; a malformed entry is refused and the box keeps it."""
        if self.guarded(self.session.submit_codes, text) is None:
            return False
        self.cert_app.clear_problem()  # the shape error, if one was shown, no longer applies
        self.set_focus(None)
        self.show_question()
        if not self.session.rating_due:
            self.view.bring_feedback_into_view()
        return True

    def on_code_input_abandoned(self, event: CodeInput.Abandoned) -> None:
        event.stop()
        if not self._ask_about_unsaved_codes(None):
            self._leave_box()

    def _leave_box(self) -> None:
        self.set_focus(None)
        self.view.show_code_hint(typing=False)

    def _unsaved_codes(self) -> bool:
        """Codes typed in the box, not yet given as the answer."""
        box = self.view.codes
        return bool(box.display and box.value.strip()) and not self.session.current.answered

    def _ask_about_unsaved_codes(self, then: Callable[[], object] | None) -> bool:
        """If the box holds codes not given as the answer, ask (y answers with them, n
        discards, Escape types on) and run `then` once it is settled. False when there
        was nothing to ask."""
        if not self._unsaved_codes():
            return False
        box = self.view.codes

        def settled(answer: bool | None) -> None:
            if answer is None or (answer and not self._submit_codes(box.value)):
                self.action_edit_codes()  # back to typing, the text kept
                return
            if not answer:
                box.value = ""
                self._leave_box()
            if then is not None:
                then()

        self.app.push_screen(SaveCodesModal(), settled)
        return True

    # ---- moving ----

    def action_next(self) -> None:
        # A rating still due is skipped by the move (the session writes the review).
        moved = self.guarded(self.session.next)
        if moved is False:
            self._finish("finished")
            return
        self.position = self.session.index

    def action_previous(self) -> None:
        if self.guarded(self.session.back) is False:
            self.say("This is the first question.")
        self.position = self.session.index

    def action_finish(self) -> None:
        if self.session.rating_due:  # q skips the rating: the answer counts as given
            self.give_confidence(None)
        left = self.session.count - self.session.answered_count
        if not left:
            self._finish("finished")
            return

        def end(yes: bool | None) -> None:
            if yes:
                self._finish("quit")

        self.app.push_screen(
            ConfirmModal(
                f"End the drill now? {left} question(s) are not answered; the score counts the "
                "answered ones.",
                yes="End",
                no="Go on",
            ),
            end,
        )

    def _finish(self, reason: str) -> None:
        result = self.guarded(self.session.finish, reason)
        if result is not None:
            self.post_message(DrillFinished(result))

    def save_and_leave(self) -> None:
        """Before the app exits: every answer is already a review; a drill left before
        its first answer is not kept for `cert-prep resume` (there is nothing to continue)."""
        session = self.session
        if session.closed:
            return
        if session.answered_count:
            self.cert_app.farewell = (
                f"Your answers are saved ({session.answered_count} of {session.count} "
                "answered). `cert-prep resume` continues the drill."
            )
        else:
            self.guarded(session.discard)  # a store that refuses says so; it stays open
            if session.closed:
                self.cert_app.farewell = "Nothing was answered, so the drill is not kept."

    def attempt_closed(self, exc: AttemptClosed) -> None:
        self.cert_app.attempt_closed_elsewhere(self.session, exc)
