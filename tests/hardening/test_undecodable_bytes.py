"""Bytes that are not UTF-8 (a Latin-1 terminal's é, a stray 0xFF) on the command line or
typed in plain mode: a one-line answer showing them as <0xFF>, never a crash or a raw byte."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cert_prep.book.book import Book, BookError
from cert_prep.plain.mode import PlainMode
from cert_prep.safe_text import output_errors, undecodable_shown, visible, visible_line
from tests.book.test_book import run
from tests.hardening.support import run_cli

REPO = Path(__file__).resolve().parents[2]


def test_safe_text_shows_an_undecodable_byte_as_its_value():
    assert visible("a\udcffb") == "a<0xFF>b"
    assert visible_line("\udcc3\n\ud800") == "<0xC3>␤<U+D800>"
    assert undecodable_shown("book \udcff\x1b") == "book <0xFF>\x1b"
    error = UnicodeEncodeError("utf-8", "x\udce9y", 1, 2, "surrogates not allowed")
    assert output_errors(error) == ("<0xE9>", 2)


@pytest.mark.parametrize("argv", [["book", "\udcff\udcfe"], ["book", "--json", "\udcff"]])
def test_book_with_such_bytes_is_not_a_code(capsys, book_cache, argv):
    code, out, err = run(capsys, book_cache, *argv)
    assert code == 1 and out == ""
    assert err.startswith("cert-prep: not an ICD-10-CM code: <0xFF>")


def test_a_code_with_such_a_byte_is_not_a_code(book_cache):
    book = Book.open(book_cache)
    try:
        with pytest.raises(BookError, match=r"not an ICD-10-CM code: E11<0xFF>$"):
            book.entry("E11\udcff")
    finally:
        book.close()


@pytest.mark.parametrize("argv", [["exam", "\udcff"], ["history", "--exam", "\udcff"]])
def test_an_exam_name_with_such_a_byte_is_an_unknown_exam(capsys, tmp_path, argv):
    code, _, err = run_cli(capsys, tmp_path, *argv)
    assert code == 2
    assert err.startswith("cert-prep: unknown exam `<0xFF>`")


def test_report_names_the_byte_not_a_python_escape(capsys, tmp_path):
    code, _, err = run_cli(capsys, tmp_path, "report", "\udcff")
    assert code == 2 and "not `<0xFF>`" in err and "\\udcff" not in err


def test_printed_output_shows_the_byte_never_raw(book_cache):
    env = {**os.environ, "CERT_PREP_CACHE": str(book_cache), "PYTHONPATH": str(REPO)}
    env["PYTHONIOENCODING"] = "utf-8:strict"  # a UTF-8 locale: printing a surrogate fails
    done = subprocess.run(
        [sys.executable, "-m", "cert_prep", "book", "--search", b"\xc3"],
        env=env,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b'"<0xC3>"' in done.stdout and b"\xc3" not in done.stdout


def test_plain_mode_reads_such_bytes_under_a_strict_locale(tmp_path):
    typed = io.TextIOWrapper(io.BytesIO(b"book \xc3\xa9\xe9\n"), encoding="utf-8")
    plain = PlainMode(context=None, stdin=typed, stdout=io.StringIO(), width=80)  # type: ignore[arg-type]
    assert plain.ask() == "book é<0xE9>"
