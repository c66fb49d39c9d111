"""One question of an attempt as the student meets it: its choices as shown (shuffled or
not), the answer in the bank's lettering, and the feedback a drill or review shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cert_prep.bank.loader import ExamBank, Item
from cert_prep.bank.models import (
    CHOICE_KEYS,
    CodeQuestion,
    MultiQuestion,
    SingleQuestion,
    answer_keys,
    key_hash,
)
from cert_prep.engine.scoring import CodeMarks, code_marks, is_answered, is_correct
from cert_prep.errors import UserError
from cert_prep.store import AttemptItemRow


class NotAChoice(UserError):
    """A key pressed for a choice the question does not have."""


@dataclass(frozen=True)
class Choice:
    letter: str  # as shown on screen
    key: str  # the bank's letter: responses are always stored in it
    text: str


@dataclass
class Entry:
    """One question of an attempt and the student's work on it."""

    seq: int
    item: Item
    domain: str
    choice_order: list[str] | None
    response: Any = None
    flagged: bool = False
    seconds: float = 0.0
    answered_at: str | None = None
    correct: bool | None = None
    # Answered against a key or choices the bank has since changed (a letter may now
    # name another choice): the student is told, and answering again clears it.
    changed: bool = False
    # A confidence drill's answer saved and waiting for how sure the student was: its
    # review (and so its feedback) follows the rating, or a skip.
    rating_due: bool = False

    @property
    def question(self) -> SingleQuestion | MultiQuestion | CodeQuestion:
        return self.item.question

    @property
    def kind(self) -> str:
        return self.question.type

    @property
    def answered(self) -> bool:
        return is_answered(self.response)

    def choices(self) -> list[Choice]:
        question = self.question
        if isinstance(question, CodeQuestion):
            return []
        if self.choice_order:
            order = [k for k in self.choice_order if k in question.choices]
            return [Choice(CHOICE_KEYS[i], k, question.choices[k]) for i, k in enumerate(order)]
        return [Choice(k, k, question.choices[k]) for k in sorted(question.choices)]

    def choice(self, letter: str) -> Choice:
        """The choice shown as `letter` (A-F), or the n-th for `1`-`6`."""
        choices = self.choices()
        letter = letter.upper()
        if letter.isdigit():
            index = int(letter) - 1
            if 0 <= index < len(choices):
                return choices[index]
        else:
            for choice in choices:
                if choice.letter == letter:
                    return choice
        raise NotAChoice(f"this question has no choice {letter}")

    def letters(self, keys: list[str] | str | None) -> list[str]:
        """Bank keys as shown on screen, in screen order."""
        if not keys:
            return []
        wanted = {keys} if isinstance(keys, str) else set(keys)
        return [c.letter for c in self.choices() if c.key in wanted]

    def response_text(self) -> str:
        """The answer as the student sees it: `B`, `A, C`, or the codes typed."""
        if not self.answered:
            return ""
        if isinstance(self.question, CodeQuestion):
            return " ".join(self.response)
        return ", ".join(self.letters(self.response))

    def key_text(self) -> str:
        if isinstance(self.question, CodeQuestion):
            return " ".join(self.question.answer)
        return ", ".join(self.letters(answer_keys(self.question)))

    def marks(self) -> CodeMarks | None:
        if isinstance(self.question, CodeQuestion):
            return code_marks(self.question, self.response)
        return None


@dataclass(frozen=True)
class Feedback:
    """What a drill shows once an answer is given."""

    correct: bool
    key: str
    rationale: str
    marks: CodeMarks | None = None


def feedback_for(entry: Entry) -> Feedback:
    ok = entry.correct if entry.correct is not None else is_correct(entry.question, entry.response)
    return Feedback(ok, entry.key_text(), entry.question.rationale, entry.marks())


def entries_from_rows(bank: ExamBank, rows: list[AttemptItemRow]) -> tuple[list[Entry], list[str]]:
    """The attempt's entries, and the ids of items no longer in the banks (left out)."""
    entries, missing = [], []
    for row in rows:
        item = bank.item(row.item_id)
        if item is None:
            missing.append(row.item_id)
            continue
        entries.append(
            Entry(
                row.seq,
                item,
                row.domain,
                row.choice_order,
                row.response,
                row.flagged,
                row.seconds,
                row.answered_at,
                row.correct,
                is_answered(row.response) and row.key_hash != key_hash(item.question),
            )
        )
    return entries, missing
