"""Plain mode's fixed texts: the command lists, an answer's feedback, a score's details."""

from __future__ import annotations

from cert_prep.book.code_feedback import CodeLookup, code_verdicts
from cert_prep.clock import format_hms
from cert_prep.engine.attempt_result import missed_line
from cert_prep.engine.session import AttemptResult, Entry
from cert_prep.reflow import reflow

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


def answer_lines(entry: Entry, lookup: CodeLookup | None = None) -> list[tuple[str, str]]:
    """The student's answer, the key, code marks and the rationale, as plain lines. Code
    items get a line per code when the book is at hand (`lookup`; ICD-10-CM needs it).

    Each line is (head, text): wrapped, the text hangs under the end of its head, so a
    code's line (`  E11.9 - `, then the label) keeps the code standing out at the left."""
    lines: list[tuple[str, str]] = []

    def add(text: str) -> None:
        lines.append(("", text))

    ok = entry.correct
    if entry.answered:
        verdict = "Correct" if ok else "Incorrect"
        add(f"{verdict}. Your answer: {entry.response_text()}.")
    else:
        add("Not answered.")
    add(f"Key: {entry.key_text()}.")
    marks = entry.marks()
    verdicts = code_verdicts(entry.question, entry.response, lookup)
    if verdicts:
        add("Codes:")
        lines.extend((f"  {verdict.code} - ", verdict.explanation()) for verdict in verdicts)
    elif marks is not None:
        if marks.right:
            add("Right: " + " ".join(marks.right) + ".")
        if marks.wrong:
            add("Wrong: " + " ".join(marks.wrong) + ".")
        if marks.missing:
            add("Missing: " + " ".join(marks.missing) + ".")
        if marks.sequence_ok is False:
            add(f"Sequencing: {entry.question.answer[0]} must be listed first.")
    # Bank format v1.1: each choice's own explanation, named by the letter shown on screen.
    notes = getattr(entry.question, "feedback", None) or {}
    for choice in entry.choices():
        if choice.key in notes:
            add(f"{choice.letter}. {reflow(choice.text)}: {reflow(notes[choice.key])}")
    rationale = reflow(entry.question.rationale)
    if rationale:
        add("Rationale: " + rationale)
    return lines


def result_lines(result: AttemptResult, time_note: str | None = None) -> list[str]:
    """The score and its details; a timed-out exam says so once (`time_note` replaces the
    general line)."""
    score = result.score
    lines: list[str] = []
    if result.mode == "exam":
        if result.timed_out or time_note:
            # said first: a listener hears why the exam ended before its score
            lines.append(
                time_note or "The time ran out; the exam was submitted with the answers given."
            )
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
        lines += [note for note in (result.length_note(), result.pretest_note()) if note]
    else:
        lines.append(
            f"Score: {score.correct}/{score.total}"
            + (f" ({score.percent:g}%)" if score.total else "")
            + "."
        )
        if result.skipped:
            lines.append(f"Skipped: {result.skipped}.")
        missed = missed_line(result)
        if missed:
            lines.append(missed)
    for domain in score.domains:
        lines.append(f"  {domain.name}: {domain.correct}/{domain.total}")
    return lines
