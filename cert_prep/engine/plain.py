"""`--plain`: exams and drills line by line, for screen-reader and braille users.

Textual has no screen-reader support, so this mode prints plain lines and reads one
command per line. It drives the same session objects as the full-screen UI, so
persistence, timing and scoring are the same. Choice letters (a-f) and numbers (1-6)
answer; commands are words (next, back, flag, review, submit, help, quit), so `f` is
choice F and never "flag".
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from typing import TextIO

from cert_prep.bank.loader import ExamBank
from cert_prep.bank.models import CodeQuestion, MultiQuestion
from cert_prep.book.code_feedback import code_verdicts
from cert_prep.clock import local_text
from cert_prep.engine.assembly import DrillPlan, ExamOptions, is_practice, plan_exam
from cert_prep.engine.domain_names import domain_name
from cert_prep.engine.report_hook import write_report
from cert_prep.engine.results import answered_incorrect, unanswered
from cert_prep.engine.session import (
    AttemptResult,
    DrillSession,
    Entry,
    ExamSession,
    Feedback,
    format_hms,
    held_elsewhere,
)
from cert_prep.errors import UserError
from cert_prep.reflow import READING_WIDTH, reflow, stem_text, wrap, wrap_record
from cert_prep.safe_text import visible
from cert_prep.store import OpenExamExists

EXAM_HELP = """Commands (type one and press Enter):
  a letter (a-f) or number (1-6)  answer; for "choose all that apply", type every letter: a c
  codes                           on code questions, type the codes separated by spaces or commas
  clear                           remove your answer to this question
  next (n), back (p)              move to the next or previous question
  go N                            go to question N
  flag                            flag or unflag this question for review
  review                          list unanswered and flagged questions
  repeat                          read this question again
  time                            time left
  book WORDS, book CODE           search the ICD-10-CM code book, or read a code's entry
  submit                          submit the exam (asks first)
  quit (q)                        leave; your answers are saved (`cert-prep resume` continues)"""

DRILL_HELP = """Commands (type one and press Enter):
  a letter (a-f) or number (1-6)  answer; for "choose all that apply", type every letter: a c
  codes                           on code questions, type the codes separated by spaces or commas
  next (n) or an empty line       go on after the feedback
  back (p)                        the previous question
  repeat                          read this question again
  book WORDS, book CODE           search the ICD-10-CM code book, or read a code's entry
  quit (q)                        end the drill and see its score"""


def _is_choice_line(text: str) -> bool:
    tokens = text.replace(",", " ").split()
    return bool(tokens) and all(
        len(t) == 1 and (t.upper() in "ABCDEF" or t in "123456") for t in tokens
    )


def _letters(text: str) -> list[str]:
    return [t.upper() for t in text.replace(",", " ").split()]


class PlainMode:
    def __init__(
        self,
        context,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        width: int | None = None,
    ):
        self.context = context
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        # Bank text wraps at word boundaries to the terminal (at most the reading width).
        self.width = width or min(READING_WIDTH, shutil.get_terminal_size((80, 24)).columns - 1)
        self._book = None  # the code book, opened on the first `book` command or feedback
        self._book_failed = False

    # ---- the code book ----

    @staticmethod
    def _is_book_command(word: str) -> bool:
        return word == "book" or word.startswith("book ")

    def _code_lookup(self) -> object:
        """The book for code-level feedback, or None if it cannot be opened (the feedback
        then says right/wrong/missing, as before)."""
        from cert_prep.book.book import BookError, BookLookup, open_book

        if self._book is None and not self._book_failed:
            try:
                self._book = open_book(self.context.locations.cache_dir)
            except BookError:
                self._book_failed = True
        return BookLookup(self._book) if self._book is not None else None

    def book_command(self, session: ExamSession | DrillSession, command: str) -> None:
        """`book WORDS` (the top matches) or `book CODE` (its entry); off in a closed-book
        exam. A book that cannot be opened is a line, never a traceback."""
        from cert_prep.book import CLOSED_BOOK

        if session.closed_book:
            self.say(CLOSED_BOOK + ".")
            return
        query = command.strip()[4:].strip()
        if not query:
            self.say(
                "Type book and words to search (book fracture femur neck), "
                "or book and a code (book E11.22)."
            )
            return
        from cert_prep.book.book import BookError, open_book
        from cert_prep.book.text import search_lines

        try:
            if self._book is None:
                self._book = open_book(self.context.locations.cache_dir)
            lines = search_lines(self._book, query)
        except BookError as exc:
            self.say(exc.message[:1].upper() + exc.message[1:] + ".")
            return
        self.say("\n".join(lines))

    # ---- input and output ----

    def say(self, text: str = "") -> None:
        """Lines longer than the width wrap at word boundaries, under their own indent;
        control characters from files are made visible."""
        lines = [
            wrapped
            for line in text.split("\n")
            for wrapped in (wrap_record(line, self.width) if len(line) > self.width else [line])
        ]
        self.stdout.write(visible("\n".join(lines)) + "\n")
        self.stdout.flush()

    def say_prose(self, text: str, first: str = "", indent: str = "") -> None:
        """Bank prose, reflowed and wrapped; `first` prefixes the first line (`A. `)."""
        for i, line in enumerate(wrap(text, self.width - len(indent or first))):
            self.say((first if i == 0 else indent or " " * len(first)) + line)

    def ask(self, prompt: str = "> ") -> str | None:
        """One line, or None at the end of input."""
        self.stdout.write(visible(prompt))
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.say()
            return None
        return line.rstrip("\r\n")

    def confirm(self, question: str) -> bool:
        answer = self.ask(f"{question} Type yes or no: ")
        return (answer or "").strip().lower() in ("y", "yes")

    def _guard(self, action: Callable[[], object]) -> object | None:
        """Run a session action; problems become a line, never a traceback."""
        try:
            return action()
        except UserError as exc:  # the store's StoreError too: a full disk says so
            self.say(exc.message[:1].upper() + exc.message[1:] + ".")
        return None

    # ---- starting ----

    def start_exam(self, bank: ExamBank, options: ExamOptions) -> int:
        store = self.context.store()
        # Only a full mock exam is one per exam; a practice exam starts beside it.
        existing = None if is_practice(bank.blueprint, options) else store.open_exam(bank.id)
        if existing is not None:
            answered = sum(1 for it in store.attempt_items(existing.id) if it.response)
            self.say(
                f"You have an unfinished {bank.blueprint.name} (started "
                f"{local_text(existing.started_at)},"
                f" {answered} answered)."
            )
            choice = (
                (
                    self.ask("Type resume to continue it, discard to throw it away, or cancel: ")
                    or ""
                )
                .strip()
                .lower()
            )
            if choice in ("r", "resume"):
                return self.resume_exam(bank, existing.id)
            if choice not in ("d", "discard") or not self.confirm(
                "Discard it? Its answers will not be scored."
            ):
                self.say("Nothing changed.")
                return 0
            store.discard(existing.id)
            self.say("The unfinished exam was discarded.")
        plan = plan_exam(bank, options, store.exam_item_ids_seen(bank.id))
        bp = bank.blueprint
        self.say(
            f"{bp.name}: {plan.count} questions in {format_hms(plan.time_limit_s)}, "
            f"pass mark {bp.pass_percent:g}%."
        )
        if plan.practice:
            self.say(
                "A practice exam: listed apart from full mock exams, not counted toward readiness."
            )
        if plan.pretest:
            self.say(
                f"As on the real exam, {len(plan.pretest)} of the questions are unscored "
                "pretest items that look like any other; the results name them after "
                "you submit."
            )
        for short in plan.shortfalls:
            self.say(
                f"Note: the banks hold {short.available} of the {short.wanted} questions "
                f"wanted for {short.name}."
            )
        if options.closed_book:
            self.say("Closed book: the code book is off for this exam.")
        if options.pausable:
            self.say("This exam is pausable: the clock stops while cert-prep is closed.")
        else:
            self.say("The clock runs on while cert-prep is closed, as in the real exam.")
        self.say("Type help at any time for the commands.")
        answer = self.ask("Press Enter to start the clock, or type quit: ")
        if answer is None or answer.strip().lower() in ("q", "quit"):
            self.say("The exam was not started.")
            return 0
        try:
            session = ExamSession.start(store, bank, plan, self.context.clock)
        except OpenExamExists as exc:
            raise UserError(exc.message) from None
        return self.exam_loop(session)

    def may_take_over(self, attempt_id: int) -> bool:
        """True if no other window holds the attempt, or the student takes it over."""
        held = held_elsewhere(self.context.store(), attempt_id)
        if held is None:
            return True
        since = f" since {local_text(held.held_at)}" if held.held_at else ""
        self.say(f"This attempt is open in another cert-prep window{since}.")
        if self.confirm("Take it over here? The other window will stop accepting answers."):
            return True
        self.say("Nothing changed; continue in the other window.")
        return False

    def resume_exam(self, bank: ExamBank, attempt_id: int) -> int:
        if not self.may_take_over(attempt_id):
            return 0
        session = ExamSession.open(self.context.store(), bank, attempt_id, self.context.clock)
        if session.submit_if_expired():
            return self._results(
                session.result,
                time_note="The time ran out while cert-prep "
                "was closed; the exam was submitted with the answers it had.",
            )
        self.say(f"Resuming {bank.blueprint.name}.")
        return self.exam_loop(session)

    # ---- exams ----

    def exam_loop(self, session: ExamSession) -> int:
        warned: set[int] = set()
        if session.missing:
            self.say(
                f"{len(session.missing)} question(s) are no longer in the banks and are left out."
            )
        self._show(session.current, session)
        while True:
            if session.moved:
                self.say("The exam continues in the other cert-prep window.")
                return 1
            for threshold in session.warnings_due(warned):
                warned.add(threshold)
                self.say(f"Warning: {threshold // 60} minutes left.")
            line = self.ask()
            if session.submit_if_expired():
                return self._results(session.result)  # the results say the time ran out
            if line is None:
                self._guard(session.close)
                self.say("Your answers are saved. `cert-prep resume --plain` continues.")
                return 0
            command = line.strip()
            word = command.lower()
            if word in ("q", "quit", "exit"):
                self._guard(session.close)
                self.say("Your answers are saved. `cert-prep resume --plain` continues.")
                return 0
            if word in ("h", "help", "?"):
                self.say(EXAM_HELP)
            elif self._is_book_command(word):
                self.book_command(session, command)
            elif word in ("n", "next"):
                if self._guard(session.next) is False:
                    self.say("This is the last question. Type review or submit.")
                else:
                    self._show(session.current, session)
            elif word in ("p", "back", "previous", "prev"):
                if self._guard(session.back) is False:
                    self.say("This is the first question.")
                else:
                    self._show(session.current, session)
            elif word.startswith(("go ", "g ")) and word.split()[-1].isdigit():
                number = int(word.split()[-1])
                if 1 <= number <= session.count:
                    self._guard(lambda n=number: session.go_to(n - 1))
                    self._show(session.current, session)
                else:
                    self.say(f"There are questions 1 to {session.count}.")
            elif word == "flag":
                flagged = self._guard(session.toggle_flag)
                if flagged is not None:
                    self.say("Flagged." if flagged else "Flag removed.")
            elif word == "review":
                self._review_list(session)
            elif word in ("repeat", "r", "again"):
                self._show(session.current, session)
            elif word in ("t", "time"):
                self.say(f"Time left {format_hms(session.remaining())}.")
            elif word == "submit":
                self._review_list(session)
                if self.confirm("Submit the exam?"):
                    result = self._guard(session.submit)
                    if result is not None:
                        return self._results(result)  # type: ignore[arg-type]
                else:
                    self.say("Not submitted.")
            elif word == "clear":
                entry = session.current
                if isinstance(entry.question, CodeQuestion):
                    self._guard(lambda: session.set_codes(""))
                else:
                    self._guard(lambda: session.set_choices([]))
                self.say("Answer cleared.")
            elif not command:
                self.say(
                    f"Question {session.index + 1} of {session.count}. "
                    f"Time left {format_hms(session.remaining())}. Type help for commands."
                )
            else:
                self._answer_exam(session, command)

    def _answer_exam(self, session: ExamSession, command: str) -> None:
        entry = session.current
        if isinstance(entry.question, CodeQuestion):
            # A refused (malformed) entry says why and leaves the saved answer as it was.
            if self._guard(lambda: (session.set_codes(command), True)[1]):
                self.say(f"Saved: {entry.response_text()}.")
            return
        if not _is_choice_line(command):
            self.say("Type a letter to answer, or help for the commands.")
            return
        if self._guard(lambda: session.set_choices(_letters(command))) is not None:
            self.say(f"Saved: {entry.response_text()}.")

    def _review_list(self, session: ExamSession) -> None:
        unanswered = [str(i + 1) for i in session.unanswered()]
        flagged = [str(i + 1) for i in session.flagged()]
        self.say(
            f"Answered {session.answered_count} of {session.count}. "
            f"Time left {format_hms(session.remaining())}."
        )
        self.say(f"Unanswered ({len(unanswered)}): {', '.join(unanswered) or 'none'}.")
        self.say(f"Flagged ({len(flagged)}): {', '.join(flagged) or 'none'}.")

    def _show(self, entry: Entry, session: ExamSession | DrillSession) -> None:
        status = []
        if isinstance(session, ExamSession):
            if entry.answered:
                status.append(f"Your answer: {entry.response_text()}")
            if entry.flagged:
                status.append("Flagged")
        self.say()
        head = (
            f"Question {session.index + 1} of {session.count}. "
            f"{domain_name(session.blueprint, entry.domain)}."
        )
        self.say(head + (" " + ". ".join(status) + "." if status else ""))
        if isinstance(session, ExamSession):
            self.say(
                f"Time left {format_hms(session.remaining())}. Answered "
                f"{session.answered_count}, flagged {session.flagged_count}."
            )
        case = entry.item.case
        if case is not None:
            self.say(f"Case record: {case.title}")
            for line in wrap_record(case.record, self.width):
                self.say(line)
            self.say("End of case record.")
        self.say_prose(stem_text(entry.question.stem, case))
        for choice in entry.choices():
            self.say_prose(choice.text, f"{choice.letter}. ")
        if isinstance(entry.question, CodeQuestion):
            self.say("Type the codes, separated by spaces or commas.")
        elif isinstance(entry.question, MultiQuestion):
            self.say("Choose all that apply: type every letter, for example: a c")

    def _results(self, result: AttemptResult | None, time_note: str | None = None) -> int:
        if result is None:
            return 1
        for line in result_lines(result, time_note):
            self.say(line)
        outcome = write_report(self.context, result.attempt.id)
        if outcome.path:
            self.say(f"Report: {outcome.path}")
        if outcome.message:
            self.say(outcome.message)
        while True:
            line = self.ask(
                "Type review, review incorrect, review unanswered, review flagged, or quit: "
            )
            if line is None or line.strip().lower() in ("q", "quit", "exit", ""):
                return 0
            words = line.strip().lower().split()
            if words[0] != "review":
                continue
            which = words[1] if len(words) > 1 else "all"
            picks = {
                "incorrect": answered_incorrect(result),
                "flagged": result.flagged(),
                "unanswered": unanswered(result),
            }.get(which, list(range(len(result.entries))))
            if not picks:
                self.say(f"No {which} questions.")
            for index in picks:
                self._review_entry(result, index)

    def _review_entry(self, result: AttemptResult, index: int) -> None:
        entry = result.entries[index]
        self.say()
        verdict = "Correct" if entry.correct else ("Incorrect" if entry.answered else "Unanswered")
        self.say(
            f"Question {index + 1} of {len(result.entries)}. {verdict}."
            + (" Flagged." if entry.flagged else "")
        )
        case = entry.item.case
        if case is not None:
            self.say(f"Case record: {case.title}")
            for line in wrap_record(case.record, self.width):
                self.say(line)
        self.say_prose(stem_text(entry.question.stem, case))
        for choice in entry.choices():
            self.say_prose(choice.text, f"{choice.letter}. ")
        self._say_answer(entry)

    def _say_answer(self, entry: Entry) -> None:
        lookup = (
            self._code_lookup()
            if getattr(entry.question, "code_system", "") == "icd-10-cm"
            else None
        )
        for line in answer_lines(entry, lookup):
            self.say_prose(line)

    # ---- drills ----

    def drill(self, plan: DrillPlan) -> int:
        session = DrillSession.start(self.context.store(), plan, self.context.clock)
        return self.drill_loop(session)

    def drill_loop(self, session: DrillSession) -> int:
        for line in session.intro:
            self.say(line)
        self.say("Type help for the commands.")
        self._show(session.current, session)
        while True:
            if session.moved:
                self.say("The drill continues in the other cert-prep window.")
                return 1
            line = self.ask()
            if line is None:
                return self._drill_summary(session, "quit")
            command = line.strip()
            word = command.lower()
            entry = session.current
            if word in ("q", "quit", "exit"):
                return self._drill_summary(session, "quit")
            if word in ("h", "help", "?"):
                self.say(DRILL_HELP)
            elif self._is_book_command(word):
                self.book_command(session, command)
            elif word in ("n", "next") or (not command and entry.answered):
                if self._guard(session.next) is False:
                    return self._drill_summary(session, "finished")
                self._show(session.current, session)
            elif word in ("p", "back", "previous", "prev"):
                if self._guard(session.back) is False:
                    self.say("This is the first question.")
                else:
                    self._show(session.current, session)
                    if session.current.answered:
                        self._feedback(session.current)
            elif word in ("repeat", "r", "again"):
                self._show(entry, session)
            elif not command:
                self.say("Type your answer, or help for the commands.")
            elif entry.answered:
                self.say("Already answered: type next to go on.")
            elif isinstance(entry.question, CodeQuestion):
                if self._guard(lambda c=command: session.submit_codes(c)) is not None:
                    self._feedback(entry)
            elif not _is_choice_line(command):
                self.say("Type a letter to answer, or help for the commands.")
            else:
                self._drill_choices(session, _letters(command))

    def _drill_choices(self, session: DrillSession, letters: list[str]) -> None:
        entry = session.current
        if isinstance(entry.question, MultiQuestion):

            def answer() -> Feedback:
                session.pending = {entry.choice(letter).key for letter in letters}
                return session.submit_choices()
        elif len(letters) != 1:
            self.say("Choose one answer only.")
            return
        else:

            def answer() -> Feedback | None:
                return session.choose(letters[0])

        if self._guard(answer) is not None:
            self._feedback(entry)

    def _feedback(self, entry: Entry) -> None:
        self._say_answer(entry)
        self.say("Type next (or press Enter) to go on.")

    def _drill_summary(self, session: DrillSession, reason: str) -> int:
        empty = session.empty
        result = self._guard(lambda: session.finish(reason))
        if result is None:
            return 1
        if empty:
            self.say("No question was answered, so this drill is not recorded.")
            return 0
        for line in result_lines(result):  # type: ignore[arg-type]
            self.say(line)
        return 0


def answer_lines(entry: Entry, lookup: object = None) -> list[str]:
    """The student's answer, the key, code marks and the rationale, as plain lines. Code
    items get a line per code when the book is at hand (`lookup`; ICD-10-CM needs it)."""
    lines = []
    ok = entry.correct
    if entry.answered:
        verdict = "Correct" if ok else "Incorrect"
        lines.append(f"{verdict}. Your answer: {entry.response_text()}.")
    else:
        lines.append("Not answered.")
    lines.append(f"Key: {entry.key_text()}.")
    marks = entry.marks()
    verdicts = code_verdicts(entry.question, entry.response, lookup)  # type: ignore[arg-type]
    if verdicts:
        lines.append("Codes:")
        lines.extend("  " + verdict.line() for verdict in verdicts)
    elif marks is not None:
        if marks.right:
            lines.append("Right: " + " ".join(marks.right) + ".")
        if marks.wrong:
            lines.append("Wrong: " + " ".join(marks.wrong) + ".")
        if marks.missing:
            lines.append("Missing: " + " ".join(marks.missing) + ".")
        if marks.sequence_ok is False:
            lines.append(f"Sequencing: {entry.question.answer[0]} must be listed first.")
    # Bank format v1.1: each choice's own explanation, named by the letter shown on screen.
    notes = getattr(entry.question, "feedback", None) or {}
    for choice in entry.choices():
        if choice.key in notes:
            lines.append(f"{choice.letter}. {reflow(choice.text)}: {reflow(notes[choice.key])}")
    rationale = reflow(entry.question.rationale)
    if rationale:
        lines.append("Rationale: " + rationale)
    return lines


def result_lines(result: AttemptResult, time_note: str | None = None) -> list[str]:
    """The score and its details; a timed-out exam says so once (`time_note` replaces the
    general line)."""
    score = result.score
    lines = []
    if result.mode == "exam":
        verdict = "PASS" if score.passed else "FAIL"
        lines.append(
            f"Score: {score.correct}/{score.total} ({score.percent:g}%) {verdict}, "
            f"pass mark {score.pass_percent:g}%."
        )
        if score.scaled_score is not None:
            lines.append(
                f"Estimated scaled score: {score.scaled_score} (an estimate: the exam "
                "sets its raw cut per form and does not publish it; 300 passes)."
            )
        lines.append(f"Time used: {format_hms(result.time_used_s)}.")
        if result.timed_out or time_note:
            lines.append(
                time_note or "The time ran out; the exam was submitted with the answers given."
            )
        if result.pretest_note():
            lines.append(result.pretest_note() or "")
    else:
        lines.append(
            f"Score: {score.correct}/{score.total}"
            + (f" ({score.percent:g}%)" if score.total else "")
            + "."
        )
        if result.skipped:
            lines.append(f"Skipped: {result.skipped}.")
    for domain in score.domains:
        lines.append(f"  {domain.name}: {domain.correct}/{domain.total}")
    return lines
