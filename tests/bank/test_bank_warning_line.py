"""The one line exam, drill and banks print about bank problems says what happened to the
questions involved: left out, or used with their control characters made visible."""

from __future__ import annotations

import shutil
from pathlib import Path

from cert_prep.bank.loader import load_library
from cert_prep.cli.bank_warnings import warn_bank_problems

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "banks" / "tiny"


def _root(tmp_path: Path, stem: str, raw: bool = False) -> Path:
    root = tmp_path / "banks"
    shutil.copytree(TINY, root / "tiny")
    alpha = root / "tiny" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    first = text.index("stem: ") + len("stem: ")
    alpha.write_text(text[:first] + stem + "\n    #" + text[first:], encoding="utf-8")
    if raw:  # a raw ESC elsewhere in the file: the file cannot be read at all
        gamma = root / "tiny" / "gamma.yaml"
        gamma.write_text(gamma.read_text(encoding="utf-8") + "# \x1b\n", encoding="utf-8")
    return root


def _line(root: Path, capsys) -> str:
    warn_bank_problems(load_library([root], None), "tiny")
    return capsys.readouterr().err


def test_an_escaped_control_character_keeps_its_question_and_says_so(tmp_path, capsys):
    said = _line(_root(tmp_path, '"\\e[31m red stem"'), capsys)
    assert said.startswith("cert-prep: 1 problem(s) in the tiny banks; the questions involved")
    assert "are used, their control characters shown made visible (␛)" in said
    assert "left out" not in said


def test_a_file_that_cannot_be_read_is_said_left_out(tmp_path, capsys):
    said = _line(_root(tmp_path, '"\\e[31m red stem"', raw=True), capsys)
    assert "2 problem(s) in the tiny banks" in said
    assert "the files or items of 1 are left out" in said
    assert "1 control character(s) are shown made visible" in said


def test_no_problem_no_line(tmp_path, capsys):
    assert _line(_root(tmp_path, '"A plain stem?"'), capsys) == ""


def test_an_escaped_control_character_in_exam_yaml_keeps_the_exam_and_says_so(tmp_path, capsys):
    root = _root(tmp_path, '"A plain stem?"')
    blueprint = root / "tiny" / "exam.yaml"
    text = blueprint.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    blueprint.write_text(text.replace(name, 'name: "Tiny \\e]0;pwned\\a exam"'), encoding="utf-8")
    library = load_library([root], None)
    assert library.exam("tiny").blueprint.name == "Tiny ␛]0;pwned␇ exam"  # used, made visible
    said = _line(root, capsys)
    assert "the exams involved are used, their control characters shown made visible" in said
    assert "left out" not in said
