"""The HTML item-analysis page: the score report's Jinja setup, escaped bank text, and a
self-contained page."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from cert_prep.bank.loader import load_library
from cert_prep.instructor.analysis import analyse
from cert_prep.instructor.report import build_report, render_item_analysis

from .conftest import BANKS
from .test_analysis import example_one

NOW = datetime(2026, 3, 9, 8, 30, tzinfo=UTC)
TEMPLATE = (
    Path(__file__).parents[2] / "cert_prep" / "report" / "templates" / "item_analysis.html.j2"
)


def page() -> str:
    bank = load_library([BANKS]).exam("quiz")
    return render_item_analysis(analyse(example_one(), bank=bank), NOW)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_bank_text_is_escaped_never_markup():
    html = page()
    # the quiz bank's stem and choice hold markup-like text: shown as typed
    assert "[bold]not markup[/] &lt;b&gt;nor HTML&lt;/b&gt;" in html
    assert "Alpha &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    assert not re.search(r"\|\s*safe\b", TEMPLATE.read_text(encoding="utf-8"))


def test_the_page_is_self_contained():
    html = page()
    parser = _Tags()
    parser.feed(html)
    tags = parser.tags
    assert ("style", {}) in tags  # inline CSS from the shared styles
    for tag, attrs in tags:
        assert tag not in ("script", "link", "img", "iframe")
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, attrs)


def test_the_figures_and_flags_are_on_the_page():
    html = page()
    assert "<title>Item analysis: Classroom quiz</title>" in html
    assert re.search(
        r'<span class="label">KR-20 reliability</span><span class="value">0.18'
        r"</span>",
        html,
    )
    assert '<span class="value">56.7%</span>' in html
    assert "Items to look at (3)" in html
    assert "⚑ too easy (p &gt; 0.95)" in html
    assert "⚑ check the key (r &lt; 0)" in html
    # quiz-dx-001: B and C were never picked, D was; A is the key
    section = html[html.index('id="item-quiz-dx-001"') : html.index('id="item-quiz-dx-002"')]
    assert section.count("never picked") == 2
    assert "<strong>A ✓</strong>" in section
    # the item that is not in the bank says so instead of inventing text
    missing = html[html.index('id="item-quiz-px-009"') :]
    assert "not in the banks cert-prep loaded" in missing


def test_report_view_without_a_bank():
    report = build_report(analyse(example_one()), NOW)
    assert report.exam_name == "quiz" and report.kr20_text == "0.18"
    assert report.generated_text == "2026-03-09 08:30 UTC"
    first = report.items[0]
    assert first.stem is None and first.key_text == "" and not first.in_bank
    assert [c.label for c in first.choices] == ["A", "D"]
    assert [v.discrimination for v in report.items] == [
        "good",
        "good",
        "good",
        "negative",
        "n/a",
        "n/a",
    ]
