"""Whatever the input, the importers and the results loader report problems; they never
raise, and every question they accept is written as YAML that reads back the same."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cert_prep.instructor.aiken import parse_aiken
from cert_prep.instructor.bankyaml import Imported, bank_yaml, check_question, clean_text
from cert_prep.instructor.gift import parse_gift
from cert_prep.instructor.results_file import ResultsError, loads

# Text with GIFT's and YAML's special characters in it, and a little of everything else.
SPECIAL = st.sampled_from(
    [
        *"{}=~#:\\%[]\n\t -_>/'\"&*!|?,.ABC0123",
        "::",
        "//",
        "####",
        "$CATEGORY:",
        "[html]",
        "<b>",
        "&amp;",
        "\\n",
        "ANSWER: A",
        "A. ",
        "B) ",
        "yes",
        "00100",
        "99213",
        "null",
        "\x85",
        "\u2028",
        "\ufeff",
        "\x07",
    ]
)
TEXT = st.lists(st.one_of(SPECIAL, st.text(max_size=5)), max_size=40).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_gift_never_raises_and_its_questions_round_trip(source):
    questions, notes = parse_gift(source)
    assert all(note.line >= 1 for note in notes)
    if questions:
        ids = [f"quiz-dx-gift-{i:03d}" for i in range(1, len(questions) + 1)]
        bank_yaml(questions, ids, "quiz", "dx", 2026)  # raises RoundTripError if not


@FAST
@given(TEXT)
def test_aiken_never_raises_and_its_questions_round_trip(source):
    questions, notes = parse_aiken(source)
    assert all(note.line >= 1 for note in notes)
    if questions:
        ids = [f"quiz-dx-aiken-{i:03d}" for i in range(1, len(questions) + 1)]
        bank_yaml(questions, ids, "quiz", "dx", 2026)


@FAST
@given(st.lists(TEXT, min_size=2, max_size=6), TEXT, TEXT)
def test_any_acceptable_question_round_trips(choices, stem, rationale):
    question = Imported(
        1,
        clean_text(stem),
        [clean_text(c) for c in choices],
        [0],
        clean_text(rationale),
        title=stem,
    )
    if check_question(question) is None:
        bank_yaml([question], ["quiz-dx-gift-001"], "quiz", "dx", 2026)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "format",
                    "student",
                    "attempts",
                    "id",
                    "exam",
                    "submitted_at",
                    "responses",
                    "item",
                    "domain",
                    "response",
                    "correct",
                    "seconds",
                    "x",
                ]
            ),
            inner,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@FAST
@given(st.one_of(TEXT, JSONISH.map(json.dumps)))
def test_results_loader_only_reports(text):
    try:
        loads(text, "f.json")
    except ResultsError as error:
        assert error.problems and all(p.startswith("f.json") for p in error.problems)
