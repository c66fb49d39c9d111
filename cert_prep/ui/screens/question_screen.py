"""What the exam and drill screens share: a session shown a question at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cert_prep.bank.models import CodeQuestion
from cert_prep.ui.screens.base import CertPrepScreen

if TYPE_CHECKING:
    from cert_prep.engine.session import Session
    from cert_prep.ui.widgets.question_view import QuestionView


class QuestionScreen(CertPrepScreen):
    session: Session

    @property
    def view(self) -> QuestionView:
        from cert_prep.ui.widgets.question_view import QuestionView

        return self.query_one(QuestionView)

    def action_edit_codes(self) -> None:
        """Put the cursor in the code box (code questions only)."""
        if isinstance(self.session.current.question, CodeQuestion):
            self.view.codes.focus()
            self.view.show_code_hint(typing=True)

    # ---- codes typed and not saved: the exam saves them, the drill answers with them ----

    def _unsaved_codes(self) -> bool:
        return False

    def _ask_about_unsaved_codes(self, then: Callable[[], object] | None) -> bool:
        """Ask "Save the codes you typed?" and run `then` once it is settled (saved or
        discarded). False when there was nothing to ask."""
        return False

    def ask_before_quitting(self, quit: Callable[[], object]) -> bool:
        """Ctrl+C: codes typed and not saved are neither kept nor dropped unasked. The
        code box's own question comes first (over this screen: a book or the keys list
        opened from the box is closed), and `quit` runs after y or n; Escape types on.
        False when there is nothing to ask."""
        from cert_prep.ui.screens.modals import SaveCodesModal

        if not self._unsaved_codes():
            return False
        if isinstance(self.app.screen, SaveCodesModal):  # asked already: answer it first
            self.say("Save the codes you typed (y) or discard them (n) first.")
            return True
        self.uncover()
        return self._ask_about_unsaved_codes(quit)

    def uncover(self) -> None:
        """Close the dialogs over this screen."""
        while self.app.screen is not self and self in self.app.screen_stack:
            self.app.pop_screen()
