"""Plain mode's drill loop: the shared command table, with feedback after each answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cert_prep.bank.models import CodeQuestion, MultiQuestion
from cert_prep.engine.session import DrillSession, Feedback
from cert_prep.plain.commands import Command, is_choice_line, letters, parse
from cert_prep.plain.lines import DRILL_HELP, result_lines
from cert_prep.study.confidence import parse_confidence

if TYPE_CHECKING:
    from cert_prep.plain.mode import PlainMode


# A lookup drill's way into the book, in plain mode's commands.
LOOKUP_BOOK_HINT = (
    "Search the book with book WORDS (its ten best matches); book CODE shows a code's entry."
)


class DrillLoop:
    def __init__(self, mode: PlainMode, session: DrillSession):
        self.mode = mode
        self.session = session
        # command name -> handler; a handler returns an exit code to leave the loop
        self.handlers: dict[str, Callable[[Command], int | None]] = {
            "quit": lambda _c: self.summary("quit"),
            "help": lambda _c: self.mode.say_help(DRILL_HELP),
            "book": lambda c: self.mode.book_command(self.session, c.text),
            "next": lambda _c: self.next(),
            "back": self.back,
            "repeat": lambda _c: self.show(),
            "empty": self.empty,
            # Not a code to check: drill answers are marked at once and stay.
            "clear": lambda _c: self.mode.say(
                "In a drill each answer is marked at once and stays; there is nothing to clear."
            ),
            "answer": self.answer,
        }

    def run(self) -> int:
        session, mode = self.session, self.mode
        for intro in session.intro:
            mode.say(intro)
        if session.attempt.settings.get("lookup"):
            mode.say(LOOKUP_BOOK_HINT)
        mode.say("Type help for the commands.")
        self.show()
        if session.rating_due:  # left before its rating: asked again, the feedback after
            mode.say(f"Your answer: {session.current.response_text()}.")
            self.rate()
        while True:
            if session.moved:
                mode.say("The drill continues in the other cert-prep window.")
                return 1
            line = mode.ask()
            if line is None:
                return self.summary("quit")
            command = parse(line, frozenset(self.handlers))
            code = self.handlers[command.name](command)
            if code is not None:
                return code

    def show(self) -> None:
        self.mode.show(self.session.current, self.session)

    def next(self) -> int | None:
        if self.mode.guard(self.session.next) is False:
            return self.summary("finished")
        self.show()
        return None

    def back(self, _command: Command) -> None:
        if self.mode.guard(self.session.back) is False:
            self.mode.say("This is the first question.")
            return
        self.show()
        if self.session.current.answered:
            self.feedback()

    def empty(self, _command: Command) -> int | None:
        """Enter after the feedback goes on; before an answer it asks for one."""
        if self.session.current.answered:
            return self.next()
        self.mode.say("Type your answer, or help for the commands.")
        return None

    def answer(self, command: Command) -> None:
        session, text = self.session, command.text
        entry = session.current
        if entry.answered:
            self.mode.say("Already answered: type next to go on.")
        elif isinstance(entry.question, CodeQuestion):
            if self.mode.guard(lambda: session.submit_codes(text)) is not None:
                self.rate()
        elif not is_choice_line(text):
            self.mode.say("Type a letter to answer, or help for the commands.")
        else:
            self.choices(letters(text))

    def choices(self, picked: list[str]) -> None:
        session = self.session
        entry = session.current
        answer: Callable[[], Feedback | None]
        if isinstance(entry.question, MultiQuestion):

            def answer() -> Feedback | None:
                session.pending = {entry.choice(letter).key for letter in picked}
                return session.submit_choices()
        elif len(picked) != 1:
            self.mode.say("Choose one answer only.")
            return
        else:

            def answer() -> Feedback | None:
                return session.choose(picked[0])

        if self.mode.guard(answer) is not None:
            self.rate()

    def rate(self) -> None:
        """The answer is saved; with confidence ratings on, ask how sure the student was
        (its review waits for it), then the feedback."""
        if self.session.rating_due:
            level = self.sure()
            if self.mode.guard(lambda: self.session.rate(level)) is None:
                return
        self.feedback()

    def sure(self) -> int | None:
        """With confidence ratings on, ask how sure the student was (None: skipped)."""
        if not self.session.ask_confidence:
            return None
        while True:
            line = self.mode.ask(
                "How sure were you? Type guess, unsure or sure (or 1, 2, 3); Enter skips. "
            )
            try:
                return parse_confidence(line or "")
            except ValueError as exc:
                self.mode.say(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")

    def feedback(self) -> None:
        self.mode.say_answer(self.session.current)
        self.mode.say("Type next (or press Enter) to go on.")

    def summary(self, reason: str) -> int:
        session = self.session
        empty = session.empty
        result = self.mode.guard(lambda: session.finish(reason))
        if result is None:
            return 1
        if empty:
            self.mode.say("No question was answered, so this drill is not recorded.")
            return 0
        for line in result_lines(result):
            self.mode.say(line)
        return 0
