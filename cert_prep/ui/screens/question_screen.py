"""What the exam and drill screens share: a session shown a question at a time."""

from __future__ import annotations

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
