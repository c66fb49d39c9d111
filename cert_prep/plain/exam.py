"""Plain mode's exam loop: one line read, one command from the shared table handled."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cert_prep.bank.models import CodeQuestion
from cert_prep.clock import format_hms
from cert_prep.engine.session import ExamSession
from cert_prep.plain.commands import Command, is_choice_line, letters, parse
from cert_prep.plain.lines import EXAM_HELP
from cert_prep.safe_text import excerpt

if TYPE_CHECKING:
    from cert_prep.plain.mode import PlainMode


class NoLineYet(Exception):
    """Nothing was typed within the wait `PlainMode.ask` was given."""


SAVED = "Your answers are saved. `cert-prep resume --plain` continues."


class ExamLoop:
    def __init__(self, mode: PlainMode, session: ExamSession):
        self.mode = mode
        self.session = session
        # command name -> handler; a handler returns an exit code to leave the loop
        self.handlers: dict[str, Callable[[Command], int | None]] = {
            "quit": self.quit,
            "help": lambda _c: self.mode.say_help(EXAM_HELP),
            "book": lambda c: self.mode.book_command(self.session, c.text),
            "next": self.next,
            "back": self.back,
            "go": self.go,
            "flag": self.flag,
            "review": lambda _c: self.review_list(),
            "repeat": lambda _c: self.show(),
            "time": lambda _c: self.mode.say(f"Time left {format_hms(self.session.remaining())}."),
            "submit": self.submit,
            "clear": self.clear,
            "empty": self.status,
            "answer": self.answer,
        }

    def run(self) -> int:
        session, mode = self.session, self.mode
        warned: set[int] = set()
        for change in session.bank_changes():
            mode.say(change)
        self.show()
        while True:
            if session.moved:
                mode.say("The exam continues in the other cert-prep window.")
                return 1
            for threshold in session.warnings_due(warned):
                warned.add(threshold)
                mode.say(f"Warning: {threshold // 60} minutes left.")
            try:
                # a student reading at the prompt hears the warnings and the deadline
                line = mode.ask(within=session.seconds_to_next_notice(warned) + 0.05)
            except NoLineYet:
                if session.submit_if_expired():
                    return mode.results(session.result)
                continue
            if session.submit_if_expired():
                if line and line.strip():
                    mode.say(
                        f"What you typed last ({excerpt(line.strip(), 30)}) came after the "
                        "deadline and was not saved."
                    )
                return mode.results(session.result)  # the results say the time ran out
            if line is None:
                return self.quit(Command("quit", ""))
            command = parse(line, frozenset(self.handlers))
            code = self.handlers[command.name](command)
            if code is not None:
                return code

    def show(self) -> None:
        self.mode.show(self.session.current, self.session)

    def quit(self, _command: Command) -> int:
        self.mode.guard(self.session.close)
        self.mode.say(SAVED)
        return 0

    def next(self, _command: Command) -> None:
        if self.mode.guard(self.session.next) is False:
            self.mode.say("This is the last question. Type review or submit.")
        else:
            self.show()

    def back(self, _command: Command) -> None:
        if self.mode.guard(self.session.back) is False:
            self.mode.say("This is the first question.")
        else:
            self.show()

    def go(self, command: Command) -> None:
        number = command.number
        if 1 <= number <= self.session.count:
            self.mode.guard(lambda: self.session.go_to(number - 1))
            self.show()
        else:
            self.mode.say(f"There are questions 1 to {self.session.count}.")

    def flag(self, _command: Command) -> None:
        flagged = self.mode.guard(self.session.toggle_flag)
        if flagged is not None:
            self.mode.say("Flagged." if flagged else "Flag removed.")

    def submit(self, _command: Command) -> int | None:
        self.review_list()
        if not self.mode.confirm("Submit the exam?"):
            self.mode.say("Not submitted.")
            return None
        result = self.mode.guard(self.session.submit)
        return None if result is None else self.mode.results(result)

    def clear(self, _command: Command) -> None:
        session = self.session
        if not session.current.answered:
            self.mode.say("There is no answer to clear on this question.")
            return
        if isinstance(session.current.question, CodeQuestion):
            self.mode.guard(lambda: session.set_codes(""))
        else:
            self.mode.guard(lambda: session.set_choices([]))
        self.mode.say("Answer cleared.")

    def status(self, _command: Command) -> None:
        session = self.session
        self.mode.say(
            f"Question {session.index + 1} of {session.count}. "
            f"Time left {format_hms(session.remaining())}. Type help for commands."
        )

    def answer(self, command: Command) -> None:
        session, text = self.session, command.text
        entry = session.current
        if isinstance(entry.question, CodeQuestion):
            # A refused (malformed) entry says why and leaves the saved answer as it was.
            if self.mode.guard(lambda: (session.set_codes(text), True)[1]):
                self.mode.say(f"Saved: {entry.response_text()}.")
            return
        if not is_choice_line(text):
            self.mode.say("Type a letter to answer, or help for the commands.")
            return
        if self.mode.guard(lambda: session.set_choices(letters(text))) is not None:
            self.mode.say(f"Saved: {entry.response_text()}.")

    def review_list(self) -> None:
        session = self.session
        unanswered = [str(i + 1) for i in session.unanswered()]
        flagged = [str(i + 1) for i in session.flagged()]
        self.mode.say(
            f"Answered {session.answered_count} of {session.count}. "
            f"Time left {format_hms(session.remaining())}."
        )
        self.mode.say(f"Unanswered ({len(unanswered)}): {', '.join(unanswered) or 'none'}.")
        self.mode.say(f"Flagged ({len(flagged)}): {', '.join(flagged) or 'none'}.")
