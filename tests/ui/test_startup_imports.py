"""The first screen paints before pydantic and the engine's sessions are imported."""

from __future__ import annotations

import os
import subprocess
import sys

CODE = """
import sys
import cert_prep.cli.main, cert_prep.cli.study_commands, cert_prep.context
import cert_prep.ui.app, cert_prep.ui.screens.instructions, cert_prep.engine.assembly
from cert_prep.cli.main import build_parser
from cert_prep.context import AppContext
from cert_prep.paths import resolve_locations
from cert_prep.engine.assembly import ExamOptions, plan_exam
build_parser("exam").parse_args(["exam", "cpc"])
locations = resolve_locations(environ={"CERT_PREP_CACHE": sys.argv[1]})
context = AppContext(locations)
bank = context.exam("cpc")  # as `cert-prep exam` does: the library and its lookup resolver
plan = plan_exam(bank, ExamOptions(seed=1))
assert bank.blueprint.name and bank.blueprint.total_questions == plan.count
later = ("pydantic", "cert_prep.engine.session", "cert_prep.bank.models",
         "cert_prep.cli.instructor_commands", "cert_prep.book.book")
print(sorted(m for m in later if m in sys.modules))
"""


def test_what_the_instructions_need_imports_no_pydantic(tmp_path):
    def run() -> list[str]:
        out = subprocess.run(
            [sys.executable, "-c", CODE, str(tmp_path / "cache")], capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        return out.stdout.strip().splitlines()

    run()  # a cold cache validates the banks (pydantic); the usual start is warm
    assert run()[-1] == "[]"


APP_CODE = """
import asyncio, sys
from cert_prep.ui.screens import instructions
instructions.InstructionsScreen._prewarm = lambda self: None  # only what the screen needs
from cert_prep.cli.main import build_parser, make_context
from cert_prep.engine.assembly import ExamOptions
from cert_prep.ui.app import make_app
from cert_prep.ui.launch import ExamLaunch
args = build_parser("exam").parse_args(["exam", "cpc", "--data-dir", sys.argv[1]])
app = make_app(make_context(args), ExamLaunch("cpc", ExamOptions(seed=1)))
later = ("pydantic", "cert_prep.engine.session", "cert_prep.bank.models")
async def main():
    async with app.run_test() as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "InstructionsScreen", app.screen
        print(sorted(m for m in later if m in sys.modules))
asyncio.run(main())
"""


def test_the_app_paints_the_instructions_before_pydantic(tmp_path):
    """The real app on `cert-prep exam cpc`: every engine call it guards on the way to the
    first screen, too (the guard once imported the sessions just to name an exception)."""
    env = {**os.environ, "CERT_PREP_CACHE": str(tmp_path / "cache")}

    def run() -> list[str]:
        out = subprocess.run(
            [sys.executable, "-c", APP_CODE, str(tmp_path / "data")],
            capture_output=True,
            text=True,
            env=env,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout.strip().splitlines()

    run()  # the first start fills the bank cache
    assert run()[-1] == "[]"
