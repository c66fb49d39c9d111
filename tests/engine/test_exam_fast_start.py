"""`cert-prep exam` on a terminal: the fast start from the exam's preview, and each case
that takes the usual start instead (no preview, an unfinished exam, options or banks the
preview cannot vouch for, a preview the app found stale)."""

from __future__ import annotations

import shutil

import pytest

from cert_prep.cli import study_commands
from cert_prep.cli.main import main
from cert_prep.clock import FakeClock
from cert_prep.engine.assembly import ExamOptions, plan_exam
from cert_prep.engine.session import ExamSession
from tests.engine.support import BANKS, make_context


@pytest.fixture
def root(tmp_path):
    copy = tmp_path / "banks"
    shutil.copytree(BANKS, copy)
    return copy


@pytest.fixture
def launches(monkeypatch, tmp_path):
    """The launches the app is run with; an app that found its preview stale starts over
    when `stale` says so, as the real one does."""
    monkeypatch.setenv("CERT_PREP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(study_commands, "_on_terminal", lambda: True)
    seen = Launches()

    def run_app(context, launch, start_over=None):
        seen.append(launch)
        if start_over is not None and seen.stale:
            seen.stale.pop()
            return start_over()
        return 0

    monkeypatch.setattr(study_commands, "_run_app", run_app)
    return seen


class Launches(list):
    def __init__(self):
        super().__init__()
        self.stale: list[bool] = []


def _exam(root, tmp_path, *extra: str) -> int:
    data = str(tmp_path / "data")
    return main(["exam", "tiny", "--banks", str(root), "--data-dir", data, *extra])


def test_the_first_start_keeps_a_preview_and_the_next_one_paints_from_it(root, tmp_path, launches):
    assert _exam(root, tmp_path, "--seed", "5") == 0
    assert launches[-1].preview is None  # nothing kept yet: the usual start
    assert (tmp_path / "cache" / "exams.preview").is_file()
    assert _exam(root, tmp_path, "--seed", "5", "--shuffle") == 0
    fast = launches[-1]
    assert fast.preview is not None and fast.preview.exam == "tiny" == fast.exam
    assert fast.options == ExamOptions(seed=5, shuffle=True)


def test_an_unfinished_exam_is_asked_about_on_the_usual_path(root, tmp_path, launches, library):
    _exam(root, tmp_path)
    context = make_context(tmp_path, FakeClock(), library)  # its data dir is tmp_path/data
    tiny = library.exam("tiny")
    ExamSession.start(context.store(), tiny, plan_exam(tiny, ExamOptions(seed=1)), context.clock)
    context.close()
    assert _exam(root, tmp_path) == 0
    assert launches[-1].preview is None
    assert _exam(root, tmp_path, "--questions", "3") == 0  # a practice exam starts beside it
    assert launches[-1].preview is not None


def test_options_the_preview_cannot_vouch_for_are_the_usual_starts_to_refuse(
    root, tmp_path, launches, capsys
):
    _exam(root, tmp_path)
    count = len(launches)
    assert _exam(root, tmp_path, "--questions", "99") == 2
    assert "--questions must be between 1 and 6" in capsys.readouterr().err
    assert len(launches) == count


def test_unknown_exams_and_broken_banks_take_the_usual_start(root, tmp_path, launches, capsys):
    _exam(root, tmp_path)
    assert main(["exam", "nope", "--banks", str(root), "--data-dir", str(tmp_path)]) == 1
    assert "unknown exam `nope`" in capsys.readouterr().err
    (root / "tiny" / "broken.yaml").write_text("questions: [\n")
    launches.stale.append(True)  # the app finds the kept preview stale and starts over
    assert _exam(root, tmp_path) == 0
    assert launches[-2].preview is not None and launches[-1].preview is None
    assert "problem(s) in the tiny banks" in capsys.readouterr().err
    assert _exam(root, tmp_path) == 0  # no preview now: the warning each time, as before
    assert launches[-1].preview is None
    assert "problem(s) in the tiny banks" in capsys.readouterr().err


def test_the_start_over_keeps_the_seed(root, tmp_path, launches):
    _exam(root, tmp_path)
    launches.stale.append(True)
    _exam(root, tmp_path)
    fast, usual = launches[-2:]
    assert fast.preview is not None and usual.preview is None
    assert fast.options == usual.options  # one seed: the same exam either way


def test_plain_mode_never_takes_the_fast_start(root, tmp_path, launches, monkeypatch):
    _exam(root, tmp_path)
    started = []
    monkeypatch.setattr(
        "cert_prep.plain.PlainMode.start_exam",
        lambda self, bank, options: started.append(bank.id) or 0,
    )
    assert _exam(root, tmp_path, "--plain") == 0
    assert started == ["tiny"] and len(launches) == 1


class _StaleApp:
    crash = problem = farewell = None
    preview_stale = True
    terminated = False
    return_code = 0

    def run(self):
        return None


def test_a_new_students_history_is_created_after_a_previewed_first_paint(tmp_path, monkeypatch):
    monkeypatch.setattr("cert_prep.ui.app.make_app", lambda context, launch: _StaleApp())
    context = make_context(tmp_path, FakeClock())
    # previewed: no history yet, so none is created before the app (it is, after the paint)
    assert study_commands._run_app(context, None, start_over=lambda: 7) == 7
    assert not context.locations.database.exists()
    # the usual start opens (creates) it first, so a problem with it is one line up front
    assert study_commands._run_app(context, None) == 0
    assert context.locations.database.exists()
    context.close()


def test_a_new_student_gets_the_fast_start(root, tmp_path, launches):
    _exam(root, tmp_path)
    data = tmp_path / "new"
    main(["exam", "tiny", "--banks", str(root), "--data-dir", str(data)])
    assert launches[-1].preview is not None
    assert not (data / "cert-prep.sqlite3").exists()  # nothing opened before the app


def test_a_history_that_cannot_be_looked_at_is_opened_first(tmp_path, monkeypatch):
    """Not taken for a new student's: opening it before the app says what is wrong."""
    context = make_context(tmp_path, FakeClock())
    assert not study_commands._has_history(context)

    def refused(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(context.locations.database), "exists", refused)
    assert study_commands._has_history(context)
