"""Helpers of the hardening corpus: a data dir with history, and running the CLI on it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cert_prep.bank.loader import load_library
from cert_prep.cli.main import main
from cert_prep.clock import FakeClock
from tests.report.helpers import BANKS, MIXED, make_context, sit

# Bytes that must never reach a terminal from our own messages.
CONTROL_BYTES = ("\x1b", "\x07", "\x9b")


def data_with_history(tmp_path: Path, clock: FakeClock | None = None) -> Path:
    """A data dir (tmp_path/data) holding one submitted `demo` mock exam; returns its DB."""
    context = make_context(tmp_path, load_library([BANKS], None),
                           clock or FakeClock(datetime(2026, 3, 2, 14, 5, tzinfo=UTC)))
    sit(context, "demo", MIXED)
    database = context.locations.database
    context.close()
    return database


def run_cli(capsys, tmp_path: Path, *argv: str) -> tuple[int, str, str]:
    """cert-prep with the sample banks and tmp_path's data and exports folders."""
    code = main([*argv, "--banks", str(BANKS), "--data-dir", str(tmp_path / "data"),
                 "--exports", str(tmp_path / "exports")])
    out, err = capsys.readouterr()
    return code, out, err
