"""The hostile corpus: what a hostile bank author, a careless student and a broken disk try.

Each case is a bank file (or a file-system trap) that once crashed a command, leaked a
file or reached the terminal raw. The promises (docs/hardening.md):
- lint names each problem with its file, line and column, on one line;
- no control character from a file is ever written (ESC, BEL, C1 bytes), in any command;
- no command exits 70 ("unexpected error"); the other banks keep working.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from cert_prep.bank import loader
from cert_prep.bank.lint import lint
from cert_prep.bank.loader import load_library
from cert_prep.cli.main import main
from tests.conftest import own_cache_folder

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"

# Anything a terminal acts on: C0 other than tab/newline, DEL, C1.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# ...and what makes text read differently from what it is.
RAW_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

HEADER = "exam: demo\ndomain: dx\ncode_year: 2026\nquestions:\n"


def _item(
    stem: str = '"A stem."',
    choice_b: str = '"two"',
    rationale: str = '"r"',
    item_id: str = "hc-1",
    extra: str = "",
) -> str:
    return (
        f"  - id: {item_id}\n    type: single\n    stem: {stem}\n"
        f'    choices: {{A: "one", B: {choice_b}}}\n    answer: A\n'
        f"    rationale: {rationale}\n{extra}"
    )


# name -> (file text, expected (code, line, column, severity) of one of its problems)
CASES: dict[str, tuple[str | bytes, tuple[str, int, int, str]]] = {
    # terminal escapes written as YAML escapes
    "osc52-in-stem": (
        HEADER + _item(stem='"x \\e]52;c;cm0gLXJmIH4=\\a y"'),
        ("control-character", 7, 11, "error"),
    ),
    "osc0-in-choice": (
        HEADER + _item(choice_b='"\\e]0;pwned\\a"'),
        ("control-character", 8, 28, "error"),
    ),
    "osc8-in-rationale": (
        HEADER + _item(rationale='"\\e]8;;http://x/\\e\\\\l\\e]8;;\\e\\\\"'),
        ("control-character", 10, 16, "error"),
    ),
    "csi-6n-in-stem": (HEADER + _item(stem='"\\e[6n"'), ("control-character", 7, 11, "error")),
    "bel-in-rationale": (
        HEADER + _item(rationale='"ding \\a"'),
        ("control-character", 10, 16, "error"),
    ),
    "c1-csi-escape": (HEADER + _item(stem='"x \\x9b6n"'), ("control-character", 7, 11, "error")),
    "nul-escape": (HEADER + _item(stem='"x \\0 y"'), ("control-character", 7, 11, "error")),
    # raw bytes: the position of the character itself
    "raw-esc-byte": (
        (HEADER + _item(stem='"x \x1b[6n"')).encode(),
        ("control-character", 7, 14, "error"),
    ),
    "raw-c1-byte": (
        (HEADER + _item(stem='"ab \u009b6n"')).encode(),
        ("control-character", 7, 15, "error"),
    ),
    # bidirectional overrides and zero-width characters
    "bidi-in-id": (HEADER + _item(item_id='"hc\\u202e1"'), ("invisible-character", 5, 9, "error")),
    "zero-width-in-code": (
        HEADER + "  - id: hc-1\n    type: code\n    code_system: cpt\n    stem: s\n"
        '    answer: ["9921\\u200b3"]\n    rationale: r\n',
        ("invisible-character", 9, 14, "error"),
    ),
    "bidi-in-stem": (
        HEADER + _item(stem='"drug \\u202edose"'),
        ("invisible-character", 7, 11, "warning"),
    ),
    "isolate-in-choice": (
        HEADER + _item(choice_b='"a \\u2066b\\u2069"'),
        ("invisible-character", 8, 28, "warning"),
    ),
    # values that must not become several lines or pass as text
    "newline-in-quoted-value": (
        HEADER + _item(extra='    difficulty: "one\\ntwo"\n'),
        ("invalid-value", 11, 17, "error"),
    ),
    "whitespace-only-stem": (HEADER + _item(stem='"   "'), ("empty-text", 7, 11, "error")),
    # scalars PyYAML cannot construct
    "impossible-date": (HEADER + _item(choice_b="2023-02-29"), ("bad-value", 8, 28, "error")),
    "int-abc": (HEADER + _item(choice_b='!!int "abc"'), ("bad-value", 8, 28, "error")),
    "float-fifty": (HEADER + _item(choice_b='!!float "fifty"'), ("bad-value", 8, 28, "error")),
    "bool-maybe": (HEADER + _item(choice_b='!!bool "maybe"'), ("bad-value", 8, 28, "error")),
    "timestamp-garbage": (
        HEADER + _item(choice_b='!!timestamp "garbage"'),
        ("bad-value", 8, 28, "error"),
    ),
    "huge-integer": (HEADER + _item(choice_b="1" * 4400), ("bad-value", 8, 28, "error")),
    "year-zero": (HEADER + _item(choice_b="0000-01-01"), ("bad-value", 8, 28, "error")),
}


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch, warm_bank_cache):
    cache = own_cache_folder(tmp_path / "cache", warm_bank_cache)
    monkeypatch.setenv("CERT_PREP_CACHE", str(cache))
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("CERT_PREP_EXPORTS", str(tmp_path / "exports"))
    monkeypatch.delenv("CERT_PREP_BANKS", raising=False)


def lint_here(paths, roots):
    """lint() with the test's own (warm) bank cache, as the CLI would use it."""
    return lint(paths, roots, Path(os.environ["CERT_PREP_CACHE"]) / "banks.cache")


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def run(argv: list[str], capsys, stdin: str = "") -> tuple[int, str]:
    """A command in-process: its exit status and everything it wrote."""
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(argv)
    finally:
        sys.stdin = sys.__stdin__
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_safe(code: int, output: str) -> None:
    assert code != 70, output
    found = RAW_CONTROL.search(output) or RAW_INVISIBLE.search(output)
    assert found is None, f"raw U+{ord(found.group()):04X} written: {output[:2000]!r}"


def test_every_case_is_in_the_docs():
    doc = (Path(__file__).parents[2] / "docs" / "hardening.md").read_text()
    missing = [name for name in CASES if f"`{name}`" not in doc]
    assert missing == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_lint_names_the_problem_on_one_line(name, demo_root, capsys):
    content, (code, line, column, severity) = CASES[name]
    target = demo_root / "demo" / "hostile.yaml"
    _write(target, content)
    report, library = lint_here([target], [demo_root])
    found = [(p.code, p.line, p.column, p.severity) for p in report.problems]
    assert (code, line, column, severity) in found, report.as_text(1)
    for problem in report.problems:
        text = problem.as_text()
        assert "\n" not in text and len(problem.message) < 400
        assert RAW_CONTROL.search(text) is None
    # the rest of the library keeps working
    assert {"demo-dx-001", "demo-px-001"} <= {it.id for it in library.exam("demo").items}
    for argv in (["lint", str(target)], ["lint", "--format", "json", str(target)]):
        status, out = run([*argv, "--banks", str(demo_root)], capsys)
        assert status == (1 if severity == "error" else 0)
        assert_safe(status, out)
    status, out = run(["lint", "--format", "json", str(target), "--banks", str(demo_root)], capsys)
    assert json.loads(out)["errors"] >= (1 if severity == "error" else 0)


# Cases whose item is refused by lint before any command shows it (and was before these
# checks): lint's corpus above covers them.
NOT_SHOWN = {
    "bidi-in-id",
    "newline-in-quoted-value",
    "raw-c1-byte",
    "raw-esc-byte",
    "whitespace-only-stem",
    "zero-width-in-code",
}


@pytest.mark.parametrize("name", sorted(set(CASES) - NOT_SHOWN))
def test_every_command_survives_the_case(name, demo_root, capsys):
    content, _ = CASES[name]
    hostile = demo_root / "demo" / "hostile.yaml"
    _write(hostile, content)
    banks = ["--banks", str(demo_root)]
    for argv, stdin in (
        (["banks"], ""),
        (["banks", "--json"], ""),
        (["drill", "--bank", str(hostile), "--plain"], "a\n\nq\n"),
        (["exam", "demo", "--plain"], "\nq\n"),
        (["weak", "--exam", "demo"], ""),
    ):
        status, out = run([*argv, *banks], capsys, stdin)
        assert_safe(status, out)


def test_a_bad_scalar_in_a_blueprint_skips_that_exam_only(demo_root, capsys):
    blueprint = demo_root / "demo" / "exam.yaml"
    text = blueprint.read_text().replace("pass_percent: ", 'pass_percent: !!float "fifty"\n# ', 1)
    blueprint.write_text(text)
    report, library = lint_here([], [demo_root])
    assert any(p.code == "bad-value" and p.path == str(blueprint) for p in report.problems)
    assert "demo" not in library.exams
    status, out = run(["banks", "--banks", str(demo_root)], capsys)
    assert status == 0 and "cpc:" in out  # the shipped exams still load
    assert_safe(status, out)


# ---- the hostile root: every text field of a whole exam carries an escape -------------------


@pytest.fixture
def hostile_root(tmp_path: Path) -> Path:
    root = tmp_path / "hostile"
    shutil.copytree(HOSTILE, root)
    return root


def test_the_loader_hands_out_visible_text_and_lint_reports_the_raw(hostile_root):
    library = load_library([hostile_root])
    bank = library.exam("hx")
    assert bank.blueprint.name == (
        "Hostile \u241b]52;c;cm0gLXJmIH4=\u2407 exam \u241b]0;pwned-title\u2407"
    )
    texts = [bank.blueprint.certification, bank.blueprint.provider]
    texts += [d.name for d in bank.blueprint.domains]
    for item in bank.items:
        q = item.question
        texts += [q.stem, q.rationale, *getattr(q, "choices", {}).values()]
        texts += list(getattr(q, "feedback", {}).values())
        if item.case:
            texts += [item.case.title, item.case.record]
    assert len(bank.items) == 3
    assert all(RAW_CONTROL.search(t) is None for t in texts), texts
    assert all("\u202e" not in t and "\u200b" not in t for t in texts)
    report, _ = lint_here([], [hostile_root])
    codes = {(p.code, p.severity) for p in report.problems}
    assert ("control-character", "error") in codes and ("invisible-character", "warning") in codes


@pytest.mark.parametrize(
    "argv,stdin",
    [
        (["lint"], ""),
        (["lint", "--format", "json"], ""),
        (["banks"], ""),
        (["banks", "--json"], ""),
        (["exam", "hx", "--plain"], "\na\nn\na b\nn\n99213\nsubmit\nyes\nreview all\nq\n"),
        (["drill", "--exam", "hx", "--plain", "--seed", "3"], "a\n\na b\n\n99213\n\n"),
        (["weak", "--exam", "hx"], ""),
        (["weak", "--exam", "hx", "--json"], ""),
        (["export", "gift", "{root}/hx/questions.yaml"], ""),
        (["import", "aiken", "{aiken}", "--exam", "hx", "--domain", "dx"], ""),
        (["import", "gift", "{gift}", "--exam", "hx", "--domain", "dx"], ""),
    ],
)
def test_no_command_writes_a_control_character(argv, stdin, hostile_root, tmp_path, capsys):
    aiken = tmp_path / "q\x1b]0;name.txt"
    aiken.write_text("Stem \x1b]52;c;eA==\x07?\nA. one\x1b[6n\nB. two\nANSWER: Q\x9b\n")
    gift = tmp_path / "q\x1b]0;name.gift"
    gift.write_text(
        "::T\x1b]0;x\x07::Stem \x1b[6n {=right\x9b ~wrong\x1b]8;;x\x1b\\ }\n\n"
        "::Bad\x07:: no answers {\n"
    )
    argv = [a.format(root=hostile_root, aiken=aiken, gift=gift) for a in argv]
    status, out = run([*argv, "--banks", str(hostile_root)], capsys, stdin)
    assert_safe(status, out)
    # the hostile text did reach the output, made visible (JSON escapes the pictures)
    assert any(mark in out for mark in ("\u241b", "\\u241b", "U+001B", "\u2407")), out


# ---- files, sizes and symbolic links ------------------------------------------------------


def test_a_huge_sparse_file_is_refused_before_it_is_read(demo_root, monkeypatch):
    huge = demo_root / "demo" / "huge.yaml"
    with open(huge, "wb") as out:
        out.truncate(3 * 1024**3)  # 3 GiB, sparse: takes no disk
    reads: list[Path] = []
    real = loader._read_limited
    monkeypatch.setattr(loader, "_read_limited", lambda p: reads.append(p) or real(p))
    report, library = lint_here([], [demo_root])
    assert [(p.code, p.path) for p in report.problems if p.severity == "error"] == [
        ("file-too-large", str(huge))
    ]
    assert huge not in reads
    assert len(library.exam("demo").items) == 3


def test_a_file_that_grows_is_read_only_to_the_limit(tmp_path):
    grown = tmp_path / "grown.yaml"
    grown.write_bytes(b"#" * (loader.MAX_FILE_BYTES + 10_000))
    assert len(loader._read_limited(grown)) == loader.MAX_FILE_BYTES + 1


SECRET = "exam: demo\ndomain: dx\ncode_year: 2026\nquestions: SECRET-KEY-MATERIAL\n"


def test_a_link_to_a_file_outside_the_root_is_refused_unread(demo_root, tmp_path, capsys):
    secret = tmp_path / "id_rsa.yaml"
    secret.write_text(SECRET)
    link = demo_root / "demo" / "leak.yaml"
    link.symlink_to(secret)
    report, library = lint_here([], [demo_root])
    assert [(p.code, p.path) for p in report.problems] == [("link-outside-root", str(link))]
    assert str(link) not in library.files
    status, out = run(["lint", "--banks", str(demo_root)], capsys)
    assert status == 1 and "SECRET" not in out and "link-outside-root" in out
    status, out = run(["lint", str(link), "--banks", str(demo_root)], capsys)
    assert "SECRET" not in out and "link-outside-root" in out


def test_a_link_to_a_folder_outside_the_root_is_not_walked(demo_root, tmp_path):
    outside = tmp_path / "system"
    outside.mkdir()
    (outside / "conf.yaml").write_text(SECRET)
    (demo_root / "demo" / "etc").symlink_to(outside)
    report, library = lint_here([], [demo_root])
    assert [p.code for p in report.problems] == ["link-outside-root"]
    assert not any("conf.yaml" in f for f in library.files)


def test_an_exam_folder_linked_from_outside_is_refused(demo_root, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(demo_root / "demo", elsewhere / "other")
    (demo_root / "other").symlink_to(elsewhere / "other")
    report, library = lint_here([], [demo_root])
    assert [p.code for p in report.problems] == ["link-outside-root"]
    assert set(library.exams) == {"demo"}


@pytest.mark.parametrize("kind", ["file-loop", "folder-loop", "dangling"])
def test_link_loops_and_dangling_links_are_errors(kind, demo_root, capsys):
    folder = demo_root / "demo"
    if kind == "file-loop":
        (folder / "a.yaml").symlink_to(folder / "b.yaml")
        (folder / "b.yaml").symlink_to(folder / "a.yaml")
        expected = {"link-loop"}
    elif kind == "folder-loop":
        (folder / "sub").mkdir()
        (folder / "sub" / "up").symlink_to(folder)
        expected = {"link-loop"}
    else:
        (folder / "gone.yaml").symlink_to(folder / "nothing.yaml")
        expected = {"broken-link"}
    report, library = lint_here([], [demo_root])
    assert {p.code for p in report.problems} == expected
    assert len(library.exam("demo").items) == 3  # nothing read twice, nothing lost
    status, out = run(["banks", "--banks", str(demo_root)], capsys)
    assert status == 0 and "demo:" in out


def test_lint_and_the_loader_see_the_same_files(demo_root):
    folder = demo_root / "demo"
    (folder / "more").mkdir()
    (folder / "more" / "dx-again.yaml").symlink_to(folder / "dx.yaml")  # inside: followed once
    (folder / "broken.yaml").write_text(HEADER + _item(stem='"\\e[6n"', item_id="hc-9"))
    (folder / "linked-broken.yaml").symlink_to(folder / "broken.yaml")
    report, linted = lint_here([], [demo_root])
    loaded = load_library([demo_root])
    assert linted.files == loaded.files
    assert str(folder / "more" / "dx-again.yaml") not in loaded.files
    assert not any(p.code == "duplicate-id" for p in report.problems)
    # lint of the folder reports the problem `banks` would load around
    report, _ = lint_here([folder], [demo_root])
    assert any(p.code == "control-character" for p in report.problems)


def test_an_unreadable_folder_is_a_problem_and_the_rest_loads(demo_root, monkeypatch):
    locked = demo_root / "demo" / "locked"
    locked.mkdir()
    (locked / "x.yaml").write_text("exam: demo\n")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(loader.os, "scandir", scandir)
    report, library = lint_here([], [demo_root])
    assert [(p.code, p.path) for p in report.problems] == [("unreadable", str(locked))]
    assert len(library.exam("demo").items) == 3


def test_an_unreadable_file_is_a_problem_and_the_rest_loads(demo_root, monkeypatch):
    target = demo_root / "demo" / "px.yaml"
    real = loader._read_limited

    def read(path):
        if path == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(loader, "_read_limited", read)
    report, library = lint_here([], [demo_root])
    assert ("unreadable", str(target)) in [(p.code, p.path) for p in report.problems]
    assert {it.id for it in library.exam("demo").items} >= {"demo-dx-001"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_mode_000_folder_and_file_are_reported(demo_root, capsys):
    locked = demo_root / "demo" / "locked"
    locked.mkdir()
    secret = demo_root / "demo" / "secret.yaml"
    secret.write_text("exam: demo\n")
    locked.chmod(0)
    secret.chmod(0)
    try:
        report, library = lint_here([], [demo_root])
        unreadable = {p.path for p in report.problems if p.code == "unreadable"}
        assert unreadable == {str(locked), str(secret)}
        assert len(library.exam("demo").items) == 3
    finally:
        locked.chmod(0o755)
        secret.chmod(0o644)


def test_an_empty_banks_path_is_refused(capsys):
    status, out = run(["banks", "--banks", ""], capsys)
    assert status == 2 and "empty path" in out


@pytest.mark.parametrize("where", ["/", "home"])
def test_a_root_without_exams_is_refused_unwalked(where, tmp_path, capsys, monkeypatch):
    folder = Path("/") if where == "/" else tmp_path / "home"
    if where == "home":
        (folder / "projects" / "notes").mkdir(parents=True)
        (folder / "projects" / "notes" / "todo.yaml").write_text("a: 1\n")
    walked: list = []
    real = loader._Walk.files
    monkeypatch.setattr(
        loader._Walk, "files", lambda self, *a, **k: walked.append(a) or real(self, *a, **k)
    )
    status, out = run(["banks", "--banks", str(folder)], capsys)
    assert status == 2 and "not a bank root" in out
    assert walked == []
    # through the environment, the loader refuses it as a problem instead
    library = load_library([folder])
    assert [p.code for p in library.problems] == ["not-a-bank-root"] and walked == []


@pytest.mark.parametrize(
    "argv", [["exam", "demo", "--plain"], ["drill", "--exam", "demo", "--plain"]]
)
def test_a_broken_file_is_skipped_with_a_warning_at_exam_start(argv, demo_root, capsys):
    _write(demo_root / "demo" / "broken.yaml", CASES["int-abc"][0])
    status, out = run([*argv, "--banks", str(demo_root)], capsys, "q\n")
    assert status == 0
    assert "1 problem(s) in the demo banks" in out and "cert-prep lint" in out


def test_commands_given_a_looping_or_leaving_link_name_it(demo_root, tmp_path, capsys):
    folder = demo_root / "demo"
    (folder / "a.yaml").symlink_to(folder / "b.yaml")
    (folder / "b.yaml").symlink_to(folder / "a.yaml")
    secret = tmp_path / "secret.yaml"
    secret.write_text(SECRET)
    (folder / "leak.yaml").symlink_to(secret)
    banks = ["--banks", str(demo_root)]
    status, out = run(["lint", str(folder / "a.yaml"), *banks], capsys)
    assert status == 1 and "link-loop" in out
    status, out = run(["lint", str(folder), *banks], capsys)
    assert status == 1 and "link-outside-root" in out and "link-loop" in out
    for argv in (
        ["export", "gift", str(folder / "leak.yaml")],
        ["export", "gift", str(folder / "a.yaml")],
        ["drill", "--bank", str(folder / "a.yaml"), "--plain"],
        ["drill", "--bank", str(folder / "leak.yaml"), "--plain"],
    ):
        status, out = run([*argv, *banks], capsys)
        assert status in (1, 2) and "SECRET" not in out, out


def test_one_lint_run_reports_every_unreadable_value_and_the_codes(demo_root):
    """Issue 2: each bad tagged value is said in one run (not one per run), and an item's
    other checks (its ICD-10-CM codes) still run around them; the file is not used."""
    target = demo_root / "demo" / "bad-values.yaml"
    target.write_text(
        'exam: demo\ndomain: dx\ncode_year: !!int "abc"\nquestions:\n'
        "  - id: bv-1\n    type: single\n    stem: !!binary aGVsbG8=\n"
        '    choices: {A: !!float "fifty", B: !!bool "maybe"}\n    answer: A\n'
        "    rationale: r\n    codes: [E11.99]\n",
        encoding="utf-8",
    )
    report, library = lint_here([target], [demo_root])
    found = [(p.code, p.line, p.column) for p in report.problems if p.path == str(target)]
    assert found == [
        ("bad-value", 3, 12),
        ("yaml-tag", 7, 11),
        ("bad-value", 8, 18),
        ("bad-value", 8, 38),
        ("icd10cm-unknown", 11, 13),
    ], report.as_text(1)
    assert "bv-1" not in {it.id for it in library.exam("demo").items}


def test_a_header_of_the_wrong_type_hides_no_item_problem(demo_root):
    target = demo_root / "demo" / "bad-header.yaml"
    target.write_text(
        'exam: demo\ndomain: dx\ncode_year: "2026"\nquestions:\n'
        "  - id: bh-1\n    type: single\n    stem: s\n    choices: {A: one, B: two}\n"
        "    answer: A\n    rationale: r\n    codes: [E11.99]\n",
        encoding="utf-8",
    )
    report, library = lint_here([target], [demo_root])
    codes = [p.code for p in report.problems if p.path == str(target)]
    assert codes == ["wrong-type", "icd10cm-unknown"], report.as_text(1)
    assert "bh-1" not in {it.id for it in library.exam("demo").items}
