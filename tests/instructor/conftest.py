"""Instructor tests: a small quiz bank under fixtures/, a CLI runner with temp folders,
and a builder for `cert-prep-results/1` documents."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from cert_prep.cli.main import main
from cert_prep.instructor.results_file import FORMAT, ResultsFile, parse_results
from tests.conftest import own_cache_folder

FIXTURES = Path(__file__).parent / "fixtures"
BANKS = FIXTURES / "banks"


@pytest.fixture
def run(tmp_path, monkeypatch, capsys, warm_bank_cache):
    """Run `cert-prep ...` in-process; returns (exit code, stdout, stderr)."""
    cache = own_cache_folder(tmp_path / "cache", warm_bank_cache)
    monkeypatch.setenv("CERT_PREP_CACHE", str(cache))
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CERT_PREP_BANKS", raising=False)
    monkeypatch.delenv("CERT_PREP_EXPORTS", raising=False)

    def invoke(*argv: str) -> tuple[int, str, str]:
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


# (item, domain, response, correct)
Answer = tuple[str, str, Any, bool]


def results_doc(student: str, attempts: Sequence[tuple[int, str, str, Sequence[Answer]]]) -> dict:
    """A results document: attempts are (id, exam, submitted_at, answers)."""
    return {
        "format": FORMAT,
        "student": student,
        "attempts": [
            {
                "id": ident,
                "exam": exam,
                "submitted_at": when,
                "responses": [
                    {
                        "item": item,
                        "domain": domain,
                        "response": response,
                        "correct": correct,
                        "seconds": 30.0,
                    }
                    for item, domain, response, correct in answers
                ],
            }
            for ident, exam, when, answers in attempts
        ],
    }


def results_file(student: str, attempts, path: str | None = None) -> ResultsFile:
    return parse_results(results_doc(student, attempts), path or f"{student}.json")


def write_results(folder: Path, student: str, attempts) -> Path:
    path = folder / f"{student}.json"
    path.write_text(json.dumps(results_doc(student, attempts)), encoding="utf-8")
    return path
