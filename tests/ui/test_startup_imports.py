"""The first screen paints before pydantic and the engine's sessions are imported."""

from __future__ import annotations

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
