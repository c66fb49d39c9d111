"""Every trap in the bad-input corpus gives its own problem code at the right line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cert_prep.bank.lint import lint

BAD = Path(__file__).parent / "fixtures" / "bad"

# file -> (code, line, column) of the first problem it must produce
EXPECTED = {
    "unquoted_cpt.yaml": ("quote-codes", 9, 14),
    "octal_code.yaml": ("quote-codes", 10, 9),
    "unknown_field.yaml": ("unknown-field", 10, 5),
    "missing_answer.yaml": ("missing-field", 5, 5),
    "key_not_choice.yaml": ("answer-not-a-choice", 9, 13),
    "duplicate_id.yaml": ("duplicate-id", 5, 1),
    "unknown_domain.yaml": ("unknown-domain", 8, 13),
    "invalid_icd.yaml": ("icd10cm-unknown", 9, 23),
    "nonbillable_icd.yaml": ("icd10cm-not-billable", 11, 13),
    "single_two_keys.yaml": ("single-needs-one-answer", 9, 13),
    "multi_one_key.yaml": ("multi-needs-two-answers", 9, 13),
    "wrong_type.yaml": ("invalid-value", 11, 17),
    "python_tag.yaml": ("yaml-tag", 4, 12),
    "alias.yaml": ("yaml-alias", 9, 14),
    "tabs.yaml": ("tab-indent", 5, 1),
    "bom.yaml": ("bom", 1, 1),
    "latin1.yaml": ("not-utf8", 6, 14),
    "empty.yaml": ("empty-file", 1, 1),
    "syntax.yaml": ("yaml-syntax", 7, 11),  # where the unclosed quote began
    "misindented.yaml": ("yaml-syntax", 16, 4),  # the line itself, not its block's start
    "duplicate_stem.yaml": ("duplicate-stem", 5, 1),
    "duplicate_key.yaml": ("duplicate-key", 10, 5),
    "bad_pcs.yaml": ("pcs-invalid", 9, 14),
    "wrong_exam.yaml": ("exam-mismatch", 1, 1),
    "unknown_case.yaml": ("unknown-case", 11, 11),
    "bool_choice.yaml": ("wrong-type", 8, 18),
    "single_letter_choice.yaml": ("single-letter-choice", 8, 40),
}


def test_corpus_is_fully_covered():
    assert {p.name for p in BAD.iterdir()} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_reports_code_and_line(name: str, demo_root: Path):
    target = demo_root / "demo" / name
    shutil.copy(BAD / name, target)
    report, _ = lint([target], [demo_root])
    code, line, column = EXPECTED[name]
    assert report.exit_code == 1
    first = report.problems[0]
    assert (first.code, first.line, first.column) == (code, line, column), report.as_text(1)
    assert all(p.path == str(target) for p in report.problems)


def test_a_misindented_line_is_named_with_its_block(demo_root: Path):
    target = demo_root / "demo" / "misindented.yaml"
    shutil.copy(BAD / "misindented.yaml", target)
    report, _ = lint([target], [demo_root])
    message = report.problems[0].message
    assert "(in the block that starts at line 5)" in message
    assert "check this line's indentation" in message


def test_quote_codes_message_shows_what_was_typed(demo_root: Path):
    target = demo_root / "demo" / "octal_code.yaml"
    shutil.copy(BAD / "octal_code.yaml", target)
    report, _ = lint([target], [demo_root])
    assert "quote codes" in report.problems[0].message
    assert "00100" in report.problems[0].message and "64" in report.problems[0].message


def test_one_run_reports_every_problem(demo_root: Path):
    for name in ("unknown_field.yaml", "key_not_choice.yaml", "invalid_icd.yaml"):
        shutil.copy(BAD / name, demo_root / "demo" / name)
    report, _ = lint([], [demo_root])
    codes = {p.code for p in report.problems}
    assert {"unknown-field", "answer-not-a-choice", "icd10cm-unknown"} <= codes


def test_an_item_with_one_error_still_gets_its_cross_item_checks(demo_root: Path):
    """An item the loader drops (here for an unknown field, or a choice read as a number) is
    still checked for its domain, its stem against the others and its key, in one run."""
    (demo_root / "demo" / "several.yaml").write_text(
        "exam: demo\ndomain: dx\ncode_year: 2026\nquestions:\n"
        "  - id: sev-1\n    type: single\n    domain: nowhere\n    colour: red\n"
        "    stem: Which code?\n    choices: {A: one, B: two}\n    answer: E\n    rationale: r\n"
        "  - id: sev-2\n    type: single\n    stem: Which code?\n"
        "    choices: {A: 99213, B: two}\n    answer: E\n    rationale: r\n"
    )
    report, _ = lint([], [demo_root])
    found = sorted((p.code, p.line) for p in report.problems)
    assert found == [
        ("answer-not-a-choice", 11),
        ("answer-not-a-choice", 17),
        ("duplicate-stem", 5),
        ("duplicate-stem", 13),
        ("unknown-domain", 7),
        ("unknown-field", 8),
        ("wrong-type", 16),
    ]


def test_bad_items_are_left_out_but_good_ones_in_the_same_file_stay(demo_root: Path):
    (demo_root / "demo" / "mixed.yaml").write_text(
        "exam: demo\ndomain: dx\ncode_year: 2026\nquestions:\n"
        "  - id: ok-1\n    type: single\n    stem: Fine item.\n"
        "    choices: {A: one, B: two}\n    answer: A\n    rationale: r\n"
        "  - id: broken-1\n    type: single\n    stem: Broken item.\n"
        "    choices: {A: one, B: two}\n    answer: Z\n    rationale: r\n"
    )
    _, library = lint([], [demo_root])
    ids = {item.id for item in library.exam("demo").items}
    assert "ok-1" in ids and "broken-1" not in ids


def test_clean_root_has_no_problems(demo_root: Path):
    report, library = lint([], [demo_root])
    assert report.problems == []
    assert len(library.exam("demo").items) == 3


def test_domain_short_of_count_warns_and_strict_makes_it_an_error(demo_root: Path):
    (demo_root / "demo" / "px.yaml").unlink()
    report, _ = lint([], [demo_root])
    assert [(p.code, p.severity) for p in report.problems] == [("domain-too-small", "warning")]
    assert report.exit_code == 0
    strict, _ = lint([], [demo_root], strict=True)
    assert strict.exit_code == 1 and strict.problems[0].severity == "error"


def test_blueprint_sanity(demo_root: Path):
    blueprint = demo_root / "demo" / "exam.yaml"
    text = blueprint.read_text().replace("time_limit_minutes: 10", "time_limit_minutes: 900")
    blueprint.write_text(text.replace("id: demo\n", "id: other\n", 1))
    report, _ = lint([], [demo_root])
    codes = {p.code for p in report.problems}
    assert "blueprint-id" in codes and "blueprint-time" in codes


def test_lint_single_file_finds_its_blueprint_in_a_parent(tmp_path: Path, demo_root: Path):
    sub = demo_root / "demo" / "more" / "deeper"
    sub.mkdir(parents=True)
    target = sub / "x.yaml"
    shutil.copy(BAD / "key_not_choice.yaml", target)
    # The root is not among the visible roots: lint finds it from the file.
    report, _ = lint([target], [])
    assert [p.code for p in report.problems] == ["answer-not-a-choice"]


def test_unquoted_code_read_as_text_still_warns(demo_root: Path):
    # YAML 1.1 reads 01382 as text, YAML 1.2 tools as the number 1382: quote it anyway.
    target = demo_root / "demo" / "q.yaml"
    shutil.copy(BAD.parent / "unquoted_text_code.yaml", target)
    report, library = lint([target], [demo_root])
    assert [(p.severity, p.code, p.line, p.column) for p in report.problems] == [
        ("warning", "quote-codes", 8, 18)
    ]
    assert report.exit_code == 0
    assert library.exam("demo").item("w-1").question.choices["A"] == "01382"


def test_a_stray_file_gets_no_guessed_root(tmp_path: Path, demo_root: Path):
    stray = tmp_path / "elsewhere" / "x.yaml"
    stray.parent.mkdir()
    shutil.copy(BAD / "key_not_choice.yaml", stray)
    report, library = lint([stray], [demo_root])
    assert [p.code for p in report.problems] == ["no-bank-root"]
    assert all(Path(f).is_relative_to(demo_root) for f in library.files)


def test_a_file_under_a_known_exam_folder_joins_that_exam(tmp_path: Path, demo_root: Path):
    extra = tmp_path / "mybanks" / "demo" / "extra.yaml"
    extra.parent.mkdir(parents=True)
    shutil.copy(BAD / "duplicate_id.yaml", extra)  # reuses an id from the demo root
    report, _ = lint([extra], [demo_root])
    assert [p.code for p in report.problems] == ["duplicate-id"]


def test_a_root_that_only_adds_files_to_an_exam_lints_as_a_whole(demo_root: Path, tmp_path):
    """`--banks extra` accepts a root with `demo/` and no blueprint (the exam's is in
    another root): `lint extra` takes it as that root, not as "not inside a bank root"."""
    extra = tmp_path / "extra"
    (extra / "demo").mkdir(parents=True)
    (extra / "demo" / "more.yaml").write_text(
        "exam: demo\ndomain: dx\ncode_year: 2026\nquestions:\n"
        "  - id: extra-1\n    type: single\n    stem: An added item.\n"
        "    choices: {A: one, B: two}\n    answer: A\n    rationale: r\n"
    )
    report, library = lint([extra], [demo_root, extra])
    assert [p.code for p in report.problems] == []
    assert "extra-1" in {item.id for item in library.exam("demo").items}
