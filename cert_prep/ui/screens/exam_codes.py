"""The exam screen's code box: typing, saving, and never dropping typed text silently.

The box is focused only on Enter or `e`. Enter saves (after the shape check) and goes on;
Escape, Tab, Ctrl+C or any move away with unsaved text asks "Save the codes you typed?".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.widgets import Input

from cert_prep.ui.screens.modals import SaveCodesModal
from cert_prep.ui.screens.question_screen import QuestionScreen
from cert_prep.ui.widgets.code_input import CodeInput, same_codes

if TYPE_CHECKING:
    from cert_prep.engine.session import ExamSession


class ExamCodeEntry(QuestionScreen):
    """The code box half of ExamScreen."""

    session: ExamSession
    # ExamScreen's own moves, which a settled code box hands back to.
    show_question: Callable[[], None]
    action_next: Callable[[], None]

    def _saved(self, action: Callable[..., object], *args: Any) -> bool:
        """True if the session saved the answer (a failure has become a message)."""
        return bool(self.guarded(lambda: (action(*args), True)[1]))

    def _unsaved_codes(self) -> bool:
        box = self.view.codes
        return bool(box.display) and not same_codes(box.value, self.session.current.response_text())

    def _save_codes(self, text: str) -> bool:
        """Save typed codes; a malformed entry is refused (a message names it), and that
        message goes once codes are saved."""
        if not self._saved(self.session.set_codes, text):
            return False
        self.cert_app.clear_problem()
        return True

    def _leave_box(self) -> None:
        self.set_focus(None)
        self.view.show_code_hint(typing=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self._save_codes(event.value):
            return  # refused: the box keeps the text and the cursor
        self._leave_box()
        if self.session.index + 1 < self.session.count:
            self.action_next()
        else:
            self.show_question()
            self.say("Codes saved. This is the last question. Press s to review and submit.")

    def on_code_input_abandoned(self, event: CodeInput.Abandoned) -> None:
        event.stop()
        if not self._ask_about_unsaved_codes(None):
            self._leave_box()

    def _ask_about_unsaved_codes(self, then: Callable[[], object] | None) -> bool:
        """If the box holds text that is not saved, ask (y saves, n discards, Escape types
        on) and run `then` once it is settled. False when there was nothing to ask."""
        if not self._unsaved_codes():
            return False

        def settled(answer: bool | None) -> None:
            box = self.view.codes
            if answer is None or (answer and not self._save_codes(box.value)):
                self.action_edit_codes()  # back to typing, the text kept
                return
            if not answer:
                box.value = self.session.current.response_text()
            self._leave_box()
            self.show_question()
            if then is not None:
                then()

        self.app.push_screen(SaveCodesModal(), settled)
        return True
