"""The engine layers never import textual (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

import pytest

ENGINE_MODULES = [
    "cert_prep.bank.models",
    "cert_prep.bank.loader",
    "cert_prep.bank.lint",
    "cert_prep.store",
    "cert_prep.engine.scoring",
    "cert_prep.context",
    "cert_prep.cli.main",
]
OPTIONAL_ENGINE_PACKAGES = [
    "cert_prep.engine",
    "cert_prep.study",
    "cert_prep.report",
    "cert_prep.instructor",
    "cert_prep.serve",
]


def _modules_of(package: str) -> list[str]:
    import importlib.util
    import pkgutil

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return []
    return [
        f"{package}.{m.name}"
        for m in pkgutil.walk_packages(spec.submodule_search_locations)
        if not m.ispkg
    ]


@pytest.mark.parametrize(
    "module", ENGINE_MODULES + [m for pkg in OPTIONAL_ENGINE_PACKAGES for m in _modules_of(pkg)]
)
def test_engine_module_does_not_import_textual(module: str):
    code = (
        f"import sys, {module}; "
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'));"
        "print(bad[:3]); raise SystemExit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"{module} imports textual: {result.stdout}{result.stderr}"


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
