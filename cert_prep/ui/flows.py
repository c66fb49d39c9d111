"""The study flows of the app: starting, resuming and submitting exams; drills; reports.

The middle layer of CertPrepApp, over the plumbing of AppShell (what the app was built
with, toasts, the screen stack) and under the app's own start-up, palette and crash
handling, so each stays small: it answers the screens' messages and calls the engine,
turning every problem into a message on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work

from cert_prep.bank.loader import ExamBank
from cert_prep.engine.assembly import (
    DrillPlan,
    ExamOptions,
    is_practice,
    outline_exam,
    plan_exam,
)
from cert_prep.frontend.report_hook import ReportOutcome
from cert_prep.store import AttemptRow, OpenExamExists, StoreError
from cert_prep.ui.messages import (
    DrillFinished,
    DrillRequested,
    ExamRequested,
    ExamStartRequested,
    ExamSubmitted,
    ReportWritten,
    ResumeRequested,
)
from cert_prep.ui.shell import AppShell
from cert_prep.ui.text import format_hms, when

if TYPE_CHECKING:
    from textual.screen import Screen

    from cert_prep.bank.preview import ExamPreview
    from cert_prep.engine.session import AttemptClosed, AttemptResult, Session
    from cert_prep.ui.screens.instructions import InstructionsScreen
    from cert_prep.ui.screens.modals import ResumeChoice

# The engine's sessions (and with them pydantic) are imported where first used, so the
# first screen (instructions, home) paints before they load.
# Screens are imported where first shown: an exam start then skips the widgets of home,
# drills and results (tables, lists), which matters for the time to the first question.

TIMED_OUT_WHILE_CLOSED = (
    "The time ran out while cert-prep was closed; the exam was submitted with the answers it had."
)


class StudyFlows(AppShell):
    _previewed: tuple[InstructionsScreen, ExamPreview] | None = None

    # ---- exams ----

    def on_exam_requested(self, message: ExamRequested) -> None:
        self.request_exam(message.exam, message.options)

    def request_exam(self, exam_id: str, options: ExamOptions) -> None:
        bank: ExamBank | None = self.guarded(self.context.exam, exam_id)
        store = self.guarded(self.context.store)
        if bank is None or store is None:
            return self.nothing_to_show()
        practice = self.guarded(is_practice, bank.blueprint, options)
        if practice is None:
            return self.nothing_to_show()
        # One unfinished full mock exam per exam; a practice exam starts beside it.
        existing = None if practice else store.open_exam(bank.id)
        if existing is None:
            return self.show_instructions(bank, options)
        from cert_prep.ui.screens.modals import ConfirmModal, ResumeOrDiscardModal

        answered = sum(1 for it in store.attempt_items(existing.id) if it.response)
        elsewhere = self._open_elsewhere_note(existing.id)
        description = (
            Text("You have an unfinished ")
            + Text(bank.blueprint.name)
            + Text(
                f", started {when(existing.started_at)}, with {answered} answered. "
                "Only one unfinished exam per exam is kept."
                + (f"\n\n{elsewhere}" if elsewhere else "")
                + "\n\nResume it, or discard it and start a new one?"
            )
        )

        def discard_confirmed(yes: bool | None) -> None:
            if not yes:
                return self.nothing_to_show()
            if (
                self.guarded(store.discard, existing.id) is None
                and store.open_exam(exam_id) is not None
            ):
                return self.nothing_to_show()
            self.say("The unfinished exam was discarded.")
            self.show_instructions(bank, options)

        def chosen(choice: ResumeChoice) -> None:
            if choice == "resume":
                self.resume(existing.id)
            elif choice == "discard":
                # Counted again: another window may have answered more meanwhile.
                now_answered = sum(1 for it in store.attempt_items(existing.id) if it.response)
                self.push_screen(
                    ConfirmModal(
                        f"Discard the unfinished exam? Its {now_answered} answer(s) will not "
                        "be scored."
                        + (" The other window showing it will stop." if elsewhere else ""),
                        yes="Discard",
                        no="Keep it",
                    ),
                    discard_confirmed,
                )
            else:
                self.nothing_to_show()

        self.push_screen(ResumeOrDiscardModal(description), chosen)

    def show_instructions(self, bank: ExamBank, options: ExamOptions) -> None:
        store = self.context.store()
        plan = self.guarded(plan_exam, bank, options, store.exam_item_ids_seen(bank.id))
        if plan is None:
            return self.nothing_to_show()
        from cert_prep.ui.screens.instructions import InstructionsScreen

        self.open_mode(InstructionsScreen(bank.blueprint, plan.outline, plan))

    def show_previewed_instructions(self, preview: ExamPreview, options: ExamOptions) -> None:
        """`cert-prep exam`'s first screen, painted from the exam's preview before the
        library loads (the CLI checked that no unfinished exam is to be asked about);
        right after the paint, `confirm_preview` draws the real plan."""
        from cert_prep.ui.screens.instructions import InstructionsScreen

        outline = outline_exam(preview.blueprint, preview.pools, options)
        screen = InstructionsScreen(preview.blueprint, outline)
        self._previewed = (screen, preview)
        self.open_mode(screen)
        self.call_after_refresh(self.confirm_preview)

    def confirm_preview(self) -> None:
        """Load the library, check the preview against it and draw the exam's plan for
        the instructions on screen. If the banks changed since the preview was kept (the
        exam is gone, has errors, or another outline), the app ends and the CLI starts
        over on the usual path, which says what is wrong. Runs once, after the first
        paint or when a key on the instructions comes first."""
        if self._previewed is None:
            return
        screen, preview = self._previewed
        self._previewed = None
        options = screen.outline.options
        try:
            bank = self.context.exam(preview.exam)
            fresh = self.context.keep_exam_previews().get(bank.id)
            seen = self.context.store().exam_item_ids_seen(bank.id)
            plan = plan_exam(bank, options, seen) if fresh == preview else None
        except Exception:
            # Whatever went wrong (a bank, the history) happens again on the usual path,
            # which reports it as every command does: one line, no traceback.
            plan = None
        if plan is None or plan.outline != screen.outline:
            self.preview_stale = True
            self.exit(0)
            return
        screen.plan = plan

    def on_exam_start_requested(self, message: ExamStartRequested) -> None:
        plan = message.plan
        bank = self.context.exam(plan.exam)
        try:
            from cert_prep.engine.session import ExamSession

            session = ExamSession.start(self.context.store(), bank, plan, self.context.clock)
            self.context.store().set_setting("last_exam", bank.id)  # home opens on it next
        except OpenExamExists:
            # Another cert-prep window started one meanwhile: offer it instead.
            self.say("Another cert-prep window has started this exam.", severity="warning")
            self.request_exam(plan.exam, plan.options)
            return
        except StoreError as exc:
            self.show_problem(exc)
            return
        from cert_prep.ui.screens.exam import ExamScreen

        self.open_mode(ExamScreen(session))

    def choose_resume(self, attempt_ids: list[int]) -> None:
        """Several attempts are unfinished: ask which one to resume."""
        from cert_prep.engine.attempt_summary import describe_unfinished
        from cert_prep.ui.screens.choosers import ResumeChooserModal

        store = self.context.store()
        rows = [
            r
            for r in (store.attempt(i) for i in attempt_ids)
            if r is not None and r.status == "open"
        ]
        if len(rows) == 1:
            return self.resume(rows[0].id)
        if not rows:
            return self.resume(attempt_ids[0] if attempt_ids else 0)

        def chosen(attempt_id: int | None) -> None:
            if attempt_id is None:
                return self.nothing_to_show()
            self.resume(attempt_id)

        def named(row: AttemptRow) -> str:
            preview = self.context.exam_preview(row.exam)  # the name, without a library load
            name = preview.blueprint_data.get("name") if preview is not None else None
            return describe_unfinished(
                store, row, name if isinstance(name, str) else None, self.context.clock.now()
            )

        self.push_screen(ResumeChooserModal([(r.id, named(r)) for r in rows]), chosen)

    def _open_elsewhere_note(self, attempt_id: int) -> str | None:
        """What to say when another window holds the attempt (None: none does)."""
        from cert_prep.engine.session import held_elsewhere

        try:
            held = held_elsewhere(self.context.store(), attempt_id)
        except StoreError:
            return None  # acting on it will say what is wrong with the store
        if held is None:
            return None
        since = f" (since {when(held.held_at)})" if held.held_at else ""
        return (
            f"It is open in another cert-prep window{since}: resuming takes it over there, "
            "and discarding ends it there too."
        )

    def resume(self, attempt_id: int) -> None:
        """Reopen an attempt; if another window holds it, ask before taking it over."""
        from cert_prep.engine.session import held_elsewhere

        store = self.context.store()
        row = store.attempt(attempt_id)
        if row is None or row.status != "open":
            where = (
                "the home screen's past attempts list it"
                if self.is_web  # served: no shell to type a command in
                else "`cert-prep history` lists it"
            )
            self.problem = f"that attempt is no longer open; {where}"
            self.say(self.problem, severity="warning")
            return self.nothing_to_show()
        try:
            held = held_elsewhere(store, attempt_id)
        except StoreError:
            held = None  # opening it will say what is wrong with the store
        if held is None:
            return self._reopen(row)
        from cert_prep.ui.screens.modals import ConfirmModal

        since = f" (since {when(held.held_at)})" if held.held_at else ""
        question = (
            f"This {'drill' if row.mode == 'drill' else 'exam'} is open in another "
            f"cert-prep window{since}. Take it over here? The other window will stop "
            "accepting answers; nothing saved is lost."
        )

        def decided(yes: bool | None) -> None:
            if yes:
                self._reopen(row)
            else:
                self.nothing_to_show()

        self.push_screen(ConfirmModal(question, yes="Take it over", no="Leave it"), decided)

    def _reopen(self, row: AttemptRow) -> None:
        from cert_prep.engine.session import DrillSession, ExamSession

        store = self.context.store()
        attempt_id = row.id
        bank = self.guarded(self.context.exam, row.exam)
        if bank is None:
            return self.nothing_to_show()
        from cert_prep.ui.screens.drill import DrillScreen
        from cert_prep.ui.screens.exam import ExamScreen

        if row.mode == "drill":
            drill = self.guarded(DrillSession.open, store, bank, attempt_id, self.context.clock)
            if drill is None:
                return self.nothing_to_show()
            self.open_mode(DrillScreen(drill))
            return
        session = self.guarded(ExamSession.open, store, bank, attempt_id, self.context.clock)
        if session is None:
            return self.nothing_to_show()
        if self.guarded(session.submit_if_expired):
            assert session.result is not None
            self.show_result(session.result, notice=TIMED_OUT_WHILE_CLOSED)
            return
        left = format_hms(session.remaining())
        self.open_mode(ExamScreen(session))
        self.say(f"Resumed: question {session.index + 1} of {session.count}, {left} left.")

    def on_resume_requested(self, message: ResumeRequested) -> None:
        self.resume(message.attempt_id)

    def on_exam_submitted(self, message: ExamSubmitted) -> None:
        self.show_result(message.result)

    def show_result(
        self, result: AttemptResult, notice: str | None = None, from_history: bool = False
    ) -> None:
        from cert_prep.ui.screens.drill_summary import DrillSummaryScreen
        from cert_prep.ui.screens.results import ResultsScreen

        if result.mode == "drill":
            screen: Screen[None] = DrillSummaryScreen(result)
        else:
            report = ReportOutcome() if from_history else None
            screen = ResultsScreen(
                result,
                notice=notice,
                report=report,
                **({"open_url": self.url_opener} if self.url_opener else {}),
            )
        if from_history:
            self.push_screen(screen)
            return
        self.open_mode(screen)
        if result.mode == "exam":
            self.write_report(result.attempt.id)

    @work(thread=True, group="report")
    def write_report(self, attempt_id: int, to_open: bool = False) -> None:
        """Write a report off the UI thread; a ReportWritten message brings it back."""
        outcome = self.report_writer(self.context, attempt_id, self.wording)
        self.post_message(ReportWritten(attempt_id, outcome, to_open=to_open))

    def open_report(self, attempt_id: int) -> None:
        """Write the report of a past attempt (in the background) and open it."""
        self.say("Writing the report…")
        self.write_report(attempt_id, to_open=True)

    def on_report_written(self, message: ReportWritten) -> None:
        if message.to_open:
            self._open_written_report(message.outcome)
            return
        from cert_prep.ui.screens.results import ResultsScreen

        for screen in self.screen_stack:
            if isinstance(screen, ResultsScreen) and screen.result.attempt.id == message.attempt_id:
                screen.show_report(message.outcome)

    def _open_written_report(self, outcome: ReportOutcome) -> None:
        if outcome.path is None:
            self.say(
                outcome.message or "Reports are not part of this installation.",
                severity="warning",
                timeout=10,
            )
            return
        self.say(f"Report: {outcome.path}", timeout=15)  # the path, always
        from cert_prep.ui.screens.results import open_in_browser

        opener = self.url_opener or open_in_browser
        try:
            opened = opener(outcome.path.resolve().as_uri())
        except Exception:  # a broken browser setup is only a message
            opened = False
        if opened is False:
            self.say(
                f"No web browser could be started; open {outcome.path} yourself.",
                severity="warning",
                timeout=15,
            )

    def attempt_closed_elsewhere(self, session: Session, exc: AttemptClosed) -> None:
        """Another cert-prep window submitted, discarded or took over the attempt on screen."""
        from cert_prep.engine.session import AttemptMoved

        if isinstance(exc, AttemptMoved):
            what = "drill" if session.mode == "drill" else "exam"
            self.problem = (
                f"this {what} moved to another cert-prep window; this window no "
                "longer accepts answers (nothing was lost)"
            )
            self.say(
                self.problem[:1].upper() + self.problem[1:] + ".", severity="warning", timeout=15
            )
            self.go_home()
            return self._hold_keys(self.problem[:1].upper() + self.problem[1:] + ".")
        row = self.context.store().attempt(session.id)
        if row is not None and row.status == "submitted":
            from cert_prep.engine.session import load_result

            result = load_result(self.context.store(), session.bank, session.id)
            self.show_result(
                result,
                notice="This attempt was submitted in another cert-prep "
                "window; these are its results.",
            )
        else:
            self.say("This attempt was discarded in another cert-prep window.", severity="warning")
            self.go_home()
            self._hold_keys("This attempt was discarded in another cert-prep window.")

    def _hold_keys(self, text: str) -> None:
        """A notice over the home screen: the keys typed for the exam that has gone
        (`e`, `d`, `c` ...) must not start or change anything there."""
        from cert_prep.ui.screens.modals import NoticeModal

        self.push_screen(NoticeModal(text))

    # ---- drills ----

    def on_drill_requested(self, message: DrillRequested) -> None:
        self.start_drill(message.plan)

    def start_drill(self, plan: DrillPlan) -> None:
        from cert_prep.engine.session import DrillSession

        session = self.guarded(DrillSession.start, self.context.store(), plan, self.context.clock)
        if session is None:
            return self.nothing_to_show()
        from cert_prep.ui.screens.drill import DrillScreen

        self.context.store().set_setting("last_exam", plan.bank.id)
        self.open_mode(DrillScreen(session))

    def on_drill_finished(self, message: DrillFinished) -> None:
        from cert_prep.ui.screens.drill_summary import DrillSummaryScreen

        self.open_mode(DrillSummaryScreen(message.result))
