"""The study-history part: past scores, weak domains, readiness (contract stand-in)."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field

import pytest

from cert_prep.report import write_attempt_report, write_progress_report
from tests.report.helpers import MIXED, Sitting, by_id, has_class, parse_html, sit, text_of

SVG = "{http://www.w3.org/2000/svg}"
READINESS = "cert_prep.study.readiness"


@dataclass
class DomainMastery:  # the fields of the study layer's contract
    id: str
    name: str
    mastery: float
    seen: int
    total: int
    due: int
    weight: float


@dataclass
class Readiness:
    exam: str
    predicted_percent: float
    low: float
    high: float
    pass_percent: float
    seen: int
    total: int
    domains: list[DomainMastery] = field(default_factory=list)


@pytest.fixture
def stand_in(monkeypatch):
    """Install a stand-in `cert_prep.study.readiness` and record how it is called."""
    calls = []

    def readiness(store, bank, now):
        calls.append((store, bank.id, now))
        return Readiness(
            bank.id,
            64.5,
            58.0,
            71.0,
            bank.blueprint.pass_percent,
            5,
            7,
            [
                DomainMastery("beta", "Beta records", 0.42, 3, 3, 2, 3 / 7),
                DomainMastery("alpha", "Alpha <b>coding</b> & basics", 0.71, 2, 4, 0, 4 / 7),
            ],
        )

    module = types.ModuleType(READINESS)
    module.readiness = readiness
    if "cert_prep.study" not in sys.modules:
        try:
            import cert_prep.study  # noqa: F401
        except ImportError:
            monkeypatch.setitem(sys.modules, "cert_prep.study", types.ModuleType("cert_prep.study"))
    monkeypatch.setitem(sys.modules, READINESS, module)
    return calls


@pytest.fixture
def no_study_layer(monkeypatch):
    monkeypatch.setitem(sys.modules, READINESS, None)  # import raises ImportError


def progress_section(context, attempt):
    html = write_attempt_report(context, attempt).read_text(encoding="utf-8")
    return by_id(parse_html(html), "progress")


def test_score_history_up_to_this_attempt(context, no_study_layer):
    first = sit(context, "demo", Sitting(answers={"demo-a-001": "B"}))
    second = sit(context, "demo", MIXED)
    sit(context, "demo", Sitting(answers={}, mode="drill"))  # drills are not mock exams
    later = sit(context, "demo", Sitting(answers={}))
    section = progress_section(context, second)
    rows = [[text_of(td) for td in tr.findall("td")] for tr in section.find(".//tbody")]
    assert [r[0] for r in rows] == [f"{second} (this)", str(first)]  # newest first
    assert rows[0][2:4] == ["4/7 · 57.1%", "✗ FAIL"] and rows[1][2:4] == ["1/7 · 14.3%", "✗ FAIL"]
    assert rows[0][4] == "≈ 263" and rows[0][5] == "0:09:15"
    wide = next(s for s in section.iter(f"{SVG}svg") if has_class(s, "wide"))
    markers = [m for m in wide.iter() if has_class(m, "marker")]
    assert len(markers) == 2 and has_class(markers[-1], "current")
    assert str(later) not in [r[0] for r in rows]
    # the report of the latest attempt shows all three mock exams
    assert len(progress_section(context, later).find(".//tbody")) == 3


def test_weak_domains_from_history_without_the_study_layer(context, no_study_layer):
    attempt = sit(context, "demo", MIXED)
    section = progress_section(context, attempt)
    text = text_of(section)
    assert "Readiness estimate" not in text
    assert "Ranked by the share of questions whose latest answer was right" in text
    tables = section.findall(".//table")
    weak = [[text_of(td) for td in tr.findall("td")] for tr in tables[1].find("tbody")]
    assert weak == [
        [
            "Alpha <b>coding</b> & basics",
            "50%",
            "4/4",
            "cert-prep drill --exam demo --domain alpha",
        ],
        ["Beta records", "67%", "3/3", "cert-prep drill --exam demo --domain beta"],
    ]
    assert "cert-prep drill --weak --exam demo" in text
    assert "Study history: 7 answers to 7 different questions" in text


def test_latest_answer_counts_and_unseen_domains_come_first(context, no_study_layer):
    sit(context, "demo", Sitting(answers={"demo-a-001": "A"}, mode="drill"))
    attempt = sit(context, "demo", Sitting(answers={"demo-a-001": "B", "demo-a-002": ["A"]}))
    section = progress_section(context, attempt)
    weak = [
        [text_of(td) for td in tr.findall("td")]
        for tr in section.findall(".//table")[1].find("tbody")
    ]
    assert [row[:3] for row in weak] == [
        ["Beta records", "not practised", "0/3"],
        ["Alpha <b>coding</b> & basics", "50%", "2/4"],  # a-001 now right, a-002 wrong
    ]


def test_readiness_section_from_the_study_layer(context, stand_in):
    attempt = sit(context, "demo", MIXED)
    section = progress_section(context, attempt)
    store, exam, now = stand_in[-1]
    assert store is context.store() and exam == "demo" and now == context.clock.now()
    text = text_of(section)
    assert "Readiness estimate" in text
    assert (
        "Predicted score on a full Demo scaled exam: 64.5% (likely range 58%–71%) "
        "against a pass mark of 70%: borderline: the range straddles the pass mark." in text
    )
    assert "An estimate from 5 of 7 questions seen" in text
    tables = section.findall(".//table")
    weak = [[text_of(td) for td in tr.findall("td")] for tr in tables[1].find("tbody")]
    assert weak[0] == [
        "Beta records",
        "42%",
        "3/3",
        "2",
        "cert-prep drill --exam demo --domain beta",
    ]
    assert "Ranked by mastery in the study history" in text
    mastery = [[text_of(td) for td in tr.findall("td")] for tr in tables[2].find("tbody")]
    assert mastery == [
        ["Beta records", "42%", "3/3", "2", "42.9%"],
        ["Alpha <b>coding</b> & basics", "71%", "2/4", "0", "57.1%"],
    ]


def test_progress_report_covers_each_exam(context, stand_in):
    sit(context, "plain", Sitting(answers={"plain-g-001": "A", "plain-g-002": "B"}))
    sit(context, "demo", MIXED)
    html = write_progress_report(context).read_text(encoding="utf-8")
    root = parse_html(html)
    demo, plain = by_id(root, "exam-demo"), by_id(root, "exam-plain")
    assert "Full mock exams submitted 1 0 passed" in text_of(demo)
    assert "Latest 57.1% ✗ FAIL" in text_of(demo)
    assert "Latest 100% ✓ PASS" in text_of(plain)
    assert "Readiness estimate" in text_of(demo) and "Readiness estimate" in text_of(plain)
    only = write_progress_report(context, exam="plain").read_text(encoding="utf-8")
    assert 'id="exam-plain"' in only and 'id="exam-demo"' not in only


def test_with_the_real_study_layer_when_present(context):
    pytest.importorskip(READINESS, reason="the study layer (issue 5) is not installed yet")
    attempt = sit(context, "demo", MIXED)
    assert "Readiness estimate" in text_of(progress_section(context, attempt))


def test_only_an_attempt_report_rings_its_attempt(context, no_study_layer):
    attempt = sit(context, "demo", MIXED)
    assert "the ringed point is this attempt" in text_of(progress_section(context, attempt))
    progress = write_progress_report(context).read_text(encoding="utf-8")
    assert "score of each mock exam" in progress
    assert "ringed point" not in progress
    markers = [m for m in parse_html(progress).iter() if has_class(m, "marker")]
    assert markers and not [m for m in markers if has_class(m, "current")]
