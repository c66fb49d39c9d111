"""The bank commands as a user meets them: exit codes, text and JSON contracts."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cert_prep.cli.main import main

BAD = Path(__file__).parent / "fixtures" / "bad"


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CERT_PREP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CERT_PREP_BANKS", raising=False)

    def invoke(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def test_lint_text_format_and_exit_codes(run, demo_root):
    target = demo_root / "demo" / "bad.yaml"
    shutil.copy(BAD / "key_not_choice.yaml", target)
    code, out, _ = run("lint", str(target))
    lines = out.strip().splitlines()
    assert code == 1
    assert lines[0] == (
        f"{target}:9:13: error answer-not-a-choice bad-005: the answer `D` is not "
        "one of the choices (A, B, C)"
    )
    assert lines[-1] == "1 error(s), 0 warning(s) in 1 file(s)"
    target.unlink()
    code, out, _ = run("lint", str(demo_root))
    assert code == 0 and out.strip() == "no problems in 3 file(s)"


def test_lint_json_format(run, demo_root):
    shutil.copy(BAD / "unknown_field.yaml", demo_root / "demo" / "u.yaml")
    code, out, _ = run("lint", str(demo_root), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["errors"] == 1 and data["warnings"] == 0
    assert set(data["problems"][0]) == {"path", "line", "column", "severity", "code", "message"}
    assert data["problems"][0]["code"] == "unknown-field"


def test_usage_error_exits_2(run):
    code, _, err = run("lint", "--format", "xml")
    assert code == 2 and "invalid choice" in err


def test_missing_path_is_an_error_not_a_traceback(run, tmp_path):
    code, out, _ = run("lint", str(tmp_path / "nope.yaml"))
    assert code == 1 and "missing-path" in out


def test_banks_json_contract(run, demo_root):
    code, out, _ = run("--banks", str(demo_root), "banks", "--json")
    assert code == 0
    exams = {e["id"]: e for e in json.loads(out)["exams"]}
    demo = exams["demo"]
    assert set(demo) == {
        "id",
        "source",
        "sources",
        "name",
        "time_limit_minutes",
        "pass_percent",
        "scaled",
        "questions",
        "scored",
        "pretest",
        "item_types",
        "domains",
    }
    assert (demo["questions"], demo["scored"], demo["pretest"]) == (3, 3, 0)
    assert demo["sources"] == [
        {
            "root": str(demo_root),
            "questions": demo["domains"][0]["available"] + demo["domains"][1]["available"],
        }
    ]
    assert demo["item_types"] is None
    assert demo["domains"] == [
        {"id": "dx", "name": "Diagnosis coding", "count": 2, "available": 2, "mock_available": 2},
        {"id": "px", "name": "Procedure coding", "count": 1, "available": 1, "mock_available": 1},
    ]
    assert exams["cca"]["questions"] == 105 and exams["cca"]["pretest"] == 15
    assert exams["cpc"]["item_types"] == ["single"]
    # The shipped banks are always visible.
    assert {"cpc", "ccs", "cca"} <= set(exams)


def test_banks_env_and_option_after_command(run, demo_root, monkeypatch):
    monkeypatch.setenv("CERT_PREP_BANKS", str(demo_root))
    code, out, _ = run("banks", "--json")
    assert "demo" in {e["id"] for e in json.loads(out)["exams"]}
    monkeypatch.delenv("CERT_PREP_BANKS")
    code, out, _ = run("banks", "--json", "--banks", str(demo_root))
    assert code == 0 and "demo" in {e["id"] for e in json.loads(out)["exams"]}


def test_schema_is_json_schema_of_the_models(run):
    code, out, _ = run("schema")
    schema = json.loads(out)
    assert code == 0
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"exam", "domain", "code_year"}
    code, out, _ = run("schema", "--blueprint")
    assert "time_limit_minutes" in json.loads(out)["properties"]


def test_installed_entry_point_runs_as_a_process(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "cert_prep", "lint", "--format", "json", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["problems"][0]["code"] == "missing-path"


def test_banks_add_remembers_a_folder_and_remove_forgets_it(run, demo_root, tmp_path):
    code, out, _ = run("banks", "--json")
    assert "demo" not in {e["id"] for e in json.loads(out)["exams"]}
    code, out, _ = run("banks", "add", str(demo_root))
    assert code == 0 and "Remembered the bank folder" in out
    code, out, _ = run("banks", "--json")  # no --banks: the folder is remembered
    exams = {e["id"]: e for e in json.loads(out)["exams"]}
    assert exams["demo"]["source"] == str(demo_root)
    code, out, _ = run("banks")
    assert f"from {demo_root}" in out
    code, out, _ = run("banks", "add", str(demo_root))
    assert code == 0 and "already remembered" in out
    code, out, _ = run("banks", "remove", str(demo_root))
    assert code == 0 and "Forgot" in out
    code, out, _ = run("banks", "--json")
    assert "demo" not in {e["id"] for e in json.loads(out)["exams"]}


def test_a_remembered_folder_that_went_away_is_reported_not_fatal(run, demo_root, tmp_path):
    import shutil

    copy = tmp_path / "moved"
    shutil.copytree(demo_root, copy)
    assert run("banks", "add", str(copy))[0] == 0
    shutil.rmtree(copy)
    code, out, err = run("banks")
    assert code == 0 and "cpc" in out
    assert f"the bank folder {copy} (added with `cert-prep banks add`) is gone" in err
    assert run("banks", "remove", str(copy))[0] == 0
    assert "is gone" not in run("banks")[2]


@pytest.mark.parametrize(
    "args",
    [
        ("banks", "add"),
        ("banks", "add", ""),
        ("banks", "add", "/nonexistent-folder-x"),
        ("banks", "add", "/"),
        ("banks", "remove", "/tmp/never-added"),
        ("banks", "add", "{plain}"),
    ],
)
def test_banks_add_remove_refuse_nonsense_in_one_line(run, args, tmp_path):
    plain = tmp_path / "just-a-folder"
    (plain / "notes").mkdir(parents=True)
    code, out, err = run(*(a.replace("{plain}", str(plain)) for a in args))
    assert code in (1, 2) and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err


def test_banks_names_every_root_that_gives_an_exam_questions(run, demo_root, tmp_path):
    extra = tmp_path / "mine"
    (extra / "demo").mkdir(parents=True)
    (extra / "demo" / "more.yaml").write_text(
        "exam: demo\ndomain: dx\ncode_year: 2026\nquestions:\n"
        "  - id: mine-001\n    type: single\n    stem: Which one is mine?\n"
        '    choices: {A: "This one", B: "That one"}\n    answer: A\n    rationale: Mine.\n'
    )
    code, out, _ = run("--banks", str(demo_root), "--banks", str(extra), "banks")
    assert code == 0
    assert f"questions from {demo_root} (" in out and f"{extra} (1)" in out
