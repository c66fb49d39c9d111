"""The study commands' edges: drill --bank in plain mode, no traceback when the app crashes,
and no textual import for the line-by-line mode."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from cert_prep.cli import study_commands
from cert_prep.cli.main import main
from tests.conftest import add_book
from tests.engine.support import BANKS, REPO


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CERT_PREP_CACHE", str(tmp_path / "cache"))


def test_drill_bank_file_plain(tmp_path, monkeypatch, capsys, book_cache):
    add_book(tmp_path / "cache", book_cache)  # its code item's feedback opens the book
    monkeypatch.setattr(sys, "stdin", io.StringIO("d\n\ne11.9 i10\n\nb c\n\na\n"))
    code = main(
        [
            "drill",
            "--bank",
            str(BANKS / "tiny" / "beta.yaml"),
            "--plain",
            "--data-dir",
            str(tmp_path / "data"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Drilling every question of" in out
    assert out.index("Beta question one") < out.index("Beta question two")
    assert "Score: 4/4 (100%)." in out


def test_drill_needs_an_exam_when_several_fit(tmp_path, capsys):
    code = main(["drill", "--plain", "--banks", str(BANKS), "--data-dir", str(tmp_path / "d")])
    assert code == 2
    assert "choose the exam with --exam" in capsys.readouterr().err


def test_exam_options_are_checked_before_anything_starts(tmp_path, capsys):
    code = main(
        [
            "exam",
            "tiny",
            "--questions",
            "99",
            "--plain",
            "--banks",
            str(BANKS),
            "--data-dir",
            str(tmp_path / "d"),
        ]
    )
    assert code == 2
    assert "--questions must be between 1 and 6" in capsys.readouterr().err
    assert main(["exam", "nope", "--plain", "--banks", str(BANKS)]) == 1
    assert "unknown exam `nope`" in capsys.readouterr().err


def test_the_full_screen_ui_needs_a_terminal(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(["exam", "tiny", "--banks", str(BANKS), "--data-dir", str(tmp_path / "d")])
    assert code == 2
    assert "--plain" in capsys.readouterr().err


def test_an_app_crash_is_one_line_and_a_log_not_a_traceback(tmp_path, monkeypatch, capsys):
    class CrashedApp:
        crash = RuntimeError("boom")
        farewell = problem = None
        return_code = 1

        def run(self):
            return None

    monkeypatch.setattr("cert_prep.ui.app.make_app", lambda context, launch: CrashedApp())
    context = type(
        "Ctx",
        (),
        {"locations": type("L", (), {"data_dir": tmp_path})(), "store": lambda self: None},
    )()
    assert study_commands._run_app(context, None) == 70
    err = capsys.readouterr().err
    assert "unexpected error: RuntimeError: boom" in err and "Traceback" not in err
    assert "every answer given so far is saved" in err
    assert "RuntimeError: boom" in (tmp_path / "crash.log").read_text()


def test_the_farewell_wraps_at_word_boundaries_to_the_terminal(monkeypatch, capsys):
    class LeftApp:  # a drill left with Ctrl+C at 80 columns
        crash = problem = None
        terminated = preview_stale = False
        return_code = 0
        farewell = (
            "Your answers are saved (1 of 1 answered). `cert-prep resume` continues the drill."
        )

        def run(self):
            return None

    monkeypatch.setattr("cert_prep.ui.app.make_app", lambda context, launch: LeftApp())
    monkeypatch.setenv("COLUMNS", "80")
    context = type("Ctx", (), {"store": lambda self: None})()
    assert study_commands._run_app(context, None) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "Your answers are saved (1 of 1 answered). `cert-prep resume` continues the",
        "drill.",
    ]


def test_a_command_in_the_farewell_stays_on_one_line(monkeypatch):
    monkeypatch.setenv("COLUMNS", "55")  # "... answered). `cert-prep" would fit
    text = study_commands.for_the_terminal(
        "Your answers are saved (1 of 1 answered). `cert-prep resume` continues the drill."
    )
    assert text.splitlines() == [
        "Your answers are saved (1 of 1 answered).",
        "`cert-prep resume` continues the drill.",
    ]


@pytest.mark.parametrize(
    "module",
    [
        "cert_prep.cli.study_commands",
        "cert_prep.plain",
        "cert_prep.engine.session",
        "cert_prep.engine.assembly",
    ],
)
def test_plain_mode_and_engine_do_not_import_textual(module):
    code = (
        f"import sys, {module}; "
        "raise SystemExit(any(m == 'textual' or m.startswith('textual.') "
        "for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
