"""Pilot helpers: build the app as the CLI does, read what is on screen."""

from __future__ import annotations

from pathlib import Path

from cert_prep.engine.assembly import ExamOptions
from cert_prep.frontend.report_hook import ReportOutcome
from cert_prep.ui.app import CertPrepApp, make_app
from cert_prep.ui.launch import ExamLaunch, Launch

SIZE = (100, 34)
# seed 1 draws, in order: tiny-a1 (single, key B), tiny-a3 (single, A), tiny-a4 (multi, A+D),
# tiny-b4 (single, A), tiny-b3 (multi, B+C), tiny-g1 (code, A41.51 then R65.20)
SEED_1_ITEMS = ["tiny-a1", "tiny-a3", "tiny-a4", "tiny-b4", "tiny-b3", "tiny-g1"]


def fixed_report(context, attempt_id: int, wording=None) -> ReportOutcome:
    return ReportOutcome(path=Path(f"exports/tiny-20261123-0900-{attempt_id}.html"))


def app_for(context, launch: Launch | None = None, **kwargs) -> CertPrepApp:
    kwargs.setdefault("report_writer", fixed_report)
    return make_app(
        context,
        launch or ExamLaunch("tiny", ExamOptions(seed=1)),
        cursor_blink=False,
        seed_source=lambda: 1,
        **kwargs,
    )


def screen_text(app: CertPrepApp) -> str:
    """The characters on screen, line by line (the top screen only)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def notifications(app: CertPrepApp) -> list[str]:
    return [n.message for n in app._notifications]


def two_unfinished(store, tiny, clock):
    """A full mock exam and a two-question practice exam of `tiny`, both left open."""
    from cert_prep.engine.assembly import ExamOptions, plan_exam
    from cert_prep.engine.session import ExamSession

    mock = ExamSession.start(store, tiny, plan_exam(tiny, ExamOptions(seed=1)), clock)
    mock.close()
    short = plan_exam(tiny, ExamOptions(seed=2, questions=2))
    practice = ExamSession.start(store, tiny, short, clock)
    practice.close()
    return mock, practice
