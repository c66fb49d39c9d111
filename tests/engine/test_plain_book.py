"""The plain mode's `book WORDS` and `book CODE`, in exams and drills; off in a
closed-book exam; book text is printed with control characters made visible."""

from __future__ import annotations

import dataclasses
import io

import pytest

from cert_prep.engine.assembly import ExamOptions, plan_drill
from cert_prep.plain import PlainMode


@pytest.fixture
def book_context(context, book_cache):
    context.locations = dataclasses.replace(context.locations, cache_dir=book_cache)
    return context


def run(context, lines, action):
    out = io.StringIO()
    plain = PlainMode(context, io.StringIO("".join(line + "\n" for line in lines)), out, width=200)
    return action(plain), out.getvalue()


def test_book_words_and_book_code_in_an_exam(book_context, tiny):
    options = ExamOptions(seed=1)
    code, out = run(
        book_context,
        ["", "book fracture femur neck", "book s72001a", "book", "b", "quit"],
        lambda p: p.start_exam(tiny, options),
    )
    assert code == 0
    lines = out.splitlines()
    hits = [line for line in lines if line.startswith("S72.0")]
    assert hits and all("  " in h for h in hits)
    first = lines.index(hits[0])
    found = []
    for line in lines[first:]:  # the top 10 as "CODE  title", in one block
        if not line[:1].isalnum() or "  " not in line:
            break
        found.append(line)
    assert 1 <= len(found) <= 10
    assert "S72.001A  Fracture of unspecified part of neck of right femur" in out
    assert "7th characters:" in out  # the entry, not a search
    assert "Type book and words to search" in out
    assert "Saved: B." in out  # the exam goes on as before
    assert book_context.store().open_exam("tiny") is not None


def test_book_in_a_drill_is_not_taken_as_codes(book_context, tiny):
    plan = plan_drill(tiny, seed=1)
    code, out = run(book_context, ["book e08", "book zzz qqq", "quit"], lambda p: p.drill(plan))
    assert code == 0
    assert "E08  Diabetes mellitus due to underlying condition" in out
    assert "Excludes1:" in out
    assert 'No entry of the tabular list holds every word of "zzz qqq"' in out
    assert "Incorrect" not in out


def test_book_is_refused_in_a_closed_book_exam(book_context, tiny):
    options = ExamOptions(seed=1, closed_book=True)
    code, out = run(
        book_context, ["", "book femur", "book E08", "quit"], lambda p: p.start_exam(tiny, options)
    )
    assert code == 0
    assert out.count("Closed-book exam: the code book is off.") == 2
    assert "E08  Diabetes" not in out
    assert book_context.store().open_exam("tiny").settings["closed_book"] is True


def test_book_text_with_control_characters_is_made_visible(book_context, tiny):
    options = ExamOptions(seed=1)
    code, out = run(
        book_context, ["", "book femur\x1b[31m", "quit"], lambda p: p.start_exam(tiny, options)
    )
    assert code == 0
    assert "\x1b" not in out


def test_a_book_that_cannot_be_opened_is_one_line(context, tiny):
    options = ExamOptions(seed=1)  # the test context has no cache folder
    code, out = run(context, ["", "book femur", "quit"], lambda p: p.start_exam(tiny, options))
    assert code == 0
    assert "The book needs a cache folder; set CERT_PREP_CACHE." in out
    assert "Traceback" not in out


def test_a_plain_lookup_drill_names_only_plain_modes_book_commands(book_context):
    from cert_prep.book.book import open_book
    from cert_prep.study.lookup import lookup_plan

    bank = book_context.library().exam("tiny")
    book = open_book(book_context.locations.cache_dir)
    try:
        plan = lookup_plan(book_context.store(), bank, book, book_context.clock.now(), 2, 1)
    finally:
        book.close()
    code, out = run(book_context, ["quit"], lambda p: p.drill(plan))
    assert code == 0
    intro = out.split("Question 1 of 2")[0]
    assert "book WORDS" in intro and "book CODE" in intro
    assert "/" not in intro and "F2" not in intro  # the full-screen keys
