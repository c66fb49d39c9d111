"""`cert-prep report` through the real argument parser and main()."""

from __future__ import annotations

import pytest

from cert_prep.bank.models import key_hash
from cert_prep.cli import main as cli
from cert_prep.store import Review
from tests.report.helpers import MIXED, Sitting, make_context, sit


@pytest.fixture
def run(tmp_path, library, clock, monkeypatch, capsys):
    """Run `cert-prep ...` against the sample bank and a data dir under tmp_path."""

    def go(*argv: str) -> tuple[int, str, str]:
        monkeypatch.setattr(
            cli, "make_context", lambda args: make_context(tmp_path, library, clock)
        )
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return go


@pytest.fixture
def history(tmp_path, library, clock):
    ctx = make_context(tmp_path, library, clock)
    ids = [
        sit(ctx, "demo", MIXED),
        sit(ctx, "plain", Sitting(answers={"plain-g-001": "A", "plain-g-002": "B"})),
        sit(ctx, "demo", Sitting(answers={"demo-a-001": "B"}, mode="drill")),
    ]
    ctx.close()
    return ids


def test_report_latest_is_the_newest_mock_exam(run, history, tmp_path):
    code, out, err = run("report")
    assert code == 0, err
    path = tmp_path / "exports" / "plain-20260302-1515-2.html"
    assert out.strip() == f"Report written to {path}"
    assert path.is_file() and "Plain raw-score exam" in path.read_text(encoding="utf-8")


def test_report_by_number_and_latest_of_an_exam(run, history, tmp_path):
    assert run("report", "3")[0] == 0
    assert (tmp_path / "exports" / "demo-20260302-1618-3.html").is_file()
    code, out, _ = run("report", "latest", "--exam", "demo")
    assert code == 0 and out.strip().endswith("demo-20260302-1414-1.html")


def test_report_out_and_open(run, history, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda uri: opened.append(uri) or True)
    target = tmp_path / "elsewhere" / "mine.html"
    code, _, err = run("report", "1", "--out", str(target), "--open")
    assert code == 0, err
    assert target.is_file() and opened == [target.resolve().as_uri()]


def test_open_without_a_browser_still_writes(run, history, monkeypatch):
    monkeypatch.setattr("webbrowser.open", lambda uri: False)
    code, out, err = run("report", "1", "--open")
    assert code == 0 and "Report written to" in out
    assert "no web browser could be started" in err


def test_progress_report(run, history, tmp_path):
    code, out, err = run("report", "--progress")
    assert code == 0, err
    path = tmp_path / "exports" / "progress-all-20260302-1718.html"
    assert out.strip() == f"Report written to {path}"
    html = path.read_text(encoding="utf-8")
    assert "Demo scaled exam" in html and "Plain raw-score exam" in html
    code, out, _ = run("report", "--progress", "--exam", "plain")
    assert code == 0 and "progress-plain-" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["report", "99"], 1, "cert-prep: there is no attempt 99; `cert-prep history` lists"),
        (["report", "abc"], 2, "ATTEMPT must be an attempt number"),
        (["report", "1", "--progress"], 2, "--progress covers all your attempts"),
        (["report", "1", "--exam", "demo"], 2, "either an attempt number or --exam"),
        (["report", "--progress", "--exam", "nope"], 1, "unknown exam `nope`; exams available"),
        (["report", "latest", "--exam", "nope"], 1, "unknown exam `nope`"),
    ],
)
def test_bad_requests_get_clear_messages(run, history, argv, code, message):
    got, out, err = run(*argv)
    assert got == code
    assert message in err and "Traceback" not in err and out == ""


def test_no_attempts_yet(run):
    code, _, err = run("report")
    assert code == 1
    assert err.strip().startswith("cert-prep: no submitted attempts yet: take a mock exam")
    code, _, err = run("report", "--exam", "plain")
    assert code == 1 and "no submitted plain attempts yet" in err


def test_no_study_history_yet_for_a_progress_report(run):
    # Not the attempt report's "its report is written when you submit it".
    code, out, err = run("report", "--progress")
    assert code == 1 and out == ""
    assert err == (
        "cert-prep: no study history yet: nothing to report; start with `cert-prep exam "
        "EXAM` or `cert-prep drill --exam EXAM` (`cert-prep banks` lists the exams)\n"
    )


def test_answers_but_nothing_submitted_for_a_progress_report(run, tmp_path, library, clock):
    ctx = make_context(tmp_path, library, clock)
    item = ctx.exam("demo").items[0]
    ctx.store().add_reviews(
        [
            Review(
                item.id,
                "demo",
                item.domain,
                "2026-03-02T14:00:00+00:00",
                "A",
                True,
                5.0,
                "drill",
                1,
                key_hash(item.question),
            )
        ]
    )
    ctx.close()
    code, _, err = run("report", "--progress")
    assert code == 1 and err.count("\n") == 1
    assert "no submitted exams or drills yet" in err and "cert-prep resume" in err
