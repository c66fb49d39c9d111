"""Aiken import: good questions, and every malformed case reported by its line."""

from __future__ import annotations

from cert_prep.instructor.aiken import parse_aiken


def texts(notes) -> list[str]:
    return [n.as_text("f.txt") for n in notes]


def test_good_questions_with_both_letter_styles_and_no_blank_lines():
    source = """Which code reports type 2 diabetes
without complications?
A. E11.9
B) E10.9
C. E11.8
D. R73.9
ANSWER: A
Which place of service is an office?
A. 11
B. 21
ANSWER: b

   Which one is "yes"?
A. yes
B. no
ANSWER : A
"""
    questions, notes = parse_aiken(source)
    assert notes == []
    first, second, third = questions
    assert first.line == 1
    assert first.stem == "Which code reports type 2 diabetes\nwithout complications?"
    assert first.choices == ["E11.9", "E10.9", "E11.8", "R73.9"]
    assert first.keys == [0] and first.rationale == "" and first.type == "single"
    assert second.line == 8 and second.choices == ["11", "21"] and second.keys == [1]
    assert third.line == 13 and third.choices == ["yes", "no"]


def test_malformed_questions_are_reported_by_line_and_the_rest_is_read():
    source = """Too few choices?
A. only one
ANSWER: A

No answer line?
A. one
B. two
Next question after a missing ANSWER?
A. first
B. second
ANSWER: B

Answer not a choice?
A. one
B. two
ANSWER: E

Two answers?
A. one
B. two
C. three
ANSWER: A, C

Out of order?
A. one
C. two
ANSWER: A

Seven choices?
A. 1
B. 2
C. 3
D. 4
E. 5
F. 6
G. 7
ANSWER: A

ANSWER: A
B. stray choice

No choices at all?
ANSWER: A

Dangling at the end?
A. one
B. two
"""
    questions, notes = parse_aiken(source)
    assert [q.stem for q in questions] == ["Next question after a missing ANSWER?"]
    assert texts(notes) == [
        "f.txt:1: error: question skipped: too few choices (1); a question needs at least 2",
        "f.txt:5: error: question skipped: no `ANSWER:` line after its choices (line 8 starts "
        "the next question)",
        "f.txt:16: error: question skipped: `ANSWER: E` must be one of the choices (A, B); "
        "Aiken questions have exactly one right answer",
        "f.txt:22: error: question skipped: `ANSWER: A, C` must be one of the choices (A, B, "
        "C); Aiken questions have exactly one right answer",
        "f.txt:26: error: question skipped: choice `C` where `B` was expected; letter the "
        "choices A, B, C ... in order",
        "f.txt:29: error: question skipped: 7 choices; cert-prep items have at most 6 (A to F)",
        "f.txt:39: error: `ANSWER:` with no question before it",
        "f.txt:40: error: choice `B.` with no question before it",
        "f.txt:42: error: question skipped: too few choices (0); a question needs at least 2",
        "f.txt:45: error: question skipped: no `ANSWER:` line after its choices (the file ends)",
    ]


def test_a_question_with_no_choices_at_the_end():
    questions, notes = parse_aiken("Only a question\n")
    assert questions == []
    assert texts(notes) == [
        "f.txt:1: error: question skipped: no choices and no `ANSWER:` line (the file ends)"
    ]


def test_a_choice_written_with_a_colon_is_named_at_its_line():
    """`A: N39.0` is question text to Moodle; the message says how to write a choice,
    instead of "too few choices (0)"."""
    source = """Which code reports a UTI, site not specified?
A: N39.0
B: N30.00
ANSWER: A

Which code reports essential hypertension?
A. I10
B - I11.9
ANSWER: A

Which code is for long-term insulin use?
A. Z79.4
B. Z79.84
ANSWER: A
"""
    questions, notes = parse_aiken(source)
    assert texts(notes) == [
        "f.txt:2: error: question skipped: `A:` is not an Aiken choice; write `A.` or `A)`",
        "f.txt:8: error: question skipped: `B-` is not an Aiken choice; write `B.` or `B)`",
    ]
    assert [q.choices for q in questions] == [["Z79.4", "Z79.84"]]
