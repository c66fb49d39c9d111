"""`--plain`: the line-by-line mode drives the same sessions, store and scoring."""

from __future__ import annotations

import io

from cert_prep.engine.assembly import DrillPlan, ExamOptions, plan_exam
from cert_prep.plain import PlainMode
from tests.engine.support import MARKUP_STEM


def run(context, lines: list[str], action, width: int = 200) -> tuple[int, str]:
    out = io.StringIO()
    plain = PlainMode(
        context, io.StringIO("".join(line + "\n" for line in lines)), out, width=width
    )
    return action(plain), out.getvalue()


def test_plain_exam_answers_flags_quits_and_resumes(context, tiny, clock):
    options = ExamOptions(seed=1)
    plan = plan_exam(tiny, options)
    ids = [it.id for it in plan.items]
    code, out = run(
        context,
        ["", "b", "next", "flag", "2", "go 5", "e11.9, i10", "quit"],
        lambda p: p.start_exam(tiny, options),
    )
    assert code == 0
    assert "Question 1 of 6" in out and "Time left 1:00:00" in out
    assert "Saved: B." in out and "Flagged." in out
    assert "Your answers are saved" in out
    assert "Key:" not in out and "Rationale" not in out  # nothing revealed before submission
    store = context.store()
    row = store.open_exam("tiny")
    items = store.attempt_items(row.id)
    assert [it.item_id for it in items] == ids
    assert items[0].response == "B" and items[1].flagged
    assert items[1].response == ("B" if tiny.item(ids[1]).question.type == "single" else ["B"])
    assert row.position == 4

    clock.advance(120)
    code, out = run(
        context,
        ["resume", "submit", "yes", "review incorrect", "quit"],
        lambda p: p.start_exam(tiny, options),
    )
    assert "unfinished Tiny mock exam" in out
    assert "Question 5 of 6" in out  # the position survived
    assert "Unanswered (" in out and "Flagged (1): 2." in out
    assert "Score: " in out and "FAIL" in out
    submitted = store.attempts(exam="tiny")[0]
    assert submitted.total == 6 and submitted.status == "submitted"
    assert "Rationale:" in out  # review after submission shows rationales


def test_plain_exam_shows_bank_text_exactly(context, tiny):
    options = ExamOptions(seed=1, questions=1)  # seed 1 draws tiny-a1, the markup item
    assert plan_exam(tiny, options).items[0].id == "tiny-a1"
    _, out = run(context, ["", "quit"], lambda p: p.start_exam(tiny, options))
    assert MARKUP_STEM in out
    assert "A. [b]first[/b]" in out and "B. second [/]" in out and "C. third [A]" in out


def test_plain_exam_discard_needs_confirmation(context, tiny):
    options = ExamOptions(seed=1)
    run(context, ["", "a", "quit"], lambda p: p.start_exam(tiny, options))
    first = context.store().open_exam("tiny").id
    _, out = run(context, ["discard", "no"], lambda p: p.start_exam(tiny, options))
    assert "Nothing changed" in out
    assert context.store().open_exam("tiny").id == first
    _, out = run(context, ["discard", "yes", "quit"], lambda p: p.start_exam(tiny, options))
    assert "discarded" in out
    assert context.store().attempt(first).status == "discarded"
    assert context.store().open_exam("tiny") is None  # the new one was not started


def test_plain_exam_times_out_with_the_answers_given(context, tiny, clock):
    class Slow(io.StringIO):
        def readline(self, *args):
            clock.advance(1900)  # the student thinks for a long time
            return super().readline(*args)

    out = io.StringIO()
    plain = PlainMode(context, Slow("\nb\nnext\nc\n"), out)
    plain.start_exam(tiny, ExamOptions(seed=1))
    text = out.getvalue()
    assert "Warning: 30 minutes left." in text
    assert text.count("time ran out") == 1  # said once
    row = context.store().attempts(exam="tiny")[0]
    assert row.submitted_reason == "time"
    answered = [it for it in context.store().attempt_items(row.id) if it.response]
    assert len(answered) == 1  # "c" came after the deadline and was not taken
    assert "What you typed last (next) came after the deadline and was not saved." in text


def test_plain_drill_gives_feedback_and_a_summary(context, tiny):
    plan = DrillPlan(
        tiny, [tiny.item(i) for i in ("tiny-a1", "tiny-a4", "tiny-b2")], ["Drill intro"], {}
    )
    code, out = run(context, ["b", "", "a d", "next", "E11.9", "next"], lambda p: p.drill(plan))
    assert code == 0
    assert "Drill intro" in out
    assert MARKUP_STEM in out and "C. third [A]" in out
    assert out.count("Correct.") == 2 and "Incorrect." in out
    assert "Missing: I10." in out
    assert "Rationale: B is right; [i]rationale[/i] text stays literal." in out
    assert "Score: 2/3" in out
    assert "Answered differently from the key (1): tiny-b2." in out
    assert len(context.store().reviews("tiny")) == 3
    assert "How sure" not in out  # confidence ratings off: drills as before
    assert [r.confidence for r in context.store().reviews("tiny")] == [None] * 3


def test_plain_drill_asks_how_sure_before_the_feedback(context, tiny):
    plan = DrillPlan(
        tiny, [tiny.item(i) for i in ("tiny-a1", "tiny-a4", "tiny-b2")], [], {"confidence": True}
    )
    lines = ["b", "sure", "", "a d", "maybe", "2", "next", "E11.9", "", "next"]
    code, out = run(context, lines, lambda p: p.drill(plan))
    assert code == 0
    assert out.count("How sure were you?") == 4  # one refused word asked again
    assert "Answer 1 (guess), 2 (unsure), 3 (sure), or Enter to skip." in out
    assert out.index("How sure were you?") < out.index("Correct.")  # before the feedback
    assert [r.confidence for r in context.store().reviews("tiny")] == [3, 2, None]


def test_plain_mode_reflows_and_wraps_at_word_boundaries(context, tiny):
    options = ExamOptions(seed=4)  # seed 4 opens with the case items
    _, out = run(context, ["", "quit"], lambda p: p.start_exam(tiny, options), width=40)
    lines = out.splitlines()
    prompts = ("> ", "Press Enter")  # typed-at prompts are not wrapped
    assert all(len(line) <= 40 for line in lines if not line.startswith(prompts))
    text = " ".join(out.split())
    # the hard line breaks inside the paragraph are spaces; the case is named by its title
    assert "the way YAML authors wrap: what was repaired?" in text
    assert "Refer to case “Operative report”." in text and "case-01" not in out
    # the case record keeps its lines; a line in lower case continued the one before
    assert "PROCEDURE: open repair of the left hip [with plate], performed" in text
    assert "anesthesia with the patient supine" in text
    for word in ("intertrochanteric", "PREOPERATIVE", "anesthesia"):
        assert word in out.split() or any(word in line.split() for line in lines)


def test_plain_review_shows_choice_feedback_beside_its_choice(context, tiny):
    options = ExamOptions(seed=4, shuffle=True)
    _, out = run(
        context, ["", "submit", "yes", "review", "quit"], lambda p: p.start_exam(tiny, options)
    )
    for line in out.splitlines():
        if "The record names the left hip." in line:
            assert line.split(". ", 1)[1].startswith("left: ")  # the letter shown, its text
            break
    else:
        raise AssertionError("the choice feedback was not shown")
    assert "Nothing in the record says right." in out


def test_plain_incorrect_review_leaves_out_unanswered(context, tiny):
    options = ExamOptions(seed=1)  # a1 answered right (B), the other five unanswered
    _, out = run(
        context,
        ["", "b", "submit", "yes", "review incorrect", "review unanswered", "quit"],
        lambda p: p.start_exam(tiny, options),
    )
    incorrect, unanswered = out.split("Type review")[1:3]
    assert "No incorrect questions." in incorrect and "Unanswered." not in incorrect
    assert unanswered.count("Unanswered.") == 5


def test_plain_refuses_a_malformed_code_and_clears_an_answer(context, tiny):
    options = ExamOptions(seed=1)  # the sixth question, tiny-g1, is an ICD-10-CM code item
    _, out = run(
        context,
        ["", "go 6", "NNN", "A41.51 R65.20", "A41.51 4", "clear", "quit"],
        lambda p: p.start_exam(tiny, options),
    )
    assert "`NNN` is not an ICD-10-CM code." in out and "`4` is not an ICD-10-CM code." in out
    assert "Saved: NNN" not in out and out.count("Saved: A41.51 R65.20.") == 1
    assert "Answer cleared." in out
    attempt = context.store().open_exam("tiny")
    g1 = {it.item_id: it for it in context.store().attempt_items(attempt.id)}["tiny-g1"]
    assert g1.response is None


def test_only_enter_starts_the_clock(context, tiny):
    """`help` (or any word) typed at the start prompt answers there; it started the exam."""
    code, out = run(
        context, ["help", "xyz", "quit"], lambda p: p.start_exam(tiny, ExamOptions(seed=1))
    )
    assert code == 0 and "Question 1 of" not in out
    assert "Commands (type one and press Enter):" in out
    assert "The clock has not started: press Enter to start it, or type quit." in out
    assert "The exam was not started." in out
    assert context.store().open_exam("tiny") is None


def test_help_reads_one_command_a_line_on_a_narrow_display(context, tiny):
    """At 40 columns (a braille display) the padding of the two columns was wrapped with
    the words; each command now has its line, its description indented below."""
    _code, narrow = run(
        context, ["help", "quit"], lambda p: p.start_exam(tiny, ExamOptions(seed=1)), width=40
    )
    assert "  go N\n      go to question N\n" in narrow
    block = narrow.split("Commands (type one and press Enter):\n", 1)[1].split("Press", 1)[0]
    assert all(len(line) <= 40 for line in block.splitlines())
    _code, wide = run(context, ["help", "quit"], lambda p: p.start_exam(tiny, ExamOptions(seed=1)))
    assert "  go N                            go to question N\n" in wide


def test_clear_says_when_there_is_nothing_to_clear(context, tiny):
    _code, out = run(
        context, ["", "clear", "quit"], lambda p: p.start_exam(tiny, ExamOptions(seed=1))
    )
    assert "There is no answer to clear on this question." in out and "Answer cleared." not in out
    plan = DrillPlan(tiny, [tiny.item("tiny-g1")], [], {})
    _code, out = run(context, ["clear", "quit"], lambda p: p.drill(plan))
    assert "there is nothing to clear" in out and "is not an ICD-10-CM code" not in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_plain_exam_speaks_up_while_the_student_reads_at_the_prompt(context, tiny, clock):
    waits: list[float] = []

    def reading(_stream, seconds: float) -> bool:  # nothing typed: the time passes
        waits.append(seconds)
        clock.advance(seconds)
        return False

    out = io.StringIO()
    plain = PlainMode(context, _Terminal("\nb\n"), out, width=200, line_within=reading)
    code = plain.start_exam(tiny, ExamOptions(seed=1))
    text = out.getvalue()
    # an hour: the 30- and 5-minute warnings and the deadline, each as it comes
    assert [round(w) for w in waits] == [1800, 1500, 300]
    assert text.index("Warning: 30 minutes left.") < text.index("Warning: 5 minutes left.")
    assert "The time ran out; the exam was submitted with the answers given." in text
    assert "\n> \nWarning: 30 minutes left." in text  # not run on after the prompt
    row = context.store().attempts(exam="tiny")[0]
    assert code == 0 and row.submitted_reason == "time"


def test_piped_input_is_read_as_before_without_waiting(context, tiny):
    def never(_stream, _seconds):
        raise AssertionError("piped input must not be waited on")

    out = io.StringIO()
    plain = PlainMode(context, io.StringIO("\nb\nquit\n"), out, width=200, line_within=never)
    assert plain.start_exam(tiny, ExamOptions(seed=1)) == 0
    assert "Your answers are saved." in out.getvalue()
