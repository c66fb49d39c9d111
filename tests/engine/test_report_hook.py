"""After an exam, the report is written if possible; a failure is a message, never a crash."""

from __future__ import annotations

from pathlib import Path

import cert_prep.report
from cert_prep.engine.assembly import ExamOptions, plan_exam
from cert_prep.engine.session import ExamSession
from cert_prep.frontend.report_hook import write_report


def test_the_report_of_a_submitted_exam_is_written(context, tiny, clock):
    session = ExamSession.start(context.store(), tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    session.choose("B")
    session.submit()
    outcome = write_report(context, session.id)
    assert outcome.message is None
    assert outcome.path is not None and Path(outcome.path).is_file()
    assert Path(outcome.path).parent == context.locations.exports_dir


def test_a_failing_report_becomes_a_message(context, monkeypatch):
    def broken(context, attempt_id):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cert_prep.report, "write_attempt_report", broken)
    outcome = write_report(context, 1)
    assert outcome.path is None
    assert "could not be written" in outcome.message and "saved" in outcome.message
