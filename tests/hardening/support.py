"""Helpers of the hardening corpus: a data dir with history, and running the CLI on it."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from cert_prep.bank.loader import load_library
from cert_prep.cli.main import main
from cert_prep.clock import FakeClock
from tests.report.helpers import BANKS, MIXED, make_context, sit

GIFT = "::Q1:: Which code is first? {=A1 ~B1 ~C1 ~D1}\n\n::Q2:: Which code is second? {=A2 ~B2}\n"


def data_with_history(tmp_path: Path, clock: FakeClock | None = None) -> Path:
    """A data dir (tmp_path/data) holding one submitted `demo` mock exam; returns its DB."""
    context = make_context(
        tmp_path,
        load_library([BANKS], None),
        clock or FakeClock(datetime(2026, 3, 2, 14, 5, tzinfo=UTC)),
    )
    sit(context, "demo", MIXED)
    database = context.locations.database
    context.close()
    return database


def bank_root(tmp_path: Path) -> Path:
    """A writable copy of the sample bank root (exams `demo` and `plain`)."""
    root = tmp_path / "banks"
    if not root.exists():
        shutil.copytree(BANKS, root)
    return root


def run_cli(capsys, tmp_path: Path, *argv: object) -> tuple[int, str, str]:
    """cert-prep on tmp_path's bank root copy, data, exports and cache folders."""
    code = main(
        [
            *map(str, argv),
            "--banks",
            str(bank_root(tmp_path)),
            "--data-dir",
            str(tmp_path / "data"),
            "--exports",
            str(tmp_path / "exports"),
        ]
    )
    out, err = capsys.readouterr()
    return code, out, err
