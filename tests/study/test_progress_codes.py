"""Where the student loses points on code items, on the progress screen (Pilot) and in
`weak --json` (the same numbers), and the lookup track named "ICD-10-CM lookup" wherever a
domain is named (plain mode's question line and per-domain score lines)."""

from __future__ import annotations

import io
import json

import pytest

from cert_prep.bank.loader import load_library
from cert_prep.cli.main import build_parser
from cert_prep.cli.study_commands import drill_plan
from cert_prep.clock import FakeClock
from cert_prep.context import AppContext
from cert_prep.engine.session import DrillSession
from cert_prep.paths import Locations, shipped_banks_dir
from cert_prep.plain import PlainMode
from cert_prep.ui.app import make_app
from cert_prep.ui.launch import HomeLaunch
from cert_prep.ui.screens.progress import ProgressScreen
from tests.ui.helpers import screen_text


@pytest.fixture(scope="module")
def shipped():
    return load_library([shipped_banks_dir()])


@pytest.fixture
def clock():
    return FakeClock()


def _context(tmp_path, clock, cache, shipped):
    locations = Locations(
        bank_roots=(shipped_banks_dir(),),
        data_dir=tmp_path / "data",
        exports_dir=tmp_path / "exports",
        cache_dir=cache,
    )
    return AppContext(locations, clock, _library=shipped)


@pytest.fixture
def ctx(tmp_path, clock, book_cache, shipped):
    context = _context(tmp_path, clock, book_cache, shipped)
    yield context
    context.close()


def _plan(context, count=3, seed=2):
    args = build_parser().parse_args(
        ["drill", "--lookup", "--exam", "cpc", "--count", str(count), "--seed", str(seed)]
    )
    return drill_plan(args, context)


def _lookups_with_errors(context, clock):
    """Two headers (incomplete code) and one non-code (not a code, and its key missing)."""
    plan = _plan(context)
    session = DrillSession.start(context.store(), plan, clock)
    for i, item in enumerate(plan.items):
        session.go_to(i)
        clock.advance(20 + 10 * i)
        key = item.question.answer[0]
        session.submit_codes("Q99.99" if i == 2 else key[:3])
    session.finish()


async def test_progress_screen_shows_the_code_error_to_work_on_first(ctx, clock, capsys):
    _lookups_with_errors(ctx, clock)
    app = make_app(ctx, HomeLaunch(), cursor_blink=False, seed_source=lambda: 1)
    async with app.run_test(size=(110, 70)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.push_screen(ProgressScreen(ctx.exam("cpc")))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
    assert "Code items: where you lose points" in text
    assert "The one to work on first: incomplete code (2 times)" in text
    assert "a code that needs more characters is not billable" in text
    rows = {
        " ".join(line.split()[:-2]): line.split()[-2:]
        for line in text.splitlines()
        if "█" in line and any(w in line for w in ("incomplete", "not a code", "missing"))
    }
    assert rows["incomplete code"][0] == "2" and rows["not a code"][0] == "1"
    assert "ICD-10-CM lookup: 3 answered · 0% right · median" in text
    # The same numbers as weak --json.
    args = build_parser().parse_args(["weak", "--json", "--exam", "cpc"])
    assert args.func(args, ctx) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["code_focus"]["label"] == "incomplete code"
    assert payload["code_focus"]["count"] == 2
    assert payload["code_errors"]["not a code"] == 1 and payload["code_errors"]["missing"] == 1


async def test_progress_screen_without_code_answers_says_how_to_start(ctx):
    app = make_app(ctx, HomeLaunch(), cursor_blink=False, seed_source=lambda: 1)
    async with app.run_test(size=(110, 60)) as pilot:
        await pilot.pause()
        app.push_screen(ProgressScreen(ctx.exam("cpc")))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
    assert "No code items answered yet." in text
    assert "work on first" not in text


def test_plain_mode_names_the_lookup_track(ctx):
    plan = _plan(ctx, count=2, seed=5)
    out = io.StringIO()
    PlainMode(ctx, io.StringIO("Q99.99\nnext\nQ99.98\nquit\n"), out, width=200).drill(plan)
    text = out.getvalue()
    assert "Question 1 of 2. ICD-10-CM lookup." in text
    assert "Question 2 of 2. ICD-10-CM lookup." in text
    assert "  ICD-10-CM lookup: 0/2" in text  # the per-domain score line
    assert "icd-10-cm-lookup" not in text


def test_scores_and_the_report_name_the_lookup_track(ctx, clock):
    from cert_prep.engine.domain_names import domain_name
    from cert_prep.engine.scoring import score_attempt
    from cert_prep.report import write_attempt_report

    blueprint = ctx.exam("cpc").blueprint
    assert domain_name(blueprint, "icd-10-cm-lookup") == "ICD-10-CM lookup"
    assert domain_name(blueprint, blueprint.domains[0].id) == blueprint.domains[0].name
    assert domain_name(blueprint, "gone-since") == "gone-since"
    score = score_attempt(blueprint, [("icd-10-cm-lookup", True), ("icd-10-cm-lookup", False)])
    assert [(d.name, d.correct, d.total) for d in score.domains] == [("ICD-10-CM lookup", 1, 2)]

    plan = _plan(ctx, count=1, seed=7)
    session = DrillSession.start(ctx.store(), plan, clock)
    session.submit_codes("Q99.99")
    session.finish()
    html = write_attempt_report(ctx, session.id).read_text(encoding="utf-8")
    assert "ICD-10-CM lookup" in html
    assert "icd-10-cm-lookup</" not in html and ">icd-10-cm-lookup" not in html
    assert "✗ not a code" in html and "○ missing" in html


def _pcs_code_drill(context, clock, wrong: int) -> None:
    """Four ICD-10-PCS code items of the CCS bank, the first `wrong` answered with the
    fourth character (the body part) changed."""
    from cert_prep.bank.models import CodeQuestion
    from cert_prep.engine.assembly import DrillPlan

    bank = context.exam("ccs")
    items = [
        item
        for item in bank.items
        if isinstance(item.question, CodeQuestion)
        and item.question.code_system == "icd-10-pcs"
        and len(item.question.answer) == 1
    ][:4]
    session = DrillSession.start(context.store(), DrillPlan(bank, items), clock)
    for i, item in enumerate(items):
        session.go_to(i)
        key = item.question.answer[0]
        if i < wrong:
            key = key[:3] + ("1" if key[3] != "1" else "2") + key[4:]
        session.submit_codes(key)
    session.finish()


async def test_progress_screen_counts_icd10pcs_code_items(tmp_path, clock, shipped):
    context = _context(tmp_path, clock, None, shipped)  # PCS items need no book
    _pcs_code_drill(context, clock, wrong=2)
    app = make_app(context, HomeLaunch(), cursor_blink=False, seed_source=lambda: 1)
    async with app.run_test(size=(110, 70)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.push_screen(ProgressScreen(context.exam("ccs")))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = " ".join(screen_text(app).split())
    context.close()
    assert "No code items answered yet" not in text
    assert "ICD-10-PCS code items: 4 answered, 2 right; 2 wrong codes" in text
    assert "No code errors on ICD-10-CM" not in text  # none answered
