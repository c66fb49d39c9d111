"""The ICD-10-CM book: entries as the tabular list reads, search, bad input, damaged index."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cert_prep.book.book import Book, BookError
from cert_prep.cli.main import main

ENTRY_KEYS = {
    "code",
    "title",
    "billable",
    "chapter",
    "block",
    "parents",
    "children",
    "inclusion_terms",
    "includes",
    "excludes1",
    "excludes2",
    "code_first",
    "use_additional",
    "code_also",
    "notes",
    "seventh_characters",
}


def run(capsys, cache: Path, *args: str) -> tuple[int, str, str]:
    os.environ["CERT_PREP_CACHE"] = str(cache)
    try:
        code = main(list(args))
    finally:
        del os.environ["CERT_PREP_CACHE"]
    out, err = capsys.readouterr()
    return code, out, err


def test_entry_json_contract_and_inherited_seventh_characters(capsys, book_cache):
    code, out, _ = run(capsys, book_cache, "book", "s72001a", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == ENTRY_KEYS
    assert data["code"] == "S72.001A" and data["billable"] is True
    assert data["chapter"] == {"id": "19", "title": data["chapter"]["title"]}
    assert data["block"]["id"] == "S70-S79"
    assert [p["code"] for p in data["parents"]][-3:] == ["S72.0", "S72.00", "S72.001"]
    # The 7th-character table is the category's (S72), inherited as in the book.
    assert data["seventh_characters"]["A"] == "initial encounter for closed fracture"
    assert data["seventh_characters"]["D"].startswith("subsequent encounter for closed")
    assert data["children"] == [] and data["excludes1"] == []


def test_entry_notes_and_children(book):
    e08 = book.entry("E08")
    assert not e08.billable
    assert any("E09.-" in x for x in e08.excludes1)
    assert e08.code_first and "underlying condition" in e08.code_first[0]
    assert e08.use_additional and any("Z79.4" in x for x in e08.use_additional)
    assert [c.code for c in e08.children][:2] == ["E08.0", "E08.00"] or e08.children
    assert book.entry("E11.22").use_additional
    assert book.entry("n18").code_first
    assert book.entry("E11.22").seventh_characters == {}


def test_header_reads_needs_more_characters(capsys, book_cache):
    code, out, _ = run(capsys, book_cache, "book", "S72.0")
    assert code == 0
    assert "needs more characters" in out.splitlines()[1]
    assert "7th characters:" in out and "Codes under it:" in out


def test_unknown_code_exits_1_with_nearest_codes(capsys, book_cache):
    code, out, err = run(capsys, book_cache, "book", "E11.99X")
    assert code == 1 and out == ""
    assert err.startswith("cert-prep: not an ICD-10-CM code: E11.99X; nearest: ")
    nearest = err.split("nearest: ")[1].strip().split(", ")
    assert 1 <= len(nearest) <= 5 and all(n.startswith("E") for n in nearest)


def test_nearest_codes_are_codes_never_a_block(capsys, book_cache):
    code, _, err = run(capsys, book_cache, "book", "XYZ")
    assert code == 1
    nearest = err.split("nearest: ")[1].strip().split(", ")
    assert nearest and all("-" not in n for n in nearest)  # X92-Y09 is a block of codes


def test_search_finds_femoral_neck_fractures_with_word_forms(capsys, book_cache):
    code, out, _ = run(
        capsys,
        book_cache,
        "book",
        "--search",
        "fracture",
        "femur",
        "neck",
        "--json",
        "--limit",
        "10",
    )
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "fracture femur neck"
    codes = [r["code"] for r in data["results"]]
    assert "S72.0" in codes[:3]
    assert all(set(r) == {"code", "title", "billable", "matched"} for r in data["results"])
    assert len(codes) == 10


def test_search_reports_the_inclusion_term_that_matched(book):
    results = book.search("intercapillary glomerulosclerosis")
    assert results
    hit = next(r for r in results if r.code == "E11.21")
    assert "intercapillary glomerulosclerosis" in hit.matched.lower()
    assert hit.matched != hit.title


def test_billable_first_among_equals(book):
    results = book.search("type 2 diabetes mellitus with hyperglycemia", limit=5)
    assert results[0].code == "E11.65" and results[0].billable


def test_no_match_is_exit_0_with_a_hint(capsys, book_cache):
    code, out, _ = run(capsys, book_cache, "book", "--search", "zzzqqq", "--json")
    assert code == 0 and json.loads(out) == {"query": "zzzqqq", "results": []}
    code, out, _ = run(capsys, book_cache, "book", "--search", "zzzqqq")
    assert code == 0 and "Try fewer or shorter words" in out


@pytest.mark.parametrize(
    "args",
    [
        ["book", "--search", ""],
        ["book", "--search", "x" * 10_000],
        ["book", "--search", "femur\x1b[6n"],
        ["book"],
        ["book", "E11.9", "--search", "femur"],
    ],
)
def test_nonsense_is_refused_in_one_line(capsys, book_cache, args):
    code, out, err = run(capsys, book_cache, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err and "\x1b" not in err


@pytest.mark.parametrize("limit", ["0", "-3", "many", "100000"])
def test_bad_limit_is_a_usage_error(capsys, book_cache, limit):
    with pytest.raises(SystemExit) as stopped:
        run(capsys, book_cache, "book", "--search", "femur", "--limit", limit)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "--limit" in err and "Traceback" not in err


def test_a_truncated_or_damaged_index_is_rebuilt(tmp_path, book_cache, monkeypatch):
    """Damage is detected and the index rebuilt from the source. The rebuilds read a small
    stand-in of the tabular list (the real build is the session's book_cache, tested
    above): what is under test is that a bad file is never served."""
    from cert_prep.book import book as book_module
    from cert_prep.book.source import Record

    rebuilt: list[int] = []

    def small_list(progress=None):
        rebuilt.append(1)
        yield Record(
            "4", "Endocrine, nutritional and metabolic diseases", "chapter", None, False, 0
        )
        yield Record("E08-E13", "Diabetes mellitus", "block", "4", False, 1)
        yield Record("E11", "Type 2 diabetes mellitus", "category", "E08-E13", False, 2)
        yield Record(
            "E11.9",
            "Type 2 diabetes mellitus without complications",
            "code",
            "E11",
            True,
            3,
            {"inclusion_terms": ["Type 2 diabetes mellitus NOS"]},
        )

    monkeypatch.setattr(book_module, "read_tabular_list", small_list)
    cache = tmp_path / "cache"
    shutil.copytree(book_cache, cache)
    [index] = cache.glob("*.sqlite3")
    good = Book.open(cache)  # the intact copy is used as it is
    assert good.entry("S72.001A").code == "S72.001A" and rebuilt == []
    good.close()
    data = index.read_bytes()
    index.write_bytes(data[: len(data) // 2])  # truncated
    book = Book.open(cache)
    assert rebuilt == [1]
    assert book.entry("E11.9").title.startswith("Type 2 diabetes mellitus without")
    book.close()
    # Same size, garbage in the middle pages.
    data = bytearray(index.read_bytes())
    middle = len(data) // 3
    data[middle : middle + 4096] = os.urandom(4096)
    index.write_bytes(bytes(data))
    book = Book.open(cache)
    assert rebuilt == [1, 1]
    assert book.search("type 2 diabetes")
    book.close()


def test_book_text_is_data_not_markup(book):
    with pytest.raises(BookError) as caught:
        book.entry("[bold]E11")
    assert "[bold]E11" in caught.value.message or "not an ICD-10-CM code" in caught.value.message


def test_search_process_never_imports_simple_icd_10_cm(book_cache):
    code = (
        "import sys\n"
        "from cert_prep.cli.main import main\n"
        "rc = main(['book', '--search', 'femur', 'neck', '--json'])\n"
        "assert rc == 0, rc\n"
        "print('IMPORTED' if 'simple_icd_10_cm' in sys.modules else 'CLEAN', file=sys.stderr)\n"
    )
    env = {**os.environ, "CERT_PREP_CACHE": str(book_cache)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("CLEAN")


def test_references_in_notes_can_be_followed(book):
    from cert_prep.book.book import references

    note = "diabetes mellitus due to underlying condition (E08.-), (G30.-) and N18.1-N18.6"
    assert references(note) == ["E08", "G30", "N18.1", "N18.6"]
    assert all(book.row(code) is not None for code in references(note))


def test_a_category_without_subdivisions_is_billable(book):
    # J14 and I10 have no subcodes: the category itself is the code to report.
    for code in ("J14", "I10", "N10"):
        entry = book.entry(code)
        assert entry.billable and entry.state == "billable", code
        assert entry.children == []
    assert not book.entry("E11").billable and book.entry("E11").state == "needs more characters"
    assert next(r for r in book.search("pneumonia hemophilus", 3) if r.code == "J14").billable


def test_open_book_builds_the_index_in_a_process_of_its_own(tmp_path, monkeypatch):
    """The build holds the interpreter's lock for seconds: in the app's process it froze
    the screen and lost the keys typed meanwhile (T1 report, problem 6)."""
    from cert_prep.book import book as book_module

    def not_here(progress=None):
        raise AssertionError("the tabular list was read in the app's own process")

    monkeypatch.setattr(book_module, "read_tabular_list", not_here)
    opened = book_module.open_book(tmp_path / "cache")
    try:
        assert opened.entry("J45.41").title.startswith("Moderate persistent asthma")
    finally:
        opened.close()
