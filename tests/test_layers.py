"""The layers hold by contract (import-linter, in pyproject.toml), and start-up stays light.

`lint-imports` checks every module, lazy imports included: only cert_prep.ui imports
Textual, only cert_prep.store imports sqlite3, and the packages import one way only
(CONTRIBUTING.md lists the order). The subprocess tests below guard start-up time, which
a static check cannot see.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports())"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_icd_data_is_not_imported_to_list_banks(tmp_path):
    import os

    code = (
        "import sys; from cert_prep.cli.main import main; main(['banks', '--json']);"
        "raise SystemExit(1 if 'simple_icd_10_cm' in sys.modules else 0)"
    )
    env = {**os.environ, "CERT_PREP_CACHE": str(tmp_path / "cold-cache")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr


def test_the_command_line_starts_without_heavy_imports():
    # Every command pays for what `build_parser` imports: keep textual, pydantic, jinja2,
    # fsrs and the ICD-10-CM data behind the commands that use them.
    code = (
        "import sys; from cert_prep.cli.main import build_parser; build_parser();"
        "heavy = {'textual', 'pydantic', 'jinja2', 'fsrs', 'simple_icd_10_cm'};"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in heavy);"
        "print(bad[:5]); raise SystemExit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
