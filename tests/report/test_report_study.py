"""The study-history part: past scores, weak domains, readiness (the study layer's)."""

from __future__ import annotations

from cert_prep.report import write_attempt_report, write_progress_report
from cert_prep.study.readiness import readiness
from tests.report.helpers import MIXED, Sitting, by_id, has_class, parse_html, sit, text_of

SVG = "{http://www.w3.org/2000/svg}"


def progress_section(context, attempt):
    html = write_attempt_report(context, attempt).read_text(encoding="utf-8")
    return by_id(parse_html(html), "progress")


def test_score_history_up_to_this_attempt(context):
    first = sit(context, "demo", Sitting(answers={"demo-a-001": "B"}))
    second = sit(context, "demo", MIXED)
    sit(context, "demo", Sitting(answers={}, mode="drill"))  # drills are not mock exams
    later = sit(context, "demo", Sitting(answers={}))
    section = progress_section(context, second)
    rows = [[text_of(td) for td in tr.findall("td")] for tr in section.find(".//tbody")]
    assert [r[0] for r in rows] == [f"{second} (this)", str(first)]  # newest first
    assert rows[0][2] == "4/7 · 57.1%" and rows[1][2] == "1/7 · 14.3%"
    assert rows[0][4] == "✗ FAIL" and rows[1][4] == "✗ FAIL"
    # the prediction made before each (too few answers before these: none to show)
    assert rows[0][3] == "—" and rows[1][3] == "—"
    assert rows[0][5] == "≈ 263" and rows[0][6] == "0:09:15"
    wide = next(s for s in section.iter(f"{SVG}svg") if has_class(s, "wide"))
    markers = [m for m in wide.iter() if has_class(m, "marker")]
    assert len(markers) == 2 and has_class(markers[-1], "current")
    assert str(later) not in [r[0] for r in rows]
    # the report of the latest attempt shows all three mock exams
    assert len(progress_section(context, later).find(".//tbody")) == 3


def test_readiness_section_and_weak_domains_from_the_study_layer(context):
    attempt = sit(context, "demo", MIXED)
    section = progress_section(context, attempt)
    bank = context.library().exam("demo")
    expected = readiness(context.store(), bank, context.clock.now())
    text = text_of(section)
    assert "Readiness estimate" in text
    if expected.enough_data:
        assert (
            f"Predicted score on a full Demo scaled exam: {expected.predicted_percent:g}%" in text
        )
        assert f"An estimate from {expected.seen} of {expected.total} questions seen" in text
    else:
        assert f"Not enough data yet: answer {expected.answers_needed} more" in text
        assert f"{expected.seen} of {expected.total} questions seen so far" in text
    assert "Ranked by the share of each domain's questions you are expected to answer" in text
    tables = section.findall(".//table")
    weak = [[text_of(td) for td in tr.findall("td")] for tr in tables[1].find("tbody")]
    # one ranking: the weak domains are readiness's domains, weakest first
    assert [row[0] for row in weak] == [d.name for d in expected.domains][: len(weak)]
    first = expected.domains[0]
    assert weak[0][1:] == [
        f"{round(100 * first.expected)}%" if first.seen else "not practised",
        f"{first.seen}/{first.total}",
        str(first.due),
        f"cert-prep drill --exam demo --domain {first.id}",
    ]


def test_progress_report_covers_each_exam(context):
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


def test_only_an_attempt_report_rings_its_attempt(context):
    attempt = sit(context, "demo", MIXED)
    assert "the ringed point is this attempt" in text_of(progress_section(context, attempt))
    progress = write_progress_report(context).read_text(encoding="utf-8")
    assert "score of each mock exam" in progress
    assert "ringed point" not in progress
    markers = [m for m in parse_html(progress).iter() if has_class(m, "marker")]
    assert markers and not [m for m in markers if has_class(m, "current")]


def test_progress_report_shows_calibration_and_confidently_wrong_items(context):
    from cert_prep.bank.models import key_hash
    from cert_prep.clock import to_iso
    from cert_prep.store import Review

    sit(context, "plain", Sitting(answers={"plain-g-001": "A", "plain-g-002": "B"}))
    assert "Confidence" not in text_of(
        by_id(parse_html(write_progress_report(context).read_text("utf-8")), "exam-plain")
    )  # no ratings given: no section
    bank = context.exam("plain")
    rows = [("plain-g-001", True, 3), ("plain-g-002", False, 3), ("plain-g-001", True, 1)]
    context.store().add_reviews(
        [
            Review(
                item_id,
                "plain",
                bank.item(item_id).domain,
                to_iso(context.clock.now()),
                "A",
                right,
                30.0,
                "drill",
                None,
                key_hash(bank.item(item_id).question),
                level,
            )
            for item_id, right, level in rows
        ]
    )
    html = write_progress_report(context).read_text(encoding="utf-8")
    section = by_id(parse_html(html), "exam-plain")
    text = text_of(section)
    assert "Confidence" in text
    assert "sure 50% 50% 2" in text and "unsure no answers 0" in text and "guess" in text
    assert "Confidently wrong" in text and "plain-g-002" in text
    meters = [m for m in section.iter() if m.tag == "meter"]
    assert [m.get("value") for m in meters] == ["0.5", "1.0"]


def test_the_progress_report_shows_the_exam_day_and_the_plan_to_it(context):
    from datetime import timedelta

    from cert_prep.report import write_progress_report
    from cert_prep.study.exam_date import set_exam_date, today_of

    sit(context, "demo", MIXED)
    day = today_of(context.clock.now()) + timedelta(days=10)
    set_exam_date(context.store(), "demo", day)
    text = " ".join(text_of(parse_html(write_progress_report(context).read_text())).split())
    assert f"Exam day: {day.isoformat()} · 10 days left" in text
    assert "Plan to exam day: on average about" in text and "The next days:" in text
    assert "cert-prep plan --exam demo lists all 10 days" in text


def test_a_plan_shown_whole_does_not_point_to_all_its_days(context):
    """One day left: the table shows it, so no "lists all 1 days" (nor "1 answers")."""
    from datetime import timedelta

    from cert_prep.study.exam_date import set_exam_date, today_of

    sit(context, "demo", Sitting(answers={"demo-a-001": "B"}, mode="drill"))
    day = today_of(context.clock.now()) + timedelta(days=1)
    set_exam_date(context.store(), "demo", day)
    text = " ".join(text_of(parse_html(write_progress_report(context).read_text())).split())
    assert f"Exam day: {day.isoformat()} · 1 day left" in text
    assert "lists all" not in text
    assert "cert-prep drill --weak --exam demo studies today's part" in text
