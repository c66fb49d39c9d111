"""Results files come from students: a response holding a terminal escape is shown made
visible by `items`, never written raw (part of the hostile corpus, docs/hardening.md)."""

from __future__ import annotations

import re

import pytest

from tests.instructor.conftest import BANKS, write_results

ITEMS = ["quiz-dx-001", "quiz-dx-002", "quiz-dx-003"]
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
PAYLOADS = [
    "\x1b]52;c;cm0gLXJmIH4=\x07",
    "\x1b]0;title\x07",
    "\x1b[6n",
    "\x9b6n",
    "\x1b]8;;http://x/\x1b\\l\x1b]8;;\x1b\\",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_items_never_writes_a_response_raw(payload, run, tmp_path):
    for n, student in enumerate(["s1", "s2", "s3"]):
        hostile = n == 2
        rows = [(item, "dx", payload if hostile else "A", not hostile) for item in ITEMS]
        write_results(tmp_path, student, [(1, "quiz", "2026-03-02T10:00:00Z", rows)])
    files = sorted(tmp_path.glob("*.json"))
    code, out, err = run("items", *files, "--banks", BANKS)
    assert code == 0, err
    assert RAW_CONTROL.search(out + err) is None
    assert "\u241b" in out or "<U+009B>" in out  # shown, made visible
    code, out, err = run("items", *files, "--banks", BANKS, "--json")
    assert code == 0 and RAW_CONTROL.search(out + err) is None
