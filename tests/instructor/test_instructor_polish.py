"""Instructor tools, as an instructor tester found them: a key fixed after the exams, wrong
answers to multi and code items on the class dashboard, messages about bad results, GIFT
per-answer feedback and soft wraps, the report's time rounding, folders and --exam."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cert_prep.bank.loader import load_library
from cert_prep.clock import format_hms
from cert_prep.instructor.gift import export_gift, parse_gift
from cert_prep.report.views import duration_text

from .conftest import BANKS, results_doc, write_results

WHEN = "2026-03-02T10:00:00Z"
# quiz-dx-001's key is A in the bank; the results were scored when the key was B.
OLD_KEY_PICKS = ["B", "B", "B", "B", "A", "C", "D"]


def _old_key_class(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    for n, pick in enumerate(OLD_KEY_PICKS):
        rows = [
            ("quiz-dx-001", "dx", pick, pick == "B"),
            ("quiz-dx-002", "dx", "A" if n % 2 else "B", bool(n % 2)),
        ]
        write_results(folder, f"s{n}", [(1, "quiz", WHEN, rows)])
    return folder


def _row(out: str, item: str) -> list[str]:
    return next(line for line in out.splitlines() if line.startswith(item)).split()


# ---- 1. items: the bank's current key against the files' scoring ------------------------------


def test_items_rescores_against_the_current_key_and_says_so(run, tmp_path):
    folder = _old_key_class(tmp_path / "class")
    code, out, err = run("items", folder, "--banks", BANKS)
    assert code == 0, err
    # 1 of 7 picked the key A: p is 1/7, not the 4/7 the files' scoring gives.
    row = _row(out, "quiz-dx-001")
    assert row[:4] == ["quiz-dx-001", "dx", "7", "0.14"]
    assert row[5:9] == ["A", "1*", "B", "4"]
    assert "quiz-dx-001 (5 of 7 answer(s); key now A)" in err
    assert "re-scored against the current key" in err
    assert "quiz-dx-002" not in err  # its scoring agrees with the bank
    code, out, _ = run("items", folder, "--banks", BANKS, "--json")
    first = json.loads(out)["items"][0]
    assert (first["id"], first["p"]) == ("quiz-dx-001", pytest.approx(1 / 7, abs=1e-4))


def test_items_as_scored_keeps_the_files_scoring_and_still_warns(run, tmp_path):
    folder = _old_key_class(tmp_path / "class")
    code, out, err = run("items", folder, "--banks", BANKS, "--as-scored", "--json")
    assert code == 0, err
    assert json.loads(out)["items"][0]["p"] == pytest.approx(4 / 7, abs=1e-4)
    assert "quiz-dx-001 (5 of 7 answer(s); key now A)" in err
    assert "kept as the files scored them" in err


def test_items_without_the_item_in_the_banks_trusts_the_files(run, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for n, pick in enumerate(OLD_KEY_PICKS):
        write_results(folder, f"s{n}", [(1, "demo", WHEN, [("d1", "dx", pick, pick == "B")])])
    code, out, err = run("items", folder, "--json")
    assert code == 0 and "warning" not in err
    assert json.loads(out)["items"][0]["p"] == pytest.approx(4 / 7, abs=1e-4)


def test_a_text_response_that_is_no_choice_key_cannot_be_correct(run, tmp_path):
    doc = results_doc("s1", [(1, "quiz", WHEN, [("quiz-dx-001", "dx", "Z", True)])])
    bad = tmp_path / "s1.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run("items", bad, "--banks", BANKS)
    assert code == 1 and out == ""
    assert (
        f"{bad}: attempts[0].responses[0].correct: 'Z' is not a choice key (A to F), "
        "so it cannot be correct"
    ) in err
    assert "Traceback" not in err


def test_an_answer_the_item_does_not_have_is_named_and_counted_wrong(run, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    # quiz-dx-001 has choices A to D: E scored right cannot be right now.
    for n, (pick, right) in enumerate([("E", True), ("A", True), ("B", False)]):
        write_results(folder, f"s{n}", [(1, "quiz", WHEN, [("quiz-dx-001", "dx", pick, right)])])
    code, out, err = run("items", folder, "--banks", BANKS, "--json")
    assert code == 0, err
    item = json.loads(out)["items"][0]
    assert item["p"] == pytest.approx(1 / 3, abs=1e-4) and item["choices"]["E"] == 1
    assert "do not fit the item as the bank has it now" in err
    assert "quiz-dx-001 (`E` x1)" in err


# ---- 2. the class dashboard's wrong answers --------------------------------------------------


@pytest.fixture
def mixed_class(tmp_path) -> Path:
    """quiz-dx-005 (multi, key A+C), quiz-px-002 (code, key I10), quiz-dx-002 (nobody
    misses it)."""
    folder = tmp_path / "class"
    folder.mkdir()
    answers = [
        (["A", "B"], False, ["E119"], False),
        (["B", "A"], False, ["e11.9"], False),
        (["A", "D"], False, ["I10", "E11.9"], False),
        (["A", "C"], True, ["I10"], True),
    ]
    for n, (multi, multi_ok, codes, codes_ok) in enumerate(answers):
        rows = [
            ("quiz-dx-005", "dx", multi, multi_ok),
            ("quiz-px-002", "px", codes, codes_ok),
            ("quiz-dx-002", "dx", "A", True),
        ]
        write_results(folder, f"s{n}", [(1, "quiz", WHEN, rows)])
    return folder


def test_class_counts_wrong_multi_and_code_answers(run, mixed_class, tmp_path):
    code, out, err = run("class", mixed_class, "--exam", "quiz", "--banks", BANKS, "--json")
    assert code == 0, err
    missed = {m["item"]: m for m in json.loads(out)["most_missed"]}
    assert missed["quiz-dx-005"]["wrong_choices"] == {"A + B": 2, "A + D": 1}
    # e119 and E11.9 are one code; the first spelling seen is shown
    assert missed["quiz-px-002"]["wrong_choices"] == {"E119": 2, "I10 + E11.9": 1}
    assert "quiz-dx-002" not in missed  # p = 1.00: nobody missed it
    page = tmp_path / "class.html"
    code, _, err = run("class", mixed_class, "--exam", "quiz", "--banks", BANKS, "--out", page)
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    # each wrong answer and the key with their choices' text (a letter alone says little)
    assert "A \u201cFive alpha\u201d + B \u201cFive bravo\u201d × 2" in html
    assert "<td>A \u201cFive alpha\u201d + C \u201cFive charlie\u201d</td>" in html
    assert "A + D × 1" in html and "E119 × 2" in html  # D is no choice: shown as given
    assert '<span class="code">quiz-dx-002</span>' not in html


def test_class_in_the_terminal_names_students_domains_and_items(run, mixed_class, tmp_path):
    code, out, err = run(
        "class", mixed_class, "--exam", "quiz", "--banks", BANKS, "--out", tmp_path / "c.html"
    )
    assert code == 0, err
    assert "Most-missed items (p = share right; key; the wrong answer given most):" in out
    assert "  quiz-dx-005  p " in out and "key A + C; A + B x 2" in out
    assert "Weakest domains (class mean of the latest mocks):" in out


def test_class_infers_the_exam_and_names_several(run, mixed_class):
    code, out, err = run("class", mixed_class, "--banks", BANKS, "--json")
    assert code == 0, err
    assert json.loads(out)["exam"] == "quiz"
    write_results(mixed_class, "other", [(1, "demo", WHEN, [("d1", "dx", "A", True)])])
    code, out, err = run("class", mixed_class, "--banks", BANKS, "--json")
    assert code == 2 and out == ""
    assert "several exams: demo (1 student(s)), quiz (4 student(s)); choose one with --exam" in err
    code, out, _ = run("class", "--help")
    assert "needed only when the results hold more than one exam" in " ".join(out.split())


def test_class_warns_about_a_key_fixed_since(run, tmp_path):
    folder = _old_key_class(tmp_path / "class")
    code, out, err = run("class", folder, "--banks", BANKS, "--json")
    assert json.loads(out)["exam"] == "quiz"
    assert code == 0, err
    assert "quiz-dx-001 (5 of 7 answer(s); key now A)" in err


# ---- 3. messages about results files and labels ----------------------------------------------


def test_a_negative_number_is_quoted(run, tmp_path):
    doc = results_doc("s1", [(1, "quiz", WHEN, [("quiz-dx-001", "dx", "A", True)])])
    doc["attempts"][0]["responses"][0]["seconds"] = -1
    doc["attempts"][0]["id"] = 0
    bad = tmp_path / "s1.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run("items", bad)
    assert code == 1
    assert "responses[0].seconds: expected a number of seconds (0 or more), got -1" in err
    assert "attempts[0].id: expected a whole number (1 or more), got 0" in err


def test_a_label_with_a_control_character_is_named_not_echoed(run, tmp_path):
    code, out, err = run(
        "export-results", "--out", tmp_path / "x.json", "--student", "evil\x1b[31m"
    )
    assert code == 2
    assert "--student holds a control or invisible character (U+001B)" in err
    assert "\x1b" not in out + err and "at most 64" not in err


# ---- 4. GIFT export: per-answer feedback and soft wraps ---------------------------------------

FEEDBACK_BANK = """exam: quiz
domain: dx
code_year: 2026
questions:
  - id: quiz-dx-fb-001
    type: single
    stem: |
      A patient has type 2 diabetes
      without complications.

      Which code?
    choices: {A: "E11.9", B: "E10.9", C: "E11.8"}
    answer: A
    feedback:
      A: "Right: E11.9 {type 2} #1 ~ = \\\\ ok."
      B: |
        E10 is type 1,
        not type 2.
    rationale: |
      Type 2 without complications
      is E11.9.
"""


@pytest.fixture
def feedback_items(tmp_path):
    root = tmp_path / "banks"
    shutil.copytree(BANKS, root)
    (root / "quiz" / "fb.yaml").write_text(FEEDBACK_BANK, encoding="utf-8")
    library = load_library([root])
    return [it for it in library.exam("quiz").items if it.source.endswith("fb.yaml")]


def test_gift_export_keeps_feedback_and_reflows(feedback_items):
    (item,) = feedback_items
    text, notes = export_gift(feedback_items, "fb.yaml")
    assert notes == []
    assert "type 2 diabetes without complications.\\n\\nWhich code?" in text
    assert "\t=E11.9#Right\\: E11.9 \\{type 2\\} \\#1 \\~ \\= \\\\ ok.\n" in text
    assert "\t~E10.9#E10 is type 1, not type 2.\n" in text
    assert "\t~E11.8\n" in text  # no feedback, no `#`
    assert "####Type 2 without complications is E11.9.\n" in text
    (q,), notes = parse_gift(text)
    assert notes == []
    assert q.stem == "A patient has type 2 diabetes without complications.\n\nWhich code?"
    assert q.rationale == "Type 2 without complications is E11.9."
    assert q.feedback == {0: "Right: E11.9 {type 2} #1 ~ = \\ ok.", 1: "E10 is type 1, not type 2."}
    assert q.choices == list(item.question.choices.values()) and q.keys == [0]


def test_cli_export_gift_writes_feedback(run, tmp_path, feedback_items):
    out = tmp_path / "gift" / "fb.gift"
    code, _, err = run("export", "gift", feedback_items[0].source, "-o", out)
    assert code == 0, err
    assert "#E10 is type 1, not type 2." in out.read_text(encoding="utf-8")


# ---- 5. the report rounds time as the screens do --------------------------------------------


@pytest.mark.parametrize("seconds", [0.0, 0.4, 0.5, 1.5, 2.5, 59.2, 3599.01, 7200.0])
def test_report_time_matches_the_screens(seconds):
    assert duration_text(seconds) == format_hms(seconds)


def test_report_time_of_a_fraction_of_a_second():
    assert duration_text(0.4) == "0:00:01"
    assert duration_text(0.4, hours=False) == "0:01"


# ---- 6. folders of --out ---------------------------------------------------------------------


def test_import_moodle_xml_creates_folders_and_force_replaces_its_own_bank(run, tmp_path):
    xml = tmp_path / "fb.xml"
    code, _, err = run("export", "moodle-xml", BANKS / "quiz" / "dx.yaml", "--out", xml)
    assert code == 0, err
    out = tmp_path / "mx" / "quiz" / "dx.yaml"
    argv = ["import", "moodle-xml", xml, "--exam", "quiz", "--domain", "dx", "--out", out]
    code, _, err = run(*argv, "--banks", BANKS)
    assert code == 0, err
    assert "- id: quiz-dx-001" in out.read_text(encoding="utf-8")
    code, _, err = run(*argv, "--banks", BANKS, "--force")
    assert code == 0, err
    deep = tmp_path / "a" / "b.xml"
    code, _, err = run("export", "moodle-xml", BANKS / "quiz" / "dx.yaml", "--out", deep)
    assert code == 0, err
    assert deep.is_file()


# ---- the dashboard's flags and items' code spellings (tester, round 8) ----------------------


def test_class_flags_come_from_the_sittings_p_comes_from(run, tmp_path):
    # First mock: everyone right on quiz-dx-001 (too-easy); latest: 3 of 5 right (p 0.60).
    folder = tmp_path / "class"
    folder.mkdir()
    for n in range(5):
        first = [("quiz-dx-001", "dx", "A", True), ("quiz-dx-002", "dx", "A", n % 2 == 0)]
        latest = [("quiz-dx-001", "dx", "A" if n < 3 else "B", n < 3)]
        latest.append(("quiz-dx-002", "dx", "A", True))
        write_results(
            folder, f"s{n}", [(1, "quiz", WHEN, first), (2, "quiz", "2026-03-09T10:00:00Z", latest)]
        )
    page = tmp_path / "class.html"
    code, out, err = run("class", folder, "--banks", BANKS, "--out", page)
    assert code == 0, err
    line = next(line for line in out.splitlines() if line.startswith("  quiz-dx-001"))
    assert "p 0.60" in line and "too-easy" not in line
    assert "too-easy" not in page.read_text(encoding="utf-8")
    code, out, err = run("items", folder, "--banks", BANKS, "--attempts", "last", "--json")
    [item] = [i for i in json.loads(out)["items"] if i["id"] == "quiz-dx-001"]
    assert item["p"] == 0.6 and "too-easy" not in item["flags"]


def _bank_with_a_dotted_code(tmp_path: Path) -> Path:
    root = tmp_path / "banks"
    shutil.copytree(BANKS, root)
    (root / "quiz" / "codes.yaml").write_text(
        "exam: quiz\n"
        "domain: px\n"
        "code_year: 2026\n"
        "questions:\n"
        "  - id: quiz-px-009\n"
        "    type: code\n"
        "    code_system: icd-10-cm\n"
        '    stem: "Code type 2 diabetes without complications and hypertension."\n'
        '    answer: ["E11.9", "I10"]\n'
        '    rationale: "E11.9 and I10."\n',
        encoding="utf-8",
    )
    return root


def test_items_marks_a_key_code_typed_without_its_dot(run, tmp_path):
    root = _bank_with_a_dotted_code(tmp_path)
    typed = [["e119", "I10"], ["E11.9", "i10"], ["I10", "E11.9"], ["E11.8"], ["e 11.9", "I10"]]
    for n, codes in enumerate(typed):
        rows = [("quiz-px-009", "px", codes, n != 3), ("quiz-px-001", "px", "A", n % 2 == 0)]
        write_results(tmp_path, f"s{n}", [(1, "quiz", WHEN, rows)])
    files = sorted(tmp_path.glob("s*.json"))
    page = tmp_path / "items.html"
    code, out, err = run("items", *files, "--banks", root, "--html", page)
    assert code == 0, err
    assert "E11.8 1 E11.9 4* I10 4*" in " ".join(_row(out, "quiz-px-009"))
    assert "E119" not in out
    code, out, err = run("items", *files, "--banks", root, "--json")
    [item] = [i for i in json.loads(out)["items"] if i["id"] == "quiz-px-009"]
    assert item["choices"] == {"E11.8": 1, "E11.9": 4, "I10": 4}
    assert "E11.9 \u2713" in page.read_text(encoding="utf-8")
