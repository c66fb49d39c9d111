"""Bank text reflowed for reading: one module for the full-screen UI and plain mode."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

from cert_prep.reflow import name_cases, record_text, reflow, stem_text, wrap, wrap_record


def test_a_single_line_break_is_a_space_and_a_blank_line_a_paragraph():
    text = "A patient is seen\nfor follow-up.\n\nWhich code\nis reported?\n"
    assert reflow(text) == "A patient is seen for follow-up.\n\nWhich code is reported?"


def test_bullets_keep_their_own_lines():
    assert (
        reflow("Documented:\n- fever\n- cough\nwith sputum")
        == "Documented:\n- fever\n- cough with sputum"
    )


def test_wrap_never_breaks_a_word_and_respects_the_width():
    text = "pneumonoultramicroscopic words stay whole: " * 5
    lines = wrap(text, 30)
    assert all(len(line) <= 30 or " " not in line for line in lines)
    assert " ".join(lines).split() == text.split()


def test_case_records_keep_their_lines_and_join_lower_case_continuations():
    record = "HISTORY: declined a trial of\nlabor.\nMEDS: none\n\nPLAN: discharge"
    assert (
        record_text(record) == "HISTORY: declined a trial of labor.\nMEDS: none\n\nPLAN: discharge"
    )
    wrapped = wrap_record("  FINDINGS: " + "word " * 20, 30)
    assert all(len(line) <= 30 for line in wrapped)
    assert all(line.startswith("  ") for line in wrapped)  # under its own indent


def test_a_sentence_wrapped_before_a_number_is_joined_but_entries_and_tables_are_not():
    prose = "Night cough waking her 3 nights a week; she is using albuterol"
    hung = record_text("- Exercise, 24 min: bike, quad sets, heel slides,\n  step-ups; cues.")
    assert hung == "- Exercise, 24 min: bike, quad sets, heel slides, step-ups; cues."
    joined = record_text(f"{prose}\n4-5 times a day. No fever.")
    assert joined == f"{prose} 4-5 times a day. No fever."
    kept = [
        "HOSPITAL AMBULATORY SURGERY - SAME-DAY RECORD OF THE DAY\n52-year-old woman.",
        "Preoxygenation with the patient in the OR, monitors applied\n08:02 induction",
        f"{prose}\n70 y/o M, type 2 DM",
        f"{prose}\n2. Hypertension",
        "Pharmacy   0250   N   sterile supplies and dressings\n0250  -  N  $5.00",
        f"{prose}.\n4 mL of lidocaine",  # the sentence ended
        "BP 120/80\n98.6 F",  # a short line: a chart's list
    ]
    for record in kept:
        assert record_text(record) == record


def test_stems_name_their_case_by_title_never_by_id():
    case = SimpleNamespace(id="dx-case-01", title="Discharge summary, sepsis admission")
    stem = stem_text("Refer to case dx-case-01. Enter\nthe codes.", case)
    assert stem == "Refer to case “Discharge summary, sepsis admission”. Enter the codes."
    assert name_cases("dx-case-012 is another", "dx-case-01", "T") == "dx-case-012 is another"


def test_reflow_imports_neither_textual_nor_pydantic():
    code = (
        "import sys, cert_prep.reflow; print('textual' in sys.modules, 'pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
