"""Bank format v1.1 in the report: each choice's feedback beside it (escaped), travelling
with its choice when the choices were shuffled; times in the student's time zone."""

from __future__ import annotations

import shutil
import time

import pytest

from cert_prep.bank.loader import load_library
from cert_prep.report import write_attempt_report
from tests.report.helpers import BANKS, Sitting, make_context, sit


@pytest.fixture
def feedback_context(tmp_path, clock):
    root = tmp_path / "banks"
    shutil.copytree(BANKS, root)
    alpha = root / "demo" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    text = text.replace(
        "    answer: B\n",
        "    answer: B\n"
        "    feedback:\n"
        '      A: "A drug table lists drugs, <b>not</b> procedures."\n'
        '      D: "PCS tables are for inpatient facility procedures."\n',
        1,
    )
    alpha.write_text(text, encoding="utf-8")
    library = load_library([root], None)
    assert not library.problems, library.problems
    ctx = make_context(tmp_path, library, clock)
    yield ctx
    ctx.close()


def test_feedback_is_shown_beside_its_shuffled_choice_and_escaped(feedback_context):
    attempt = sit(
        feedback_context,
        "demo",
        Sitting(answers={"demo-a-001": "A"}, choice_orders={"demo-a-001": ["C", "A", "D", "B"]}),
    )
    html = write_attempt_report(feedback_context, attempt).read_text(encoding="utf-8")
    # The drug table was shown as B; its feedback is on its line, not on the bank's A.
    line_b = html[html.index('<span class="letter">B.</span>') :]
    line_b = line_b[: line_b.index("</li>")]
    assert "The alphabetic drug table" in line_b
    assert "A drug table lists drugs, &lt;b&gt;not&lt;/b&gt; procedures." in line_b
    line_c = html[html.index('<span class="letter">C.</span>') :]
    assert "PCS tables are for inpatient" in line_c[: line_c.index("</li>")]
    assert "<b>not</b>" not in html
    assert "bank's letters" not in html


def test_report_times_are_in_the_local_time_zone(context, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        attempt = sit(context, "demo", Sitting(answers={"demo-a-001": "B"}))
        html = write_attempt_report(context, attempt).read_text(encoding="utf-8")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    # The fake clock is 14:05 UTC on 2 March 2026: 09:05 in New York (EST).
    assert "2026-03-02 09:05 EST" in html
    assert "14:05 UTC" not in html
