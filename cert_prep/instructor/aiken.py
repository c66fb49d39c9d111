"""Aiken (Moodle's simplest format) -> cert-prep single items.

    Which code reports type 2 diabetes without complications?
    A. E11.9
    B) E10.9
    C. E11.8
    ANSWER: A

The question text (one or more lines), then choices `A.`/`A)` in order, then
`ANSWER: X`. Blank lines between questions are optional. Aiken has no feedback, so the
rationale is left empty (lint warns until the author writes one). Malformed questions (too
few choices, a missing or unknown `ANSWER:`, letters out of order, more choices than
cert-prep holds) are errors naming their line; the rest of the file is still read.
"""

from __future__ import annotations

import re

from cert_prep.bank.models import CHOICE_KEYS
from cert_prep.instructor.bankyaml import Imported, Note, check_question, clean_text

_CHOICE = re.compile(r"^([A-Z])[.)][ \t]+(.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.IGNORECASE)
# A choice written another way (`A: N39.0`, `B - N30.00`): Moodle reads it as question text.
_LOOKALIKE = re.compile(r"^([A-Z])[ \t]*[:-][ \t]*\S")


class _Draft:
    def __init__(self, line: int, text: str):
        self.line = line
        self.stem_lines = [text]
        self.choices: list[tuple[int, str, str]] = []  # (line, letter, text)
        self.problem: tuple[int, str] | None = None  # (line, why) the question is skipped

    def expects(self, line: str) -> bool:
        """Whether `line` is the next choice written the wrong way: recorded as the
        reason the question is skipped, with the line it is on."""
        found = _LOOKALIKE.match(line)
        return (
            found is not None
            and len(self.choices) < len(CHOICE_KEYS)
            and found.group(1) == CHOICE_KEYS[len(self.choices)]
        )


def parse_aiken(source: str) -> tuple[list[Imported], list[Note]]:
    questions: list[Imported] = []
    notes: list[Note] = []
    draft: _Draft | None = None

    def abandon(reason: str) -> None:
        nonlocal draft
        if draft is not None:
            line, reason = draft.problem or (draft.line, reason)
            notes.append(Note(line, "error", f"question skipped: {reason}"))
        draft = None

    for number, raw in enumerate(source.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        choice = _CHOICE.match(line)
        answer = _ANSWER.match(line)
        if answer:
            if draft is None:
                notes.append(Note(number, "error", "`ANSWER:` with no question before it"))
                continue
            finished = _finish(draft, answer.group(1).strip(), number, notes)
            if finished is not None:
                questions.append(finished)
            draft = None
        elif choice and draft is not None:
            draft.choices.append((number, choice.group(1), clean_text(choice.group(2))))
        elif draft is not None and draft.expects(line):
            letter, rest = line[0], line[1:].lstrip()
            if draft.problem is None:
                draft.problem = (
                    number,
                    f"`{letter}{rest[0]}` is not an Aiken choice; write `{letter}.` or `{letter})`",
                )
            draft.choices.append((number, letter, clean_text(rest[1:])))
        elif choice:
            notes.append(
                Note(number, "error", f"choice `{choice.group(1)}.` with no question before it")
            )
        elif draft is not None and draft.choices:
            # Text after the choices: the question before had no ANSWER line.
            abandon(f"no `ANSWER:` line after its choices (line {number} starts the next question)")
            draft = _Draft(number, line)
        elif draft is not None:
            draft.stem_lines.append(line)
        else:
            draft = _Draft(number, line)
    if draft is not None:
        if draft.choices:
            abandon("no `ANSWER:` line after its choices (the file ends)")
        else:
            abandon("no choices and no `ANSWER:` line (the file ends)")
    return questions, notes


def _finish(draft: _Draft, letter: str, answer_line: int, notes: list[Note]) -> Imported | None:
    def skip(line: int, reason: str) -> None:
        notes.append(Note(line, "error", f"question skipped: {reason}"))

    if draft.problem is not None:
        skip(*draft.problem)
        return None
    if len(draft.choices) < 2:
        skip(draft.line, f"too few choices ({len(draft.choices)}); a question needs at least 2")
        return None
    if len(draft.choices) > len(CHOICE_KEYS):
        skip(
            draft.line,
            f"{len(draft.choices)} choices; cert-prep items have at most "
            f"{len(CHOICE_KEYS)} (A to {CHOICE_KEYS[-1]})",
        )
        return None
    for index, (line, got, _) in enumerate(draft.choices):
        if got != CHOICE_KEYS[index]:
            skip(
                line,
                f"choice `{got}` where `{CHOICE_KEYS[index]}` was expected; letter "
                "the choices A, B, C ... in order",
            )
            return None
    letter = letter.upper().rstrip(".)")
    if not letter:
        skip(answer_line, "`ANSWER:` names no letter")
        return None
    if len(letter) != 1 or letter not in CHOICE_KEYS[: len(draft.choices)]:
        letters = ", ".join(CHOICE_KEYS[: len(draft.choices)])
        skip(
            answer_line,
            f"`ANSWER: {letter}` must be one of the choices ({letters}); Aiken "
            "questions have exactly one right answer",
        )
        return None
    question = Imported(
        line=draft.line,
        stem=clean_text("\n".join(draft.stem_lines)),
        choices=[text for _, _, text in draft.choices],
        keys=[CHOICE_KEYS.index(letter)],
    )
    problem = check_question(question)
    if problem:
        skip(draft.line, problem)
        return None
    return question
