"""Practice exams apart from full mock exams; several unfinished attempts and `resume`;
case-insensitive ids, `tags`; empty drills; `--count` with `--bank`; where reports go;
local times."""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

import pytest

from cert_prep.cli.main import main
from cert_prep.clock import local_text
from cert_prep.engine.assembly import ExamOptions, plan_exam
from cert_prep.engine.attempt_summary import history
from cert_prep.engine.session import DrillSession, ExamSession
from cert_prep.paths import resolve_locations
from cert_prep.report import latest_attempt_id
from cert_prep.store import OpenExamExists, Store
from cert_prep.study.readiness import mock_comparison
from tests.engine.support import BANKS
from tests.engine.test_session_scoring import drill_of


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CERT_PREP_CACHE", str(tmp_path / "cache"))


def cli(tmp_path, *argv: str, stdin: str = "") -> int:
    sys.stdin = io.StringIO(stdin)
    try:
        return main([*argv, "--banks", str(BANKS), "--data-dir", str(tmp_path / "data")])
    finally:
        sys.stdin = sys.__stdin__


def practice(tiny, seed=2, questions=2, pausable=False):
    return plan_exam(tiny, ExamOptions(seed=seed, questions=questions, pausable=pausable))


# ---- practice exams --------------------------------------------------------------------


def test_short_exams_are_practice_and_do_not_block_a_mock(store, tiny, clock):
    full = plan_exam(tiny, ExamOptions(seed=1))
    assert not full.practice and practice(tiny).practice
    assert plan_exam(tiny, ExamOptions(seed=1, minutes=30)).practice  # same length, less time
    mock = ExamSession.start(store, tiny, full, clock)
    short = ExamSession.start(store, tiny, practice(tiny), clock)  # beside the mock
    another = ExamSession.start(store, tiny, practice(tiny, seed=3), clock)
    with pytest.raises(OpenExamExists):
        ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=4)), clock)
    assert store.open_exam("tiny").id == mock.id  # the full mock exam
    assert {r.id: r.kind for r in store.open_attempts()} == {
        mock.id: "exam",
        short.id: "practice",
        another.id: "practice",
    }


def test_history_readiness_and_the_latest_report_count_full_mocks_only(store, tiny, clock):
    mock = ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    mock.submit()
    clock.advance(3600)
    short = ExamSession.start(store, tiny, practice(tiny), clock)
    short.choose("A")
    short.submit()
    modes = {row["id"]: row["mode"] for row in history(store)}
    assert modes == {mock.id: "exam", short.id: "practice"}
    assert [a.id for a in store.attempts_by_kind("tiny", "exam")] == [mock.id]
    assert [a.id for a in store.attempts_by_kind("tiny", "practice")] == [short.id]
    assert latest_attempt_id(store, "tiny") == mock.id  # newer practice exam is not "latest"
    assert [m.attempt_id for m in mock_comparison(store, tiny, clock.now())] == [mock.id]


def test_the_progress_report_lists_practice_exams_apart(context, tiny, clock):
    from cert_prep.report import write_attempt_report, write_progress_report

    store = context.store()
    ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock).submit()
    clock.advance(60)
    short = ExamSession.start(store, tiny, practice(tiny), clock)
    short.submit()
    html = write_progress_report(context, exam="tiny").read_text(encoding="utf-8")
    trend, apart = html.split("<h3>Practice exams</h3>")
    assert "score of each mock exam" in trend and "1 practice exam listed apart" in trend
    assert "0/2 ·" not in trend and "0/2 ·" in apart
    own = write_attempt_report(context, short.id).read_text(encoding="utf-8")
    assert "cert-prep practice exam report" in own


def test_migrating_an_old_history_marks_its_short_exams_practice(tmp_path):
    import sqlite3

    from cert_prep.store import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for number, script in enumerate(MIGRATIONS[:2], start=1):
        for statement in (s for s in script.split(";") if s.strip()):
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {number}")
    for settings in ('{"questions": null, "minutes": null}', '{"questions": 10}'):
        db.execute(
            "INSERT INTO attempts(exam, mode, status, started_at, settings)"
            " VALUES ('cpc', 'exam', 'submitted', '2026-01-01T00:00:00+00:00', ?)",
            (settings,),
        )
    db.close()
    store = Store.open(path)
    assert [r.kind for r in sorted(store.attempts("cpc"), key=lambda r: r.id)] == [
        "exam",
        "practice",
    ]
    store.close()


# ---- resume ------------------------------------------------------------------------------


def test_resume_asks_which_in_plain_mode_and_takes_attempt_n(tmp_path, tiny, clock, capsys):
    # Pausable: the command runs on the real clock, long after the fake one's start.
    store = Store.open(tmp_path / "data" / "cert-prep.sqlite3")
    mock = ExamSession.start(
        store, tiny, plan_exam(tiny, ExamOptions(seed=1, pausable=True)), clock
    )
    mock.close()
    short = ExamSession.start(store, tiny, practice(tiny, pausable=True), clock)
    short.close()
    store.close()
    assert cli(tmp_path, "resume", "--plain", stdin=f"{short.id}\nquit\n") == 0
    out = capsys.readouterr().out
    assert "Several attempts are unfinished" in out
    assert f"#{mock.id} tiny mock exam" in out and f"#{short.id} tiny practice exam" in out
    assert "Question 1 of 2" in out  # the practice exam was resumed
    assert cli(tmp_path, "resume", "--plain", "--attempt", str(mock.id), stdin="quit\n") == 0
    out = capsys.readouterr().out
    assert "Several" not in out and "of 6" in out
    assert cli(tmp_path, "resume", "--plain", stdin="nope\n") == 2
    assert "--attempt N" in capsys.readouterr().err
    # A slip is asked about again, with the numbers to type.
    assert cli(tmp_path, "resume", "--plain", stdin=f"7777\n{short.id}\nquit\n") == 0
    out = capsys.readouterr().out
    assert f"7777 is not one of them; type {short.id}, {mock.id}" in out
    assert "Question 1 of 2" in out
    assert cli(tmp_path, "history") == 0
    assert "No submitted attempts yet; 2 unfinished" in capsys.readouterr().out
    assert cli(tmp_path, "resume", "--attempt", "999", "--plain") == 2
    assert "attempt 999 is not unfinished" in capsys.readouterr().err


def test_an_unfinished_exam_whose_banks_moved_is_kept_and_said(tmp_path, tiny, clock, capsys):
    store = Store.open(tmp_path / "data" / "cert-prep.sqlite3")
    mock = ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    mock.close()
    store.db.execute("UPDATE attempts SET exam = 'moved' WHERE id = ?", (mock.id,))
    store.close()
    assert cli(tmp_path, "resume", "--plain") == 1
    err = capsys.readouterr().err
    assert f"attempt #{mock.id} (moved) is unfinished and kept" in err
    assert "add its folder with --banks DIR" in err


# ---- ids, domains and tags ------------------------------------------------------------------


def test_exam_ids_domains_and_tags_ignore_case(tmp_path, capsys):
    assert cli(tmp_path, "exam", "TINY", "--plain", "--questions", "2", stdin="quit\n") == 0
    out = capsys.readouterr().out
    assert "Tiny mock exam: 2 questions" in out and "A practice exam" in out
    assert (
        cli(
            tmp_path,
            "drill",
            "--exam",
            "Tiny",
            "--domain",
            "ALPHA",
            "--tag",
            "Letters",
            "--plain",
            stdin="quit\n",
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "domains: Alpha" in out and "tags: letters" in out


def test_tags_lists_counts_and_unknown_tags_suggest(tmp_path, capsys):
    assert cli(tmp_path, "tags", "--exam", "TINY") == 0
    out = capsys.readouterr().out
    assert out.startswith("tiny: ") and "letters     2" in out.replace("  ", "  ")
    assert cli(tmp_path, "tags", "--exam", "tiny", "--json") == 0
    tags = json.loads(capsys.readouterr().out)["exams"][0]["tags"]
    assert {"tag": "letters", "questions": 2} in tags
    assert cli(tmp_path, "drill", "--exam", "tiny", "--tag", "leters", "--plain") == 2
    err = capsys.readouterr().err
    assert "no question of tiny has the tag `leters` (did you mean letters?)" in err
    assert "`cert-prep tags`" in err


# ---- drills ---------------------------------------------------------------------------------


def test_an_empty_drill_is_not_recorded(store, tiny, clock):
    drill = DrillSession.start(store, drill_of(tiny, ["tiny-a2", "tiny-a3"]), clock)
    drill.next()
    drill.finish("quit")
    assert store.attempt(drill.id).status == "discarded"
    assert history(store) == [] and store.reviews() == []


def test_history_with_nothing_yet_names_a_drill_command_that_works(tmp_path, capsys):
    assert cli(tmp_path, "history") == 0
    said = capsys.readouterr().out
    assert "No attempts yet" in said and "`cert-prep drill --exam EXAM`" in said


def test_plain_says_an_empty_drill_is_not_recorded(tmp_path, capsys):
    assert cli(tmp_path, "drill", "--exam", "tiny", "--plain", stdin="quit\n") == 0
    assert "not recorded" in capsys.readouterr().out
    assert cli(tmp_path, "history", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_count_applies_to_bank_file_drills(tmp_path, capsys):
    bank_file = str(BANKS / "tiny" / "beta.yaml")
    assert (
        cli(tmp_path, "drill", "--bank", bank_file, "--count", "1", "--plain", stdin="quit\n") == 0
    )
    out = capsys.readouterr().out
    assert "Drilling the first 1 of the" in out and "Question 1 of 1" in out
    with pytest.raises(SystemExit) as stopped:  # a usage error, from the argument parser
        cli(tmp_path, "drill", "--bank", bank_file, "--count", "0", "--plain")
    assert stopped.value.code == 2


# ---- where reports go, and times -------------------------------------------------------------


def test_reports_go_to_the_data_dir_never_the_current_folder(tmp_path, monkeypatch):
    env = {"CERT_PREP_HOME": str(tmp_path / "home")}
    here = tmp_path / "somewhere"
    assert resolve_locations(environ=env, cwd=here).exports_dir == tmp_path / "home" / "exports"
    assert (
        resolve_locations(data_dir="d", environ={}, cwd=here).exports_dir == here / "d" / "exports"
    )
    env["CERT_PREP_EXPORTS"] = str(tmp_path / "out")
    assert resolve_locations(environ=env, cwd=here).exports_dir == tmp_path / "out"
    assert resolve_locations(exports="x", environ=env, cwd=here).exports_dir == here / "x"


def test_the_report_command_writes_into_the_data_dir_and_prints_the_path(
    tmp_path, tiny, clock, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CERT_PREP_EXPORTS", raising=False)
    store = Store.open(tmp_path / "data" / "cert-prep.sqlite3")
    ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock).submit()
    store.close()
    assert cli(tmp_path, "report") == 0
    printed = capsys.readouterr().out.strip().removeprefix("Report written to ")
    assert Path(printed).parent == tmp_path / "data" / "exports"
    assert not (tmp_path / "exports").exists()


def test_times_are_local_on_screen_and_utc_in_json(tmp_path, tiny, clock, monkeypatch, capsys):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert local_text("2026-11-23T09:00:00.000+00:00") == "2026-11-23 18:00 JST"
        assert local_text("2026-11-23T09:00:00+00:00", zone=False) == "2026-11-23 18:00"
        store = Store.open(tmp_path / "data" / "cert-prep.sqlite3")
        ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock).submit()
        store.close()
        assert cli(tmp_path, "history") == 0
        assert "2026-11-23 18:00 JST" in capsys.readouterr().out
        assert cli(tmp_path, "history", "--json") == 0
        assert json.loads(capsys.readouterr().out)[0]["submitted_at"].startswith("2026-11-23T09:00")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


@pytest.mark.parametrize("argv", [[], ["exam", "tiny"], ["drill", "--exam", "tiny"]])
def test_a_dumb_terminal_is_told_to_use_the_plain_mode(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.setenv("TERM", "dumb")
    code = main(["--banks", str(BANKS), "--data-dir", str(tmp_path / "data"), *argv])
    err = capsys.readouterr().err
    assert code == 2 and "this terminal (TERM=dumb) cannot show the full-screen UI" in err
    assert "--plain" in err and "\x1b" not in err
