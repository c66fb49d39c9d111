"""Values and arguments: strict numbers, strict dates, strict results files, clocks that
jump, huge imports and files that are not banks. No case exits 70."""

from __future__ import annotations

import json
import marshal
import re
import shlex
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cert_prep.bank import cache as cache_module
from cert_prep.bank.loader import load_library
from cert_prep.bank.yaml_source import MAX_FILE_BYTES
from cert_prep.clock import FakeClock, from_iso
from cert_prep.engine.assembly import ExamOptions, plan_exam
from cert_prep.engine.attempt_result import load_result
from cert_prep.engine.session import ExamSession
from cert_prep.instructor import bankyaml
from tests.hardening.support import GIFT, bank_root, data_with_history, run_cli

NUMBERS = [
    "1000000000000000000000000000000",
    "²",
    "١٢",
    "1_0",
    "-3",
    "0",
    "1e3",
    "0x10",
    "9" * 5000,
]


@pytest.mark.parametrize("value", NUMBERS)
@pytest.mark.parametrize(
    "argv",
    [
        ["report", "{}"],
        ["drill", "--exam", "demo", "--plain", "--count", "{}"],
        ["drill", "--exam", "demo", "--plain", "--seed", "{}"],
        ["exam", "demo", "--plain", "--minutes", "{}"],
        ["exam", "demo", "--plain", "--questions", "{}"],
        ["import", "gift", "quiz.gift", "--exam", "demo", "--domain", "alpha", "--code-year", "{}"],
    ],
)
def test_numbers_are_parsed_strictly_with_ranges(capsys, tmp_path, argv, value):
    if value == "0" and "--seed" in argv:
        pytest.skip("0 is a valid seed")
    data_with_history(tmp_path)
    (tmp_path / "quiz.gift").write_text(GIFT, encoding="utf-8")
    args = [value if a == "{}" else tmp_path / a if a == "quiz.gift" else a for a in argv]
    with pytest.raises(SystemExit) as caught:  # argparse's usage error...
        code, _out, err = run_cli(capsys, tmp_path, *args)
        raise SystemExit(code)  # ...or ours: both exit 2
    err = capsys.readouterr().err if caught.value.code == 2 else ""
    assert caught.value.code == 2
    assert "Traceback" not in err and len(err) < 2000


@pytest.mark.parametrize(
    "day",
    [
        "2030-W01-1",
        "20300101",
        "2030-1-1",
        "2030-001",
        "٢٠٣٠-٠١-٠١",
        "2030-02-30",
        "2030-01-01T00:00",
    ],
)
def test_exam_date_takes_yyyy_mm_dd_only(capsys, tmp_path, day):
    code, _out, err = run_cli(capsys, tmp_path, "exam-date", "demo", day)
    assert code == 2 and "YYYY-MM-DD" in err


def _results_file(capsys, tmp_path: Path) -> Path:
    data_with_history(tmp_path)
    out = tmp_path / "results.json"
    assert run_cli(capsys, tmp_path, "export-results", "--out", out, "--student", "s07")[0] == 0
    return out


def _edit(results: Path, change) -> None:
    data = json.loads(results.read_text(encoding="utf-8"))
    change(data)
    results.write_text(json.dumps(data), encoding="utf-8")


RESULTS_CASES = {
    "exam-newline": lambda d: d["attempts"][0].__setitem__("exam", "demo\n"),
    "item-newline": lambda d: d["attempts"][0]["responses"][0].__setitem__(
        "item", d["attempts"][0]["responses"][0]["item"] + "\n"
    ),
    "domain-newline": lambda d: d["attempts"][0]["responses"][0].__setitem__("domain", "alpha\n"),
    "label-c1": lambda d: d.__setitem__("student", "s07\x9b31m"),
    "label-bidi": lambda d: d.__setitem__("student", "s07\u202egnp.exe"),
    "label-zero-width": lambda d: d.__setitem__("student", "s\u200b07"),
    "submitted-without-zone": lambda d: d["attempts"][0].__setitem__(
        "submitted_at", "2026-03-02T14:05:00"
    ),
}


@pytest.mark.parametrize("case", list(RESULTS_CASES))
def test_results_files_are_read_strictly(capsys, tmp_path, case):
    results = _results_file(capsys, tmp_path)
    _edit(results, RESULTS_CASES[case])
    code, out, err = run_cli(capsys, tmp_path, "items", results, "--exam", "demo")
    assert code in (1, 2), out + err
    assert str(results) in err and "\x9b" not in err and "\u202e" not in err


def test_a_student_label_must_be_printable(capsys, tmp_path):
    data_with_history(tmp_path)
    code, _out, err = run_cli(
        capsys, tmp_path, "export-results", "--out", tmp_path / "r.json", "--student", "s\u202e07"
    )
    assert code == 2 and "printable" in err


def test_a_drill_answered_in_the_year_9999_does_not_break_weak(capsys, tmp_path):
    data_with_history(tmp_path, FakeClock(datetime(9999, 12, 31, 20, 0, tzinfo=UTC)))
    for _ in range(2):  # and the next run too: nothing bad was cached
        code, out, err = run_cli(capsys, tmp_path, "weak", "--exam", "demo")
        assert code == 0 and "Alpha" in out, err
    code, out, err = run_cli(capsys, tmp_path, "report", "--progress")
    assert code == 0, err


def test_a_clock_set_back_never_ends_an_exam_before_it_began(store, library, tiny):
    clock = FakeClock(datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    session = ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    clock.advance(90)  # 90 s measured on question 1 (wall and monotonic clock)
    session.choose("A")
    clock._now -= timedelta(hours=3)  # the wall clock is set back; the monotonic one is not
    clock._mono += 30
    session.next()
    session.submit()
    row = store.attempt(session.id)
    assert from_iso(row.submitted_at) >= from_iso(row.started_at) + timedelta(seconds=120)
    assert load_result(store, tiny, session.id).time_used_s >= 120


def test_a_huge_gift_import_is_split_under_the_size_limit(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(bankyaml, "SPLIT_BYTES", 4_000)  # 30,000 questions, in miniature
    gift = tmp_path / "many.gift"
    gift.write_text(
        "\n\n".join(f"::Q{i}:: Which code is number {i}? {{=A{i} ~B{i} ~C{i}}}" for i in range(60)),
        encoding="utf-8",
    )
    out = bank_root(tmp_path) / "demo" / "many.yaml"
    code, _out, err = run_cli(
        capsys,
        tmp_path,
        "import",
        "gift",
        gift,
        "--exam",
        "demo",
        "--domain",
        "alpha",
        "--out",
        out,
    )
    assert code == 0, err
    parts = sorted(out.parent.glob("many-*.yaml"))
    assert len(parts) > 1 and not out.exists()
    assert all(p.stat().st_size <= 4_000 for p in parts)
    library = load_library([bank_root(tmp_path)], None)
    imported = [i for i in library.exam("demo").items if "many-" in Path(i.source).name]
    assert len(imported) == 60
    assert not [p for p in library.problems if p.severity == "error"]
    # the next step it prints is a command that works (OUT itself was never written)
    [command] = re.findall(r"next: `cert-prep (lint [^`]*)`", err)
    code, lint_out, lint_err = run_cli(capsys, tmp_path, *shlex.split(command))
    assert code == 0, lint_out + lint_err
    assert all(str(part) in lint_out for part in parts)  # each part linted (its warnings)


def test_a_huge_gift_import_to_standard_output_is_refused_before_writing(
    capsys, tmp_path, monkeypatch
):
    monkeypatch.setattr(bankyaml, "SPLIT_BYTES", 400)
    gift = tmp_path / "many.gift"
    gift.write_text(GIFT * 5, encoding="utf-8")
    code, out, err = run_cli(
        capsys, tmp_path, "import", "gift", gift, "--exam", "demo", "--domain", "alpha"
    )
    assert code == 2 and out == "" and "-o OUT.yaml" in err
    assert f"{MAX_FILE_BYTES:,}" in err


def _bank_cases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    root = bank_root(tmp_path)
    broken = root / "demo" / "broken.yaml"
    broken.write_text("exam: demo\ndomain: alpha\nquestions:\n  - id: [oops\n", encoding="utf-8")
    other = tmp_path / "settings.yaml"
    other.write_text("theme: dark\n", encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("not yaml at all", encoding="utf-8")
    return {
        "broken": (broken, "yaml-syntax"),
        "not-a-bank": (other, "no `questions:` list"),
        "blueprint": (root / "demo" / "exam.yaml", "is a blueprint"),
        "folder": (root / "demo", "not a bank file"),
        "text-file": (notes, "not a bank file"),
        "missing": (tmp_path / "gone.yaml", "no such bank file"),
    }


@pytest.mark.parametrize(
    "case", ["broken", "not-a-bank", "blueprint", "folder", "text-file", "missing"]
)
def test_drill_bank_names_the_real_problem(capsys, tmp_path, case):
    path, expected = _bank_cases(tmp_path)[case]
    code, _out, err = run_cli(capsys, tmp_path, "drill", "--bank", path, "--plain")
    assert code in (1, 2) and expected in err, err
    assert "not in a bank root" not in err and "no usable questions" not in err


def _cache_blob(data: dict) -> bytes:
    payload = marshal.dumps(data)
    return b"CPBANKS3" + zlib.crc32(payload).to_bytes(4, "big") + payload


@pytest.mark.parametrize(
    "wrong",
    ["problems-not-dicts", "index-short", "header-list", "blueprint-no-domains", "entry-not-dict"],
)
def test_a_cache_of_the_wrong_shape_is_rebuilt(tmp_path, demo_root, wrong):
    cache_file = tmp_path / "banks.cache"
    good = load_library([demo_root], cache_file)
    blob = cache_file.read_bytes()
    data = marshal.loads(blob[12:])
    for key, entry in data["entries"].items():
        if wrong == "problems-not-dicts":
            entry["problems"] = [1, 2]
        elif wrong == "index-short":
            entry["index"] = [row[:2] for row in entry.get("index", [])] or [["x"]]
        elif wrong == "header-list":
            entry["header"] = ["exam"]
        elif wrong == "blueprint-no-domains" and entry["blueprint"] is not None:
            entry["blueprint"] = {"id": "demo"}
        elif wrong == "entry-not-dict":
            data["entries"][key] = [entry]
    cache_file.write_bytes(_cache_blob(data))  # a valid checksum over the wrong shape
    for _ in range(2):
        again = load_library([demo_root], cache_file)
        assert [i.id for i in again.exam("demo").items] == [i.id for i in good.exam("demo").items]
        assert again.problems == good.problems


def test_the_cache_does_not_grow_without_bound(tmp_path, demo_root, monkeypatch):
    monkeypatch.setattr(cache_module, "_STAT_SETTLE_NS", 0)
    monkeypatch.setattr(cache_module, "_MIN_SPARE_BYTES", 0)  # the proportional budget alone
    cache_file = tmp_path / "banks.cache"
    bank = next(p for p in (demo_root / "demo").glob("*.yaml") if p.name != "exam.yaml")
    text = bank.read_text(encoding="utf-8")
    load_library([demo_root], cache_file)
    live = cache_file.stat().st_size
    for edit in range(60):
        bank.write_text(text + f"\n# edit {edit} {'x' * 2000}\n", encoding="utf-8")
        load_library([demo_root], cache_file)
    assert cache_file.stat().st_size <= 3 * live + 3 * 2100


def test_the_cache_stays_under_its_floor_however_many_edits(tmp_path, demo_root, monkeypatch):
    monkeypatch.setattr(cache_module, "_STAT_SETTLE_NS", 0)
    monkeypatch.setattr(cache_module, "_MIN_SPARE_BYTES", 50_000)
    cache_file = tmp_path / "banks.cache"
    bank = next(p for p in (demo_root / "demo").glob("*.yaml") if p.name != "exam.yaml")
    text = bank.read_text(encoding="utf-8")
    for edit in range(60):
        bank.write_text(text + f"\n# edit {edit} {'x' * 2000}\n", encoding="utf-8")
        load_library([demo_root], cache_file)
    assert cache_file.stat().st_size <= 3 * 50_000


def test_a_locale_that_cannot_spell_a_bar_gets_question_marks(monkeypatch):
    """`weak` draws bars with █ and ░: under an ASCII or Latin-1 locale it printed
    "unexpected error: UnicodeEncodeError"; now what cannot be spelt shows as `?`."""
    import io
    import sys

    from cert_prep.cli.main import _tolerant_output

    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii")
    monkeypatch.setattr(sys, "stdout", out)
    _tolerant_output()
    print("Coding ██░░ 41%")
    out.flush()
    assert raw.getvalue() == b"Coding ???? 41%\n"


def test_ctrl_c_is_said_on_a_line_of_its_own_with_the_way_back(tmp_path, capsys, monkeypatch):
    from cert_prep.cli import study_commands
    from cert_prep.cli.main import main

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(study_commands, "run_history", interrupted)
    assert main(["history", "--data-dir", str(tmp_path / "d")]) == 130
    err = capsys.readouterr().err
    assert err.startswith("\ncert-prep: interrupted; everything answered so far is saved")
    assert "`cert-prep resume` continues" in err
