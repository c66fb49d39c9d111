"""How a message names the way to do something: in a terminal, the command to type; in the
browser (`cert-prep serve`), which has no shell, the key or screen that does it.

The layers below the UI write such messages with the wording they are given (TERMINAL unless
told otherwise) and never ask which front end they serve; the UI passes SERVED in the browser.
"""

from __future__ import annotations

from collections.abc import Mapping

COMMON_TAGS_NAMED = 5


class Wording:
    """A terminal's: `cert-prep` commands."""

    def set_exam_date(self, exam: str | None = None) -> str:
        """Completes "set a new one with ..."; `exam` names the exam in the command."""
        return f"`cert-prep exam-date {exam} YYYY-MM-DD`" if exam else "`cert-prep exam-date`"

    def every_plan_day(self) -> str:
        return "`cert-prep plan` shows every day to the exam"

    def study_ahead(self) -> str:
        return "`cert-prep drill` studies ahead"

    def known_tags(self, counts: Mapping[str, int]) -> str:
        """Where to find the tags there are (`counts`: how many questions carry each)."""
        return "`cert-prep tags` lists them"

    def report_again(self) -> str:
        """Completes "... could not be written; ..." for an attempt's report."""
        return "run `cert-prep report` again"

    def past_attempts(self) -> str:
        """Completes "your exam and its score are saved; ..."."""
        return "`cert-prep history` lists them"


class ServedWording(Wording):
    """The browser's: keys and screens."""

    def set_exam_date(self, exam: str | None = None) -> str:
        return "d on the progress screen"

    def every_plan_day(self) -> str:
        return "the progress screen shows the days ahead"

    def study_ahead(self) -> str:
        return "d on the home screen studies ahead"

    def known_tags(self, counts: Mapping[str, int]) -> str:
        # No screen lists them: name the most used, as a start.
        common = sorted(counts, key=lambda tag: (-counts[tag], tag))[:COMMON_TAGS_NAMED]
        return f"the most used are {', '.join(common)}" if common else "its questions have no tags"

    def report_again(self) -> str:
        return "open it again from the home screen's past attempts"

    def past_attempts(self) -> str:
        return "the home screen's past attempts list them"


TERMINAL = Wording()
SERVED = ServedWording()
