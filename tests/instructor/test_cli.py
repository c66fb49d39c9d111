"""The instructor commands as a user meets them: outputs, files and every error path."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cert_prep.clock import FakeClock
from cert_prep.store import Store

from .conftest import BANKS, write_results
from .test_analysis import ITEMS, KEY, ROWS
from .test_gift import GIFT_SAMPLE
from .test_results import sit


def no_traceback(err: str) -> None:
    assert "Traceback" not in err


# ---- export-results -----------------------------------------------------------------------


@pytest.fixture
def history(tmp_path):
    """A student's history in the data dir the `run` fixture points at."""
    store = Store.open(tmp_path / "home" / "cert-prep.sqlite3")
    clock = FakeClock(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
    ids = [
        sit(
            store,
            clock,
            "quiz",
            [("quiz-dx-001", "dx", "A", True, 10), ("quiz-dx-002", "dx", None, False, 5)],
        ),
        sit(store, clock, "demo", [("d1", "dx", "B", False, 3)]),
    ]
    sit(store, clock, "quiz", [("quiz-dx-001", "dx", "B", False, 4)], mode="drill")
    store.close()
    return ids


def test_export_results_writes_the_file(run, tmp_path, history):
    out = tmp_path / "me.json"
    code, stdout, err = run("export-results", "--student", "s07", "--out", out)
    assert code == 0, err
    assert stdout.strip() == f"Wrote 2 mock exam(s) (demo, quiz) for student `s07` to {out}"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["student"] == "s07" and [a["id"] for a in data["attempts"]] == history
    code, _, _ = run("export-results", "--exam", "quiz", "--out", out, "--student", "s07")
    assert [a["exam"] for a in json.loads(out.read_text())["attempts"]] == ["quiz"]


def test_export_results_default_label_is_stable(run, tmp_path, history):
    run("export-results", "--out", tmp_path / "a.json")
    run("export-results", "--out", tmp_path / "b.json")
    a = json.loads((tmp_path / "a.json").read_text())["student"]
    b = json.loads((tmp_path / "b.json").read_text())["student"]
    assert a == b and a.startswith("student-")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--since", "yesterday"], 2, "--since wants a date like 2026-03-01"),
        (["--student", "  "], 2, "--student needs a label"),
        (["--student", "x" * 65], 2, "--student must be at most 64 printable characters"),
        (["--exam", "cpc"], 1, "no submitted cpc mock exams to export"),
        (["--since", "2027-01-01"], 1, "no submitted mock exams since 2027-01-01 to export"),
    ],
)
def test_export_results_errors(run, tmp_path, history, argv, code, message):
    got, _, err = run("export-results", "--out", tmp_path / "x.json", *argv)
    assert got == code and f"cert-prep: {message}" in err
    assert not (tmp_path / "x.json").exists()
    no_traceback(err)


def test_export_results_says_practice_exams_are_left_out(run, tmp_path):
    store = Store.open(tmp_path / "home" / "cert-prep.sqlite3")
    clock = FakeClock(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
    sit(store, clock, "quiz", [("quiz-dx-001", "dx", "A", True, 10)], practice=True)
    store.close()
    code, _, err = run("export-results", "--out", tmp_path / "x.json", "--student", "s")
    assert code == 1 and not (tmp_path / "x.json").exists()
    assert "no submitted mock exams to export" in err
    assert "1 practice exam(s) (--questions or --minutes) left out" in err
    assert "'A class quiz of your own'" in err


def test_export_results_needs_out_and_history(run, tmp_path):
    code, _, err = run("export-results")
    assert code == 2 and "--out" in err
    code, _, err = run("export-results", "--out", tmp_path / "x.json")
    assert code == 1 and "no submitted mock exams to export" in err
    code, _, err = run("export-results", "--out", tmp_path, "--student", "s")
    assert code in (1, 2) and "cert-prep:" in err
    no_traceback(err)


# ---- items -------------------------------------------------------------------------------------


@pytest.fixture
def class_folder(tmp_path) -> Path:
    folder = tmp_path / "class"
    folder.mkdir()
    for student, answers in ROWS.items():
        rows = [
            (item, "px" if "px" in item else "dx", answer, answer == KEY)
            for item, answer in zip(ITEMS, answers, strict=True)
        ]
        write_results(folder, student, [(1, "quiz", "2026-03-02T10:00:00Z", rows)])
    return folder


def test_items_json(run, class_folder):
    code, out, err = run("items", class_folder, "--json", "--banks", BANKS)
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == ["exam", "students", "mean", "sd", "kr20", "items"]
    assert (data["students"], data["mean"], data["sd"], data["kr20"]) == (5, 56.67, 17.0, 0.1846)
    assert data["items"][0] == {
        "id": "quiz-dx-001",
        "domain": "dx",
        "n": 5,
        "p": 0.8,
        "r_pb": 0.375,
        "choices": {"A": 4, "B": 0, "C": 0, "D": 1},
        "flags": [],
    }
    assert [i["flags"] for i in data["items"]][3:] == [
        ["poor-discrimination", "check-key"],
        ["too-easy"],
        ["too-hard"],
    ]


def test_items_text_and_html(run, class_folder, tmp_path):
    files = sorted(class_folder.glob("*.json"))
    html = tmp_path / "report" / "items.html"
    code, out, err = run("items", *files, "--html", html, "--banks", BANKS)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        "Item analysis of quiz (Classroom quiz): 5 student(s), each student's "
        "first attempt (5 sitting(s))"
    )
    assert (
        lines[1] == "Mean 56.7%, SD 17.0 points (population), KR-20 0.18: low (below 0.60): "
        "the scores are not consistent enough to rank students"
    )
    row = next(line for line in lines if line.startswith("quiz-dx-004"))
    assert row.split() == [
        "quiz-dx-004",
        "dx",
        "5",
        "0.40",
        "-0.37",
        "A",
        "2*",
        "B",
        "2",
        "C",
        "1",
        "D",
        "0",
        "poor-discrimination,",
        "check-key",
    ]
    assert "3 of 6 item(s) flagged." in out
    assert lines[-1] == f"Wrote the HTML report to {html}"
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_items_several_exams_and_bad_files(run, tmp_path, class_folder):
    write_results(
        class_folder, "other", [(1, "demo", "2026-03-02T10:00:00Z", [("d1", "dx", "A", True)])]
    )
    code, _, err = run("items", class_folder)
    assert code == 2
    assert "several exams: demo (1 student(s)), quiz (5 student(s)); choose one with --exam" in err
    code, out, _ = run("items", class_folder, "--exam", "demo", "--json")
    assert code == 0 and json.loads(out)["students"] == 1

    bad = class_folder / "broken.json"
    bad.write_text(
        '{"format": "cert-prep-results/1", "student": "b", "attempts": '
        '[{"id": 1, "exam": "quiz", "submitted_at": "2026-03-02T10:00:00Z", '
        '"responses": [{"item": "q", "domain": "dx", "response": "A", '
        '"correct": 1, "seconds": 3}]}]}',
        encoding="utf-8",
    )
    code, out, err = run("items", class_folder, "--exam", "quiz")
    assert code == 1 and out == ""
    assert f"{bad}: attempts[0].responses[0].correct: expected true or false, got a number" in err
    no_traceback(err)


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["missing.json"], 2, "missing.json: no such file or folder"),
        (["FOLDER", "--attempts", "most"], 2, "invalid choice: 'most'"),
        (["FOLDER", "--exam", "cpc"], 2, "the results files have no `cpc` attempts"),
        (["EMPTY"], 2, "the folder holds no .json results files"),
    ],
)
def test_items_usage_errors(run, tmp_path, class_folder, argv, code, message):
    (tmp_path / "empty").mkdir()
    argv = [
        str(class_folder) if a == "FOLDER" else str(tmp_path / "empty") if a == "EMPTY" else a
        for a in argv
    ]
    got, _, err = run("items", *argv)
    assert got == code and message in err
    no_traceback(err)


# ---- import ---------------------------------------------------------------------------------


@pytest.fixture
def gift_file(tmp_path) -> Path:
    path = tmp_path / "week1.gift"
    path.write_text(GIFT_SAMPLE, encoding="utf-8")
    return path


def test_import_to_stdout_uses_the_visible_banks(run, gift_file):
    code, out, err = run(
        "import",
        "gift",
        gift_file,
        "--exam",
        "quiz",
        "--domain",
        "px",
        "--banks",
        BANKS,
        "--code-year",
        "2025",
    )
    assert code == 0, err
    assert out.startswith("# Imported from week1.gift by `cert-prep import gift`.")
    assert "code_year: 2025" in out and "- id: quiz-px-gift-001" in out
    assert err.strip() == "cert-prep: imported 3 question(s)"


def test_import_aiken_reports_errors_but_keeps_the_good_questions(run, tmp_path):
    source = tmp_path / "quiz.txt"
    source.write_text(
        "Good one?\nA. yes\nB. no\nANSWER: A\n\nBroken?\nA. only\nANSWER: A\n", encoding="utf-8"
    )
    root = tmp_path / "banks"
    shutil.copytree(BANKS, root)
    out = root / "quiz" / "aiken.yaml"
    code, _, err = run("import", "aiken", source, "--exam", "quiz", "--domain", "dx", "-o", out)
    assert code == 1
    assert f"cert-prep: {source}:6: error: question skipped: too few choices (1)" in err
    assert "imported 1 question(s) to" in err and "1 skipped" in err
    assert "- id: quiz-dx-aiken-001" in out.read_text(encoding="utf-8")
    code, lint_out, _ = run("lint", out)
    assert code == 0 and "warning empty-rationale" in lint_out


def test_import_numbers_ids_after_existing_ones(run, tmp_path, gift_file):
    root = tmp_path / "banks"
    shutil.copytree(BANKS, root)
    first = root / "quiz" / "one.yaml"
    second = root / "quiz" / "two.yaml"
    assert run("import", "gift", gift_file, "--exam", "quiz", "--domain", "dx", "-o", first)[0] == 0
    gift_file.write_text(GIFT_SAMPLE.replace("Which", "Whose"), encoding="utf-8")
    assert (
        run("import", "gift", gift_file, "--exam", "quiz", "--domain", "dx", "-o", second)[0] == 0
    )
    assert "- id: quiz-dx-gift-004" in second.read_text(encoding="utf-8")
    _, out, _ = run("lint", root / "quiz" / "two.yaml")
    assert "duplicate-id" not in out and "0 error(s)" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (
            ["--exam", "nope", "--domain", "dx", "--banks", "BANKS"],
            2,
            "unknown exam `nope`; exams available: cca, ccs, cpc, quiz",
        ),
        (
            ["--exam", "quiz", "--domain", "rx", "--banks", "BANKS"],
            2,
            "quiz has no domain `rx`; its domains are: dx, px",
        ),
        (["--exam", "qu_iz", "--domain", "dx"], 2, "--exam must be a lower-case id"),
        (["--exam", "quiz", "--domain", "dx", "-o", "out.yml"], 2, "bank files end in `.yaml`"),
        (
            ["--exam", "quiz", "--domain", "dx", "--code-year", "1999"],
            2,
            "--code-year must be between 2015 and 2100",
        ),
        (["--exam", "quiz"], 2, "the following arguments are required: --domain"),
    ],
)
def test_import_usage_errors(run, gift_file, argv, code, message):
    argv = [str(BANKS) if a == "BANKS" else a for a in argv]
    got, out, err = run("import", "gift", gift_file, *argv)
    assert got == code and message in err and out == ""
    no_traceback(err)


def test_import_input_and_output_problems(run, tmp_path, gift_file):
    root = tmp_path / "banks"
    shutil.copytree(BANKS, root)
    existing = root / "quiz" / "dx.yaml"
    before = existing.read_bytes()
    code, _, err = run(
        "import", "gift", gift_file, "--exam", "quiz", "--domain", "dx", "-o", existing
    )
    assert code == 2 and "exists; choose another name or pass --force" in err
    assert existing.read_bytes() == before  # nothing lost

    code, _, err = run(
        "import",
        "gift",
        tmp_path / "none.gift",
        "--exam",
        "quiz",
        "--domain",
        "dx",
        "--banks",
        BANKS,
    )
    assert code == 2 and "none.gift: no such file" in err

    latin = tmp_path / "latin.gift"
    latin.write_bytes("::T:: Caf\xe9? {=a ~b}".encode("latin-1"))
    code, _, err = run(
        "import", "gift", latin, "--exam", "quiz", "--domain", "dx", "--banks", BANKS
    )
    assert code == 1 and "latin.gift:1: byte 0xe9 is not UTF-8" in err

    nothing = tmp_path / "essay.gift"
    nothing.write_text("::E:: Write. {}\n", encoding="utf-8")
    code, _, err = run(
        "import", "gift", nothing, "--exam", "quiz", "--domain", "dx", "--banks", BANKS
    )
    assert code == 1 and "no questions could be imported" in err
    assert "essay.gift:1: warning: essay question (E) skipped" in err

    elsewhere = root / "cpc" / "wrong.yaml"
    (root / "cpc").mkdir()
    code, _, err = run(
        "import", "gift", gift_file, "--exam", "quiz", "--domain", "dx", "-o", elsewhere
    )
    assert code == 2 and "is in the `cpc` exam folder but --exam is `quiz`" in err
    assert not elsewhere.exists()
    no_traceback(err)


# ---- export gift ------------------------------------------------------------------------------


def test_export_gift_from_a_root_that_is_not_visible(run, tmp_path):
    root = tmp_path / "banks"
    shutil.copytree(BANKS, root)
    out = tmp_path / "dx.gift"
    code, stdout, err = run("export", "gift", root / "quiz" / "dx.yaml", "-o", out)
    assert code == 0, err
    assert stdout == "" and f"exported 5 question(s) to {out}" in err
    text = out.read_text(encoding="utf-8")
    assert text.count("\n::quiz-dx-") == 5
    code, again, _ = run("export", "gift", root / "quiz" / "dx.yaml")
    assert code == 0 and again == text


def test_export_gift_errors(run, tmp_path):
    root = tmp_path / "banks"
    shutil.copytree(BANKS, root)
    broken = root / "quiz" / "broken.yaml"
    broken.write_text(
        "exam: quiz\ndomain: dx\ncode_year: 2026\nquestions:\n  - id: b-1\n"
        "    type: single\n    stem: Broken?\n    choices: {A: alpha, B: beta}\n"
        "    answer: C\n",
        encoding="utf-8",
    )
    code, _, err = run("export", "gift", broken)
    assert code == 1 and "broken.yaml has 1 error(s), e.g. line 9" in err
    assert "cert-prep lint" in err

    codes_only = root / "quiz" / "codes.yaml"
    codes_only.write_text(
        "exam: quiz\ndomain: px\ncode_year: 2026\nquestions:\n  - id: c-1\n"
        "    type: code\n    code_system: icd-10-cm\n    stem: Code it.\n"
        '    answer: ["I10"]\n    rationale: I10.\n',
        encoding="utf-8",
    )
    code, _, err = run("export", "gift", codes_only)
    assert code == 1 and "has no single or multi items" in err

    stray = tmp_path / "stray.yaml"
    stray.write_text("exam: quiz\n", encoding="utf-8")
    code, _, err = run("export", "gift", stray)
    assert code == 2 and "is not inside a bank root" in err

    code, _, err = run("export", "gift", tmp_path / "none.yaml")
    assert code == 2 and "no such bank file" in err
    code, _, err = run("export", "gift", root / "quiz" / "exam.yaml")
    assert code == 2 and "is a blueprint" in err
    out = tmp_path / "taken.gift"
    out.write_text("keep me", encoding="utf-8")
    code, _, err = run("export", "gift", root / "quiz" / "dx.yaml", "-o", out)
    assert code == 2 and out.read_text() == "keep me"
    code, _, err = run("export")
    assert code == 2
    no_traceback(err)


# ---- `cert-prep drill --bank FILE` (the drill command's own option) ----------------------------


def test_drill_bank_takes_exactly_one_file_from_a_root_that_is_not_visible(tmp_path, monkeypatch):
    from cert_prep.cli.main import build_parser, make_context
    from cert_prep.cli.study_commands import drill_plan

    monkeypatch.setenv("CERT_PREP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "home"))
    root = tmp_path / "banks"
    shutil.copytree(BANKS, root)
    args = build_parser().parse_args(["drill", "--bank", str(root / "quiz" / "px.yaml")])
    context = make_context(args)
    try:
        plan = drill_plan(args, context)
    finally:
        context.close()
    assert [item.id for item in plan.items] == ["quiz-px-001", "quiz-px-002", "quiz-px-003"]


def test_drill_bank_file_that_adds_to_a_visible_exam_without_a_blueprint(tmp_path, monkeypatch):
    """`mybanks/quiz/extra.yaml` adds to the quiz exam that a visible root defines."""
    from cert_prep.cli.main import build_parser, make_context
    from cert_prep.cli.study_commands import drill_plan

    monkeypatch.setenv("CERT_PREP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "home"))
    extra = tmp_path / "mybanks" / "quiz" / "extra.yaml"
    extra.parent.mkdir(parents=True)
    extra.write_text(
        "exam: quiz\ndomain: dx\ncode_year: 2026\nquestions:\n  - id: my-extra-1\n"
        "    type: single\n    stem: Extra?\n    choices: {A: Aye, B: Nay}\n"
        "    answer: A\n    rationale: Because.\n",
        encoding="utf-8",
    )
    args = build_parser().parse_args(["--banks", str(BANKS), "drill", "--bank", str(extra)])
    context = make_context(args)
    try:
        plan = drill_plan(args, context)
    finally:
        context.close()
    assert [item.id for item in plan.items] == ["my-extra-1"]
    assert plan.bank.id == "quiz"


MOODLE_MULTI = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<question type="multichoice"><name><text>m1</text></name>
<questiontext format="html"><text>Which codes are V codes?</text></questiontext>
<single>false</single>
<answer fraction="50"><text>V01</text></answer>
<answer fraction="50"><text>V02</text></answer>
<answer fraction="-100"><text>E11</text></answer>
</question>
<question type="multichoice"><name><text>huge</text></name>
<questiontext format="html"><text>{huge}</text></questiontext>
<single>true</single>
<answer fraction="100"><text>Right one</text></answer>
<answer fraction="0"><text>Wrong one</text></answer>
</question>
</quiz>
"""


def test_an_ordinary_multi_answer_question_is_imported_with_its_count(run, tmp_path):
    """Moodle and GIFT multi-answer questions rarely say "Select TWO"; each is imported
    with the sentence added and a warning, and an over-long one is skipped, not fatal."""
    xml = tmp_path / "quiz.xml"
    xml.write_text(MOODLE_MULTI.format(huge="x " * 15_000), encoding="utf-8")
    out = tmp_path / "banks" / "m.yaml"
    code, _, err = run(
        "import", "moodle-xml", xml, "--exam", "cpc", "--domain", "icd-10-cm", "--out", out
    )
    assert code == 1 and "Traceback" not in err  # one refused, the rest written
    assert "quiz.xml:3: warning: a multiple-response question must say how many" in err
    assert "quiz.xml:10: error: question skipped: the question text is 29,999 characters" in err
    assert "Which codes are V codes?\n\n    Select TWO." in out.read_text(encoding="utf-8")
    gift = tmp_path / "multi.gift"
    gift.write_text("::m1:: Which codes are V codes? {\n~%50%V01\n~%50%V02\n~%-100%E11\n}\n")
    code, text, err = run("import", "gift", gift, "--exam", "cpc", "--domain", "icd-10-cm")
    assert code == 0, err
    assert "multi.gift:1: warning: a multiple-response question must say how many" in err
    assert "Select TWO." in text


def test_items_take_an_items_domain_from_the_banks_and_say_so(run, class_folder):
    path = class_folder / "s1.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for response in data["attempts"][0]["responses"]:
        if response["item"] == "quiz-dx-001":
            response["domain"] = "x-click-app-quit"  # stale or odd in the file
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run("items", class_folder, "--json", "--banks", BANKS)
    assert code == 0, err
    item = next(i for i in json.loads(out)["items"] if i["id"] == "quiz-dx-001")
    assert item["domain"] == "dx"
    assert "put 1 item(s) in another domain than the banks do" in err
    assert "quiz-dx-001 (files: `x-click-app-quit`; banks: dx)" in err


def test_items_say_a_small_class_is_rough_and_banks_are_missing(run, class_folder, tmp_path):
    code, out, err = run("items", class_folder)  # the quiz's banks are not given
    assert code == 0, err
    text = " ".join(out.split())
    assert "With 5 student(s) these figures are rough: one answer moves p by 0.20" in text
    assert "no key is marked (*): add their folder with --banks DIR." in text
    code, out, err = run("items", class_folder, "--banks", BANKS, "--html", tmp_path / "i.html")
    assert "--banks DIR" not in out  # found: keys are marked
    page = (tmp_path / "i.html").read_text(encoding="utf-8")
    assert "these figures are rough" in page and "0.10–0.19 marginal" in page


# ---- ids, domains and tags in any case, as drill takes them ---------------------------------


def test_export_anki_takes_domains_and_tags_in_any_case(run, tmp_path):
    out = tmp_path / "deck.apkg"
    code, said, err = run("export", "anki", "--exam", "CPC", "--domain", "ICD-10-CM", "--out", out)
    assert code == 0, err
    lower = run("export", "anki", "--exam", "cpc", "--domain", "icd-10-cm", "--out", out, "--force")
    assert lower[1] == said
    code, said, err = run(
        "export", "anki", "--exam", "cpc", "--tag", "Debridement", "--out", out, "--force"
    )
    assert code == 0, err
    lower = run("export", "anki", "--exam", "cpc", "--tag", "debridement", "--out", out, "--force")
    assert lower[1] == said


def test_export_anki_suggests_the_closest_tags(run, tmp_path):
    out = tmp_path / "deck.apkg"
    code, _, err = run("export", "anki", "--exam", "cpc", "--tag", "Debridment", "--out", out)
    assert code == 2 and not out.exists()
    assert "no question of cpc has the tag `debridment` (did you mean debridement" in err
    code, _, err = run("export", "anki", "--exam", "cpc", "--domain", "icd-10", "--out", out)
    assert code == 2 and "cpc has no domain `icd-10`; its domains are: " in err


@pytest.mark.parametrize("fmt", ["gift", "aiken"])
def test_import_gift_and_aiken_take_an_upper_case_domain(run, tmp_path, gift_file, fmt):
    source = gift_file
    if fmt == "aiken":
        source = tmp_path / "quiz.txt"
        source.write_text("Good one?\nA. yes\nB. no\nANSWER: A\n", encoding="utf-8")
    code, out, err = run(
        "import", fmt, source, "--exam", "Quiz", "--domain", "DX", "--banks", BANKS
    )
    assert code == 0, err
    assert "exam: quiz\ndomain: dx\n" in out


def test_import_moodle_xml_takes_an_upper_case_domain(run, tmp_path):
    xml = tmp_path / "q.xml"
    assert run("export", "moodle-xml", BANKS / "quiz" / "dx.yaml", "--out", xml)[0] == 0
    out = tmp_path / "back.yaml"
    code, _, err = run(
        "import",
        "moodle-xml",
        xml,
        "--exam",
        "QUIZ",
        "--domain",
        "Dx",
        "--out",
        out,
        "--banks",
        BANKS,
    )
    assert code == 0, err
    assert "exam: quiz\ndomain: dx\n" in out.read_text(encoding="utf-8")


# ---- a bidi override in a bank choice is left out of every export ---------------------------


def test_a_bidi_override_in_a_choice_is_left_out_of_every_export_with_a_warning(run, tmp_path):
    root = tmp_path / "banks"
    shutil.copytree(BANKS, root)
    bank = root / "quiz" / "dx.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8").replace('B: "Bravo"', 'B: "Bra\\u202evo"'),
        encoding="utf-8",
    )
    lint_code, lint_out, _ = run("lint", bank)
    assert lint_code == 0 and "warning invisible-character" in lint_out  # a warning only
    said = "1 bidirectional or zero-width character(s) left out of the export"
    code, _, err = run("export", "gift", bank, "-o", tmp_path / "q.gift")
    assert code == 0 and said in err
    code, _, err = run("export", "moodle-xml", bank, "--out", tmp_path / "q.xml")
    assert code == 0 and said in err
    code, _, err = run(
        "export", "anki", "--exam", "quiz", "--out", tmp_path / "q.apkg", "--banks", root
    )
    assert code == 0 and said in err
    with zipfile.ZipFile(tmp_path / "q.apkg") as apkg:
        apkg.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    fields = " ".join(row[0] for row in db.execute("SELECT flds FROM notes"))
    db.close()
    for written in (
        (tmp_path / "q.gift").read_text(encoding="utf-8"),
        (tmp_path / "q.xml").read_text(encoding="utf-8"),
        fields,
    ):
        assert "Bravo" in written
        assert "U+202E" not in written and "\u202e" not in written
    # ...so a round trip gives back the text without it
    back = tmp_path / "back.yaml"
    code, _, err = run(
        "import",
        "moodle-xml",
        tmp_path / "q.xml",
        "--exam",
        "quiz",
        "--domain",
        "dx",
        "--out",
        back,
        "--banks",
        root,
    )
    assert code == 0, err
    assert "U+202E" not in back.read_text(encoding="utf-8")
