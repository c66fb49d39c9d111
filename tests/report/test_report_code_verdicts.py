"""Code-level feedback in the HTML report: each entered and expected code of a code item
labelled as the drill feedback labels it, with the entered code's title from the book
(escaped); right/wrong/missing when the book cannot be opened; the book read from its
cached index, never by importing simple-icd-10-cm."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys

import pytest

from cert_prep.bank.loader import load_library
from cert_prep.report import write_attempt_report, write_progress_report
from cert_prep.report.build import build_attempt_report
from cert_prep.report.render import render_attempt
from tests.report.helpers import BANKS, Sitting, make_context, parse_html, sit, text_of

CODE_ITEMS = """\
  - id: demo-a-101
    type: code
    code_system: icd-10-cm
    sequence: principal-first
    stem: |
      Sepsis due to E. coli with severe sepsis, no shock. <script>alert(1)</script>
    answer: ["A41.51", "R65.20"]
    rationale: |
      Code the infection first.
  - id: demo-a-102
    type: code
    code_system: icd-10-cm
    stem: |
      First visit for a closed fracture of the right femoral neck.
    answer: ["S72.001A"]
    rationale: |
      Initial encounter.
  - id: demo-a-103
    type: code
    code_system: icd-10-cm
    stem: |
      Type 2 diabetes without complications.
    answer: ["E11.9"]
    rationale: |
      E11.9.
  - id: demo-a-104
    type: code
    code_system: icd-10-pcs
    stem: |
      Laparoscopic appendectomy.
    answer: ["0DTJ4ZZ"]
    rationale: |
      Resection of the appendix, percutaneous endoscopic.
"""

ANSWERS = {
    "demo-a-101": ["R65.21", "A41.5", "Q99.99"],
    "demo-a-102": ["S72.001D"],
    "demo-a-103": ["J45.909"],
    "demo-a-104": ["0DTJ0ZZ"],
}


@pytest.fixture
def code_library(tmp_path):
    root = tmp_path / "banks"
    shutil.copytree(BANKS, root)
    alpha = root / "demo" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8") + CODE_ITEMS, encoding="utf-8")
    library = load_library([root], None)
    assert not library.problems, library.problems
    return library


@pytest.fixture
def book_context(tmp_path, code_library, clock, book_cache):
    ctx = make_context(tmp_path, code_library, clock)
    ctx.locations = dataclasses.replace(ctx.locations, cache_dir=book_cache)
    yield ctx
    ctx.close()


@pytest.fixture
def bookless_context(tmp_path, code_library, clock):
    ctx = make_context(tmp_path, code_library, clock)  # no cache folder: no book
    yield ctx
    ctx.close()


def _article(root, item_id: str):
    for article in root.iter("article"):
        if item_id in text_of(article):
            return article
    raise AssertionError(f"no question {item_id} in the report")


def _verdicts(article) -> list[tuple[str, str]]:
    lists = [ul for ul in article.iter("ul") if (ul.get("class") or "") == "verdicts"]
    assert lists, "no code-level labels"
    return [(text_of(li), li.get("class") or "") for li in lists[0].findall("li")]


def test_icd10cm_labels_name_the_entered_codes_titles(book_context):
    attempt = sit(book_context, "demo", Sitting(answers=ANSWERS))
    root = parse_html(write_attempt_report(book_context, attempt).read_text(encoding="utf-8"))
    assert _verdicts(_article(root, "demo-a-101")) == [
        (
            "R65.21 ✗ wrong specificity: Severe sepsis with septic shock "
            "expected R65.20: Severe sepsis without septic shock",
            "wrong",
        ),
        (
            "A41.5 ✗ incomplete code: Sepsis due to other Gram-negative organisms "
            "a header: it needs more characters to be reported",
            "wrong",
        ),
        ("Q99.99 ✗ not a code no such code in ICD-10-CM", "wrong"),
    ]
    ((line, css),) = _verdicts(_article(root, "demo-a-102"))
    assert css == "wrong"
    assert line.startswith("S72.001D ✗ wrong 7th character: Fracture of unspecified part")
    assert line.endswith(
        "D subsequent encounter for closed fracture with routine healing, "
        "expected A initial encounter for closed fracture"
    )
    assert _verdicts(_article(root, "demo-a-103")) == [
        (
            "J45.909 ✗ extra: Unspecified asthma, uncomplicated "
            "not among the codes this record supports",
            "wrong",
        ),
        (
            "E11.9 ○ missing: Type 2 diabetes mellitus without complications "
            "expected but not entered",
            "missing",
        ),
    ]


def test_pcs_names_the_first_wrong_characters_axis(book_context):
    attempt = sit(book_context, "demo", Sitting(answers=ANSWERS))
    root = parse_html(write_attempt_report(book_context, attempt).read_text(encoding="utf-8"))
    assert _verdicts(_article(root, "demo-a-104")) == [
        ("0DTJ0ZZ ✗ wrong character 5 (approach) is 0; compare 0DTJ4ZZ", "wrong"),
    ]  # the code it names is not listed as missing as well


def test_right_and_out_of_sequence_codes(book_context):
    attempt = sit(book_context, "demo", Sitting(answers={"demo-a-101": ["R65.20", "A41.51"]}))
    root = parse_html(write_attempt_report(book_context, attempt).read_text(encoding="utf-8"))
    lines = _verdicts(_article(root, "demo-a-101"))
    assert lines[0][0].startswith("R65.20 ✗ out of sequence: Severe sepsis without septic shock")
    assert "A41.51 is the principal (first-listed) diagnosis and goes first" in lines[0][0]
    attempt = sit(book_context, "demo", Sitting(answers={"demo-a-101": ["A41.51", "R65.20"]}))
    root = parse_html(write_attempt_report(book_context, attempt).read_text(encoding="utf-8"))
    assert _verdicts(_article(root, "demo-a-101")) == [
        ("A41.51 ✓ correct: Sepsis due to Escherichia coli [E. coli]", "right"),
        ("R65.20 ✓ correct: Severe sepsis without septic shock", "right"),
    ]


def test_without_the_book_icd10cm_items_keep_right_wrong_missing(bookless_context):
    attempt = sit(bookless_context, "demo", Sitting(answers=ANSWERS))
    root = parse_html(write_attempt_report(bookless_context, attempt).read_text(encoding="utf-8"))
    article = _article(root, "demo-a-101")
    assert not [ul for ul in article.iter("ul") if ul.get("class") == "verdicts"]
    text = text_of(article)
    assert "R65.21 ✗ wrong" in text and "A41.51 ○ missing" in text
    assert "wrong specificity" not in text
    # PCS needs no book: it is labelled all the same.
    assert _verdicts(_article(root, "demo-a-104"))[0][0].startswith("0DTJ0ZZ ✗ wrong character 5")


class HostileBook:
    """A book whose titles are markup: the report must show them as typed."""

    def title(self, code: str) -> str | None:
        return f"<img src=x onerror=alert(1)> & [bold]{code}[/]"

    def is_billable(self, code: str) -> bool:
        return True

    def seventh_characters(self, code: str) -> dict[str, str]:
        return {}


def test_titles_from_the_book_are_escaped(bookless_context):
    attempt_id = sit(bookless_context, "demo", Sitting(answers=ANSWERS))
    store = bookless_context.store()
    attempt = store.attempt(attempt_id)
    report = build_attempt_report(
        store, bookless_context.exam("demo"), attempt, bookless_context.clock.now(), HostileBook
    )
    html = render_attempt(report)
    assert "<img src=x" not in html and "<script>alert(1)</script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; [bold]R6521[/]" in html
    root = parse_html(html)
    assert "R65.21 ✗ wrong specificity: <img src=x onerror=alert(1)> & [bold]R6521[/]" in (
        text_of(_article(root, "demo-a-101"))
    )


def test_the_report_reads_the_cached_index_not_simple_icd_10_cm(book_context, tmp_path):
    attempt = sit(book_context, "demo", Sitting(answers=ANSWERS))
    script = f"""
import sys, dataclasses
from pathlib import Path
from cert_prep.bank.loader import load_library
from cert_prep.clock import FakeClock
from cert_prep.context import AppContext
from cert_prep.paths import Locations
from cert_prep.report import write_attempt_report
locations = Locations(
    bank_roots=(Path({str(tmp_path / "banks")!r}),),
    data_dir=Path({str(book_context.locations.data_dir)!r}),
    exports_dir=Path({str(tmp_path / "out")!r}),
    cache_dir=Path({str(book_context.locations.cache_dir)!r}),
)
ctx = AppContext(locations, FakeClock())
html = write_attempt_report(ctx, {attempt}).read_text(encoding="utf-8")
assert "wrong specificity" in html, "no labels"
raise SystemExit(1 if "simple_icd_10_cm" in sys.modules else 0)
"""
    book_context.close()
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_progress_report_shows_code_errors_focus_and_lookups(book_context):
    sit(book_context, "demo", Sitting(answers=ANSWERS, mode="drill"))
    html = write_progress_report(book_context, exam="demo").read_text(encoding="utf-8")
    root = parse_html(html)
    text = text_of(root)
    assert "Where you lose points on code items" in text
    # One each of wrong specificity, incomplete code, not a code, wrong 7th character,
    # extra and missing: the tie goes to the earlier label.
    assert "The one to work on first: wrong 7th character (1 time)." in text
    assert "Read the 7th-character table of the category" in text
    rows = [
        [text_of(td) for td in tr.findall("td")]
        for table in root.iter("table")
        if table.get("class") == "errors"
        for tr in table.iter("tr")
        if tr.findall("td")
    ]
    assert dict(map(tuple, rows)) == {
        "wrong 7th character": "1",
        "wrong specificity": "1",
        "incomplete code": "1",
        "not a code": "1",
        "extra": "1",
        "missing": "1",
        "out of sequence": "0",
    }
    assert "ICD-10-CM lookup drills none yet" in text


def test_progress_report_says_when_the_book_could_not_count(bookless_context):
    sit(bookless_context, "demo", Sitting(answers=ANSWERS, mode="drill"))
    text = text_of(
        parse_html(write_progress_report(bookless_context, exam="demo").read_text(encoding="utf-8"))
    )
    assert "The ICD-10-CM book could not be opened" in text
    assert "work on first" not in text


def _key(article) -> list[str]:
    lists = [ul for ul in article.iter("ul") if (ul.get("class") or "") == "verdicts"]
    assert lists, "no titled key"
    return [text_of(li) for li in lists[0].findall("li")]


def test_an_unanswered_code_item_says_none_entered_then_the_key_with_titles(book_context):
    attempt = sit(book_context, "demo", Sitting(answers={}))
    root = parse_html(write_attempt_report(book_context, attempt).read_text(encoding="utf-8"))
    article = _article(root, "demo-a-101")
    text = text_of(article)
    assert "Your codes: none entered" in text
    assert "missing" not in text  # the key's codes are not listed as the student's
    assert _key(article) == [
        "A41.51: Sepsis due to Escherichia coli [E. coli]",
        "R65.20: Severe sepsis without septic shock",
    ]
    assert "Sequencing counts: A41.51 must be entered first." in text
    # PCS: no titles to give, the key as a line.
    pcs = _article(root, "demo-a-104")
    assert "Your codes: none entered" in text_of(pcs) and "Key: 0DTJ4ZZ" in text_of(pcs)
    assert "missing" not in text_of(pcs)


def test_without_the_book_an_unanswered_code_item_shows_the_plain_key(bookless_context):
    attempt = sit(bookless_context, "demo", Sitting(answers={}))
    root = parse_html(write_attempt_report(bookless_context, attempt).read_text(encoding="utf-8"))
    text = text_of(_article(root, "demo-a-101"))
    assert "Your codes: none entered" in text and "Key: A41.51 R65.20" in text
    assert "missing" not in text


def test_progress_report_counts_pcs_code_items_without_the_book(bookless_context):
    sit(bookless_context, "demo", Sitting(answers={"demo-a-104": ["0DTJ0ZZ"]}, mode="drill"))
    text = text_of(
        parse_html(write_progress_report(bookless_context, exam="demo").read_text(encoding="utf-8"))
    )
    assert "Where you lose points on code items" in text
    assert "ICD-10-PCS code items 0 of 1 right 1 wrong code" in " ".join(text.split())
    assert "No code errors on ICD-10-CM" not in text  # no ICD-10-CM item answered
    assert "book could not be opened" not in text  # PCS needs no book
