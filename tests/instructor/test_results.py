"""`cert-prep-results/1`: what the export holds (and leaves out), and the strict loader."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from cert_prep.clock import FakeClock, to_iso
from cert_prep.errors import UserError
from cert_prep.instructor.results_file import (
    FORMAT,
    ResultsError,
    default_label,
    export_results,
    load_many,
    load_results,
    loads,
    parse_since,
)
from cert_prep.store import NewItem, Store

from .conftest import results_doc


def sit(
    store: Store,
    clock: FakeClock,
    exam: str,
    answers: list,
    mode: str = "exam",
    finish: str = "submit",
    practice: bool = False,
    pretest: tuple[str, ...] = (),
) -> int:
    """Sit an attempt through the Store API as the engine does.

    `answers`: (item, domain, response, correct, seconds); response None = left blank.
    """
    attempt = store.create_attempt(
        exam,
        mode,
        to_iso(clock.now()),
        [NewItem(item, domain, "hash") for item, domain, *_ in answers],
        settings={"pretest": list(pretest)} if pretest else None,
        practice=practice,
    )
    for seq, (_, _, response, _, seconds) in enumerate(answers):
        clock.advance(seconds)
        store.move(attempt, seq + 1, left_seq=seq, seconds_on_left=seconds)
        if response is not None:
            store.save_response(attempt, seq, response, to_iso(clock.now()))
    if finish == "submit":
        graded = {seq: bool(a[3]) for seq, a in enumerate(answers)}
        right = sum(graded.values())
        store.submit(
            attempt,
            to_iso(clock.now()),
            "student",
            graded,
            right,
            len(answers),
            100 * right / len(answers),
            None,
        )
    elif finish == "discard":
        store.discard(attempt)
    clock.advance(3600)
    return attempt


@pytest.fixture
def store():
    db = Store.memory()
    yield db
    db.close()


@pytest.fixture
def clock():
    return FakeClock(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))


def test_export_holds_submitted_exams_only_in_the_documented_shape(store, clock):
    first = sit(
        store,
        clock,
        "quiz",
        [
            ("q1", "dx", "B", True, 12.345),
            ("q2", "dx", ["A", "C"], False, 20),
            ("q3", "px", ["I10", "e11.9"], True, 7),
            ("q4", "px", None, False, 3),
        ],
    )
    sit(store, clock, "quiz", [("q1", "dx", "A", False, 5)], mode="drill")
    sit(store, clock, "quiz", [("q1", "dx", "A", False, 5)], finish="discard")
    second = sit(store, clock, "demo", [("d1", "dx", "A", True, 9)])
    sit(store, clock, "quiz", [("q1", "dx", "C", False, 5)], finish="open")
    sit(store, clock, "quiz", [("q1", "dx", "C", False, 5)], practice=True)  # not a full mock

    data = export_results(store, "s07")
    assert list(data) == ["format", "student", "attempts"]
    assert data["format"] == FORMAT == "cert-prep-results/1"
    assert data["student"] == "s07"
    assert [a["id"] for a in data["attempts"]] == [first, second]  # oldest first
    attempt = data["attempts"][0]
    assert list(attempt) == ["id", "exam", "submitted_at", "responses"]
    assert attempt["exam"] == "quiz"
    assert attempt["submitted_at"] == "2026-03-02T14:00:42.345+00:00"
    assert attempt["responses"] == [
        {"item": "q1", "domain": "dx", "response": "B", "correct": True, "seconds": 12.3},
        {"item": "q2", "domain": "dx", "response": ["A", "C"], "correct": False, "seconds": 20.0},
        {
            "item": "q3",
            "domain": "px",
            "response": ["I10", "e11.9"],
            "correct": True,
            "seconds": 7.0,
        },
        {"item": "q4", "domain": "px", "response": None, "correct": False, "seconds": 3.0},
    ]
    # what it exports, the loader accepts
    loaded = loads(json.dumps(data), "s07.json")
    assert loaded.student == "s07" and len(loaded.attempts) == 2


def test_export_marks_unscored_pretest_items_and_only_them(store, clock):
    sit(
        store,
        clock,
        "cca",
        [("a1", "dx", "A", True, 5), ("a2", "dx", "B", False, 5), ("a3", "px", "C", True, 5)],
        pretest=("a2", "a3"),
    )
    sit(store, clock, "cca", [("a1", "dx", "A", True, 5)])  # an attempt without pretest items

    data = export_results(store, "s07")
    marked, plain = data["attempts"]
    assert [r.get("pretest") for r in marked["responses"]] == [None, True, True]
    assert "pretest" not in plain["responses"][0]  # files without pretest items stay as they were
    loaded = loads(json.dumps(data), "s07.json")
    assert [r.item for r in loaded.attempts[0].scored] == ["a1"]
    assert [r.pretest for r in loaded.attempts[0].responses] == [False, True, True]


def test_a_file_from_before_the_pretest_field_loads_with_every_response_scored():
    loaded = loads(json.dumps(good()), "old.json")
    assert loaded.attempts[0].scored == list(loaded.attempts[0].responses)


def test_export_filters_by_exam_and_since(store, clock):
    sit(store, clock, "quiz", [("q1", "dx", "B", True, 1)])  # 2026-03-02
    clock.advance(5 * 86400)
    late = sit(store, clock, "quiz", [("q1", "dx", "A", False, 1)])  # 2026-03-07
    sit(store, clock, "demo", [("d1", "dx", "A", True, 1)])
    assert [
        a["id"]
        for a in export_results(store, "s", exam="quiz", since=parse_since("2026-03-05"))[
            "attempts"
        ]
    ] == [late]
    assert {a["exam"] for a in export_results(store, "s", exam="demo")["attempts"]} == {"demo"}
    assert export_results(store, "s", exam="cpc")["attempts"] == []


def test_no_personal_data_beyond_the_label(store, clock):
    sit(store, clock, "quiz", [("q1", "dx", "B", True, 1)])
    store.set_setting("exam_date.quiz", "2026-06-01")
    store.set_setting("last_exam", "quiz")
    text = json.dumps(export_results(store, "anon"))
    for private in ("exam_date", "2026-06-01", "last_exam", "hash", "flagged", "settings"):
        assert private not in text


def test_default_label_is_made_once_and_kept(store):
    made = iter(["student-aaaa", "student-bbbb"])
    assert default_label(store, lambda: next(made)) == "student-aaaa"
    assert default_label(store, lambda: next(made)) == "student-aaaa"


def test_parse_since():
    assert parse_since("2026-03-05") == datetime(2026, 3, 5, tzinfo=UTC)
    assert parse_since("2026-03-05T10:00:00+02:00") == datetime(2026, 3, 5, 8, tzinfo=UTC)
    with pytest.raises(UserError) as caught:
        parse_since("last tuesday")
    assert caught.value.exit_code == 2


# ---- the loader: every problem, named by file and field ------------------------------------


def good() -> dict:
    return results_doc(
        "s1",
        [(1, "quiz", "2026-03-02T10:00:00Z", [("q1", "dx", "A", True), ("q2", "dx", None, False)])],
    )


def problems_of(data, source="bad.json") -> list[str]:
    with pytest.raises(ResultsError) as caught:
        loads(json.dumps(data), source)
    return caught.value.problems


def test_loader_accepts_a_good_file():
    loaded = loads(json.dumps(good()), "s1.json")
    assert loaded.attempts[0].responses[1].response is None
    assert loaded.attempts[0].when == datetime(2026, 3, 2, 10, tzinfo=UTC)


def test_loader_names_file_and_field_for_every_problem():
    data = good()
    response = data["attempts"][0]["responses"][0]
    response["correct"] = "yes"
    response["seconds"] = -1
    response["extra"] = 1
    data["attempts"][0]["submitted_at"] = "yesterday"
    del data["attempts"][0]["responses"][1]["domain"]
    problems = problems_of(data)
    assert (
        "bad.json: attempts[0].responses[0].correct: expected true or false, got text" in problems
    )
    assert any(
        p.startswith("bad.json: attempts[0].responses[0].seconds: expected a number")
        for p in problems
    )
    assert any(
        p.startswith("bad.json: attempts[0].responses[0].extra: unknown field") for p in problems
    )
    assert any(
        p.startswith("bad.json: attempts[0].submitted_at: expected an ISO-8601 time")
        for p in problems
    )
    assert "bad.json: attempts[0].responses[1]: missing field `domain`" in problems
    assert len(problems) == 5


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d.update(format="cert-prep-results/2"),
            "bad.json: format: `cert-prep-results/2` is not a version this cert-prep reads",
        ),
        (lambda d: d.update(format="moodle"), 'bad.json: format: expected "cert-prep-results/1"'),
        (lambda d: d.update(student=""), "bad.json: student: expected a label"),
        (lambda d: d.update(attempts={}), "bad.json: attempts: expected a list, got an object"),
        (lambda d: d["attempts"][0].update(id=True), "bad.json: attempts[0].id: expected a whole"),
        (lambda d: d["attempts"][0].update(exam="CPC!"), "bad.json: attempts[0].exam: expected"),
        (
            lambda d: d["attempts"].append(dict(d["attempts"][0])),
            "bad.json: attempts[1].id: attempt 1 appears twice",
        ),
        (
            lambda d: d["attempts"][0]["responses"][1].update(item="q1"),
            "bad.json: attempts[0].responses[1].item: `q1` appears twice in one attempt",
        ),
        (
            lambda d: d["attempts"][0]["responses"][1].update(correct=True),
            "bad.json: attempts[0].responses[1].correct: an unanswered question",
        ),
        (
            lambda d: d["attempts"][0]["responses"][0].update(response=7),
            "bad.json: attempts[0].responses[0].response: expected null, a key or a list",
        ),
        (
            lambda d: d["attempts"][0]["responses"][0].update(response=[]),
            "bad.json: attempts[0].responses[0].response: an empty list of answers; an "
            "unanswered question is null",
        ),
        (
            lambda d: d["attempts"][0]["responses"][0].update(response=["I10", "x" * 100_000]),
            "bad.json: attempts[0].responses[0].response: answer 2 of the list is 100,000 "
            "characters; a key or code has at most 40",
        ),
        (
            lambda d: d["attempts"][0]["responses"][0].update(response=["I10", 7]),
            "bad.json: attempts[0].responses[0].response: answer 2 of the list is a number",
        ),
        (lambda d: d.pop("student"), "bad.json: missing field `student`"),
        (
            lambda d: d["attempts"][0]["responses"][0].update(pretest="yes"),
            "bad.json: attempts[0].responses[0].pretest: expected true or false, got text",
        ),
    ],
)
def test_loader_rejects(change, expected):
    data = good()
    change(data)
    problems = problems_of(data)
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format": ', "bad.json:1:12: not valid JSON"),
        ("[1, 2]", "bad.json: expected an object, got a list"),
        ('{"format": NaN}', "bad.json: not valid JSON: `NaN` is not a number JSON allows"),
        (
            '{"format": "a", "format": "b"}',
            "bad.json: not valid JSON: the field `format` appears twice",
        ),
        (
            '{"format": ' + "9" * 5000 + "}",
            "bad.json: not valid JSON: a number of 5,000 digits; no field holds more than 20",
        ),
    ],
)
def test_loader_rejects_bad_json(text, expected):
    with pytest.raises(ResultsError) as caught:
        loads(text, "bad.json")
    assert caught.value.problems[0].startswith(expected), caught.value.problems


def test_load_files_and_folders(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(good()), encoding="utf-8")
    (tmp_path / "b.json").write_bytes(b"\xff\xfe{}")
    (tmp_path / "c.json").write_text("", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not results", encoding="utf-8")
    assert load_results(tmp_path / "a.json").student == "s1"
    with pytest.raises(ResultsError) as caught:
        load_many([tmp_path])  # the folder: a.json, b.json, c.json (not notes.txt)
    problems = caught.value.problems
    assert problems == [
        f"{tmp_path / 'b.json'}: the file is UTF-16; save it as UTF-8",
        f"{tmp_path / 'c.json'}: the file is empty",
    ]
    with pytest.raises(UserError, match="no such file or folder"):
        load_many([tmp_path / "missing.json"])
