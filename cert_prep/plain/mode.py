"""`--plain`: exams and drills line by line, for screen-reader and braille users.

Textual has no screen-reader support, so this mode prints plain lines and reads one
command per line. It drives the same session objects as the full-screen UI, so
persistence, timing and scoring are the same. Choice letters (a-f) and numbers (1-6)
answer; commands are words (next, back, flag, review, submit, help, quit), so `f` is
choice F and never "flag".
"""

from __future__ import annotations

import io
import re
import shutil
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO, TypeVar

from cert_prep.bank.loader import ExamBank
from cert_prep.bank.models import CodeQuestion, MultiQuestion
from cert_prep.book.code_feedback import CodeLookup
from cert_prep.clock import format_hms, local_text
from cert_prep.context import AppContext
from cert_prep.engine.assembly import DrillPlan, ExamOptions, is_practice, plan_exam
from cert_prep.engine.attempt_result import answered_incorrect, unanswered
from cert_prep.engine.domain_names import domain_name
from cert_prep.engine.session import (
    AttemptResult,
    DrillSession,
    Entry,
    ExamSession,
    held_elsewhere,
)
from cert_prep.errors import UserError
from cert_prep.frontend.report_hook import write_report
from cert_prep.plain.drill import DrillLoop
from cert_prep.plain.exam import ExamLoop, NoLineYet
from cert_prep.plain.lines import EXAM_HELP, answer_lines, result_lines
from cert_prep.reflow import READING_WIDTH, stem_text, wrap, wrap_record
from cert_prep.safe_text import undecodable_shown, visible
from cert_prep.store import OpenExamExists

if TYPE_CHECKING:
    from cert_prep.book.book import Book

T = TypeVar("T")


# A command list's rows: two spaces, the command, two or more spaces, what it does.
_HELP_ROW = re.compile(r"^  (\S.*?)\s{2,}(\S.*)$")
HELP_MIN_DESCRIPTION = 30  # narrower than this beside the commands: one under the other


def _line_within(stream: TextIO, seconds: float) -> bool:
    import select

    try:
        ready, _, _ = select.select([stream], [], [], seconds)
    except (OSError, ValueError):
        return True  # cannot wait on it: read as before
    return bool(ready)


class PlainMode:
    def __init__(
        self,
        context: AppContext,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        width: int | None = None,
        line_within: Callable[[TextIO, float], bool] = _line_within,
    ):
        """`line_within(stdin, seconds)`: whether a line is typed within the wait (tests
        give one that moves a fake clock instead of waiting)."""
        self.context = context
        self.line_within = line_within
        self.stdin = stdin or sys.stdin
        if isinstance(self.stdin, io.TextIOWrapper):
            # A byte that is not UTF-8 (a Latin-1 terminal's é) must not end the session
            # under a strict locale; `ask` shows it as <0xE9>.
            self.stdin.reconfigure(errors="surrogateescape")
        self.stdout = stdout or sys.stdout
        # Bank text wraps at word boundaries to the terminal (at most the reading width).
        self.width = width or min(READING_WIDTH, shutil.get_terminal_size((80, 24)).columns - 1)
        self._book: Book | None = (
            None  # the code book, opened on the first `book` command or feedback
        )
        self._book_failed = False

    # ---- the code book ----

    def _code_lookup(self) -> CodeLookup | None:
        """The book for code-level feedback, or None if it cannot be opened (the feedback
        then says right/wrong/missing, as before)."""
        from cert_prep.book.book import BookError, BookLookup

        if self._book is None and not self._book_failed:
            try:
                self._book = self._open_book()
            except BookError:
                self._book_failed = True
        return BookLookup(self._book) if self._book is not None else None

    def _open_book(self) -> Book:
        """One line before a first build (it takes seconds), never a progress line
        rewritten in place: a screen reader would read it again and again."""
        from cert_prep.book.book import Book, open_book

        cache = self.context.locations.cache_dir
        if cache is not None and not Book.index_path(cache).exists():
            self.say("Opening the ICD-10-CM code book for the first time: a few seconds.")
        return open_book(cache, show_progress=False)

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
        from cert_prep.book.book import BookError
        from cert_prep.book.text import search_lines

        try:
            if self._book is None:
                self._book = self._open_book()
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

    def say_help(self, text: str) -> None:
        """A command list (`  name    what it does`): in two columns when the width has
        room, the description wrapped under its own column; on a narrow line (a braille
        display) each command on a line of its own, its description indented below."""
        for line in text.split("\n"):
            row = _HELP_ROW.match(line)
            if row is None:
                self.say(line)
                continue
            name, what = row.group(1), row.group(2)
            column = len(row.group(0)) - len(what)
            if self.width - column >= HELP_MIN_DESCRIPTION:
                for i, part in enumerate(wrap(what, self.width - column)):
                    self.say((line[:column] if i == 0 else " " * column) + part)
            else:
                self.say(f"  {name}")
                for part in wrap(what, self.width - 6):
                    self.say(f"      {part}")

    def say_prose(self, text: str, first: str = "", indent: str = "") -> None:
        """Bank prose, reflowed and wrapped; `first` prefixes the first line (`A. `)."""
        for i, line in enumerate(wrap(text, self.width - len(indent or first))):
            self.say((first if i == 0 else indent or " " * len(first)) + line)

    def ask(self, prompt: str = "> ", within: float | None = None) -> str | None:
        """One line, or None at the end of input. With `within` (seconds) at a terminal,
        raises NoLineYet when nothing was typed by then, so a timed exam can speak up."""
        self.stdout.write(visible(prompt))
        self.stdout.flush()
        if within is not None and self._waitable() and not self.line_within(self.stdin, within):
            self.stdout.write("\n")  # what is said next starts on a line of its own
            raise NoLineYet
        line = self.stdin.readline()
        if not line:
            self.say()
            return None
        return undecodable_shown(line.rstrip("\r\n"))

    def _waitable(self) -> bool:
        """A terminal delivers one line per read, so select() sees every line waiting;
        piped input may already sit in Python's buffer, where select() cannot see it."""
        try:
            return self.stdin.isatty()
        except (AttributeError, ValueError, OSError):
            return False

    def confirm(self, question: str) -> bool:
        answer = self.ask(f"{question} Type yes or no: ")
        return (answer or "").strip().lower() in ("y", "yes")

    def guard(self, action: Callable[[], T]) -> T | None:
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
            held = held_elsewhere(store, existing.id)
            if held is not None:
                since = f" since {local_text(held.held_at)}" if held.held_at else ""
                self.say(
                    f"It is open in another cert-prep window{since}: resuming takes it over "
                    "there, and discarding ends it there too."
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
        if not self._start_asked():
            self.say("The exam was not started.")
            return 0
        try:
            session = ExamSession.start(store, bank, plan, self.context.clock)
        except OpenExamExists as exc:
            raise UserError(exc.message) from None
        return self.exam_loop(session)

    def _start_asked(self) -> bool:
        """True on Enter, False on quit or end of input; only Enter starts the clock (a
        word typed too early, `help` included, must not)."""
        while True:
            answer = self.ask("Press Enter to start the clock, or type quit: ")
            word = "quit" if answer is None else answer.strip().lower()
            if word in ("q", "quit"):
                return False
            if not word:
                return True
            if word in ("help", "h", "?"):
                self.say_help(EXAM_HELP)
            else:
                self.say("The clock has not started: press Enter to start it, or type quit.")

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
            return self.results(
                session.result,
                time_note="The time ran out while cert-prep "
                "was closed; the exam was submitted with the answers it had.",
            )
        self.say(f"Resuming {bank.blueprint.name}.")
        return self.exam_loop(session)

    # ---- exams and drills ----

    def exam_loop(self, session: ExamSession) -> int:
        return ExamLoop(self, session).run()

    def drill(self, plan: DrillPlan) -> int:
        session = DrillSession.start(self.context.store(), plan, self.context.clock)
        return self.drill_loop(session)

    def drill_loop(self, session: DrillSession) -> int:
        return DrillLoop(self, session).run()

    def show(self, entry: Entry, session: ExamSession | DrillSession) -> None:
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

    def results(self, result: AttemptResult | None, time_note: str | None = None) -> int:
        if result is None:
            return 1
        for text in result_lines(result, time_note):
            self.say(text)
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
        self.say_answer(entry)

    def say_answer(self, entry: Entry) -> None:
        lookup = (
            self._code_lookup()
            if getattr(entry.question, "code_system", "") == "icd-10-cm"
            else None
        )
        for head, text in answer_lines(entry, lookup):
            self.say_prose(text, head)
